from odoo import api, fields, models

from .dpo_program import DOCUMENT_KINDS, PROGRAM_KINDS

STUDY_FORMS = [("full_time", "Full-time"), ("part_time", "Part-time"), ("extramural", "Extramural")]
FUNDING = [("paid", "Paid Training"), ("budget", "Budget Training")]
EDUCATION_LEVELS = [
    ("higher", "Higher Education"),
    ("secondary_vocational", "Secondary Vocational Education"),
    ("secondary_general", "Secondary General Education"),
    ("basic_general", "Basic General Education"),
]
DELIVERY_METHODS = [
    ("in_person", "In Person"),
    ("proxy", "By Proxy"),
    ("courier", "By Courier"),
    ("post", "By Russian Post"),
]
# Recipient's and programme's data copied at issue from the learner, the enrolment, the group
# and the programme, and never changed afterwards.
FROZEN_FIELDS = (
    "recipient_last_name",
    "recipient_first_name",
    "recipient_patronymic",
    "recipient_birth_date",
    "recipient_gender",
    "recipient_snils",
    "recipient_citizenship_code",
    "program_name",
    "program_kind",
    "program_hours",
    "qualification_name",
    "professional_area",
    "profession_rank",
    "study_form",
    "funding",
    "study_date_start",
    "study_date_end",
    "education_level",
    "education_doc_last_name",
    "education_doc_series",
    "education_doc_number",
)
# What may still change on an issued document: how it reaches its recipient.
DELIVERY_FIELDS = frozenset(
    (
        "delivery_method",
        "proxy_number",
        "proxy_date",
        "dispatch_date",
        "tracking_number",
        "delivery_confirmed_date",
        "signature_received",
    )
)
# Set only by the document's own actions: cancelling, duplicates, the FRDO export.
ACTION_FIELDS = frozenset(
    (
        "cancel_reason",
        "cancelled_by_id",
        "cancelled_date",
        "frdo_export_date",
        "frdo_export_attachment_id",
        "frdo_lost",
        "frdo_exchanged",
        "frdo_destroyed",
    )
)


