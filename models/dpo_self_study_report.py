from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# Put in the context only by `action_review`: no client can send this object over RPC, so the
# status, the reviewer and the review date are written only by the review itself.
_REVIEW = object()
REVIEW_FIELDS = frozenset(("state", "reviewer_id", "review_date"))
# Fields of a reviewed report that may still be written: chatter bookkeeping only.
REVIEWED_WRITABLE = frozenset(("message_main_attachment_id",))


class DpoSelfStudyReport(models.Model):
    """A learner's report on self-study work in a subject of the curriculum (отчетная
    документация по самостоятельной работе, seed 004, 2.3): the uploaded file, then the
    teacher's mark on the programme's scale and review. Once reviewed it is kept unchanged."""

    _name = "dpo.self.study.report"
    _description = "Self-Study Report"
    _inherit = ["mail.thread", "dpo.mark.mixin"]
    _order = "submitted_date desc, id desc"
    _check_company_auto = True
    # Messages stay possible once the record is kept unchanged (its global rule refuses writes).
    _mail_post_access = "read"

    name = fields.Char(string="Title", required=True)
    enrollment_id = fields.Many2one(
        "dpo.enrollment",
        string="Enrolment",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', '!=', 'draft')]",
    )
    learner_id = fields.Many2one(related="enrollment_id.learner_id", store=True, index=True)
    group_id = fields.Many2one(related="enrollment_id.group_id", store=True, index=True)
    program_id = fields.Many2one(related="enrollment_id.program_id")
    company_id = fields.Many2one(related="enrollment_id.company_id", store=True, index=True)
    subject_id = fields.Many2one(
        "dpo.program.subject",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('program_id', '=', program_id)]",
    )
    submitted_date = fields.Date(string="Submitted On", required=True, default=fields.Date.context_today)
    file = fields.Binary(string="Report File", required=True, attachment=True)
    file_name = fields.Char()
    state = fields.Selection(
        [("submitted", "Submitted"), ("reviewed", "Reviewed")],
        string="Status",
        required=True,
        default="submitted",
        readonly=True,
        copy=False,
        tracking=True,
    )
    review = fields.Text(help="The teacher's review of the report.")
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    review_date = fields.Date(readonly=True, copy=False)

    def _mark_program(self):
        return self.enrollment_id.program_id

    @api.constrains("enrollment_id", "subject_id", "file")
    def _check_enrollment_subject(self):
        for report in self:
            if not report.file:
                raise ValidationError(
                    self.env._("Upload the file of self-study report «%(report)s».", report=report.name)
                )
            if report.enrollment_id.state == "draft":
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not enrolled yet and cannot hand in reports.",
                        learner=report.learner_id.name,
                    )
                )
            if report.subject_id.program_id != report.enrollment_id.program_id:
                raise ValidationError(
                    self.env._(
                        "Subject «%(subject)s» is not in the curriculum of the learner's programme.",
                        subject=report.subject_id.name,
                    )
                )

    def _is_review_write(self):
        return self.env.context.get("dpo_self_study_review") is _REVIEW

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if REVIEW_FIELDS.intersection(k for k, v in vals.items() if v and v != "submitted"):
                raise UserError(
                    self.env._(
                        "A report is reviewed by its teacher with «Confirm Review», not when it is uploaded."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_review_write():
            if "enrollment_id" in vals and self.filtered(
                lambda r: r.enrollment_id.id != vals["enrollment_id"]
            ):
                raise UserError(
                    self.env._(
                        "A report stays with the learner who handed it in: upload it for the other learner."
                    )
                )
            if REVIEW_FIELDS & vals.keys():
                raise UserError(
                    self.env._("The status, reviewer and date of a review are set only by «Confirm Review».")
                )
            if self.filtered(lambda r: r.state == "reviewed") and not REVIEWED_WRITABLE.issuperset(vals):
                raise UserError(
                    self.env._(
                        "A reviewed self-study report is part of the learner's record and cannot "
                        "change: the learner hands in a new report."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_reviewed(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        if self.filtered(lambda r: r.state == "reviewed"):
            raise UserError(
                self.env._(
                    "A reviewed self-study report is part of the learner's record and cannot be deleted."
                )
            )

    def action_review(self):
        """The teacher of the group (or a programme specialist) confirms the mark and review;
        the report is then kept unchanged."""
        user = self.env.user
        specialist = user.has_group("dpo_records.group_dpo_specialist")
        for report in self:
            if not specialist and user not in report.group_id.teacher_ids:
                raise AccessError(
                    self.env._(
                        "Only a teacher of group %(group)s or a programme specialist reviews its reports.",
                        group=report.group_id.name,
                    )
                )
            if report.state != "submitted":
                raise UserError(self.env._("Report «%(report)s» is already reviewed.", report=report.name))
            if not report.mark:
                raise UserError(
                    self.env._(
                        "Give the mark of report «%(report)s» before confirming the review.",
                        report=report.name,
                    )
                )
        self.with_context(dpo_self_study_review=_REVIEW).write(
            {"state": "reviewed", "reviewer_id": user.id, "review_date": fields.Date.context_today(self)}
        )
        return True
