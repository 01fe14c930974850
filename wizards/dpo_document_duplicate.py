from odoo import fields, models


class DpoDocumentDuplicate(models.TransientModel):
    """Draft a duplicate of an issued original that was lost or is exchanged."""

    _name = "dpo.document.duplicate"
    _description = "Make a Duplicate"

    document_id = fields.Many2one("dpo.document", string="Original", required=True, readonly=True)
    reason = fields.Selection(
        [("lost", "The original is lost"), ("exchanged", "The original is exchanged")],
        required=True,
        default="lost",
        help="Reported to FIS FRDO as the confirmation of loss or of exchange of the original.",
    )

    def action_make_duplicate(self):
        self.ensure_one()
        duplicate = self.document_id.action_make_duplicate(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "dpo.document",
            "res_id": duplicate.id,
            "view_mode": "form",
            "target": "current",
        }
