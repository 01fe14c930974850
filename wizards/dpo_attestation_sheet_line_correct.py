from odoo import api, fields, models

from odoo.addons.dpo_records.models import grading


class DpoAttestationSheetLineCorrect(models.TransientModel):
    """The head of department corrects a line of a signed statement, with a reason."""

    _name = "dpo.attestation.sheet.line.correct"
    _description = "Correct a Signed Statement Line"

    line_id = fields.Many2one("dpo.attestation.sheet.line", required=True, readonly=True)
    learner_name = fields.Char(related="line_id.learner_name")
    score = fields.Float(string="Score (points or %)", digits=(5, 1))
    result = fields.Selection(grading.RESULTS)
    absent = fields.Boolean()
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        line = self.env["dpo.attestation.sheet.line"].browse(
            values.get("line_id") or self.env.context.get("active_id")
        )
        if line:
            values.update(line_id=line.id, score=line.score, result=line.result, absent=line.absent)
        return values

    def action_correct(self):
        self.ensure_one()
        self.line_id._correct(
            {"score": self.score, "result": self.result or False, "absent": self.absent}, self.reason
        )
        return {"type": "ir.actions.act_window_close"}
