from odoo import api, fields, models


class CurriculumCheck:
    """Put in the context (key `dpo_program_write`) only by dpo.program's `create` and
    `write`: a client cannot send a Python object through RPC, so a plain context value never
    skips the check. Curriculum lines written meanwhile leave the check of their programmes
    to the programme, which checks them all once every line is written (moving hours between
    lines in one save must be possible)."""

    def __init__(self):
        self.program_ids = set()


class DpoProgramSubject(models.Model):
    _name = "dpo.program.subject"
    _description = "Curriculum Line"
    _order = "program_id, sequence, id"

    program_id = fields.Many2one("dpo.program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Subject / Module", required=True)
    hours = fields.Integer(required=True)
    attestation_form = fields.Selection(
        [
            ("none", "None"),
            ("credit", "Credit"),
            ("graded_credit", "Graded Credit"),
            ("exam", "Exam"),
        ],
        required=True,
        default="credit",
    )

    _sql_constraints = [
        ("hours_positive", "CHECK(hours > 0)", "A curriculum line must have a positive number of hours."),
    ]

    # Lines written directly (import, API) are checked against their programme here, on every
    # path; through the programme (one2many commands) the programme checks them all at once.
    @api.model_create_multi
    def create(self, vals_list):
        subjects = super().create(vals_list)
        subjects._check_program_hours(subjects.program_id)
        return subjects

    def write(self, vals):
        programs = self.program_id
        result = super().write(vals)
        self._check_program_hours(programs | self.program_id)
        return result

    def unlink(self):
        programs = self.program_id
        result = super().unlink()
        self._check_program_hours(programs.exists())
        return result

    def _check_program_hours(self, programs):
        check = self.env.context.get("dpo_program_write")
        if isinstance(check, CurriculumCheck):
            check.program_ids.update(programs.ids)
        else:
            programs._check_subject_hours()
