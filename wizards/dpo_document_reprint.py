from odoo import api, fields, models


class DpoDocumentReprint(models.TransientModel):
    """Reprint an issued document misprinted on its blank: the old blank is spoiled with the
    reason, a new blank of the same kind is taken, the registration number and everything else
    stay (see `dpo.document.action_reprint`)."""

    _name = "dpo.document.reprint"
    _description = "Reprint a Document on a New Blank"

    document_id = fields.Many2one("dpo.document", required=True, readonly=True)
    company_id = fields.Many2one(related="document_id.company_id")
    document_kind = fields.Selection(related="document_id.document_kind")
    old_blank_id = fields.Many2one(related="document_id.blank_id", string="Misprinted Blank")
    blank_id = fields.Many2one(
        "dpo.document.blank",
        string="New Blank",
        domain="[('company_id', '=', company_id), ('document_kind', '=', document_kind), "
        "('state', '=', 'available')]",
        help="Leave empty: the next available blank of the kind is taken.",
    )
    # Not required in the model: an empty reason is refused by the document with a clear message.
    reason = fields.Text(
        string="Why the Blank Is Spoiled", default=lambda self: self.env._("Spoiled while filling in")
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if not values.get("document_id") and self.env.context.get("active_model") == "dpo.document":
            values["document_id"] = self.env.context.get("active_id")
        return values

    def action_reprint(self):
        self.ensure_one()
        self.document_id.action_reprint(self.reason, self.blank_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "dpo.document",
            "res_id": self.document_id.id,
            "view_mode": "form",
            "target": "current",
        }
