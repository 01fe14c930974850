from odoo import fields, models


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
