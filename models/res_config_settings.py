from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dpo_teacher_edit_days = fields.Integer(related="company_id.dpo_teacher_edit_days", readonly=False)
    dpo_frdo_deadline_days = fields.Integer(related="company_id.dpo_frdo_deadline_days", readonly=False)
