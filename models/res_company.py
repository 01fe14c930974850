from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dpo_teacher_edit_days = fields.Integer(
        string="Teacher Edit Window (days)",
        default=7,
        help="How many days after a lesson its teacher may still fill or change the "
        "journal cells; later changes need a programme specialist or the head.",
    )
    dpo_frdo_deadline_days = fields.Integer(
        string="FRDO Deadline (days)",
        default=30,
        help="Days after issue within which a document must be reported to FIS FRDO "
        "(30 days for additional professional education since 2025).",
    )

    _sql_constraints = [
        (
            "dpo_teacher_edit_days_positive",
            "CHECK(dpo_teacher_edit_days >= 0)",
            "The teacher edit window cannot be negative.",
        ),
        (
            "dpo_frdo_deadline_days_positive",
            "CHECK(dpo_frdo_deadline_days > 0)",
            "The FRDO deadline must be at least one day.",
        ),
    ]

    # The same rules as the SQL constraints, checked first so that the user reads a clear
    # message rather than a database error.
    @api.constrains("dpo_teacher_edit_days", "dpo_frdo_deadline_days")
    def _check_dpo_settings(self):
        for company in self:
            if company.dpo_teacher_edit_days < 0:
                raise ValidationError(self.env._("The teacher edit window cannot be negative."))
            if company.dpo_frdo_deadline_days < 1:
                raise ValidationError(self.env._("The FRDO deadline must be at least one day."))
