from odoo import fields, models

from odoo.addons.dpo_records.models import grading


class DpoAttestationSheetLineCorrect(models.TransientModel):
    """The head of department corrects a line of a signed statement, with a reason."""

    _name = "dpo.attestation.sheet.line.correct"
    _inherit = "dpo.correction.wizard.mixin"
    _description = "Correct a Signed Statement Line"
    _target_field = "line_id"
    _corrected_fields = ("score", "result", "absent")

    line_id = fields.Many2one("dpo.attestation.sheet.line", required=True, readonly=True)
    learner_name = fields.Char(related="line_id.learner_name")
    score = fields.Float(string="Score (points or %)", digits=(5, 1))
    result = fields.Selection(grading.RESULTS)
    absent = fields.Boolean()

    def _may_correct(self, targets):
        # The head of department, a line they may write.
        return self.env.user.has_group("dpo_records.group_dpo_head") and super()._may_correct(targets)

    def _refusal_message(self):
        return self.env._("This is not a statement line you may correct.")

    def action_correct(self):
        self.ensure_one()
        self.line_id._correct(
            {"score": self.score, "result": self.result or False, "absent": self.absent}, self.reason
        )
        return {"type": "ir.actions.act_window_close"}
