from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

EXPEL_REASONS = [
    ("own_wish", "At the Learner's Own Request"),
    ("plan_failure", "Failure to Fulfil the Curriculum"),
    ("non_payment", "Non-payment of Tuition"),
    ("other", "Other"),
]


class DpoOrderLine(models.Model):
    _name = "dpo.order.line"
    _description = "Order Line"
    _check_company_auto = True
    _order = "order_id, sequence, learner_name, id"

    sequence = fields.Integer(default=10)
    order_id = fields.Many2one("dpo.order", required=True, index=True, ondelete="cascade")
    order_type = fields.Selection(related="order_id.order_type")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    enrollment_id = fields.Many2one(
        "dpo.enrollment",
        string="Enrolment",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('group_id', '=', parent.group_id)]",
        check_company=True,
    )
    learner_id = fields.Many2one(related="enrollment_id.learner_id", store=True, string="Learner")
    learner_name = fields.Char(related="enrollment_id.learner_name", store=True, string="Full Name")
    state = fields.Selection(related="enrollment_id.state", string="Enrolment Status")
    basis = fields.Char(help="Contract, application or protocol this line is based on.")
    reason = fields.Selection(EXPEL_REASONS, string="Reason for Expulsion")
    reason_text = fields.Char(string="Reason Details")

    # Checked as superuser and told without names: an enrolment of another group or company is
    # not the user's to read (the line would show its learner's name to whoever reads the order).
    # Runs before the ORM's own check of `check_company`, whose message names the records.
    @api.constrains("enrollment_id", "order_id")
    def _check_enrollment_of_order(self):
        for line in self.sudo():
            order, enrollment = line.order_id, line.enrollment_id
            if enrollment.company_id != order.company_id or (
                order.group_id and enrollment.group_id != order.group_id
            ):
                raise ValidationError(
                    self.env._("An order lists only enrolments of its own group and company.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["dpo.order"].browse([vals.get("order_id") for vals in vals_list])
        orders._check_draft_lines()
        return super().create(vals_list)

    def write(self, vals):
        # Neither a line of a signed order nor a line moved into one.
        self.order_id._check_draft_lines()
        if vals.get("order_id"):
            self.env["dpo.order"].browse(vals["order_id"])._check_draft_lines()
        return super().write(vals)

    # at_uninstall=True: see `_unlink_except_signed` of the signed document mixin.
    @api.ondelete(at_uninstall=True)
    def _unlink_except_signed(self):
        if not (is_module_uninstall(self.env) or is_destroying(self.env)):
            self.order_id._check_draft_lines()

    def _reason_label(self):
        self.ensure_one()
        if self.reason == "other":
            return self.reason_text
        label = dict(self._fields["reason"]._description_selection(self.env)).get(self.reason, "")
        return f"{label}: {self.reason_text}" if self.reason_text else label
