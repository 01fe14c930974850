from odoo import api, fields, models


class DpoNumberingStart(models.TransientModel):
    """The director sets the first number of a year (e.g. when the centre moves from a paper
    register mid-year) before any document of that year is numbered; the ledger keeps it."""

    _name = "dpo.numbering.start"
    _description = "Set the First Number of a Year"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    kind = fields.Selection(selection="_selection_kind", string="Documents", required=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    number_start = fields.Integer(string="First Number", required=True, default=1)
    reason = fields.Text(required=True)

    @api.model
    def _selection_kind(self):
        return [(kind, spec[0]) for kind, spec in self.env["dpo.numbering"]._get_kinds().items()]

    def action_apply(self):
        self.ensure_one()
        self.env["dpo.numbering"]._set_start(
            self.company_id, self.kind, self.year, self.number_start, self.reason
        )
        return {"type": "ir.actions.act_window_close"}
