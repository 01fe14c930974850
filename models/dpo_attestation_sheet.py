from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import grading

ATTESTATION_FORMS = [
    ("credit", "Credit"),
    ("graded_credit", "Graded Credit"),
    ("exam", "Exam"),
    ("testing", "Testing"),
    ("work_defense", "Defence of a Work"),
]
# What a teacher (examiner) writes on the statement itself: the results in its lines, whose
# fields the line checks; subject, examiners, date, group and the rest are the specialist's.
TEACHER_WRITABLE = frozenset(("line_ids",))


class DpoAttestationSheet(models.Model):
    _name = "dpo.attestation.sheet"
    _description = "Attestation Statement"
    _check_company_auto = True
    _inherit = ["mail.thread", "mail.activity.mixin", "dpo.roster.mixin"]
    _order = "date desc, id desc"
    _roster_line_model = "dpo.attestation.sheet.line"
    _roster_line_field = "sheet_id"
    # A statement has no number of its own: its name says what it attests.
    _signed_number_field = False
    _signed_report = "dpo_records.action_report_attestation_sheet"

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(
        [("current", "Current Control"), ("intermediate", "Intermediate"), ("final", "Final")],
        required=True,
        default="intermediate",
        tracking=True,
    )
    group_id = fields.Many2one("dpo.group", required=True, index=True, ondelete="restrict", tracking=True)
    program_id = fields.Many2one(related="group_id.program_id", store=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)
    subject_id = fields.Many2one(
        "dpo.program.subject",
        index=True,
        ondelete="restrict",
        domain="[('program_id', '=', program_id)]",
        tracking=True,
        check_company=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    form = fields.Selection(ATTESTATION_FORMS, string="Attestation Form", required=True, default="credit")
    examiner_ids = fields.Many2many(
        "res.users",
        "dpo_attestation_sheet_examiner_rel",
        "sheet_id",
        "user_id",
        string="Examiners",
        help="Teachers who examine and sign the statement.",
    )
    commission_id = fields.Many2one(
        "dpo.commission",
        ondelete="restrict",
        domain="[('kind', '=', 'attestation'), ('company_id', '=', company_id)]",
        help="When a commission examines, its members sign the statement instead of the examiners.",
        check_company=True,
    )
    line_ids = fields.One2many("dpo.attestation.sheet.line", "sheet_id", string="Results")
    passed_count = fields.Integer(compute="_compute_counts", string="Passed")
    failed_count = fields.Integer(compute="_compute_counts", string="Not Passed")
    header_editable = fields.Boolean(
        compute="_compute_header_editable",
        help="Whether the current user may change the statement itself, not only its results.",
    )

    @api.depends("kind", "subject_id.name", "group_id.name", "date")
    def _compute_name(self):
        for sheet in self:
            subject = sheet.subject_id.name or self.env._("Final attestation")
            sheet.name = f"{subject} — {sheet.group_id.name or ''}"

    @api.depends("line_ids.passed", "line_ids.result", "line_ids.absent")
    def _compute_counts(self):
        for sheet in self:
            passed = len(sheet.line_ids.filtered("passed"))
            sheet.passed_count = passed
            sheet.failed_count = len(sheet.line_ids) - passed

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_header_editable(self):
        preparer = self.env.user.has_group("dpo_records.group_dpo_specialist")
        for sheet in self:
            sheet.header_editable = preparer and sheet.state == "draft"

    @api.constrains("kind", "subject_id")
    def _check_subject(self):
        for sheet in self:
            if sheet.kind == "intermediate" and not sheet.subject_id:
                raise ValidationError(
                    self.env._("An intermediate statement needs a subject of the curriculum.")
                )
            if sheet.subject_id and sheet.subject_id.program_id != sheet.program_id:
                raise ValidationError(
                    self.env._(
                        "Subject «%(subject)s» is not in the curriculum of the group's programme.",
                        subject=sheet.subject_id.name,
                    )
                )

    def write(self, vals):
        if not (self.env.su or self.env.user.has_group("dpo_records.group_dpo_specialist")):
            # A signed statement says so to everyone, the teacher included, before the
            # teacher's own allow-list is looked at.
            locked = self.filtered(lambda sheet: sheet._is_signed_locked())
            if locked and not self._is_signing() and not self._get_signed_writable_fields().issuperset(vals):
                raise UserError(locked._signed_write_message())
            self._check_teacher_write(vals)
        return super().write(vals)

    def _check_teacher_write(self, vals):
        """A teacher writes only the results of the learners already on the statement."""
        if self._is_signed_locked():
            # A signed statement refuses every change to everyone, with the signed-document
            # mixin's own message.
            return
        # The signing's own fields are refused to everyone by the signed-document mixin, with
        # its own message.
        refused = sorted(set(vals) - TEACHER_WRITABLE - self._get_signing_fields())
        if refused:
            raise AccessError(
                self.env._(
                    "A teacher fills in only the results of a statement; %(fields)s are set by a "
                    "programme specialist.",
                    fields=", ".join(
                        f"«{self._fields[name]._description_string(self.env)}»"
                        if name in self._fields
                        else name
                        for name in refused
                    ),
                )
            )
        for command in vals.get("line_ids") or ():
            # Update a line (its own guard checks the fields) or keep it; never add, remove or
            # replace learners.
            if not (
                isinstance(command, (list, tuple))
                and command[0] in (Command.UPDATE, Command.LINK)
                and command[1] in self.line_ids.ids
            ):
                raise AccessError(
                    self.env._("A teacher cannot add learners to a statement or remove them from it.")
                )

    # The archive: signed statements join their case.

    def _get_archive_record_type(self):
        return "statement"

    @api.model
    def _archive_existing_records(self, company):
        return self.search([("company_id", "=", company.id), ("state", "!=", "draft")], order="date, id")

    def _signed_write_message(self):
        return self.env._(
            "A signed statement cannot be changed. A result is corrected by the head of "
            "department, with a reason, through the correction ledger."
        )

    def _signed_unlink_message(self):
        return self.env._("A signed statement is part of the individual record and cannot be deleted.")

    def _draft_only_message(self):
        return self.env._("Learners are added only to a draft statement.")

    def _already_signed_message(self):
        return self.env._("Statement «%(sheet)s» is already signed.", sheet=self[:1].name)

    def _allowed_results(self):
        self.ensure_one()
        return grading.allowed_results(
            self.program_id.grading_scale, self.form, self.company_id.dpo_statement_pass_fail_only
        )

    def _check_can_sign(self):
        user = self.env.user
        for sheet in self:
            commission = sheet.commission_id
            in_commission = user.partner_id in (
                commission.chair_id | commission.secretary_id | commission.member_ids
            )
            if not (
                user in sheet.examiner_ids
                or in_commission
                or user.has_group("dpo_records.group_dpo_specialist")
            ):
                raise AccessError(
                    self.env._(
                        "Only an examiner of the statement or a programme specialist may sign «%(sheet)s».",
                        sheet=sheet.name,
                    )
                )

    def action_sign(self):
        self._check_can_sign()
        for sheet in self:
            if sheet._is_signed_locked():
                raise UserError(sheet._already_signed_message())
            if sheet.commission_id:
                sheet._check_commission_group()
                sheet.commission_id.sudo()._check_valid_on(sheet.date)
            if not sheet.line_ids:
                raise UserError(self.env._("Statement «%(sheet)s» has no learners.", sheet=sheet.name))
            empty = sheet.line_ids.filtered(lambda line: not line.result and not line.absent)
            if empty:
                raise UserError(
                    self.env._(
                        "Fill the result of every learner before signing «%(sheet)s»: %(learners)s.",
                        sheet=sheet.name,
                        learners=", ".join(empty.mapped("learner_name")),
                    )
                )
            # The company may have restricted the scale since the results were filled in.
            sheet.line_ids._check_result()
        self._mark_signed()
        self._store_signed_copy()
        return True

    @api.constrains("kind", "date", "group_id", "subject_id")
    def _check_current_control(self):
        """A statement of current control (seed 004, 2.3) records a subject's marks during the
        training: it has a subject and is dated within the group's period."""
        for sheet in self.filtered(lambda s: s.kind == "current"):
            if not sheet.subject_id:
                raise ValidationError(
                    self.env._("A statement of current control needs a subject of the curriculum.")
                )
            group = sheet.group_id
            if not group.date_start <= sheet.date <= group.date_end:
                raise ValidationError(
                    self.env._(
                        "A statement of current control is dated within the training of group "
                        "%(group)s (%(start)s – %(end)s), not on %(date)s.",
                        group=group.name,
                        start=group.date_start.strftime("%d.%m.%Y"),
                        end=group.date_end.strftime("%d.%m.%Y"),
                        date=sheet.date.strftime("%d.%m.%Y"),
                    )
                )
