from odoo import fields, models


class DpoArchiveCaseHold(models.TransientModel):
    """Put cases of the review list on legal hold, with the reason: they are kept, out of any
    draft destruction act, until the hold is lifted."""

    _name = "dpo.archive.case.hold"
    _description = "Put Archival Cases on Legal Hold"

    case_ids = fields.Many2many("dpo.archive.case", string="Cases", required=True)
    reason = fields.Char(required=True, help="E.g. a court case, an inspection, a learner's request.")

    def action_hold(self):
        self.ensure_one()
        self.case_ids._check_archivist()
        self.case_ids._put_on_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
