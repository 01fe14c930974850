from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# Fields of a locked work that may still be written: chatter bookkeeping only.
LOCKED_WRITABLE = frozenset(("message_main_attachment_id",))


class DpoPortfolioItem(models.Model):
    """A learner's work in the e-portfolio (seed 004, 2.2; seed 000, 2.3): the file, the
    reviews and marks of any participant, and, for a work presented at an attestation, the
    statement or protocol line. Once that statement or protocol is signed the work, its
    reviews and its marks are locked."""

    _name = "dpo.portfolio.item"
    _description = "Portfolio Work"
    # A work joins the learner's archival case when it is added (issue 12).
    _inherit = ["mail.thread", "dpo.archivable.mixin"]
    _order = "work_date desc, id desc"
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
        "dpo.program.subject", ondelete="restrict", domain="[('program_id', '=', program_id)]"
    )
    work_date = fields.Date(string="Date", required=True, default=fields.Date.context_today)
    file = fields.Binary(string="Work File", required=True, attachment=True)
    file_name = fields.Char()
    description = fields.Text()
    # A work presented at an attestation: the statement or protocol is chosen, the learner's
    # line in it is the link kept.
    sheet_id = fields.Many2one(
        "dpo.attestation.sheet",
        string="Presented at Statement",
        ondelete="set null",
        index="btree_not_null",
        copy=False,
        check_company=True,
        domain="[('group_id', '=', group_id), ('state', '=', 'draft')]",
    )
    protocol_id = fields.Many2one(
        "dpo.protocol",
        string="Presented at Final Attestation",
        ondelete="set null",
        index="btree_not_null",
        copy=False,
        check_company=True,
        domain="[('group_id', '=', group_id), ('state', '=', 'draft')]",
    )
    sheet_line_id = fields.Many2one(
        "dpo.attestation.sheet.line",
        string="Statement Line",
        compute="_compute_lines",
        store=True,
        index="btree_not_null",
    )
    protocol_line_id = fields.Many2one(
        "dpo.protocol.line",
        compute="_compute_lines",
        store=True,
        index="btree_not_null",
    )
    locked = fields.Boolean(
        compute="_compute_locked",
        store=True,
        help="The statement or protocol where the work was presented is signed: the work, its "
        "reviews and its marks cannot change.",
    )
    review_ids = fields.One2many("dpo.portfolio.review", "item_id", string="Reviews and Marks")
    review_count = fields.Integer(compute="_compute_review_count", string="Reviews")

    @api.depends("enrollment_id", "sheet_id.line_ids.enrollment_id", "protocol_id.line_ids.enrollment_id")
    def _compute_lines(self):
        for item in self:
            enrollment = item.enrollment_id
            item.sheet_line_id = item.sheet_id.line_ids.filtered(
                lambda line, e=enrollment: line.enrollment_id == e
            )
            item.protocol_line_id = item.protocol_id.line_ids.filtered(
                lambda line, e=enrollment: line.enrollment_id == e
            )

    @api.depends("sheet_id.state", "protocol_id.state")
    def _compute_locked(self):
        for item in self:
            item.locked = item.sheet_id.state not in (False, "draft") or (
                item.protocol_id.state not in (False, "draft")
            )

    @api.depends("review_ids")
    def _compute_review_count(self):
        for item in self:
            item.review_count = len(item.review_ids)

    @api.constrains("enrollment_id", "subject_id", "sheet_id", "protocol_id", "file")
    def _check_links(self):
        for item in self:
            if not item.file:
                raise ValidationError(self.env._("Upload the file of work «%(work)s».", work=item.name))
            enrollment = item.enrollment_id
            if enrollment.state == "draft":
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not enrolled yet: the portfolio holds works of enrolled learners.",
                        learner=item.learner_id.name,
                    )
                )
            if item.subject_id and item.subject_id.program_id != enrollment.program_id:
                raise ValidationError(
                    self.env._(
                        "Subject «%(subject)s» is not in the curriculum of the learner's programme.",
                        subject=item.subject_id.name,
                    )
                )
            if (item.sheet_id and not item.sheet_line_id) or (item.protocol_id and not item.protocol_line_id):
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not in the statement or protocol that work «%(work)s» is "
                        "linked to: link a work to an attestation of its own learner.",
                        work=item.name,
                        learner=item.learner_id.name,
                    )
                )

    def _locked_message(self, item):
        return self.env._(
            "Work «%(work)s» was presented at an attestation whose statement or protocol is signed: "
            "the work, its reviews and its marks can no longer change.",
            work=item.name,
        )

    @api.model
    def _check_links_draft(self, vals):
        """A work is linked only to a line of a draft statement or protocol: linking it to a
        signed one would add to a document that can no longer change."""
        sheet = self.env["dpo.attestation.sheet"].browse(vals.get("sheet_id"))
        protocol = self.env["dpo.protocol"].browse(vals.get("protocol_id"))
        if sheet.state not in (False, "draft") or protocol.state not in (False, "draft"):
            raise UserError(
                self.env._("A work is linked only to a draft statement or protocol, before it is signed.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_links_draft(vals)
        items = super().create(vals_list)
        items._archive_file()
        return items

    # The archive: the e-portfolio joins the learner's case (its own nomenclature line, else the
    # learner's personal file).

    def _get_archive_record_type(self):
        return "portfolio"

    def _get_archive_lines(self, cache):
        lines = super()._get_archive_lines(cache)
        if lines:
            return lines
        key = (self.company_id.id, "personal_file", False)
        if key not in cache:
            cache[key] = self.env["dpo.nomenclature.item"]._find_for(self.company_id, "personal_file")
        return cache[key]

    def _get_archive_date(self):
        self.ensure_one()
        return self.work_date

    def _get_archive_learner(self):
        self.ensure_one()
        return self.learner_id

    def _get_archive_name(self):
        self.ensure_one()
        return self.env._(
            "Portfolio work «%(work)s», %(learner)s", work=self.name, learner=self.learner_id.name
        )

    def _archive_is_open(self):
        self.ensure_one()
        return self.enrollment_id.state in ("draft", "enrolled")

    @api.model
    def _archive_existing_records(self, company):
        return self.search([("company_id", "=", company.id)], order="work_date, id")

    def write(self, vals):
        locked = self.filtered("locked")
        if locked and not LOCKED_WRITABLE.issuperset(vals):
            raise UserError(self._locked_message(locked[0]))
        if "enrollment_id" in vals and self.filtered(lambda r: r.enrollment_id.id != vals["enrollment_id"]):
            raise UserError(
                self.env._(
                    "A work stays in the portfolio of its learner: add it to the other learner's portfolio."
                )
            )
        self._check_links_draft(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_locked_or_reviewed(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        for item in self:
            if item.locked:
                raise UserError(self._locked_message(item))
            if item.review_ids:
                raise UserError(
                    self.env._(
                        "Work «%(work)s» has reviews or marks and is kept in the learner's portfolio.",
                        work=item.name,
                    )
                )
