from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestAttestationTour(HttpCase, DpoCase):
    """In the browser: the examiner signs the statement of a subject, then the final
    protocol is filled, signed and turned into a draft completion order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        today = fields.Date.context_today(cls.env["dpo.group"])
        cls.today = today
        cls.group.write({"date_start": today - timedelta(days=10), "date_end": today + timedelta(days=2)})
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date=cls.group.date_start)
        cls.group.action_start()
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission(today, today + timedelta(days=30))
        first_subject, second_subject = cls.program.subject_ids
        cls._signed_sheet(second_subject, {cls.enrollment: "pass", cls.second_enrollment: "pass"}, today)
        cls.sheet = cls.env["dpo.attestation.sheet"].create(
            {
                "group_id": cls.group.id,
                "subject_id": first_subject.id,
                "form": "credit",
                "date": today,
                "examiner_ids": [(6, 0, cls.teacher.ids)],
            }
        )
        (cls.teacher | cls.specialist).lang = "ru_RU"  # the tours find buttons by their Russian labels

    def test_statement_then_protocol_then_completion_order(self):
        self.start_tour(
            f"/odoo/action-dpo_records.dpo_attestation_sheet_action/{self.sheet.id}",
            "dpo_records_statement_sign",
            login=self.teacher.login,
        )
        self.assertEqual(self.sheet.state, "signed")
        self.assertEqual(self.sheet.signed_by_id, self.teacher)
        self.assertEqual(set(self.sheet.line_ids.mapped("result")), {"pass"})

        protocol = self.env["dpo.protocol"].create(
            {
                "group_id": self.group.id,
                "commission_id": self.commission.id,
                "date": self.today,
                "final_form": "exam",
            }
        )
        self.assertTrue(all(protocol.line_ids.mapped("admitted")), "every intermediate attestation is passed")
        self.start_tour(
            f"/odoo/action-dpo_records.dpo_protocol_action/{protocol.id}",
            "dpo_records_protocol_sign",
            login=self.specialist.login,
        )
        self.enrollments.invalidate_recordset()
        self.assertEqual(protocol.state, "signed")
        self.assertEqual(self.enrollment.final_result, "passed")
        self.assertEqual(self.second_enrollment.final_result, "failed")
        order = self.env["dpo.order"].search(
            [("group_id", "=", self.group.id), ("order_type", "=", "complete")]
        )
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.line_ids.enrollment_id, self.enrollment)
