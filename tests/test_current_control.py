from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestCurrentControl(DpoCase):
    """Seed 004, 2.3: «ведомости текущего контроля успеваемости» — a third kind of statement,
    signed and immutable like the others, dated within the group's training."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date="2026-03-02")
        cls.subject = cls.program.subject_ids[0]
        cls.Sheet = cls.env["dpo.attestation.sheet"]

    def _vals(self, **vals):
        return {
            "kind": "current",
            "group_id": self.group.id,
            "subject_id": self.subject.id,
            "date": "2026-03-05",
            "form": "credit",
            "examiner_ids": [(6, 0, self.teacher.ids)],
            **vals,
        }

    def test_current_control_statement_signed_and_immutable(self):
        sheet = self.Sheet.with_user(self.specialist).create(self._vals())
        self.assertEqual(sheet.line_ids.enrollment_id, self.enrollment | self.second_enrollment)
        for line in sheet.with_user(self.teacher).line_ids:
            line.write({"result": "pass", "score": 90})
        html = self._printed_html("dpo_records.action_report_attestation_sheet", sheet)
        self.assertIn("ВЕДОМОСТЬ ТЕКУЩЕГО КОНТРОЛЯ УСПЕВАЕМОСТИ", html)
        sheet.with_user(self.teacher).action_sign()
        self.assertEqual((sheet.state, sheet.signed_by_id), ("signed", self.teacher))
        self.assertEqual(len(sheet.signed_copy_sha256), 64)
        for user in (self.teacher, self.specialist, self.head, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "A signed statement cannot be changed"):
                    sheet.with_user(user).line_ids[0].write({"result": "fail"})
                with self.assertRefused(UserError, "A signed statement cannot be changed"):
                    sheet.with_user(user).write({"date": "2026-03-06"})
                with self.assertRaises(UserError):
                    sheet.with_user(user).unlink()
        self.assertEqual(sheet.line_ids.mapped("result"), ["pass", "pass"])
        self.assertEqual(str(sheet.date), "2026-03-05")
        # Current control is not an intermediate attestation: it does not admit to the final one.
        self.enrollment.invalidate_recordset()
        self.assertFalse(self.enrollment.attestation_summary)

    def test_current_control_outside_group_dates_refused(self):
        count = self.Sheet.search_count([])
        Sheet = self.Sheet.with_user(self.specialist)
        with self.assertRefused(
            ValidationError, r"within the training of group T-01 \(02.03.2026 – 13.03.2026\)"
        ):
            Sheet.create(self._vals(date="2026-03-01"))
        with self.assertRefused(ValidationError, "not on 14.03.2026"):
            Sheet.create(self._vals(date="2026-03-14"))
        with self.assertRefused(
            ValidationError, "Ведомость текущего контроля датируется периодом обучения группы T-01"
        ):
            Sheet.with_context(lang="ru_RU").create(self._vals(date="2026-02-20"))
        self.assertEqual(self.Sheet.search_count([]), count)
        # Nor by moving a draft one out of the period, or turning a later statement into current control.
        sheet = Sheet.create(self._vals())
        with self.assertRefused(ValidationError, "within the training of group T-01"):
            sheet.write({"date": "2026-03-20"})
        self.assertEqual(str(sheet.date), "2026-03-05")
        later = Sheet.create(self._vals(kind="intermediate", date="2026-03-16"))
        with self.assertRefused(ValidationError, "within the training of group T-01"):
            later.write({"kind": "current"})
        self.assertEqual(later.kind, "intermediate")

    def test_current_control_needs_subject(self):
        count = self.Sheet.search_count([])
        with self.assertRefused(ValidationError, "statement of current control needs a subject"):
            self.Sheet.with_user(self.specialist).create(self._vals(subject_id=False))
        self.assertEqual(self.Sheet.search_count([]), count)
