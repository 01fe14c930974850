from odoo import fields, models


class DpoGroupJournalReopen(models.TransientModel):
    """The head of department reopens a closed journal; the reason goes to the correction ledger."""

    _name = "dpo.group.journal.reopen"
    _description = "Reopen a Journal"

    # Given by the «Reopen Journal» button (default_group_id): readonly in the view only, since a
    # client's default of a readonly field is refused (models/base.py).
    group_id = fields.Many2one("dpo.group", required=True)
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.group_id._reopen_journal(self.reason)
        return {"type": "ir.actions.act_window_close"}
