import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestGroupEnrollment(DpoCase):
    def test_end_before_start_refused(self):
        with self.assertRefused(ValidationError, r"cannot end \(01.03.2026\) before it starts"):
            self.group.write({"date_end": "2026-03-01"})
        self.group.invalidate_recordset()
        self.assertEqual(str(self.group.date_end), "2026-03-13")

    def test_duplicate_enrolment_refused(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.env["dpo.enrollment"].create({"learner_id": self.learner.id, "group_id": self.group.id})
        self.assertEqual(
            self.env["dpo.enrollment"].search_count(
                [("learner_id", "=", self.learner.id), ("group_id", "=", self.group.id)]
            ),
            1,
        )

    def test_state_cannot_be_written_directly(self):
        for user in (self.specialist, self.director):
            with self.subTest(user=user.login), self.assertRefused(UserError, "only when an order"):
                self.enrollment.with_user(user).write({"state": "enrolled"})
        self.assertEqual(self.enrollment.state, "draft")

    def test_state_changes_through_order_method(self):
        self.enrollment._change_state("enrolled", date="2026-03-02")
        self.assertEqual(self.enrollment.state, "enrolled")
        self.assertEqual(str(self.enrollment.date_enrolled), "2026-03-02")
        self.enrollment._change_state("expelled", reason="Собственное желание")
        self.assertEqual(self.enrollment.state, "expelled")
        self.assertEqual(self.enrollment.exit_reason, "Собственное желание")

    def test_wrong_transition_refused(self):
        with self.assertRefused(UserError, "cannot go from «Draft» to «Completed»"):
            self.enrollment._change_state("completed")
        self.assertEqual(self.enrollment.state, "draft")

    def test_enrolled_record_is_kept(self):
        self.enrollment._change_state("enrolled")
        with self.assertRefused(UserError, "Only draft enrolments can be deleted"):
            self.enrollment.unlink()
        with self.assertRefused(UserError, "cannot change once the learner is enrolled"):
            self.enrollment.write({"group_id": self.other_group.id})
        self.assertEqual(self.enrollment.group_id, self.group)
        with self.assertRefused(UserError, "cannot be deleted"):
            self.group.unlink()
        self.assertTrue(self.group.exists())

    def test_enrolment_in_other_company_group_refused(self):
        other = self.env["res.company"].create({"name": "Другой центр"})
        learner = self.env["dpo.learner"].create(
            {"last_name": "Орлов", "first_name": "Иван", "company_id": other.id}
        )
        with self.assertRefused(ValidationError, "belongs to another company"):
            self.env["dpo.enrollment"].create({"learner_id": learner.id, "group_id": self.group.id})
        self.assertFalse(learner.enrollment_ids)

    def test_group_flow_and_counts(self):
        self.assertEqual(self.group.enrolled_count, 0)
        self.enrollment._change_state("enrolled")
        self.group.invalidate_recordset(["enrolled_count"])
        self.assertEqual(self.group.enrolled_count, 1)
        self.group.with_user(self.specialist).action_start()
        self.assertEqual(self.group.state, "running")
        with self.assertRefused(UserError, "Only a draft group"):
            self.group.action_start()
        self.group.with_user(self.specialist).action_finish()
        self.assertEqual(self.group.state, "done")
        self.assertEqual(self.program.group_count, 2)
