from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .company_date import company_today
from .dpo_program import DOCUMENT_KINDS, PROGRAM_KINDS
from .dpo_signed_document_mixin import _SIGNING

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
# Series and number unique per company and kind (see `_sql_constraints`), as PostgreSQL prints
# the definition back.
SERIES_NUMBER_EXCLUSION = (
    "EXCLUDE USING btree (company_id WITH =, document_kind WITH =, "
    "COALESCE(series, ''::character varying) WITH =, number WITH =) WHERE ((number IS NOT NULL))"
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
        "subject_results",
        "book_sequence",
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
    _order = "issue_date desc, book_sequence desc, id desc"
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
    book_sequence = fields.Integer(
        readonly=True,
        copy=False,
        aggregator=None,
        help="Position of the document in its year's issuance book: the counter's number it got.",
    )
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
    series = fields.Char(string="Blank Series", size=20, copy=False, tracking=True)
    number = fields.Char(string="Blank Number", size=40, copy=False, tracking=True)
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
    spoiled_blank_ids = fields.One2many(
        "dpo.document.blank",
        "document_id",
        domain=[("state", "=", "spoiled")],
        string="Misprinted Blanks",
        readonly=True,
        help="Blanks this document was misprinted on, spoiled when it was reprinted on a new blank.",
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
    subject_results = fields.Json(
        readonly=True,
        copy=False,
        help="For a reference of training: the subjects studied with hours and results, as issued.",
    )
    subject_results_html = fields.Html(
        compute="_compute_subject_results_html", string="Subjects Studied", sanitize=False
    )
    uses_blanks = fields.Boolean(compute="_compute_uses_blanks", string="Printed on Blanks")
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
    delivery_status = fields.Selection(
        [("to_deliver", "To Hand Over"), ("in_transit", "Sent, Not Confirmed"), ("delivered", "Delivered")],
        compute="_compute_delivered",
        store=True,
    )

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
    frdo_status = fields.Selection(
        [("to_export", "Not Exported"), ("exported", "Exported")],
        string="FRDO",
        compute="_compute_frdo_status",
        store=True,
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
        # A kind printed without blanks has no stock whose own constraint keeps its numbers
        # unique: the documents' series and numbers are unique per company and kind here
        # (an empty series counts as one series; drafts without a number are left out).
        (
            "series_number_uniq",
            SERIES_NUMBER_EXCLUSION,
            "A document of this kind with this series and number already exists in this company.",
        ),
    ]

    @api.depends("issue_date")
    def _compute_issue_year(self):
        for document in self:
            document.issue_year = document.issue_date.year if document.issue_date else 0

    @api.depends(
        "recipient_last_name", "recipient_first_name", "recipient_patronymic", "learner_id.name", "state"
    )
    def _compute_recipient_name(self):
        for document in self:
            parts = (
                document.recipient_last_name,
                document.recipient_first_name,
                document.recipient_patronymic,
            )
            frozen = " ".join(part for part in parts if part)
            # A draft shows the learner's current name; issued, the name as written in it.
            document.recipient_name = (
                frozen or (document.state == "draft" and document.learner_id.name) or False
            )

    @api.depends("state", "delivery_method", "signature_received", "dispatch_date", "delivery_confirmed_date")
    def _compute_delivered(self):
        for document in self:
            sent = document.delivery_method in ("courier", "post")
            if sent:
                document.delivered = bool(document.delivery_confirmed_date)
            else:
                document.delivered = document.signature_received
            if document.state != "issued":
                document.delivery_status = False
            elif document.delivered:
                document.delivery_status = "delivered"
            else:
                document.delivery_status = "in_transit" if sent and document.dispatch_date else "to_deliver"

    @api.depends("state", "frdo_export_date")
    def _compute_frdo_status(self):
        for document in self:
            if document.state == "draft":
                document.frdo_status = False
            else:
                document.frdo_status = "exported" if document.frdo_export_date else "to_export"

    @api.depends("company_id", "document_kind")
    def _compute_uses_blanks(self):
        templates = self._templates(create=False)
        for document in self:
            template = templates.get((document.company_id, document.document_kind))
            document.uses_blanks = bool(template and template.uses_blanks)

    @api.depends("subject_results", "state", "enrollment_id", "protocol_id", "document_kind")
    def _compute_subject_results_html(self):
        head = Markup("<tr><th>%s</th><th class='text-end'>%s</th><th>%s</th></tr>") % (
            self.env._("Subject"),
            self.env._("Hours"),
            self.env._("Result"),
        )
        for document in self:
            rows = document._reference_subjects() if document.document_kind == "reference" else []
            body = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td><td>%s</td></tr>")
                % (row["name"], row["hours"] or "", row["result"])
                for row in rows
            )
            document.subject_results_html = (
                Markup("<table class='table table-sm'><thead>%s</thead><tbody>%s</tbody></table>")
                % (head, body)
                if rows
                else False
            )

    @api.depends("issue_date", "company_id.dpo_frdo_deadline_days")
    def _compute_frdo_deadline(self):
        for document in self:
            days = document.company_id.dpo_frdo_deadline_days
            document.frdo_deadline = (
                fields.Date.add(document.issue_date, days=days) if document.issue_date and days else False
            )

    @api.depends("name", "document_kind", "recipient_name", "learner_id.name", "state")
    def _compute_display_name(self):
        kinds = dict(self._fields["document_kind"]._description_selection(self.env))
        for document in self:
            document.display_name = self.env._(
                "%(kind)s No. %(number)s, %(name)s",
                kind=kinds.get(document.document_kind, ""),
                number=document.name or self.env._("draft"),
                name=document.recipient_name or document.learner_id.name or "",
            )

    @api.constrains("delivery_method", "tracking_number", "dispatch_date", "proxy_number", "proxy_date")
    def _check_delivery(self):
        for document in self:
            method = document.delivery_method
            if method in ("courier", "post") and not (
                (document.tracking_number or "").strip() and document.dispatch_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(document)s is sent by courier or post: give the dispatch date and the number "
                        "of the receipt (tracking number), they go into the issuance book.",
                        document=document.display_name,
                    )
                )
            if method == "proxy" and not ((document.proxy_number or "").strip() and document.proxy_date):
                raise ValidationError(
                    self.env._(
                        "%(document)s is handed over by proxy: give the number and the date of the power "
                        "of attorney.",
                        document=document.display_name,
                    )
                )

    @api.constrains("issue_date", "dispatch_date", "delivery_confirmed_date", "proxy_date")
    def _check_delivery_dates(self):
        for document in self:
            if (
                document.dispatch_date
                and document.issue_date
                and document.dispatch_date < document.issue_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(document)s cannot be sent before it is issued.", document=document.display_name
                    )
                )
            if (
                document.delivery_confirmed_date
                and document.dispatch_date
                and document.delivery_confirmed_date < document.dispatch_date
            ):
                raise ValidationError(
                    self.env._(
                        "The delivery of %(document)s cannot be confirmed before it was sent.",
                        document=document.display_name,
                    )
                )

    @api.constrains("series", "number", "document_kind", "company_id")
    def _check_series_number(self):
        """A series and number typed on a draft (kinds printed without blanks) is refused when a
        document of the company and kind already bears it, with a clear message before the
        database's constraint would refuse it. Issuing and importing write numbers that come from
        blanks and registration numbers, unique by their own constraints, or checked by the
        import's dry run: the database's constraint alone guards them (one query less per
        issued document)."""
        if self._is_signing():
            return
        numbered = self.filtered("number")
        if not numbered:
            return
        keys = {}
        for document in numbered:
            key = (document.company_id.id, document.document_kind, document.series or "", document.number)
            if key in keys:
                raise ValidationError(document._series_number_message(keys[key]))
            keys[key] = document
        # Raw SQL: the values of `self` are compared as they are in the cache, without flushing
        # them (the database's constraint would refuse them first, without this message).
        rows = self.env.execute_query(
            SQL(
                """SELECT id, company_id, document_kind, COALESCE(series, ''), number FROM dpo_document
                    WHERE company_id IN %s AND number IN %s AND id NOT IN %s""",
                tuple({key[0] for key in keys}),
                tuple({key[3] for key in keys}),
                tuple(numbered.ids) or (0,),
            )
        )
        for document_id, *key in rows:
            document = keys.get(tuple(key))
            if document:
                raise ValidationError(document._series_number_message(self.browse(document_id).sudo()))

    def _series_number_message(self, other):
        self.ensure_one()
        return self.env._(
            "Series and number %(number)s are already borne by %(other)s: the series and number of a "
            "document are unique in the company for each kind of document.",
            number=" ".join(part for part in (self.series, self.number) if part),
            other=other.display_name,
        )

    @api.constrains("document_kind", "enrollment_id", "protocol_id", "blank_id")
    def _check_consistency(self):
        for document in self:
            if document.protocol_id and document.protocol_id.group_id != document.group_id:
                raise ValidationError(
                    self.env._(
                        "Protocol %(protocol)s is not the protocol of group %(group)s.",
                        protocol=document.protocol_id.display_name,
                        group=document.group_id.name,
                    )
                )
            document._check_document_kind()
            if document.blank_id and document.state == "draft":
                document._check_blank(document.blank_id)

    def _check_document_kind(self):
        """A programme's document is the one of the programme; a reference fits every programme."""
        self.ensure_one()
        expected = self.program_id.document_kind
        if self.document_kind != "reference" and self.document_kind != expected:
            kinds = dict(self._fields["document_kind"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "Programme «%(program)s» gives «%(expected)s», not «%(kind)s».",
                    program=self.program_id.name,
                    expected=kinds.get(expected, ""),
                    kind=kinds[self.document_kind],
                )
            )

    def _check_blank(self, blank):
        """The blank is an available blank of this document's kind and company."""
        self.ensure_one()
        blank = blank.sudo()
        if blank.company_id != self.company_id or blank.document_kind != self.document_kind:
            raise ValidationError(
                self.env._(
                    "Blank %(blank)s is a blank of another kind of document or of another company: it cannot "
                    "be used for %(document)s.",
                    blank=blank.display_name,
                    document=self.display_name,
                )
            )
        if blank.state != "available" and blank.document_id != self:
            states = dict(blank._fields["state"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "Blank %(blank)s is %(state)s: take an available blank.",
                    blank=blank.display_name,
                    state=states[blank.state].lower(),
                )
            )

    # The signed document mechanism

    def _get_signing_fields(self):
        return super()._get_signing_fields() | set(FROZEN_FIELDS) | ACTION_FIELDS | {"status", "original_id"}

    def _get_signed_writable_fields(self):
        return super()._get_signed_writable_fields() | DELIVERY_FIELDS

    def _get_numbering(self):
        self.ensure_one()
        return self.company_id, "document", self.issue_date

    def _has_signing_values(self):
        # `status` defaults to «original»: only a duplicate is a forged value there.
        stored = self._get_signing_fields() - {"state", "scan_ids", "status"}
        return any(
            document.state != "draft"
            or document.status != "original"
            or any(document[name] for name in stored)
            for document in self
        )

    def _signed_write_message(self):
        return self.env._(
            "%(document)s is issued: only its delivery may still be recorded. A wrong document is cancelled "
            "with a reason and issued anew.",
            document=self[:1].display_name,
        )

    def _signed_unlink_message(self):
        return self.env._(
            "%(document)s is a line of the issuance book, kept at least 50 years: it cannot be deleted, "
            "only cancelled with a reason.",
            document=self[:1].display_name,
        )

    def _already_signed_message(self):
        return self.env._("%(document)s is already issued.", document=self[:1].display_name)

    def _signing_fields_message(self):
        return self.env._(
            "The registration number, status, recipient's and programme's data, blank use, cancellation and "
            "FRDO marks of a document are set only by issuing it and by its own actions; they cannot be "
            "entered or changed."
        )

    def write(self, vals):
        if {"series", "number"} & vals.keys() and not self._is_signing():
            templates = self._templates(create=False)
            if any(templates[document.company_id, document.document_kind].uses_blanks for document in self):
                raise UserError(
                    self.env._(
                        "The series and number of a document printed on a blank are those of its blank: "
                        "choose the blank instead."
                    )
                )
        return super().write(vals)

    # Helpers

    def _templates(self, create=True):
        """{(company, kind): its print template and blank setting} for the documents."""
        keys = {(d.company_id, d.document_kind) for d in self}
        return self.env["dpo.document.template"]._get_many(keys, create=create)

    def _check_can_issue(self):
        if not self.env.user.has_group("dpo_records.group_dpo_specialist"):
            raise AccessError(self.env._("Only a programme specialist (the registrar) issues documents."))
        self.check_access("write")

    def _check_issue_basis(self, protocol_lines):
        """The document rests on a signed protocol (or, for a reference of a learner expelled
        before the final attestation, on the signed expulsion order). `protocol_lines`: the lines
        of the documents' protocols by (protocol id, enrolment id)."""
        self.ensure_one()
        if self.status == "duplicate":
            if self.original_id.state != "issued":
                raise UserError(
                    self.env._(
                        "A duplicate is issued only for an issued original; %(original)s is not.",
                        original=self.original_id.display_name,
                    )
                )
            return
        learner = self.learner_id.name
        protocol = self.protocol_id.sudo()
        if not protocol:
            enrollment = self.enrollment_id.sudo()
            if (
                self.document_kind == "reference"
                and enrollment.state == "expelled"
                and enrollment.exit_order_id
            ):
                return
            raise UserError(
                self.env._(
                    "%(learner)s has no signed final attestation protocol: a document is issued on the "
                    "signed protocol (a reference of an expelled learner on the signed expulsion order).",
                    learner=learner,
                )
            )
        if protocol.state != "signed":
            raise UserError(
                self.env._(
                    "%(protocol)s is not signed: documents are issued only on a signed protocol.",
                    protocol=protocol.display_name,
                )
            )
        line = protocol_lines.get((protocol.id, self.enrollment_id.id))
        if not line:
            raise UserError(
                self.env._(
                    "%(learner)s is not in %(protocol)s.", learner=learner, protocol=protocol.display_name
                )
            )
        if self.document_kind != "reference" and line.result != "passed":
            raise UserError(
                self.env._(
                    "%(learner)s did not pass the final attestation (%(protocol)s): only a reference of "
                    "training can be issued.",
                    learner=learner,
                    protocol=protocol.display_name,
                )
            )

    def _check_issue_date(self, last_dates):
        """Issued on a real day, not before its protocol, and in the order of the book."""
        self.ensure_one()
        today = company_today(self.company_id)
        if self.issue_date > today:
            raise UserError(
                self.env._("%(document)s cannot be issued on a future date.", document=self.display_name)
            )
        # The protocol, the original of a duplicate, or the expulsion order of a reference.
        basis_date = (
            self.protocol_id.sudo().date
            or self.original_id.issue_date
            or (self.document_kind == "reference" and self.enrollment_id.sudo().exit_order_id.date)
        )
        if basis_date and self.issue_date < basis_date:
            raise UserError(
                self.env._(
                    "%(document)s cannot be issued before its basis of %(date)s.",
                    document=self.display_name,
                    date=basis_date.strftime("%d.%m.%Y"),
                )
            )
        last = last_dates.get((self.company_id.id, self.issue_date.year))
        if last and self.issue_date < last:
            raise UserError(
                self.env._(
                    "The issuance book of %(year)s already has a document issued on %(date)s: the book is "
                    "kept in the order of issue, so %(document)s must be dated that day or later.",
                    year=self.issue_date.year,
                    date=last.strftime("%d.%m.%Y"),
                    document=self.display_name,
                )
            )

    def _last_issue_dates(self):
        """{(company id, year): the latest issue date of the book} for the years of `self`."""
        years = {document.issue_date.year for document in self}
        self.flush_model(["state", "issue_date", "company_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT company_id, EXTRACT(YEAR FROM issue_date)::int, MAX(issue_date)
                     FROM dpo_document
                    WHERE state != 'draft' AND company_id IN %s AND EXTRACT(YEAR FROM issue_date)::int IN %s
                 GROUP BY 1, 2""",
                tuple(self.company_id.ids),
                tuple(years),
            )
        )
        return {(company_id, year): last for company_id, year, last in rows}

    def _frozen_values(self):
        """The recipient's and programme's data the document keeps for ever."""
        self.ensure_one()
        learner = self.learner_id.sudo()
        recipient = {
            "recipient_last_name": learner.last_name,
            "recipient_first_name": learner.first_name,
            "recipient_patronymic": learner.patronymic or False,
            "recipient_birth_date": learner.birth_date,
            "recipient_gender": learner.gender or False,
            "recipient_snils": learner.snils or False,
            "recipient_citizenship_code": learner.citizenship_id.oksm_code or False,
        }
        if self.status == "duplicate":
            # The original's programme and study, the recipient as they are now (a changed
            # surname is why FRDO reports the original's names beside the duplicate's).
            original = self.original_id.sudo()
            vals = {name: original[name] for name in FROZEN_FIELDS}
            vals.update(recipient)
            vals["subject_results"] = original.subject_results
            return vals
        enrollment = self.enrollment_id.sudo()
        group = enrollment.group_id
        program = group.program_id
        vals = dict(
            recipient,
            program_name=program.name,
            program_kind=program.program_kind,
            program_hours=program.hours,
            qualification_name=program.qualification_name or False,
            professional_area=program.professional_area or False,
            profession_rank=program.profession_rank or False,
            study_form=program.study_form,
            funding=enrollment.funding,
            study_date_start=enrollment.date_enrolled or group.date_start,
            study_date_end=enrollment.date_exit or self.protocol_id.sudo().date or group.date_end,
            education_level=learner.education_level or False,
            education_doc_last_name=learner.education_doc_last_name
            or (learner.education_level and learner.last_name),
            education_doc_series=learner.education_doc_series or False,
            education_doc_number=learner.education_doc_number or False,
        )
        if self.document_kind == "reference":
            vals["subject_results"] = self._live_subject_results()
        return vals

    def _live_subject_results(self):
        """Subjects studied, with hours and results, from the signed statements and the signed
        protocol line (the latest signed statement of a subject wins over a first try)."""
        self.ensure_one()
        enrollment = self.enrollment_id.sudo()
        sheet_lines = (
            self.env["dpo.attestation.sheet.line"]
            .sudo()
            .search(
                [
                    ("enrollment_id", "=", enrollment.id),
                    ("sheet_id.state", "=", "signed"),
                    ("kind", "=", "intermediate"),
                ],
                order="id",
            )
        )
        latest = {line.subject_id: line for line in sheet_lines}
        protocol_line = (
            self.env["dpo.protocol.line"]
            .sudo()
            .search(
                [("protocol_id", "=", self.protocol_id.id), ("enrollment_id", "=", enrollment.id)], limit=1
            )
            if self.protocol_id
            else self.env["dpo.protocol.line"]
        )
        results = dict(
            self.env["dpo.attestation.sheet.line"]._fields["result"]._description_selection(self.env)
        )
        rows = []
        for subject in enrollment.program_id.subject_ids:
            line = latest.get(subject)
            # Having reached the final attestation, the learner studied the whole curriculum.
            if not line and not protocol_line:
                continue
            if line:
                result = self.env._("absent") if line.absent else results.get(line.result, "")
            else:
                result = ""
            rows.append({"name": subject.name, "hours": subject.hours, "result": result})
        if protocol_line:
            final_results = dict(protocol_line._fields["result"]._description_selection(self.env))
            grade = results.get(protocol_line.grade) if protocol_line.grade else ""
            rows.append(
                {
                    "name": self.env._("Final attestation"),
                    "hours": False,
                    "result": grade or final_results.get(protocol_line.result, ""),
                }
            )
        return rows

    def _reference_subjects(self):
        """For a reference of training: the subjects studied with hours and results (frozen at
        issue; read from the signed statements and protocol while a draft)."""
        self.ensure_one()
        if self.state != "draft":
            return self.subject_results or []
        return self._live_subject_results()

    def _take_blanks(self):
        """{document: blank} for the documents whose kind is printed on blanks: the chosen blank,
        else the next available one of the kind, locked until the transaction ends."""
        taken = {}
        wanted = {}
        templates = self._templates()
        for document in self:
            if not templates[document.company_id, document.document_kind].uses_blanks:
                continue
            if document.blank_id:
                document._check_blank(document.blank_id)
                taken[document] = document.blank_id
            else:
                wanted.setdefault((document.company_id, document.document_kind), []).append(document)
        chosen = [blank.id for blank in taken.values()]
        self.env["dpo.document.blank"].flush_model(["state", "document_kind", "series", "number"])
        if chosen:
            self.env.cr.execute(
                SQL("SELECT id FROM dpo_document_blank WHERE id IN %s FOR UPDATE", tuple(chosen))
            )
        for (company, kind), documents in wanted.items():
            blanks = self._next_blanks(company, kind, len(documents), chosen)
            taken.update(zip(documents, blanks, strict=True))
        return taken

    @api.model
    def _next_blanks(self, company, kind, count, excluded_ids=()):
        """The next `count` available blanks of the kind in the stock (series, then number),
        locked until the transaction ends; refused when the stock has fewer."""
        self.env["dpo.document.blank"].flush_model(["state", "document_kind", "series", "number"])
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM dpo_document_blank
                    WHERE company_id = %s AND document_kind = %s AND state = 'available' AND id NOT IN %s
                 ORDER BY series NULLS FIRST, length(number), number, id
                    LIMIT %s
                      FOR UPDATE""",
                company.id,
                kind,
                tuple(excluded_ids) or (0,),
                count,
            )
        )
        if len(rows) < count:
            kinds = dict(self._fields["document_kind"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(count)s blanks of «%(kind)s» are needed and %(available)s are available: receive "
                    "new blanks first (Documents → Blanks → Receipts).",
                    count=count,
                    kind=kinds[kind],
                    available=len(rows),
                )
            )
        return self.env["dpo.document.blank"].sudo().browse([row[0] for row in rows])

    # Printing

    def _print_template(self):
        self.ensure_one()
        return self.env["dpo.document.template"]._get(self.company_id, self.document_kind)

    def _print_landscape(self):
        """Whether the batch prints on landscape sheets (references are portrait forms)."""
        templates = self._templates()
        return bool(self) and all(document._is_landscape(templates) for document in self)

    def _is_landscape(self, templates):
        self.ensure_one()
        template = templates[self.company_id, self.document_kind]
        return self.document_kind != "reference" and template.orientation == "landscape"

    def _render_signed_copies(self):
        # Documents printed on the blank layout take one sheet each: a batch of them is printed
        # in one wkhtmltopdf run as one body and split per sheet. References (one or more pages)
        # are printed one by one.
        templates = self._templates()
        sheets = self.filtered(lambda d: d.document_kind != "reference")
        landscape = sheets.filtered(lambda d: d._is_landscape(templates))
        contents = {}
        for batch in (landscape, sheets - landscape):
            if len(batch) > 1:
                contents.update(batch._render_sheets_at_once())
        rest = self.filtered(lambda d: d.id not in contents)
        contents.update(super(DpoDocument, rest)._render_signed_copies())
        return contents

    def _render_sheets_at_once(self):
        """{id: PDF} of one-sheet documents printed in one run, or {} when the printed sheets do
        not match the documents one to one (then each is printed alone)."""
        report = self.env["ir.actions.report"].sudo().with_context(report_pdf_no_attachment=True)
        rendered, kind = report._pre_render_qweb_pdf(
            self._signed_report, self.ids, data={"dpo_one_body": True}
        )
        if kind != "pdf" or set(rendered) != set(self.ids) or not all(v["stream"] for v in rendered.values()):
            return {}
        return {res_id: data["stream"].getvalue() for res_id, data in rendered.items()}

    # The archive: issued documents join the case of the issuance book (its line of the
    # nomenclature), as the rows of the book they are.

    def _get_archive_record_type(self):
        return "issuance_book"

    def _get_archive_date(self):
        self.ensure_one()
        return self.issue_date

    def _get_archive_learner(self):
        self.ensure_one()
        return self.learner_id

    @api.model
    def _archive_existing_records(self, company):
        return self.search(
            [("company_id", "=", company.id), ("state", "!=", "draft")], order="issue_date, book_sequence, id"
        )

    # Actions

    def action_issue(self):
        """Issue the draft documents, in the order of their issue dates: registration numbers
        from the numbering engine (gap-free per company and year, safe when two registrars issue
        at once), the next blank of the kind, the recipient's and programme's data frozen, the
        electronic copy kept with its checksum."""
        self._check_can_issue()
        documents = self.sorted(lambda d: (d.issue_date, d.company_id.id, d.learner_id.name or "", d.id))
        lines = (
            self.env["dpo.protocol.line"].sudo().search([("protocol_id", "in", documents.protocol_id.ids)])
        )
        protocol_lines = {(line.protocol_id.id, line.enrollment_id.id): line for line in lines}
        for document in documents:
            if document._is_signed_locked():
                raise UserError(document._already_signed_message())
            document._check_document_kind()
            document._check_issue_basis(protocol_lines)
        # The counters' locks first: two registrars issuing at once queue here (the second then
        # retries on a fresh snapshot), and only then read the book and take blanks.
        numbering = self.env["dpo.numbering"]
        next_numbers = {}
        for company_id, year in sorted({(d.company_id.id, d.issue_date.year) for d in documents}):
            counter = numbering._lock(self.env["res.company"].browse(company_id), "document", year)
            next_numbers[company_id, year] = counter.number_next
        last_dates = documents._last_issue_dates() if documents else {}
        for document in documents:
            document._check_issue_date(last_dates)
        blanks = documents._take_blanks()
        used = {}
        for document in documents:
            vals = document._frozen_values()
            # `_mark_signed` below numbers the documents in this order, from the counter's next number.
            key = (document.company_id.id, document.issue_date.year)
            vals["book_sequence"] = next_numbers[key]
            next_numbers[key] += 1
            blank = blanks.get(document)
            if blank:
                vals.update(blank_id=blank.id, series=blank.series or False, number=blank.number)
                used[blank] = document
            document._write_signing(vals)
        if used:
            self.env["dpo.document.blank"]._mark_used(used)
        documents._mark_signed()
        for document in documents.filtered(lambda d: not d.number):
            # Printed without a blank: the document's number is its registration number.
            document._write_signing({"number": document.name})
        documents._store_signed_copy()
        return True

    def action_cancel(self, reason):
        """Cancel issued documents with a reason: the number stays used, the row stays in the book."""
        self._check_can_issue()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why the document is cancelled."))
        for document in self:
            if document.state != "issued":
                raise UserError(
                    self.env._(
                        "Only an issued document can be cancelled; %(document)s is not.",
                        document=document.display_name,
                    )
                )
        self._write_signing(
            {
                "state": "cancelled",
                "cancel_reason": reason.strip(),
                "cancelled_by_id": self.env.uid,
                "cancelled_date": fields.Datetime.now(),
            }
        )
        return True

    def action_reprint(self, reason, blank=None):
        """«Reprint on a New Blank»: the issued document was misprinted on its blank. The old
        blank is spoiled with the reason, a new available blank of the same kind (the one
        chosen, else the next in the stock) is taken; the registration number, the issue date
        and every frozen value stay. The ledger keeps the change of blank with the reason, the
        book's row shows the new blank, and the electronic copy is kept anew (the earlier one
        stays attached)."""
        self._check_can_issue()
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give the reason why the blank is spoiled (e.g. «spoiled while filling in»).")
            )
        if self.state != "issued":
            raise UserError(
                self.env._(
                    "Only an issued document is reprinted on a new blank; %(document)s is not issued.",
                    document=self.display_name,
                )
            )
        old = self.blank_id.sudo()
        if not old:
            raise UserError(
                self.env._(
                    "%(document)s is not printed on a blank: print it again as it is.",
                    document=self.display_name,
                )
            )
        if self.frdo_export_date:
            raise UserError(
                self.env._(
                    "%(document)s was reported to FIS FRDO with blank %(blank)s on %(date)s: cancel it and "
                    "issue it anew, so that the register is told of the change.",
                    document=self.display_name,
                    blank=old.display_name,
                    date=self.frdo_export_date.strftime("%d.%m.%Y"),
                )
            )
        if blank:
            blank = blank.sudo()
            self.env.cr.execute(SQL("SELECT id FROM dpo_document_blank WHERE id = %s FOR UPDATE", blank.id))
            blank.invalidate_recordset()
            self._check_blank(blank)
            if blank.state != "available":
                states = dict(blank._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Blank %(blank)s is %(state)s: take an available blank.",
                        blank=blank.display_name,
                        state=states[blank.state].lower(),
                    )
                )
        else:
            blank = self._next_blanks(self.company_id, self.document_kind, 1)
        old._bookkeeping_write(
            {"state": "spoiled", "spoil_reason": reason, "spoiled_date": company_today(self.company_id)}
        )
        self.env["dpo.document.blank"]._mark_used({blank: self})
        self._write_signing({"blank_id": blank.id, "series": blank.series or False, "number": blank.number})
        self.env["dpo.correction"]._record(self, "blank_id", old.display_name, blank.display_name, reason)
        self._store_signed_copy()
        return True

    def action_make_duplicate(self, reason="lost"):
        """Draft a duplicate of an issued original, which is marked lost or exchanged for FRDO.
        The duplicate takes the original's data when it is issued."""
        self._check_can_issue()
        if reason not in ("lost", "exchanged"):
            raise UserError(self.env._("A duplicate replaces an original that is lost or exchanged."))
        duplicates = self.browse()
        for original in self:
            if original.state != "issued" or original.status != "original":
                raise UserError(
                    self.env._(
                        "A duplicate is made of an issued original only; %(document)s is not one.",
                        document=original.display_name,
                    )
                )
            original._write_signing({"frdo_lost": reason == "lost", "frdo_exchanged": reason == "exchanged"})
            duplicates |= self.with_context(dpo_signed_document=_SIGNING).create(
                {
                    "status": "duplicate",
                    "original_id": original.id,
                    "enrollment_id": original.enrollment_id.id,
                    "protocol_id": original.protocol_id.id,
                    "document_kind": original.document_kind,
                    "issue_date": company_today(original.company_id),
                    "education_form_at_exit": original.education_form_at_exit,
                }
            )
        return duplicates.with_env(self.env)

    def action_confirm_destroyed(self):
        """The exchanged original came back and was destroyed: reported to FRDO."""
        self._check_can_issue()
        for document in self:
            if not document.frdo_exchanged:
                raise UserError(
                    self.env._(
                        "Only an exchanged original is destroyed; %(document)s is not exchanged.",
                        document=document.display_name,
                    )
                )
        self._write_signing({"frdo_destroyed": True})
        return True

    def _mark_exported(self, attachment):
        """Record the FIS FRDO export of the documents (called by the export only)."""
        self._write_signing(
            {"frdo_export_date": fields.Date.context_today(self), "frdo_export_attachment_id": attachment.id}
        )
        return True

    @api.model
    def _draft_from_protocol(self, protocol):
        """Draft the programme's document for every learner of the signed protocol who passed and a
        reference of training for the others; learners who already have one are left alone."""
        protocol.check_access("read")
        if protocol.state != "signed":
            raise UserError(self.env._("Sign the protocol before drafting its documents."))
        return self._draft_for(
            protocol.company_id,
            protocol.date,
            [(line.enrollment_id, line.decision, protocol) for line in protocol.line_ids if line.decision],
        )

    @api.model
    def _draft_from_expulsion(self, order):
        """Draft a reference of training for every learner of the signed expulsion order (the
        subjects they studied, with hours and results, from the signed statements); learners who
        already have a document are left alone."""
        order.check_access("read")
        if order.order_type != "expel" or order.state != "signed":
            raise UserError(self.env._("References of training are drafted from a signed expulsion order."))
        return self._draft_for(
            order.company_id,
            order.date,
            [(line.enrollment_id, "reference", self.env["dpo.protocol"]) for line in order.line_ids],
        )

    @api.model
    def _draft_for(self, company, basis_date, wanted):
        """Draft the documents `wanted` ([(enrolment, kind, protocol or nothing)]) dated today, not
        before their basis; an enrolment that already has an original (draft or issued, not
        cancelled) gets none. A reference lists the subjects from the signed statements through
        `_live_subject_results`, whichever basis it is drafted from."""
        existing = self.search(
            [
                ("enrollment_id", "in", [enrollment.id for enrollment, _kind, _protocol in wanted]),
                ("state", "!=", "cancelled"),
                ("status", "=", "original"),
            ]
        ).enrollment_id
        issue_date = max(company_today(company), basis_date)
        return self.create(
            [
                {
                    "enrollment_id": enrollment.id,
                    "protocol_id": protocol.id,
                    "document_kind": kind,
                    "issue_date": issue_date,
                }
                for enrollment, kind, protocol in wanted
                if enrollment not in existing
            ]
        )

    @api.model
    def _import_issued(self, vals_list):
        """Create documents of a centre's historical book as issued, with their own registration
        numbers, blanks and frozen data (for the import wizard, which has checked the rows)."""
        self._check_can_issue()
        for vals in vals_list:
            vals.setdefault("state", "issued")
        documents = self.with_context(dpo_signed_document=_SIGNING).create(vals_list)
        documents._close_imported_enrollments()
        return documents.with_env(self.env)

    def _close_imported_enrollments(self):
        """The enrolments of the historical book's documents read as the study ended: the
        programme's document completes its enrolment, a reference alone ends it in expulsion,
        on the dates of study the book gives (those of the group the import found or made for
        them). They move through `dpo.enrollment._change_state`, the one path of an enrolment's
        status, whose usual caller is a signed order: here the book is the evidence, the orders
        of those years not being in the system. Only draft enrolments move (those the import
        made, or an earlier import left in draft); one that the centre's own signed orders moved
        is left to its orders."""
        outcome = {}
        for document in self:
            enrollment = document.enrollment_id
            if enrollment.state == "draft":
                completed = outcome.get(enrollment) == "completed" or document.document_kind != "reference"
                outcome[enrollment] = "completed" if completed else "expelled"
        batches = {}
        for enrollment, state in outcome.items():
            key = (enrollment.group_id, state)
            batches[key] = batches.get(key, self.env["dpo.enrollment"]) | enrollment
        reason = self.env._("Reference of training in the historical issuance book")
        for (group, state), enrollments in batches.items():
            # No chatter message per enrolment: the imported document is the record.
            quiet = enrollments.with_context(tracking_disable=True)
            quiet._change_state("enrolled", date=group.date_start)
            quiet._change_state(state, date=group.date_end, reason=reason if state == "expelled" else None)
