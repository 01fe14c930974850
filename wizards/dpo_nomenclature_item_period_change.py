from odoo import api, fields, models

from ..models.dpo_nomenclature_item import RETENTION_KINDS


class DpoNomenclatureItemPeriodChange(models.TransientModel):
    """The director changes the retention period of a nomenclature line, also where it shortens
    the retention of cases already filed; the change and its reason go to the correction ledger."""

    _name = "dpo.nomenclature.item.period.change"
    _description = "Change the Retention Period"

    # Given by the line's «Change Period» button (default_item_id).
    item_id = fields.Many2one("dpo.nomenclature.item", string="Nomenclature Line", required=True)
    current_period = fields.Char(related="item_id.retention_label", string="Current Period")
    retention_kind = fields.Selection(RETENTION_KINDS, required=True)
    retention_years = fields.Integer()
    min_retention_years = fields.Integer(string="At Least (Years)")
    reason = fields.Text(required=True)

    @api.onchange("retention_kind")
    def _onchange_retention_kind(self):
        if self.retention_kind != "years":
            self.retention_years = 0
        if self.retention_kind != "until_not_needed":
            self.min_retention_years = 0

    def action_confirm(self):
        self.ensure_one()
        self.item_id._change_period(
            {
                "retention_kind": self.retention_kind,
                "retention_years": self.retention_years,
                "min_retention_years": self.min_retention_years,
            },
            self.reason,
        )
        return {"type": "ir.actions.act_window_close"}
