from odoo import api, fields, models
from odoo.exceptions import UserError

from .dpo_uninstall import is_module_uninstall


class DpoAwardKind(models.Model):
    """A kind of award (поощрение) given to learners: a letter of thanks, a certificate of
    merit, a competition diploma; the centre adds its own kinds."""

    _name = "dpo.award.kind"
    _description = "Award Kind"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index="btree_not_null", help="Leave empty to use the kind in every company."
    )

    @api.ondelete(at_uninstall=True)
    def _unlink_except_used(self):
        if is_module_uninstall(self.env):
            return
        used = self.env["dpo.award"].sudo().search_count([("award_kind", "in", self.ids)], limit=1)
        if used:
            raise UserError(
                self.env._("A kind of award already given cannot be deleted: archive it instead.")
            )
