import re

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestProtocolSubjectResults(DpoCase):
    """Seed 000, 2.6: «Результаты итогового оценивания обучающегося по предметам учебного плана
    по окончании образовательной программы фиксируются в протоколах итоговой аттестации». The
    protocol records, per learner, the final result of every subject of the curriculum, taken
    from the signed statements by one rule (the latest signed statement of the subject; a final
    statement of the subject after the intermediate ones), frozen with the signed protocol; a
    subject without a result blocks the signing unless the head admits the learner with a reason.
    Seed 004, 2.5: the final statement's results feed the protocol."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A third line of the curriculum attested in no form: it has no result to record.
        cls.program.write(
            {
                "hours": 48,
                "subject_ids": [
                    Command.create(
                        {
                            "name": "Экскурсия на производство",
                            "hours": 8,
                            "attestation_form": "none",
                            "sequence": 30,
                        }
                    )
                ],
            }
        )
        cls.basics, cls.practice, cls.visit = cls.program.subject_ids
        cls._add_second_learner()
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date="2026-03-02")
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")

    # Helpers

    def _statement(self, subject, results, date, kind="intermediate", form=None):
        """A signed statement of group T-01; `results` per enrolment: a mark or "absent"."""
        if not form:
            form = "exam" if subject and subject.attestation_form == "exam" else "credit"
        sheet = self.env["dpo.attestation.sheet"].create(
            {
                "group_id": self.group.id,
                "kind": kind,
                "subject_id": subject.id if subject else False,
                "form": form,
                "date": date,
            }
        )
        for line in sheet.line_ids:
            value = results[line.enrollment_id]
            line.write({"absent": True} if value == "absent" else {"result": value})
        sheet.action_sign()
        return sheet

    def _all_subjects_passed(self):
        self._statement(self.basics, {self.enrollment: "pass", self.second_enrollment: "pass"}, "2026-03-05")
        self._statement(self.practice, {self.enrollment: "5", self.second_enrollment: "4"}, "2026-03-10")

    def _protocol(self, **vals):
        return (
            self.env["dpo.protocol"]
            .with_user(self.specialist)
            .create(
                {
                    "group_id": self.group.id,
                    "commission_id": self.commission.id,
                    "date": "2026-03-13",
                    "final_form": "exam",
                    **vals,
                }
            )
        )

    def _line(self, protocol, enrollment):
        return protocol.line_ids.filtered(lambda line: line.enrollment_id == enrollment)

    def _results(self, line):
        """{subject name: (status, result, absent, statement)} of a protocol line, read anew."""
        line.invalidate_recordset()
        line.subject_result_ids.invalidate_recordset()
        return {
            result.subject_name: (result.status, result.result, result.absent, result.sheet_id)
            for result in line.sudo().subject_result_ids
        }

    # The protocol records every subject

    def test_protocol_records_the_result_of_every_subject(self):
        first_try = self._statement(
            self.basics, {self.enrollment: "fail", self.second_enrollment: "pass"}, "2026-03-05"
        )
        retake = self._statement(
            self.basics, {self.enrollment: "pass", self.second_enrollment: "pass"}, "2026-03-09"
        )
        practice = self._statement(
            self.practice, {self.enrollment: "4", self.second_enrollment: "absent"}, "2026-03-10"
        )
        protocol = self._protocol()
        # The retake replaces the first try; the subject attested in no form has no result.
        self.assertEqual(
            self._results(self._line(protocol, self.enrollment)),
            {
                "Основы": ("recorded", "pass", False, retake),
                "Практика": ("recorded", "4", False, practice),
                "Экскурсия на производство": (
                    "no_attestation",
                    False,
                    False,
                    self.env["dpo.attestation.sheet"],
                ),
            },
        )
        second = self._results(self._line(protocol, self.second_enrollment))
        self.assertEqual(second["Основы"], ("recorded", "pass", False, retake))
        self.assertEqual(second["Практика"], ("recorded", False, True, practice))
        self.assertNotIn(first_try, protocol.sudo().subject_result_ids.sheet_id)
        # The hours and the form come with the subject, in the curriculum's order.
        line = self._line(protocol, self.enrollment)
        self.assertEqual(line.subject_result_ids.mapped("hours"), [16, 24, 8])
        self.assertEqual(line.subject_result_ids.mapped("attestation_form"), ["credit", "exam", "none"])
        self.assertEqual(
            line.subject_summary, "Основы: Pass; Практика: 4 (good); Экскурсия на производство: —"
        )

        # Signed, the protocol prints the results per subject beside the final result.
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        self._line(protocol, self.second_enrollment).write({"result": "absent", "grade": False})
        protocol.action_sign()
        html = self._printed_html("dpo_records.action_report_protocol", protocol)
        text = " ".join(html.split())
        for part in (
            "1. Результаты итогового оценивания по предметам учебного плана",
            (
                "1 — Основы (16 ч., зачет); 2 — Практика (24 ч., экзамен); "
                "3 — Экскурсия на производство (8 ч., без аттестации)."
            ),
            "2. Результаты итоговой аттестации",
        ):
            self.assertIn(part, text)
        rows = html.split("dpo-subject-results", 1)[1].split("</table>", 1)[0]
        ivanov = rows.split("Иванов Пётр Сергеевич", 1)[1].split("</tr>", 1)[0]
        petrova = rows.split("Петрова Мария", 1)[1].split("</tr>", 1)[0]
        self.assertEqual(self._cells(ivanov), ["зачт.", "4", "—"])
        self.assertEqual(self._cells(petrova), ["зачт.", "н/я", "—"])
        # So does the learner's attestation card.
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        self.assertIn("Результаты по предметам учебного плана", card)
        subjects = card.split("Результаты по предметам учебного плана", 1)[1].split("</table>", 1)[0]
        for text in (
            "Основы",
            "Практика",
            "Экскурсия на производство",
            "09.03.2026",
            "Зачтено",
            "4 (хорошо)",
        ):
            self.assertIn(text, subjects)

    @staticmethod
    def _cells(row_html):
        """The text of the cells of a printed row after the learner's name."""
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row_html, re.DOTALL)
        return [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in cells]

    def test_final_statement_feeds_the_protocol(self):
        """Seed 004, 2.5 («ведомостью по итоговой аттестации и протоколами»): a final statement
        of a subject gives that subject's result; the final statement of the whole attestation
        proposes each learner's result and grade."""
        self._all_subjects_passed()
        final_practice = self._statement(
            self.practice, {self.enrollment: "3", self.second_enrollment: "5"}, "2026-03-11", kind="final"
        )
        self._statement(
            self.env["dpo.program.subject"],
            {self.enrollment: "4", self.second_enrollment: "absent"},
            "2026-03-12",
            kind="final",
            form="exam",
        )
        protocol = self._protocol()
        results = self._results(self._line(protocol, self.enrollment))
        self.assertEqual(results["Практика"], ("recorded", "3", False, final_practice))
        self.assertEqual(self._line(protocol, self.enrollment).subject_result_ids[1].statement_kind, "final")
        first, second = self._line(protocol, self.enrollment), self._line(protocol, self.second_enrollment)
        self.assertEqual((first.result, first.grade), ("passed", "4"))
        self.assertEqual((second.result, second.grade), ("absent", False))
        # On a pass/fail form of the final attestation the grade follows its scale.
        testing = self._protocol(final_form="testing")
        self.assertEqual(
            (self._line(testing, self.enrollment).result, self._line(testing, self.enrollment).grade),
            ("passed", "pass"),
        )
        # A result the commission entered is never replaced by a refresh.
        first.write({"result": "failed", "grade": "2"})
        protocol.action_refresh_subject_results()
        self.assertEqual((first.result, first.grade), ("failed", "2"))
        protocol.action_sign()
        self.assertEqual(self.enrollment.final_result, "failed")
        self.assertEqual(self.second_enrollment.final_result, "absent")

    # A subject without a result

    def test_missing_subject_blocks_signing_until_head_admits(self):
        self._statement(self.basics, {self.enrollment: "pass", self.second_enrollment: "fail"}, "2026-03-05")
        protocol = self._protocol()
        protocol.line_ids.write({"result": "failed", "grade": "2"})
        line = self._line(protocol, self.enrollment)
        self.assertEqual(
            self._results(line)["Практика"], ("missing", False, False, self.env["dpo.attestation.sheet"])
        )
        self.assertEqual(line.missing_subject_count, 1)
        self.assertIn("Практика: no result", line.subject_summary)
        before = {line.id: self._results(line) for line in protocol.line_ids}
        with self.assertRefused(UserError, r"Иванов Пётр Сергеевич has no result in Практика"):
            protocol.with_user(self.specialist).action_sign()
        with self.assertRefused(UserError, r"Иванов Пётр Сергеевич: нет результата по предметам Практика"):
            protocol.with_user(self.specialist).with_context(lang="ru_RU").action_sign()
        protocol.invalidate_recordset()
        self.assertEqual((protocol.state, protocol.name), ("draft", False))
        self.assertFalse(self.enrollments.filtered("final_result"))
        self.assertEqual({line.id: self._results(line) for line in protocol.line_ids}, before)

        # The head admits, through the one admission wizard, with a reason kept in the ledger.
        Admit = self.env["dpo.protocol.line.admit"]
        with self.assertRaises(AccessError):
            Admit.with_user(self.specialist).create({"line_id": line.id, "reason": "Сдаст позже"})
        with self.assertRefused(UserError, "A reason is required"):
            Admit.with_user(self.head).create({"line_id": line.id, "reason": "  "}).action_admit()
        self.assertFalse(line.admission_override)
        for protocol_line in protocol.line_ids:
            Admit.with_user(self.head).create(
                {"line_id": protocol_line.id, "reason": "Практика зачтена по справке с места работы"}
            ).action_admit()
        ledger = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.protocol.line"), ("res_id", "in", protocol.line_ids.ids)]
        )
        self.assertEqual(set(ledger.mapped("reason")), {"Практика зачтена по справке с места работы"})
        self.assertEqual(ledger.user_id, self.head)
        protocol.with_user(self.specialist).action_sign()
        self.assertEqual(protocol.state, "signed")
        # The signed protocol shows the subject as missing: that is what was signed.
        html = self._printed_html("dpo_records.action_report_protocol", protocol)
        self.assertIn("нет результата", html.split("dpo-subject-results", 1)[1].split("</table>", 1)[0])

    def test_results_are_not_entered_by_hand(self):
        self._all_subjects_passed()
        protocol = self._protocol()
        line = self._line(protocol, self.enrollment)
        result = line.subject_result_ids[0]
        Result = self.env["dpo.protocol.subject.result"]
        count = Result.search_count([])
        for user in (self.specialist, self.head, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(AccessError, "dpo.protocol.subject.result|Final Result"):
                    result.with_user(user).write({"result": "fail"})
                with self.assertRefused(AccessError, "dpo.protocol.subject.result|Final Result"):
                    result.with_user(user).unlink()
                with self.assertRefused(AccessError, "dpo.protocol.subject.result|Final Result"):
                    Result.with_user(user).create(
                        {
                            "protocol_line_id": line.id,
                            "subject_id": self.visit.id,
                            "subject_name": "Подложный предмет",
                            "status": "recorded",
                            "result": "pass",
                        }
                    )
                # Nor through the line's or the protocol's one2many.
                with self.assertRefused(AccessError, "dpo.protocol.subject.result|Final Result"):
                    line.with_user(user).write(
                        {"subject_result_ids": [Command.update(result.id, {"result": "fail"})]}
                    )
                with self.assertRefused(AccessError, "dpo.protocol.subject.result|Final Result"):
                    protocol.with_user(user).write({"subject_result_ids": [Command.delete(result.id)]})
        # Code running as superuser writes them only through the refresh from the statements.
        with self.assertRefused(UserError, "taken from the signed statements"):
            result.sudo().write({"result": "fail"})
        with self.assertRefused(UserError, "taken from the signed statements"):
            result.sudo().unlink()
        result.invalidate_recordset()
        self.assertEqual((result.result, Result.search_count([])), ("pass", count))

    def test_signed_protocol_keeps_its_results(self):
        self._all_subjects_passed()
        protocol = self._protocol()
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.with_user(self.specialist).action_sign()
        line = self._line(protocol, self.enrollment)
        signed = self._results(line)
        # A later correction of the statement and a renamed subject do not rewrite what was signed.
        basics_line = self.env["dpo.attestation.sheet.line"].search(
            [("enrollment_id", "=", self.enrollment.id), ("subject_id", "=", self.basics.id)]
        )
        basics_line.with_user(self.head)._correct({"result": "fail"}, "Описка в ведомости")
        self.program.with_user(self.specialist).write(
            {"subject_ids": [Command.update(self.basics.id, {"name": "Основы охраны труда"})]}
        )
        with self.assertRefused(UserError, "signed protocol cannot be changed"):
            protocol.with_user(self.specialist).action_refresh_subject_results()
        with self.assertRefused(UserError, "signed protocol cannot be changed"):
            self.env["dpo.protocol.subject.result"]._refresh(protocol.line_ids)
        self.assertEqual(self._results(line), signed)
        self.assertEqual(signed["Основы"][1], "pass")
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        self.assertIn("Основы", card)
        self.assertNotIn("Основы охраны труда", card)

    def test_retake_signed_after_drafting_counts_at_signing(self):
        self._statement(self.basics, {self.enrollment: "fail", self.second_enrollment: "pass"}, "2026-03-05")
        self._statement(self.practice, {self.enrollment: "5", self.second_enrollment: "5"}, "2026-03-06")
        protocol = self._protocol()
        line = self._line(protocol, self.enrollment)
        self.assertEqual(self._results(line)["Основы"][1], "fail")
        self.assertFalse(line.admitted)
        retake = self._statement(
            self.basics, {self.enrollment: "pass", self.second_enrollment: "pass"}, "2026-03-12"
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.with_user(self.specialist).action_sign()
        self.assertEqual(self._results(line)["Основы"], ("recorded", "pass", False, retake))
        self.assertEqual(self.enrollment.final_result, "passed")

    def test_one_rule_for_protocol_card_journal_and_admission(self):
        """REVIEW item 9: the admission counted any passed statement, the card and the journal
        the latest one. Now all take the latest: a later failed statement is the result."""
        self._statement(self.basics, {self.enrollment: "pass", self.second_enrollment: "fail"}, "2026-03-05")
        self._statement(self.basics, {self.enrollment: "fail", self.second_enrollment: "pass"}, "2026-03-09")
        self._statement(self.practice, {self.enrollment: "5", self.second_enrollment: "5"}, "2026-03-10")
        protocol = self._protocol()
        for enrollment, mark, label, passed in (
            (self.enrollment, "fail", "Fail", False),
            (self.second_enrollment, "pass", "Pass", True),
        ):
            with self.subTest(learner=enrollment.learner_name):
                line = self._line(protocol, enrollment)
                self.assertEqual(self._results(line)["Основы"][1], mark)
                self.assertEqual(line.admitted, passed)
                enrollment.invalidate_recordset()
                self.assertIn(f"Основы: {label}", enrollment.attestation_summary)
                card = enrollment._attestation_card()["subjects"]
                self.assertEqual(card.filtered(lambda r: r.subject_name == "Основы").result, mark)
                printed = self._printed_html("dpo_records.action_report_attestation_card", enrollment)
                self.assertIn("Зачтено" if passed else "Не зачтено", printed)

    def test_demo_protocol_shows_results_per_subject(self):
        protocol = self.env.ref("dpo_records.dpo_protocol_demo_pk")
        self.assertEqual(protocol.state, "signed")
        subjects = protocol.program_id.subject_ids
        self.assertEqual(len(protocol.subject_result_ids), len(protocol.line_ids) * len(subjects))
        self.assertEqual(set(protocol.subject_result_ids.mapped("status")), {"recorded"})
        failed = protocol.line_ids.filtered(
            lambda line: line.enrollment_id == self.env.ref("dpo_records.dpo_enrollment_demo_pk_10")
        )
        self.assertEqual(failed.result, "failed")
        self.assertEqual(failed.subject_result_ids.mapped("result"), ["pass", "pass", "fail", "pass"])
        html = self._printed_html("dpo_records.action_report_protocol", protocol)
        self.assertIn("не зачт.", html.split("dpo-subject-results", 1)[1].split("</table>", 1)[0])