class DpoDocument(models.Model):
    """A document on education or training issued to a learner: one line of the issuance book.

    Drafted from a signed final attestation protocol, issued by `action_issue()` (registration
    number from the numbering engine, next blank of its kind, recipient's and programme's data
    frozen, the electronic copy kept with its checksum), then immutable but for its delivery;
    cancelled with a reason, never deleted. A duplicate points to its original.
    """

    _name = "dpo.document"
    _description = "Document on Education and Training"
    _inherit = ["mail.thread", "mail.activity.mixin", "dpo.signed.document.mixin"]
    _order = "issue_date desc, name desc, id desc"
    _check_company_auto = True
    _signed_state = "issued"
    _signed_report = "dpo_records.action_report_dpo_document"

    name = fields.Char(
        string="Registration Number",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Given when the document is issued, in the order of the issuance book.",
    )
    registration_number = fields.Char(related="name", string="Registration No.", readonly=True)
    # The mixin's «signed» is never used by a document: issuing makes it «issued».
    state = fields.Selection(
        selection_add=[("issued", "Issued"), ("cancelled", "Cancelled")],
        ondelete={"issued": "set default", "cancelled": "set default"},
    )
    document_kind = fields.Selection(DOCUMENT_KINDS, required=True, tracking=True)
    status = fields.Selection(
        [("original", "Original"), ("duplicate", "Duplicate")],
        string="Original or Duplicate",
        required=True,
        default="original",
        readonly=True,
        copy=False,
    )
    original_id = fields.Many2one(
        "dpo.document",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    duplicate_ids = fields.One2many("dpo.document", "original_id", string="Duplicates", readonly=True)
    enrollment_id = fields.Many2one(
        "dpo.enrollment",
        string="Enrolment",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    learner_id = fields.Many2one(related="enrollment_id.learner_id", store=True, index=True, string="Learner")
    group_id = fields.Many2one(related="enrollment_id.group_id", store=True, index=True, string="Group")
    program_id = fields.Many2one(related="enrollment_id.program_id", store=True, string="Programme")
    company_id = fields.Many2one(related="enrollment_id.company_id", store=True, index=True)
    protocol_id = fields.Many2one(
        "dpo.protocol",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The signed final attestation protocol the document is issued on.",
    )
    order_id = fields.Many2one(
        related="enrollment_id.exit_order_id", string="Order", help="Order on completion or expulsion."
    )
    issue_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    issue_year = fields.Integer(compute="_compute_issue_year", store=True, aggregator=None, string="Year")
    series = fields.Char(string="Blank Series", size=20, tracking=True)
    number = fields.Char(string="Blank Number", size=40, tracking=True)
    blank_id = fields.Many2one(
        "dpo.document.blank",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        copy=False,
        domain="[('company_id', '=', company_id), ('document_kind', '=', document_kind), "
        "('state', '=', 'available')]",
        help="Leave empty: issuing takes the next available blank of the kind.",
    )
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    cancelled_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    cancelled_date = fields.Datetime(readonly=True, copy=False)

    # Frozen at issue
    recipient_last_name = fields.Char(readonly=True, copy=False)
    recipient_first_name = fields.Char(readonly=True, copy=False)
    recipient_patronymic = fields.Char(readonly=True, copy=False)
    recipient_name = fields.Char(
        compute="_compute_recipient_name", store=True, string="Recipient", help="As written in the document."
    )
    recipient_birth_date = fields.Date(readonly=True, copy=False)
    recipient_gender = fields.Selection([("male", "Male"), ("female", "Female")], readonly=True, copy=False)
    recipient_snils = fields.Char(string="Recipient's SNILS", readonly=True, copy=False)
    recipient_citizenship_code = fields.Char(
        string="Citizenship (OKSM)", readonly=True, copy=False, help="Numeric OKSM code, 643 for Russia."
    )
    program_name = fields.Char(string="Programme Title", readonly=True, copy=False)
    program_kind = fields.Selection(PROGRAM_KINDS, readonly=True, copy=False)
    program_hours = fields.Integer(string="Hours", readonly=True, copy=False, aggregator=None)
    qualification_name = fields.Char(string="Qualification / Profession", readonly=True, copy=False)
    professional_area = fields.Char(string="Area of Professional Activity", readonly=True, copy=False)
    profession_rank = fields.Char(string="Rank / Class", readonly=True, copy=False)
    study_form = fields.Selection(STUDY_FORMS, readonly=True, copy=False)
    funding = fields.Selection(FUNDING, readonly=True, copy=False)
    study_date_start = fields.Date(string="Study Start", readonly=True, copy=False)
    study_date_end = fields.Date(string="Study End", readonly=True, copy=False)
    education_level = fields.Selection(EDUCATION_LEVELS, readonly=True, copy=False)
    education_doc_last_name = fields.Char(string="Surname in Education Document", readonly=True, copy=False)
    education_doc_series = fields.Char(string="Education Document Series", readonly=True, copy=False)
    education_doc_number = fields.Char(string="Education Document Number", readonly=True, copy=False)
    education_form_at_exit = fields.Selection(
        [("in_org", "In the Organisation"), ("outside_org", "Outside the Organisation")],
        string="Form of Education at Exit",
        required=True,
        default="in_org",
    )

    # Delivery (seed 000 §2.9–2.10)
    delivery_method = fields.Selection(DELIVERY_METHODS, tracking=True)
    proxy_number = fields.Char(string="Power of Attorney No.", tracking=True)
    proxy_date = fields.Date(string="Power of Attorney Date", tracking=True)
    dispatch_date = fields.Date(tracking=True)
    tracking_number = fields.Char(
        string="Receipt / Tracking No.",
        tracking=True,
        help="Number of the courier's or post office's receipt.",
    )
    delivery_confirmed_date = fields.Date(string="Delivery Confirmed On", tracking=True)
    signature_received = fields.Boolean(
        string="Recipient Signed the Book",
        tracking=True,
        help="The recipient signed for it in the issuance book.",
    )
    delivered = fields.Boolean(compute="_compute_delivered", store=True)

    # FIS FRDO
    frdo_export_date = fields.Date(string="Exported to FRDO On", readonly=True, copy=False)
    frdo_export_attachment_id = fields.Many2one(
        "ir.attachment", string="FRDO File", readonly=True, copy=False, ondelete="restrict"
    )
    frdo_deadline = fields.Date(
        string="FRDO Deadline",
        compute="_compute_frdo_deadline",
        store=True,
        help="Issue date plus the FRDO deadline of the company's settings.",
    )
    frdo_lost = fields.Boolean(string="Loss Confirmed", readonly=True, copy=False)
    frdo_exchanged = fields.Boolean(string="Exchange Confirmed", readonly=True, copy=False)
    frdo_destroyed = fields.Boolean(string="Destruction Confirmed", readonly=True, copy=False)

    _sql_constraints = [
        (
            "name_company_uniq",
            "UNIQUE(name, company_id)",
            "A document with this registration number already exists in this company.",
        ),
        ("blank_uniq", "UNIQUE(blank_id)", "This blank is already used by another document."),
    ]

    @api.depends("issue_date")
    def _compute_issue_year(self):
        for document in self:
            document.issue_year = document.issue_date.year if document.issue_date else 0

    @api.depends("recipient_last_name", "recipient_first_name", "recipient_patronymic")
    def _compute_recipient_name(self):
        for document in self:
            parts = (
                document.recipient_last_name,
                document.recipient_first_name,
                document.recipient_patronymic,
            )
            document.recipient_name = " ".join(part for part in parts if part) or False

    @api.depends("delivery_method", "signature_received", "delivery_confirmed_date")
    def _compute_delivered(self):
        for document in self:
            if document.delivery_method in ("courier", "post"):
                document.delivered = bool(document.delivery_confirmed_date)
            else:
                document.delivered = document.signature_received

    @api.depends("issue_date", "company_id.dpo_frdo_deadline_days")
    def _compute_frdo_deadline(self):
        for document in self:
            days = document.company_id.dpo_frdo_deadline_days
            document.frdo_deadline = (
                fields.Date.add(document.issue_date, days=days) if document.issue_date and days else False
            )

    # The signed document mechanism

    def _get_signing_fields(self):
        return super()._get_signing_fields() | set(FROZEN_FIELDS) | ACTION_FIELDS

    def _get_signed_writable_fields(self):
        return super()._get_signed_writable_fields() | DELIVERY_FIELDS

    def _get_numbering(self):
        self.ensure_one()
        return self.company_id, "document", self.issue_date

    def action_issue(self):
        raise NotImplementedError

    def action_cancel(self, reason):
        raise NotImplementedError

    def action_make_duplicate(self, reason="lost"):
        raise NotImplementedError

    def _mark_exported(self, attachment):
        raise NotImplementedError

    def _reference_subjects(self):
        raise NotImplementedError
