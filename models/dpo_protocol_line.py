from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import grading
from .dpo_program import DOCUMENT_KINDS

# Put in the context only by `action_override_admission`, after the reason is in the correction
# ledger: a client cannot send this object over RPC, so nobody admits a learner by a plain write.
_ADMISSION = object()


class DpoProtocolLine(models.Model):
    _name = "dpo.protocol.line"
    _description = "Final Attestation Protocol Line"
    _inherit = ["dpo.roster.line.mixin"]
    _order = "protocol_id, learner_name, id"
    _roster_field = "protocol_id"

    protocol_id = fields.Many2one("dpo.protocol", required=True, index=True, ondelete="cascade")
    protocol_state = fields.Selection(related="protocol_id.state", string="Protocol Status")
    company_id = fields.Many2one(related="protocol_id.company_id", store=True, index=True)
    group_id = fields.Many2one(related="protocol_id.group_id", store=True, index=True)
    admitted = fields.Boolean(
        compute="_compute_admission", help="All intermediate attestations of the curriculum are passed."
    )
    admission_note = fields.Char(compute="_compute_admission", string="Why Not Admitted")
    admission_override = fields.Boolean(
        string="Admitted by the Head",
        readonly=True,
        copy=False,
        help="The head of department admitted the learner despite the intermediate results; "
        "the reason is in the correction ledger.",
    )
    result = fields.Selection([("passed", "Passed"), ("failed", "Failed"), ("absent", "Absent")])
    grade = fields.Selection(grading.RESULTS)
    work_topic = fields.Char(string="Topic of the Final Work")
    decision = fields.Selection(
        DOCUMENT_KINDS,
        compute="_compute_decision",
        help="Document to issue: the programme's document to those who passed, a reference of "
        "training to the others.",
    )
    subject_result_ids = fields.One2many(
        "dpo.protocol.subject.result",
        "protocol_line_id",
        string="Results per Subject",
        readonly=True,
        copy=False,
        help="The final result of every subject of the curriculum, from the signed statements.",
    )
    subject_summary = fields.Char(
        string="Subjects",
        compute="_compute_subject_summary",
        help="The final result of every subject of the curriculum, as the protocol records it.",
    )
    missing_subject_count = fields.Integer(
        compute="_compute_subject_summary", string="Subjects Without a Result"
    )

    _sql_constraints = [
        (
            "protocol_enrollment_uniq",
            "UNIQUE(protocol_id, enrollment_id)",
            "A learner appears once in a protocol.",
        ),
    ]

    @api.depends("enrollment_id", "protocol_id.group_id")
    def _compute_admission(self):
        """Admitted when the latest signed intermediate result of every attested subject is a
        pass: the same rule (`dpo.enrollment._subject_results`) as the results per subject,
        the card and the journal."""
        subjects_by_program = {}
        results = self.filtered("enrollment_id").enrollment_id._subject_results(kinds=("intermediate",))
        for line in self:
            program = line.enrollment_id.program_id
            if program not in subjects_by_program:
                subjects_by_program[program] = program.subject_ids.filtered(
                    lambda s: s.attestation_form != "none"
                )
            by_subject = results.get(line.enrollment_id.id, {})
            missing = subjects_by_program[program].filtered(
                lambda s, by=by_subject: not (s in by and by[s].passed)
            )
            line.admitted = not missing
            line.admission_note = (
                self.env._(
                    "Intermediate attestation not passed: %(subjects)s",
                    subjects=", ".join(missing.mapped("name")),
                )
                if missing
                else False
            )

    @api.depends("subject_result_ids.status", "subject_result_ids.result", "subject_result_ids.absent")
    def _compute_subject_summary(self):
        results = dict(
            self.env["dpo.protocol.subject.result"]._fields["result"]._description_selection(self.env)
        )
        for line in self:
            parts = []
            for subject in line.subject_result_ids:
                if subject.status == "missing":
                    value = self.env._("no result")
                elif subject.status == "no_attestation":
                    value = "—"
                elif subject.absent:
                    value = self.env._("absent")
                else:
                    value = results.get(subject.result, "")
                parts.append(f"{subject.subject_name}: {value}")
            line.subject_summary = "; ".join(parts)
            line.missing_subject_count = len(
                line.subject_result_ids.filtered(lambda r: r.status == "missing")
            )

    @api.depends("result", "enrollment_id.program_id.document_kind")
    def _compute_decision(self):
        for line in self:
            if not line.result:
                line.decision = False
            elif line.result == "passed":
                line.decision = line.enrollment_id.program_id.document_kind
            else:
                line.decision = "reference"

    @api.constrains("grade", "result")
    def _check_grade(self):
        labels = dict(self._fields["grade"]._description_selection(self.env))
        for line in self.filtered("grade"):
            program = line.protocol_id.program_id
            allowed = grading.allowed_results(program.grading_scale, line.protocol_id.final_form)
            if line.grade not in allowed:
                raise ValidationError(
                    self.env._(
                        "Grade «%(grade)s» of %(learner)s is not on the programme's scale; use: %(allowed)s.",
                        grade=labels[line.grade],
                        learner=line.learner_name,
                        allowed=", ".join(labels[key] for key in allowed),
                    )
                )
            if (line.result == "passed") != grading.is_passing(line.grade):
                raise ValidationError(
                    self.env._(
                        "The grade «%(grade)s» of %(learner)s contradicts the result.",
                        grade=labels[line.grade],
                        learner=line.learner_name,
                    )
                )

    def _check_admission_override(self, vals):
        if "admission_override" in vals and self.env.context.get("dpo_admission_override") is not _ADMISSION:
            raise UserError(
                self.env._(
                    "Only the head of department admits a learner to the final attestation, with a "
                    "reason, through the «Admit» button of the protocol line."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_admission_override(vals)
        lines = super().create(vals_list)
        # A new learner of the protocol gets the results per subject of the signed statements,
        # and the result a final statement proposes.
        self.env["dpo.protocol.subject.result"]._refresh(lines)
        lines._propose_results()
        return lines

    def write(self, vals):
        self._check_admission_override(vals)
        return super().write(vals)

    def _propose_results(self):
        """Where the programme holds a final statement for the whole final attestation (seed
        004, 2.5: «ведомостью по итоговой аттестации и протоколами»), its signed result proposes
        the result and the grade of the lines still without one; the commission's protocol
        decides, and they may be changed until it is signed."""
        lines = self.filtered(lambda line: not line.result)
        finals = lines.enrollment_id._final_statement_results()
        by_vals = {}
        for line in lines:
            statement_line = finals.get(line.enrollment_id.id)
            if not statement_line:
                continue
            if statement_line.absent:
                vals = {"result": "absent", "grade": False}
            else:
                protocol = line.protocol_id
                allowed = grading.allowed_results(protocol.program_id.grading_scale, protocol.final_form)
                vals = {
                    "result": "passed" if statement_line.passed else "failed",
                    "grade": grading.grade_on_scale(statement_line.result, allowed),
                }
            key = tuple(sorted(vals.items()))
            by_vals[key] = by_vals.get(key, self.browse()) | line
        for vals, group in by_vals.items():
            group.write(dict(vals))

    def _check_ready_to_sign(self):
        protocol = self.protocol_id
        if not self:
            raise UserError(self.env._("The protocol has no learners."))
        empty = self.filtered(lambda line: not line.result)
        if empty:
            raise UserError(
                self.env._(
                    "Fill the result of every learner before signing: %(learners)s.",
                    learners=", ".join(empty.mapped("learner_name")),
                )
            )
        for line in self:
            if line.result == "passed" and not line.admitted and not line.admission_override:
                raise UserError(
                    self.env._(
                        "%(learner)s is not admitted to the final attestation (%(why)s): the result "
                        "cannot be «passed» unless the head of department admits the learner.",
                        learner=line.learner_name,
                        why=line.admission_note,
                    )
                )
            # Read as superuser: the chair who signs may be a teacher of another group.
            missing = line.sudo().subject_result_ids.filtered(lambda r: r.status == "missing")
            if missing and not line.admission_override:
                raise UserError(
                    self.env._(
                        "%(learner)s has no result in %(subjects)s: the protocol records the final "
                        "result of every subject of the curriculum. Sign the statements of these "
                        "subjects, or the head of department admits the learner with a reason.",
                        learner=line.learner_name,
                        subjects=", ".join(missing.mapped("subject_name")),
                    )
                )
            if protocol.needs_topic and line.result != "absent" and not line.work_topic:
                raise UserError(
                    self.env._("Give the topic of the final work of %(learner)s.", learner=line.learner_name)
                )

    def _check_head_reason(self, reason):
        if not self.env.user.has_group("dpo_records.group_dpo_head"):
            raise AccessError(self.env._("Only the head of department may do this."))
        if not (reason or "").strip():
            raise UserError(self.env._("A reason is required."))

    def action_override_admission(self, reason):
        """Admit learners whose intermediate attestations are not all passed; head only, with a
        reason kept in the correction ledger."""
        self._check_head_reason(reason)
        self._check_roster_draft(self.protocol_id)
        lines = self.filtered(lambda line: not line.admission_override)
        for line in lines:
            self.env["dpo.correction"]._record(line, "admission_override", False, True, reason)
        return lines.with_context(dpo_admission_override=_ADMISSION).write({"admission_override": True})
