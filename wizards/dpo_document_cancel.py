from odoo import api, fields, models


class DpoDocumentCancel(models.TransientModel):
    """Cancel issued documents with the reason, which the issuance book keeps."""

    _name = "dpo.document.cancel"
    _description = "Cancel Documents"

    document_ids = fields.Many2many("dpo.document", string="Documents", required=True, readonly=True)
    # Not required in the model: an empty reason is refused by the document with a clear message.
    reason = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if not values.get("document_ids") and self.env.context.get("active_model") == "dpo.document":
            values["document_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_cancel(self):
        self.ensure_one()
        self.document_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
