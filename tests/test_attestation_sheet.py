import hashlib

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestAttestationSheet(DpoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.draft_learner = cls.env["dpo.learner"].create({"last_name": "Юдин", "first_name": "Олег"})
        cls.env["dpo.enrollment"].create({"learner_id": cls.draft_learner.id, "group_id": cls.group.id})
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date="2026-03-02")
        cls.subject_credit, cls.subject_exam = cls.program.subject_ids
        cls.sheet = cls.env["dpo.attestation.sheet"].create(
            {
                "group_id": cls.group.id,
                "subject_id": cls.subject_credit.id,
                "date": "2026-03-06",
                "form": "credit",
                "examiner_ids": [(6, 0, cls.teacher.ids)],
            }
        )

    def _fill(self, sheet, results):
        for line in sheet.line_ids:
            line.write(results[line.enrollment_id])

    def test_lines_filled_with_enrolled_learners_only(self):
        self.assertEqual(self.sheet.line_ids.enrollment_id, self.enrollment | self.second_enrollment)

    def test_intermediate_needs_subject(self):
        count = self.env["dpo.attestation.sheet"].search_count([])
        with self.assertRefused(ValidationError, "needs a subject"):
            self.env["dpo.attestation.sheet"].create({"group_id": self.group.id, "kind": "intermediate"})
        self.assertEqual(self.env["dpo.attestation.sheet"].search_count([]), count)

    def test_result_outside_scale_refused(self):
        line = self.sheet.line_ids[0]
        # A credit gives pass / fail, not a grade.
        with self.assertRefused(ValidationError, "not on the scale of this statement; use: Pass, Fail"):
            line.write({"result": "5"})
        self.assertFalse(line.result)
        exam = self.env["dpo.attestation.sheet"].create(
            {"group_id": self.group.id, "subject_id": self.subject_exam.id, "form": "exam"}
        )
        exam.line_ids[0].result = "4"
        self.assertTrue(exam.line_ids[0].passed)
        with self.assertRefused(ValidationError, "not on the scale"):
            exam.line_ids[0].write({"result": "pass"})
        self.assertEqual(exam.line_ids[0].result, "4")

    def test_absent_with_result_refused(self):
        line = self.sheet.line_ids[0]
        with self.assertRefused(ValidationError, "marked absent and cannot have a result"):
            line.write({"absent": True, "result": "pass"})
        self.assertFalse(line.absent)

    def test_line_for_expelled_learner_refused(self):
        self.second_enrollment._change_state("expelled", reason="Собственное желание")
        sheet = self.env["dpo.attestation.sheet"].create(
            {"group_id": self.group.id, "subject_id": self.subject_exam.id, "form": "exam"}
        )
        self.assertEqual(sheet.line_ids.enrollment_id, self.enrollment)
        with self.assertRefused(ValidationError, "is not enrolled in group T-01"):
            self.env["dpo.attestation.sheet.line"].create(
                {"sheet_id": sheet.id, "enrollment_id": self.second_enrollment.id}
            )
        self.assertEqual(len(sheet.line_ids), 1)

    def test_sign_with_empty_lines_refused(self):
        self.sheet.line_ids[0].result = "pass"
        with self.assertRefused(UserError, "Fill the result of every learner.*Петрова Мария"):
            self.sheet.with_user(self.teacher).action_sign()
        self.assertEqual(self.sheet.state, "draft")

    def test_teacher_fills_and_signs_own_statement(self):
        sheet = self.sheet.with_user(self.teacher)
        self._fill(
            sheet,
            {self.enrollment: {"result": "pass", "score": 86}, self.second_enrollment: {"absent": True}},
        )
        sheet.action_sign()
        self.assertEqual(sheet.state, "signed")
        self.assertEqual(sheet.signed_by_id, self.teacher)
        self.assertEqual((sheet.passed_count, sheet.failed_count), (1, 1))
        self.assertTrue(sheet.signed_copy_id)
        self.assertEqual(len(sheet.signed_copy_sha256), 64)
        # The signed result shows in the journal as the subject's attestation mark.
        self.enrollment.invalidate_recordset()
        self.assertEqual(self.enrollment.attestation_summary, f"{self.subject_credit.name}: Pass")
        self.assertIn("absent", self.second_enrollment.attestation_summary)

    def test_other_teacher_cannot_fill_or_sign(self):
        sheet = self.sheet.with_user(self.teacher_other)
        with self.assertRaises(AccessError):
            sheet.line_ids[0].write({"result": "pass"})
        self.sheet.line_ids.write({"result": "pass"})
        with self.assertRaises(AccessError):
            sheet.action_sign()
        self.assertEqual(self.sheet.state, "draft")

    def test_signed_statement_immutable_for_everyone(self):
        self.sheet.line_ids.write({"result": "pass"})
        self.sheet.action_sign()
        for user in (self.teacher, self.specialist, self.head, self.director):
            with self.subTest(user=user.login):
                sheet = self.sheet.with_user(user)
                with self.assertRaises(UserError):
                    sheet.line_ids[0].write({"result": "fail"})
                with self.assertRaises(UserError):
                    sheet.write({"date": "2026-03-07"})
                with self.assertRaises(UserError):
                    sheet.unlink()
                with self.assertRaises(UserError):
                    sheet.line_ids[0].unlink()
        with self.assertRefused(UserError, "A signed statement cannot be changed"):
            self.sheet.with_user(self.director).line_ids[0].write({"result": "fail"})
        self.assertEqual(self.sheet.line_ids.mapped("result"), ["pass", "pass"])
        self.assertEqual(str(self.sheet.date), "2026-03-06")

    def test_scan_of_signed_original_can_be_attached(self):
        self.sheet.line_ids.write({"result": "pass"})
        self.sheet.action_sign()
        self.sheet.with_user(self.specialist).write(
            {"scan_file": "JVBERi0xLjQK", "scan_filename": "scan.pdf"}
        )
        self.assertEqual(self.sheet.scan_sha256, hashlib.sha256(b"%PDF-1.4\n").hexdigest())

    def test_printed_statement(self):
        self._fill(
            self.sheet,
            {self.enrollment: {"result": "pass", "score": 86}, self.second_enrollment: {"result": "fail"}},
        )
        html = self._printed_html("dpo_records.action_report_attestation_sheet", self.sheet)
        for text in (
            "ВЕДОМОСТЬ ПРОМЕЖУТОЧНОЙ АТТЕСТАЦИИ",
            "Иванов Пётр Сергеевич",
            "Петрова Мария",
            "Итого: зачтено —",
            self.teacher.name,
            "______________________ /",
        ):
            self.assertIn(text, html)

    def test_head_corrects_signed_line_through_ledger(self):
        self.sheet.line_ids.write({"result": "pass"})
        self.sheet.action_sign()
        line = self.sheet.line_ids.filtered(lambda line: line.enrollment_id == self.second_enrollment)
        with self.assertRefused(AccessError, "Only the head of department corrects"):
            line.with_user(self.specialist)._correct({"result": "fail"}, "Ошибка экзаменатора")
        with self.assertRefused(UserError, "needs a reason"):
            line.with_user(self.head)._correct({"result": "fail"}, "  ")
        self.assertEqual(line.result, "pass")
        wizard = (
            self.env["dpo.attestation.sheet.line.correct"]
            .with_user(self.head)
            .with_context(active_id=line.id)
            .create({"result": "fail", "reason": "Ошибка экзаменатора, служебная записка № 3"})
        )
        wizard.action_correct()
        self.assertEqual(line.result, "fail")
        correction = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.attestation.sheet.line"), ("res_id", "=", line.id)]
        )
        self.assertEqual((correction.old_value, correction.new_value), ("Pass", "Fail"))
        self.assertEqual(correction.user_id, self.head)
        self.assertEqual(self.sheet.state, "signed")
