from odoo import api, fields, models
from odoo.exceptions import AccessError

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

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_line_access()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        if "line_id" in vals:
            self._check_line_access()
        return result

    def _check_line_access(self):
        """The wizard shows the learner of its line (a related field, read as superuser): it
        takes only a line the user may correct (the head of department, a line they may write),
        of one of the user's companies."""
        lines = self.line_id
        if not self.env.su and (
            not self.env.user.has_group("dpo_records.group_dpo_head")
            or not lines.has_access("write")
            or lines.company_id - self.env.companies
        ):
            raise AccessError(self.env._("This is not a statement line you may correct."))

    def action_correct(self):
        self.ensure_one()
        self.line_id._correct(
            {"score": self.score, "result": self.result or False, "absent": self.absent}, self.reason
        )
        return {"type": "ir.actions.act_window_close"}
