from odoo import api, fields, models
from odoo.exceptions import UserError

from . import grading
from .dpo_attestation_sheet import ATTESTATION_FORMS
from .dpo_destroying import is_destroying

# Put in the context only by `_refresh`, which takes the values from the signed statements and
# only for draft protocols: a client cannot send this object over RPC, so nobody enters, changes
# or deletes a result per subject by hand, whatever their rights.
_FILLING = object()

STATUSES = [
    ("recorded", "Recorded"),
    ("missing", "Missing"),
    ("no_attestation", "No Attestation"),
]

# The values copied from the curriculum and the statement: compared on refresh, frozen on signing.
COPIED_FIELDS = (
    "sequence",
    "subject_name",
    "hours",
    "attestation_form",
    "status",
    "result",
    "absent",
    "passed",
    "sheet_line_id",
    "sheet_id",
    "statement_kind",
    "date",
)


class DpoProtocolSubjectResult(models.Model):
    """The final result of one curriculum subject for one learner of a final attestation
    protocol (seed 000, 2.6: «Результаты итогового оценивания обучающегося по предметам учебного
    плана … фиксируются в протоколах итоговой аттестации»).

    Taken from the signed statements by the one rule of `dpo.enrollment._subject_results`
    when the protocol is drafted, refreshed and signed, and part of the signed protocol
    afterwards: the subject's name and hours, the mark and its statement are copied, so that a
    later change of the curriculum or a correction of the statement leaves the signed protocol
    as it was signed. A subject without a signed result is recorded as missing: it blocks the
    signing unless the head of department admitted the learner with a reason.
    """

    _name = "dpo.protocol.subject.result"
    _description = "Final Result of a Curriculum Subject"
    _order = "protocol_line_id, sequence, subject_id, id"

    protocol_line_id = fields.Many2one(
        "dpo.protocol.line",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    protocol_id = fields.Many2one(related="protocol_line_id.protocol_id", store=True, index=True)
    company_id = fields.Many2one(related="protocol_line_id.company_id", store=True, index=True)
    group_id = fields.Many2one(related="protocol_line_id.group_id", store=True, index=True)
    enrollment_id = fields.Many2one(related="protocol_line_id.enrollment_id", store=True, index=True)
    learner_name = fields.Char(related="protocol_line_id.learner_name", string="Learner")
    subject_id = fields.Many2one(
        "dpo.program.subject", required=True, readonly=True, index=True, ondelete="restrict"
    )
    sequence = fields.Integer(readonly=True)
    subject_name = fields.Char(string="Subject / Module", required=True, readonly=True)
    hours = fields.Integer(readonly=True)
    attestation_form = fields.Selection([*ATTESTATION_FORMS, ("none", "None")], readonly=True)
    status = fields.Selection(STATUSES, required=True, readonly=True)
    result = fields.Selection(grading.RESULTS, readonly=True)
    absent = fields.Boolean(readonly=True)
    passed = fields.Boolean(readonly=True)
    sheet_line_id = fields.Many2one(
        "dpo.attestation.sheet.line", string="Statement Line", readonly=True, ondelete="restrict"
    )
    sheet_id = fields.Many2one(
        "dpo.attestation.sheet", string="Statement", readonly=True, ondelete="restrict"
    )
    statement_kind = fields.Selection([("intermediate", "Intermediate"), ("final", "Final")], readonly=True)
    date = fields.Date(string="Statement Date", readonly=True)

    _sql_constraints = [
        (
            "line_subject_uniq",
            "UNIQUE(protocol_line_id, subject_id)",
            "A subject has one result per learner in a protocol.",
        ),
    ]

    def _check_filling(self):
        if self.env.context.get("dpo_subject_result") is not _FILLING:
            raise UserError(
                self.env._(
                    "The results per subject of a protocol are taken from the signed statements: they "
                    "are not entered, changed or deleted by hand. Sign the statement, then refresh the "
                    "draft protocol."
                )
            )

    # The access rights first (nobody but the superuser may write these records), then the
    # filling token (the superuser's code too writes them only through `_refresh`).
    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        self._check_filling()
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        self._check_filling()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_refresh(self):
        if not is_destroying(self.env):
            self._check_filling()

    # The values, from the one rule of the learners' results per subject

    @api.model
    def _values_for(self, enrollments):
        """{enrollment id: [values of each subject of the learner's curriculum, in its order]}:
        the latest signed result of each subject (`dpo.enrollment._subject_results`), «missing»
        when the subject has none, «no attestation» when the curriculum attests it in no form."""
        enrollments = enrollments.sudo()
        results = enrollments._subject_results()
        values = {}
        for enrollment in enrollments:
            by_subject = results.get(enrollment.id, {})
            rows = values[enrollment.id] = []
            for subject in enrollment.program_id.subject_ids:
                line = by_subject.get(subject)
                row = {
                    "subject_id": subject.id,
                    "sequence": subject.sequence,
                    "subject_name": subject.name,
                    "hours": subject.hours,
                    "attestation_form": subject.attestation_form,
                    "status": "no_attestation" if subject.attestation_form == "none" else "missing",
                    "result": False,
                    "absent": False,
                    "passed": False,
                    "sheet_line_id": False,
                    "sheet_id": False,
                    "statement_kind": False,
                    "date": False,
                }
                if line:
                    row.update(
                        attestation_form=line.sheet_id.form,
                        status="recorded",
                        result=line.result or False,
                        absent=line.absent,
                        passed=line.passed,
                        sheet_line_id=line.id,
                        sheet_id=line.sheet_id.id,
                        statement_kind=line.kind,
                        date=line.sheet_id.date,
                    )
                rows.append(row)
        return values

    @api.model
    def _new_for(self, enrollment):
        """The results per subject of `enrollment` as a protocol would record them now, in
        memory (for the attestation card before the protocol is signed)."""
        records = self.browse()
        for vals in self._values_for(enrollment).get(enrollment.id, []):
            records |= self.new(vals)
        return records

    def _comparable(self, name):
        value = self[name]
        return value.id or False if isinstance(value, models.BaseModel) else value

    @api.model
    def _refresh(self, protocol_lines):
        """Take the results per subject of `protocol_lines` from the signed statements: add the
        missing ones, update the changed ones, remove those of subjects no longer in the
        curriculum. Writes nothing when nothing changed; refuses a signed protocol, whose
        results are frozen with it. Run as superuser: the values come from signed statements,
        not from the user, and the chair who signs may be a teacher."""
        lines = protocol_lines.sudo()
        signed = lines.protocol_id.filtered(lambda protocol: protocol._is_signed_locked())
        if signed:
            raise UserError(signed[0]._signed_write_message())
        values = self._values_for(lines.enrollment_id)
        existing = {
            (result.protocol_line_id.id, result.subject_id.id): result for result in lines.subject_result_ids
        }
        Result = self.sudo().with_context(dpo_subject_result=_FILLING)
        kept = Result.browse()
        to_create = []
        for line in lines:
            for vals in values.get(line.enrollment_id.id, []):
                result = existing.get((line.id, vals["subject_id"]))
                if result is None:
                    to_create.append({**vals, "protocol_line_id": line.id})
                    continue
                kept |= result
                changed = {
                    name: vals[name] for name in COPIED_FIELDS if result._comparable(name) != vals[name]
                }
                if changed:
                    result.with_context(dpo_subject_result=_FILLING).write(changed)
        (lines.subject_result_ids - kept).with_context(dpo_subject_result=_FILLING).unlink()
        return Result.create(to_create)
