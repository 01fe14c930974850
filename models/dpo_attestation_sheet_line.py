from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import grading

# What a teacher writes on a line of a draft statement they examine: the results, nothing else.
TEACHER_WRITABLE = frozenset(("score", "result", "absent", "note"))


class DpoAttestationSheetLine(models.Model):
    _name = "dpo.attestation.sheet.line"
    _description = "Attestation Statement Line"
    _inherit = ["dpo.roster.line.mixin"]
    _order = "sheet_id, learner_name, id"
    _roster_field = "sheet_id"

    sheet_id = fields.Many2one("dpo.attestation.sheet", required=True, index=True, ondelete="cascade")
    sheet_state = fields.Selection(related="sheet_id.state", string="Statement Status")
    kind = fields.Selection(related="sheet_id.kind", store=True)
    subject_id = fields.Many2one(related="sheet_id.subject_id", store=True, index=True)
    group_id = fields.Many2one(related="sheet_id.group_id", store=True, index=True)
    company_id = fields.Many2one(related="sheet_id.company_id", store=True, index=True)
    score = fields.Float(string="Score (points or %)", digits=(5, 1))
    score_text = fields.Char(string="Score as Printed", compute="_compute_score_text")
    result = fields.Selection(grading.RESULTS)
    absent = fields.Boolean(help="The learner did not come to the attestation.")
    passed = fields.Boolean(compute="_compute_passed", store=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "sheet_enrollment_uniq",
            "UNIQUE(sheet_id, enrollment_id)",
            "A learner appears once in a statement.",
        ),
        ("score_positive", "CHECK(score IS NULL OR score >= 0)", "A score cannot be negative."),
    ]

    @api.depends_context("lang")
    @api.depends("score")
    def _compute_score_text(self):
        """The score as the printed statement shows it, in the reader's language («86,5»)."""
        for line in self:
            line.score_text = grading.format_number(self.env, line.score) if line.score else ""

    @api.depends("result", "absent")
    def _compute_passed(self):
        for line in self:
            line.passed = not line.absent and grading.is_passing(line.result)

    @api.constrains("result", "absent")
    def _check_result(self):
        labels = dict(self._fields["result"]._description_selection(self.env))
        for line in self:
            if line.absent and line.result:
                raise ValidationError(
                    self.env._(
                        "%(learner)s is marked absent and cannot have a result.", learner=line.learner_name
                    )
                )
            allowed = line.sheet_id._allowed_results()
            if line.result and line.result not in allowed and line.company_id.dpo_statement_pass_fail_only:
                raise ValidationError(
                    self.env._(
                        "Result «%(result)s» of %(learner)s is refused: the statements of %(company)s "
                        "record only «pass» or «fail».",
                        result=labels[line.result],
                        learner=line.learner_name,
                        company=line.company_id.name,
                    )
                )
            if line.result and line.result not in allowed:
                raise ValidationError(
                    self.env._(
                        "Result «%(result)s» of %(learner)s is not on the scale of this statement; "
                        "use: %(allowed)s.",
                        result=labels[line.result],
                        learner=line.learner_name,
                        allowed=", ".join(labels[key] for key in allowed),
                    )
                )

    def _check_role_fields(self, vals):
        """A teacher (examiner) fills in only the results; a programme specialist prepares the
        rest of the statement."""
        if self.env.su or self.env.user.has_group("dpo_records.group_dpo_specialist"):
            return
        refused = sorted(set(vals) - TEACHER_WRITABLE)
        if refused:
            raise AccessError(
                self.env._(
                    "A teacher fills in only the results of a statement (score, result, absence, "
                    "note), not %(fields)s.",
                    fields=", ".join(
                        f"«{self._fields[name]._description_string(self.env)}»"
                        if name in self._fields
                        else name
                        for name in refused
                    ),
                )
            )

    def _correct(self, vals, reason):
        """Change a signed statement's line: head of department only, with a reason, every
        changed value written to the correction ledger first."""
        if not self.env.user.has_group("dpo_records.group_dpo_head"):
            raise AccessError(self.env._("Only the head of department corrects a signed statement."))
        if not (reason or "").strip():
            raise UserError(self.env._("A correction needs a reason."))
        fields_changed = [name for name in ("result", "score", "absent") if name in vals]
        for line in self:
            for name in fields_changed:
                if line[name] != vals[name]:
                    self.env["dpo.correction"]._record(line, name, line[name], vals[name], reason)
        return self._write_corrected(vals)
