import re

from odoo import Command
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestTranscript(DpoCase):
    """Seeds 001 and 003, 3.1: «Индивидуальный учет результатов освоения слушателями
    образовательных программ и поощрений» — printed for a learner as «Выписка из учетной
    записи» (transcript): every subject of the curriculum with its hours, its intermediate and
    final results from the signed statements, the final attestation, the awards (поощрения) and
    the entries of optional carriers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.basics, cls.practice = cls.program.subject_ids
        enroll = cls.env["dpo.order"].create(
            {
                "order_type": "enroll",
                "group_id": cls.group.id,
                "date": "2026-03-01",
                "line_ids": [Command.create({"enrollment_id": cls.enrollment.id})],
            }
        )
        enroll.with_user(cls.director).action_sign()
        cls.enroll_order = enroll
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        cls._statement(cls.basics, "pass", "2026-03-05")
        cls._statement(cls.practice, "4", "2026-03-10", score=41)
        cls._statement(cls.practice, "5", "2026-03-12", kind="final")
        cls.award = (
            cls.env["dpo.award"]
            .with_user(cls.specialist)
            .create(
                {
                    "enrollment_id": cls.enrollment.id,
                    "award_kind": cls.env.ref("dpo_records.dpo_award_kind_certificate").id,
                    "date": "2026-03-12",
                    "basis": "Приказ № 15-П от 12.03.2026",
                    "wording": "За лучший проект инструкции по охране труда",
                }
            )
        )
        cls.env["dpo.record.carrier.entry"].with_user(cls.teacher).create(
            {
                "enrollment_id": cls.enrollment.id,
                "name": "Итоговый тест в СДО",
                "date": "2026-03-11",
                "score": 27,
                "max_score": 30,
                "passed": True,
            }
        )

    @classmethod
    def _statement(cls, subject, result, date, kind="intermediate", score=0):
        form = "exam" if subject.attestation_form == "exam" else "credit"
        sheet = cls.env["dpo.attestation.sheet"].create(
            {"group_id": cls.group.id, "kind": kind, "subject_id": subject.id, "form": form, "date": date}
        )
        sheet.line_ids.write({"result": result, "score": score})
        sheet.action_sign()
        return sheet

    def _transcript(self, user):
        html = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html("dpo_records.action_report_transcript", self.enrollment.ids)[0]
            .decode()
        )
        # The text of the page: the fields' <span> dropped, spaces folded.
        return " ".join(re.sub(r"</?span[^>]*>", "", html).split())

    @staticmethod
    def _row(html, subject):
        table = html.split("Результаты освоения учебного плана", 1)[1].split("</table>", 1)[0]
        return table.split(f"<td>{subject}</td>", 1)[1].split("</tr>", 1)[0]

    def test_transcript_prints_subject_results_and_awards(self):
        report = self.env.ref("dpo_records.action_report_transcript")
        self.assertEqual(report.binding_model_id.model, "dpo.enrollment", "printed from the enrolment")
        html = self._transcript(self.specialist)
        for text in (
            "ВЫПИСКА ИЗ УЧЕТНОЙ ЗАПИСИ СЛУШАТЕЛЯ",
            "(транскрипт)",
            "Иванов Пётр Сергеевич",
            "Охрана труда",
            f"приказ № {self.enroll_order.name} от 01.03.2026",
        ):
            self.assertIn(text, html)
        # Every subject with its hours, its intermediate result and its final result.
        basics = self._row(html, "Основы")
        for text in ("16", "Зачтено", "05.03.2026"):
            self.assertIn(text, basics)
        practice = self._row(html, "Практика")
        for text in ("24", "4 (хорошо) (41 б.), 10.03.2026", "5 (отлично)", "12.03.2026"):
            self.assertIn(text, practice)
        self.assertIn("<strong>Всего</strong>", html)
        self.assertIn("<strong>40</strong>", html)
        self.assertIn("Итоговая аттестация</strong></p> <p>Не проводилась.", html)
        # The awards (поощрения) of the learner: kind, wording, date, basis.
        awards = html.split("Поощрения", 1)[1].split("</table>", 1)[0]
        for text in (
            "Грамота",
            "За лучший проект инструкции по охране труда",
            "12.03.2026",
            "Приказ № 15-П от 12.03.2026",
        ):
            self.assertIn(text, awards)
        # The entries of optional carriers.
        carriers = html.split("Иные носители индивидуального учета", 1)[1]
        for text in ("Итоговый тест в СДО", "11.03.2026", "27 из 30 (90 %)"):
            self.assertIn(text, carriers)
        # The teacher of the group prints it too; a corrected award is not printed.
        self.assertIn("Грамота", self._transcript(self.teacher))
        self.env["dpo.award"].with_user(self.specialist).create(
            {
                "enrollment_id": self.enrollment.id,
                "award_kind": self.env.ref("dpo_records.dpo_award_kind_thanks").id,
                "date": "2026-03-12",
                "basis": "Приказ № 15-П от 12.03.2026",
                "corrects_id": self.award.id,
            }
        )
        awards = self._transcript(self.specialist).split("Поощрения", 1)[1].split("</table>", 1)[0]
        self.assertIn("Благодарность", awards)
        self.assertNotIn("Грамота", awards)

    def test_transcript_prints_the_final_attestation(self):
        protocol = self.env["dpo.protocol"].create(
            {
                "group_id": self.group.id,
                "commission_id": self.commission.id,
                "date": "2026-03-13",
                "final_form": "exam",
            }
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.action_sign()
        html = self._transcript(self.specialist)
        final = html.split("Итоговая аттестация</strong>", 1)[1].split("</p>", 2)[1]
        for text in (f"Протокол № {protocol.name} от", "13.03.2026", "Аттестован", "оценка «5 (отлично)»"):
            self.assertIn(text, final)
