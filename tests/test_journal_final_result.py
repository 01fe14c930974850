import re

from lxml import etree

from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestJournalFinalResult(DpoCase):
    """Seed 000, 2.4: «В журналах отражается текущей, промежуточное и итоговое оценивание
    результатов освоения обучающимися образовательной программы, а также информация о
    посещения обучающимися обязательных аудиторных занятий». The journal's totals, on screen
    and in print, show the final attestation's result and grade next to the attendance and the
    intermediate results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date="2026-03-02")
        cls.lesson = cls.env["dpo.lesson"].create(
            {
                "group_id": cls.group.id,
                "date": "2026-03-03",
                "subject_id": cls.program.subject_ids[0].id,
                "hours": 4,
                "teacher_id": cls.teacher.id,
            }
        )
        cls.lesson.attendance_ids.write({"presence": "present"})
        for subject in cls.program.subject_ids:
            cls._signed_sheet(subject, {cls.enrollment: "pass", cls.second_enrollment: "pass"}, "2026-03-10")
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        cls.protocol = cls.env["dpo.protocol"].create(
            {"group_id": cls.group.id, "commission_id": cls.commission.id, "date": "2026-03-13"}
        )

    def _sign(self):
        self.protocol.line_ids.filtered(lambda line: line.enrollment_id == self.enrollment).write(
            {"result": "passed", "grade": "5"}
        )
        self.protocol.line_ids.filtered(lambda line: line.enrollment_id == self.second_enrollment).write(
            {"result": "failed", "grade": "2"}
        )
        self.protocol.with_user(self.specialist).action_sign()

    def test_totals_on_screen_show_the_final_result_and_grade(self):
        # The teacher reads the totals of the group they teach, as the journal screen does.
        totals = ["hours_attended", "attestation_summary", "final_result", "final_grade"]
        before = self.group.with_user(self.teacher).enrollment_ids.read(totals)
        self.assertEqual({(row["final_result"], row["final_grade"]) for row in before}, {(False, False)})
        self._sign()
        self.env.invalidate_all()
        rows = {row["id"]: row for row in self.group.with_user(self.teacher).enrollment_ids.read(totals)}
        self.assertEqual(rows[self.enrollment.id]["hours_attended"], 4)
        self.assertIn("Основы: Pass", rows[self.enrollment.id]["attestation_summary"])
        self.assertEqual(
            (rows[self.enrollment.id]["final_result"], rows[self.enrollment.id]["final_grade"]),
            ("passed", "5"),
        )
        self.assertEqual(
            (rows[self.second_enrollment.id]["final_result"], rows[self.second_enrollment.id]["final_grade"]),
            ("failed", "2"),
        )
        self.assertEqual(self.enrollment.final_protocol_line_id.protocol_id, self.protocol)
        # The totals tab of the journal screen lists them beside attendance and intermediate results.
        view = (
            self.env["dpo.group"]
            .with_user(self.teacher)
            .get_view(self.env.ref("dpo_records.dpo_group_view_form_journal").id, "form")
        )
        arch = etree.fromstring(view["arch"])
        columns = arch.xpath("//page[@name='totals']//field[@name='enrollment_ids']/list/field/@name")
        for name in ("attendance_rate", "attestation_summary", "final_result", "final_grade"):
            self.assertIn(name, columns)

    def test_printed_totals_show_the_final_result_and_grade(self):
        self._sign()
        html = self._printed_html("dpo_records.action_report_journal", self.group)
        totals = html.split("Итоги по слушателям", 1)[1].split("</table>", 1)[0]
        totals = " ".join(re.sub(r"<[^>]+>", "", totals).split())
        self.assertIn("Итоговая аттестация", totals)
        self.assertIn("Промежуточная аттестация", totals)
        self.assertIn("Посещаемость, %", totals)
        self.assertIn("Аттестован, оценка «5 (отлично)»", totals)
        self.assertIn("Не аттестован, оценка «2 (неудовлетворительно)»", totals)
