from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dpo_program_subject import CurriculumCheck

# Minimum volume set by the Order of the Ministry of Education No. 499 (01.07.2013).
MIN_HOURS = {"pk": 16, "pp": 250}

DOCUMENT_BY_KIND = {
    "pk": "certificate_pk",
    "pp": "diploma_pp",
    "po_prep": "certificate_profession",
    "po_retrain": "certificate_profession",
    "po_upskill": "certificate_profession",
}

PROGRAM_KINDS = [
    ("pk", "Upskilling (ДПО ПК)"),
    ("pp", "Professional Retraining (ДПО ПП)"),
    ("po_prep", "Vocational Training: Profession Preparation"),
    ("po_retrain", "Vocational Training: Retraining"),
    ("po_upskill", "Vocational Training: Upskilling"),
]

DOCUMENT_KINDS = [
    ("certificate_pk", "Certificate of Upskilling"),
    ("diploma_pp", "Diploma of Professional Retraining"),
    ("certificate_profession", "Certificate of Worker Profession"),
    ("reference", "Reference of Training"),
]


class DpoProgram(models.Model):
    _name = "dpo.program"
    _description = "Educational Programme"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"

    name = fields.Char(string="Programme Title", required=True, tracking=True)
    code = fields.Char(help="Internal code of the programme, e.g. ПК-072.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    program_kind = fields.Selection(
        PROGRAM_KINDS, string="Programme Kind", required=True, default="pk", tracking=True
    )
    document_kind = fields.Selection(
        DOCUMENT_KINDS,
        string="Document Issued",
        compute="_compute_document_kind",
        store=True,
        help="Document given to those who pass the final attestation; the others get a "
        "reference of training (273-FZ art. 60 part 12).",
    )
    hours = fields.Integer(required=True, tracking=True)
    study_form = fields.Selection(
        [
            ("full_time", "Full-time"),
            ("part_time", "Part-time"),
            ("extramural", "Extramural"),
        ],
        required=True,
        default="full_time",
    )
    qualification_name = fields.Char(
        string="Qualification / Profession",
        help="New qualification for a retraining programme, or the worker profession or "
        "employee position for vocational training.",
    )
    professional_area = fields.Char(
        string="Area of Professional Activity",
        help="Reported to FIS FRDO for retraining programmes.",
    )
    profession_rank = fields.Char(
        string="Rank / Class",
        help="Rank (разряд) or class assigned by a vocational training programme.",
    )
    grading_scale = fields.Selection(
        [("five_point", "Grades 5 / 4 / 3 / 2"), ("pass_fail", "Pass / Fail")],
        required=True,
        default="five_point",
        help="Scale of the marks of the journal, the statements and the protocols.",
    )
    description = fields.Html()
    subject_ids = fields.One2many("dpo.program.subject", "program_id", string="Curriculum", copy=True)
    subject_hours = fields.Integer(string="Curriculum Hours", compute="_compute_subject_hours")
    group_ids = fields.One2many("dpo.group", "program_id", string="Groups")
    group_count = fields.Integer(compute="_compute_group_count")

    _sql_constraints = [
        ("hours_positive", "CHECK(hours > 0)", "The programme must have a positive number of hours."),
    ]

    @api.depends("program_kind")
    def _compute_document_kind(self):
        for program in self:
            program.document_kind = DOCUMENT_BY_KIND.get(program.program_kind)

    @api.depends("subject_ids.hours")
    def _compute_subject_hours(self):
        for program in self:
            program.subject_hours = sum(program.subject_ids.mapped("hours"))

    def _compute_group_count(self):
        counts = dict(
            self.env["dpo.group"]._read_group([("program_id", "in", self.ids)], ["program_id"], ["__count"])
        )
        for program in self:
            program.group_count = counts.get(program, 0)

    @api.constrains("program_kind", "hours")
    def _check_minimum_hours(self):
        kinds = dict(self._fields["program_kind"]._description_selection(self.env))
        for program in self:
            minimum = MIN_HOURS.get(program.program_kind)
            if minimum and program.hours < minimum:
                raise ValidationError(
                    self.env._(
                        "A programme of kind «%(kind)s» must last at least %(minimum)s hours; "
                        "«%(name)s» has %(hours)s.",
                        kind=kinds[program.program_kind],
                        minimum=minimum,
                        name=program.name,
                        hours=program.hours,
                    )
                )

    @api.constrains("hours", "subject_ids")
    def _check_subject_hours(self):
        for program in self:
            if program.subject_ids and program.subject_hours != program.hours:
                raise ValidationError(
                    self.env._(
                        "The curriculum of «%(name)s» adds up to %(subject_hours)s hours, "
                        "but the programme has %(hours)s hours.",
                        name=program.name,
                        subject_hours=program.subject_hours,
                        hours=program.hours,
                    )
                )

    # The curriculum is checked as a whole: lines changed through the programme (one2many
    # commands, including lines moved from another programme) are checked once, after all of
    # them are written, on every programme they belong or belonged to.
    def write(self, vals):
        check = CurriculumCheck()
        result = super(DpoProgram, self.with_context(dpo_program_write=check)).write(vals)
        (self | self.browse(check.program_ids)).exists()._check_subject_hours()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        check = CurriculumCheck()
        programs = super(DpoProgram, self.with_context(dpo_program_write=check)).create(vals_list)
        programs = programs.with_env(self.env)
        (programs | self.browse(check.program_ids)).exists()._check_subject_hours()
        return programs

    def action_view_groups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_group_action")
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action
