from odoo import api, fields, models


class DpoDocumentBlankSpoil(models.TransientModel):
    """Spoil unused blanks with the reason (misprinted, damaged, lost)."""

    _name = "dpo.document.blank.spoil"
    _description = "Spoil Blanks"

    blank_ids = fields.Many2many("dpo.document.blank", string="Blanks", required=True, readonly=True)
    # Not required in the model: an empty reason is refused by the blank with a clear message.
    reason = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if not values.get("blank_ids") and self.env.context.get("active_model") == "dpo.document.blank":
            values["blank_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_spoil(self):
        self.ensure_one()
        self.blank_ids.action_spoil(self.reason)
        return {"type": "ir.actions.act_window_close"}
