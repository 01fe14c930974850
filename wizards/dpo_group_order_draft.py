from odoo import api, fields, models
from odoo.exceptions import UserError


class DpoGroupOrderDraft(models.TransientModel):
    _name = "dpo.group.order.draft"
    _description = "Draft an Order for a Group"

    group_id = fields.Many2one("dpo.group", required=True, ondelete="cascade")
    order_type = fields.Selection(
        [("enroll", "Enrolment"), ("complete", "Completion of Training")],
        required=True,
        default="enroll",
    )
    date = fields.Date(string="Order Date", required=True, default=fields.Date.context_today)
    basis = fields.Text()
    enrollment_ids = fields.Many2many(
        "dpo.enrollment", string="Learners", compute="_compute_enrollment_ids", readonly=True
    )

    @api.depends("group_id", "order_type")
    def _compute_enrollment_ids(self):
        for wizard in self:
            order = self.env["dpo.order"].new(
                {"group_id": wizard.group_id.id, "order_type": wizard.order_type}
            )
            wizard.enrollment_ids = order._eligible_enrollments() if wizard.group_id else False

    def action_create_order(self):
        self.ensure_one()
        if not self.enrollment_ids:
            raise UserError(
                self.env._(
                    "No learner of group %(group)s can be put in this order.", group=self.group_id.name
                )
            )
        order = self.env["dpo.order"].create(
            {
                "order_type": self.order_type,
                "group_id": self.group_id.id,
                "company_id": self.group_id.company_id.id,
                "date": self.date,
                "basis": self.basis,
            }
        )
        order.action_fill_lines()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dpo.order",
            "res_id": order.id,
            "view_mode": "form",
            "target": "current",
        }
