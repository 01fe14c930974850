from odoo import api, fields, models

from .dpo_destroying import is_destroying
from .dpo_personal_data_act import _RECORDING
from .dpo_uninstall import is_module_uninstall


class DpoPersonalDataActLine(models.Model):
    """A subject of an act on the destruction of personal data, and its line of the extract of
    the event log (Приказ РКН № 179, п. 4): who, which categories of data, when, by whom."""

    _name = "dpo.personal.data.act.line"
    _description = "Subject of a Personal Data Destruction Act"
    _order = "act_id, sequence, id"
    _check_company_auto = True

    act_id = fields.Many2one("dpo.personal.data.act", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="act_id.company_id", store=True, index=True)
    sequence = fields.Integer(readonly=True)
    learner_id = fields.Many2one("dpo.learner", readonly=True, index="btree_not_null", ondelete="set null")
    subject_name = fields.Char(
        string="Subject", readonly=True, help="The subject's name before the destruction."
    )
    categories = fields.Text(string="Categories of Personal Data", readonly=True)
    anonymized = fields.Boolean(readonly=True, help="The learner's own data were anonymised.")
    event_datetime = fields.Datetime(string="Event Time", readonly=True)
    user_id = fields.Many2one(related="act_id.destroyed_by_id", string="User")

    def _refuse_by_hand(self):
        self.env["dpo.personal.data.act"]._refuse_by_hand()

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("dpo_personal_data_act") is not _RECORDING:
            self._refuse_by_hand()
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("dpo_personal_data_act") is not _RECORDING:
            self._refuse_by_hand()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_destroyed(self):
        if not (is_module_uninstall(self.env) or is_destroying(self.env)):
            self._refuse_by_hand()
