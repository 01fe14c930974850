from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Only the record rules on partners use it (security/dpo_rules.xml): the partners of
    # learners, archived ones included, are hidden from users without an education role.
    dpo_learner_ids = fields.One2many(
        "dpo.learner",
        "partner_id",
        string="Learner Records",
        context={"active_test": False},
        groups="dpo_records.group_dpo_teacher,dpo_records.group_dpo_archivist",
    )
