from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestOrderTour(HttpCase, DpoCase):
    """In the browser, a specialist drafts the enrolment order of a group in one click and the
    director signs it; only the signed order enrols the learners."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        today = fields.Date.context_today(cls.env["dpo.group"])
        cls.group.write({"date_start": today + timedelta(days=1), "date_end": today + timedelta(days=12)})
        (cls.specialist | cls.director).lang = "ru_RU"  # the tours find buttons by their Russian labels

    def test_specialist_drafts_and_director_signs_enrolment_order(self):
        enrollments = self.enrollment | self.second_enrollment
        self.start_tour(
            f"/odoo/action-dpo_records.dpo_group_action/{self.group.id}",
            "dpo_records_order_draft",
            login=self.specialist.login,
        )
        order = self.env["dpo.order"].search([("group_id", "=", self.group.id)])
        self.assertEqual((order.order_type, order.state), ("enroll", "draft"))
        self.assertEqual(order.line_ids.enrollment_id, enrollments)
        self.assertEqual(set(enrollments.mapped("state")), {"draft"}, "a draft order changes nothing")

        self.start_tour(
            f"/odoo/action-dpo_records.dpo_order_action/{order.id}",
            "dpo_records_order_sign",
            login=self.director.login,
        )
        enrollments.invalidate_recordset()
        self.assertEqual(order.state, "signed")
        self.assertRegex(order.name, r"^\d+-ОУ/\d{4}$")
        self.assertEqual(set(enrollments.mapped("state")), {"enrolled"})
        self.assertEqual(order.signed_by_id, self.director)
