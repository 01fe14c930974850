from odoo import api, fields, models


class DpoProtocolLineAdmit(models.TransientModel):
    """The head of department admits to the final attestation a learner whose intermediate
    attestations are not all passed; the reason goes to the correction ledger."""

    _name = "dpo.protocol.line.admit"
    _description = "Admit a Learner to the Final Attestation"

    line_id = fields.Many2one("dpo.protocol.line", string="Protocol Line", required=True, readonly=True)
    learner_name = fields.Char(related="line_id.learner_name")
    admission_note = fields.Char(related="line_id.admission_note")
    # Not required in the model: an empty reason is refused by the line with a clear message
    # rather than by the database.
    reason = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if not values.get("line_id") and context.get("active_model") == "dpo.protocol.line":
            values["line_id"] = context.get("active_id")
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # The wizard shows the learner and why they are not admitted: only for a line the user
        # may change.
        wizards.line_id.check_access("write")
        return wizards

    def action_admit(self):
        self.ensure_one()
        self.line_id.action_override_admission(self.reason)
        return {"type": "ir.actions.act_window_close"}
