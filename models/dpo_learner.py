import re
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from . import dpo_destruction_content, dpo_input
from . import snils as snils_tools
from .company_date import company_today
from .dpo_uninstall import is_module_uninstall

# FIS FRDO accepts Cyrillic letters, space, dot, apostrophe, hyphen and parentheses in names.
NAME_CHARS = re.compile(r"[А-Яа-яЁё .'()\-]+")
NAME_MAX_LENGTH = 50
NAME_PARTS = ("last_name", "first_name", "patronymic")
PERSONAL_DATA_GROUPS = "dpo_records.group_dpo_specialist,dpo_records.group_dpo_archivist"
# Plausible birth dates: born in 1900 or later, and at least 14 years old (the youngest age
# at which vocational training may start).
BIRTH_DATE_MIN = date(1900, 1, 1)
MIN_AGE = 14
# Fields of the learner's partner (`_inherits`) a client may set through the learner. Those
# who run learners have no right on contacts, so the partner is written as superuser, once
# the learner's own rights are checked: only these fields, never links to other contacts or
# users. Its name is made from the name parts, its company is the learner's.
PARTNER_FIELDS = frozenset(
    (
        "email",
        "phone",
        "mobile",
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "country_id",
        "lang",
        "comment",
        "image_1920",
    )
)


def normalize_name_part(value):
    """Fold non-breaking and repeated spaces, which FRDO checkers reject, into one space."""
    if not value:
        return value
    return " ".join(value.replace("\xa0", " ").split())


class DpoLearner(models.Model):
    _name = "dpo.learner"
    _description = "Learner"
    _inherits = {"res.partner": "partner_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_name, first_name, patronymic, id"

    partner_id = fields.Many2one(
        "res.partner", string="Related Partner", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    last_name = fields.Char(required=True, tracking=True)
    first_name = fields.Char(required=True, tracking=True)
    patronymic = fields.Char(tracking=True)
    birth_date = fields.Date(groups=PERSONAL_DATA_GROUPS, tracking=True)
    gender = fields.Selection([("male", "Male"), ("female", "Female")])
    snils = fields.Char(
        string="SNILS",
        size=14,
        groups=PERSONAL_DATA_GROUPS,
        tracking=True,
        help="Insurance number of individual ledger account, 000-000-000 00.",
    )
    citizenship_id = fields.Many2one(
        "res.country", default=lambda self: self.env.ref("base.ru", raise_if_not_found=False)
    )
    citizenship_code = fields.Char(string="Citizenship (OKSM)", related="citizenship_id.oksm_code")
    education_level = fields.Selection(
        [
            ("higher", "Higher Education"),
            ("secondary_vocational", "Secondary Vocational Education"),
            ("secondary_general", "Secondary General Education"),
            ("basic_general", "Basic General Education"),
        ],
        help="Level of the education document the learner enters the programme with.",
    )
    education_doc_last_name = fields.Char(
        string="Surname in Education Document",
        groups=PERSONAL_DATA_GROUPS,
        help="Surname as written in the higher or vocational education diploma, if it "
        "differs from the current one.",
    )
    education_doc_series = fields.Char(string="Education Document Series", groups=PERSONAL_DATA_GROUPS)
    education_doc_number = fields.Char(string="Education Document Number", groups=PERSONAL_DATA_GROUPS)
    consent_date = fields.Date(
        string="Consent to Processing Date",
        groups=PERSONAL_DATA_GROUPS,
        tracking=True,
        help="Date of the separate consent to personal data processing (152-FZ).",
    )
    consent_file = fields.Binary(string="Signed Consent", attachment=True, groups=PERSONAL_DATA_GROUPS)
    consent_filename = fields.Char(groups=PERSONAL_DATA_GROUPS)
    consent_withdrawn_date = fields.Date(
        string="Consent Withdrawn On", groups=PERSONAL_DATA_GROUPS, tracking=True
    )
    enrollment_ids = fields.One2many("dpo.enrollment", "learner_id", string="Enrolments")
    enrollment_count = fields.Integer(compute="_compute_enrollment_count")
    document_count = fields.Integer(
        compute="_compute_document_count",
        string="Documents",
        groups="dpo_records.group_dpo_specialist,dpo_records.group_dpo_archivist",
    )

    _sql_constraints = [
        (
            "snils_company_uniq",
            "UNIQUE(snils, company_id)",
            "A learner with this SNILS already exists in this company.",
        ),
    ]

    def _compute_enrollment_count(self):
        counts = dict(
            self.env["dpo.enrollment"]._read_group(
                [("learner_id", "in", self.ids)], ["learner_id"], ["__count"]
            )
        )
        for learner in self:
            learner.enrollment_count = counts.get(learner, 0)

    @api.constrains(*NAME_PARTS)
    def _check_name_parts(self):
        labels = {name: self._fields[name]._description_string(self.env) for name in NAME_PARTS}
        for learner in self:
            for name in NAME_PARTS:
                value = learner[name]
                if not value:
                    if self._fields[name].required:
                        raise ValidationError(self.env._("%(field)s cannot be blank.", field=labels[name]))
                    continue
                if len(value) > NAME_MAX_LENGTH:
                    raise ValidationError(
                        self.env._(
                            "%(field)s «%(value)s» is longer than %(max)s characters.",
                            field=labels[name],
                            value=dpo_input._shorten(value),
                            max=NAME_MAX_LENGTH,
                        )
                    )
                if not NAME_CHARS.fullmatch(value):
                    raise ValidationError(
                        self.env._(
                            "%(field)s «%(value)s» may contain only Cyrillic letters, spaces, "
                            "dots, apostrophes, hyphens and parentheses (Latin look-alike letters "
                            "are rejected by FIS FRDO).",
                            field=labels[name],
                            value=value,
                        )
                    )

    @api.constrains("snils")
    def _check_snils(self):
        for learner in self.sudo():
            if not learner.snils:
                continue
            if not snils_tools.is_well_formed(learner.snils):
                raise ValidationError(
                    self.env._(
                        "SNILS «%(snils)s» must have 11 digits written as 000-000-000 00.",
                        snils=learner.snils,
                    )
                )
            if snils_tools.is_zero(learner.snils):
                raise ValidationError(
                    self.env._(
                        "SNILS «%(snils)s» was never issued: check the number on the card.",
                        snils=learner.snils,
                    )
                )
            if not snils_tools.is_valid(learner.snils):
                raise ValidationError(
                    self.env._(
                        "SNILS «%(snils)s» has a wrong checksum: check the number on the card.",
                        snils=learner.snils,
                    )
                )

    @api.constrains("birth_date")
    def _check_birth_date(self):
        for learner in self.sudo():
            if not learner.birth_date:
                continue
            # The company's today, never the client's time zone (see company_today).
            today = company_today(learner.company_id)
            latest = today - relativedelta(years=MIN_AGE)
            if learner.birth_date >= today:
                raise ValidationError(
                    self.env._("The birth date of %(name)s must be in the past.", name=learner.name)
                )
            if not BIRTH_DATE_MIN <= learner.birth_date <= latest:
                raise ValidationError(
                    self.env._(
                        "The birth date of %(name)s must be between %(min)s and %(max)s: a learner "
                        "is at least %(age)s years old.",
                        name=learner.name,
                        min=BIRTH_DATE_MIN.strftime("%d.%m.%Y"),
                        max=latest.strftime("%d.%m.%Y"),
                        age=MIN_AGE,
                    )
                )

    @api.constrains("consent_date", "consent_withdrawn_date")
    def _check_consent_dates(self):
        for learner in self.sudo():
            if learner.consent_withdrawn_date and (
                not learner.consent_date or learner.consent_withdrawn_date < learner.consent_date
            ):
                raise ValidationError(
                    self.env._(
                        "The consent of %(name)s cannot be withdrawn before it was given.",
                        name=learner.name,
                    )
                )

    @api.model
    def _prepare_name_vals(self, vals):
        """Normalise the name parts and SNILS in `vals` in place."""
        for name in NAME_PARTS:
            if vals.get(name):
                vals[name] = normalize_name_part(vals[name])
        if vals.get("snils") and snils_tools.is_well_formed(vals["snils"]):
            vals["snils"] = snils_tools.format_snils(vals["snils"])
        return vals

    @api.model
    def _full_name(self, last_name, first_name, patronymic):
        return " ".join(part for part in (last_name, first_name, patronymic) if part)

    @api.model
    def _pop_partner_vals(self, vals):
        """Take the values of the partner's fields out of `vals`; refuse those a client may
        not set through the learner (see PARTNER_FIELDS)."""
        if "partner_id" in vals and not self.env.su:
            raise AccessError(
                self.env._("The contact of a learner is made with the learner and cannot be chosen.")
            )
        partner_vals = {}
        for name in list(vals):
            field = self._fields.get(name)
            if not (field and field.inherited):
                continue
            value = vals.pop(name)
            if name == "name":
                continue
            if name not in PARTNER_FIELDS and not self.env.su:
                raise AccessError(
                    self.env._(
                        "«%(field)s» of a learner's contact cannot be set through the learner.",
                        field=field._description_string(self.env),
                    )
                )
            partner_vals[name] = value
        return partner_vals

    def _check_snils_free(self, snils, company_id):
        """Refuse a SNILS another learner of the company has, before the unique index does
        it with a raw database error."""
        if not snils or not snils_tools.is_well_formed(snils):
            return
        domain = [("snils", "=", snils), ("company_id", "=", company_id), ("id", "not in", self.ids)]
        if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
            raise ValidationError(self.env._("A learner with this SNILS already exists in this company."))

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        vals_list = [dict(vals) for vals in vals_list]
        partner_vals_list = []
        for vals in vals_list:
            dpo_input.check_values(self, vals)
            partner_vals = self._pop_partner_vals(vals)
            self._prepare_name_vals(vals)
            vals.setdefault("company_id", self.env.company.id)
            self._check_snils_free(vals.get("snils"), vals["company_id"])
            if "partner_id" in vals:
                # Only the superuser gets here (data import): the ORM writes the partner.
                vals.update(partner_vals)
            else:
                partner_vals["name"] = self._full_name(
                    vals.get("last_name"), vals.get("first_name"), vals.get("patronymic")
                )
                partner_vals["company_id"] = vals["company_id"]
                partner_vals_list.append((vals, partner_vals))
        # The right to create learners is checked above and on the learners themselves.
        partners = (
            self.env["res.partner"].sudo().create([partner_vals for _vals, partner_vals in partner_vals_list])
        )
        for (vals, _partner_vals), partner in zip(partner_vals_list, partners, strict=True):
            vals["partner_id"] = partner.id
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        dpo_input.check_values(self, vals)
        vals = dict(vals)
        partner_vals = self._pop_partner_vals(vals)
        self._prepare_name_vals(vals)
        if vals.get("snils"):
            for learner in self:
                learner._check_snils_free(vals["snils"], vals.get("company_id") or learner.company_id.id)
        result = super().write(vals)
        names_changed = any(name in vals for name in NAME_PARTS)
        if partner_vals or names_changed or "company_id" in vals:
            # The learner is written: its partner follows, as superuser (see PARTNER_FIELDS).
            for learner in self:
                values = dict(partner_vals)
                if names_changed:
                    values["name"] = self._full_name(
                        learner.last_name, learner.first_name, learner.patronymic
                    )
                if "company_id" in vals:
                    values["company_id"] = learner.company_id.id
                learner.partner_id.sudo().write(values)
        return result

    @api.ondelete(at_uninstall=True)
    def _unlink_except_with_enrollments(self):
        if is_module_uninstall(self.env):
            return
        if self.sudo().enrollment_ids:
            raise UserError(
                self.env._(
                    "A learner with enrolments is part of the individual record and cannot be "
                    "deleted: archive the learner instead. Personal data are destroyed only by "
                    "an executed destruction act."
                )
            )

    def action_view_enrollments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_enrollment_action")
        action["domain"] = [("learner_id", "=", self.id)]
        action["context"] = {"default_learner_id": self.id}
        return action

    def _compute_document_count(self):
        counts = dict(
            self.env["dpo.document"]._read_group(
                [("learner_id", "in", self.ids)], ["learner_id"], ["__count"]
            )
        )
        for record in self:
            record.document_count = counts.get(record, 0)

    def action_view_documents(self):
        """The documents issued to the learner: a smart button of its form."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_document_action")
        action["domain"] = [("learner_id", "=", self.id)]
        action["context"] = {"search_default_groupby_year": 0}
        return action

    # Anonymisation (issue 13: 152-ФЗ, Приказ РКН № 179)
    #
    # When no kept record needs a learner's data any more, the names, contacts, СНИЛС, birth
    # date and documents are removed (the learner stays, as «Обезличен», for the records that
    # point to it); an issued document keeps the data frozen in it for the issuance book's own
    # 50 years. A learner who withdrew consent while the individual record (kept by law) still
    # needs the data loses the contacts only. Each anonymisation is recorded in an act on the
    # destruction of personal data.

    anonymized_date = fields.Date(string="Anonymised On", readonly=True, copy=False)
    anonymized_full = fields.Boolean(string="Fully Anonymised", readonly=True, copy=False)
    personal_data_act_id = fields.Many2one(
        "dpo.personal.data.act", readonly=True, copy=False, index="btree_not_null"
    )
    anonymize_proposed_date = fields.Date(string="Anonymisation Proposed On", readonly=True, copy=False)
    anonymize_proposal = fields.Selection(
        [("consent_withdrawn", "Consent Withdrawn"), ("not_needed", "No Kept Record Needs the Data")],
        string="Anonymisation Proposed Because",
        readonly=True,
        copy=False,
    )
    anonymize_checked_date = fields.Date(string="Anonymisation Checked On", readonly=True, copy=False)

    # Fields of the learner and of its contact an anonymisation empties.
    _ANONYMIZED_LEARNER_FIELDS = (
        "birth_date",
        "snils",
        "education_doc_last_name",
        "education_doc_series",
        "education_doc_number",
        "consent_file",
        "consent_filename",
    )
    _CONTACT_FIELDS = (
        "email",
        "phone",
        "mobile",
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "country_id",
        "comment",
        "image_1920",
        "website",
        "function",
        "vat",
        "ref",
    )
    _ANONYMOUS_NAME = "Обезличен"

    def _needed_by_kept_records(self):
        """Ids of the learners among these whose data a kept record still needs: an enrolment
        not finished, any record of their enrolments or of themselves that is still kept (journal
        cells, statement and protocol lines, orders, works, awards, extracts, draft documents) or
        an archival case of theirs not destroyed. Issued documents do not count: they keep the
        data frozen in them."""
        if not self:
            return set()
        self.env.flush_all()
        ids = list(self.ids)
        env = self.env
        needed = {
            row[0]
            for row in env.execute_query(
                SQL(
                    """SELECT learner_id FROM dpo_enrollment
                        WHERE learner_id = ANY(%s) AND state IN ('draft', 'enrolled')""",
                    ids,
                )
            )
        }
        ignored = {"dpo.enrollment", "dpo.personal.data.act.line", "dpo.archive.case"}
        for model_name, field_name in dpo_destruction_content.many2one_fields_towards(env, "dpo.enrollment"):
            if model_name in ignored:
                continue
            table = SQL.identifier(env[model_name]._table)
            kept = SQL("AND t.state = 'draft'") if model_name == "dpo.document" else SQL()
            needed.update(
                row[0]
                for row in env.execute_query(
                    SQL(
                        """SELECT DISTINCT e.learner_id FROM %s t JOIN dpo_enrollment e ON e.id = t.%s
                            WHERE e.learner_id = ANY(%s) %s""",
                        table,
                        SQL.identifier(field_name),
                        ids,
                        kept,
                    )
                )
            )
        for model_name, field_name in dpo_destruction_content.many2one_fields_towards(env, "dpo.learner"):
            if model_name in ignored or model_name == "dpo.document":
                continue
            needed.update(
                row[0]
                for row in env.execute_query(
                    SQL(
                        "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                        SQL.identifier(field_name),
                        SQL.identifier(env[model_name]._table),
                        SQL.identifier(field_name),
                        ids,
                    )
                )
            )
        needed.update(
            row[0]
            for row in env.execute_query(
                SQL(
                    """SELECT learner_id FROM dpo_archive_case
                        WHERE learner_id = ANY(%s) AND state != 'destroyed'""",
                    ids,
                )
            )
        )
        return needed

    def _anonymize(self, full=True):
        """Remove the learners' own data (all of it, or with `full=False` the contacts only),
        with the chatter that recorded them. Returns the categories removed."""
        learners = self.sudo().with_context(tracking_disable=True, mail_notrack=True)
        partner_vals = {
            name: False for name in self._CONTACT_FIELDS if name in self.env["res.partner"]._fields
        }
        for learner in learners:
            vals = {}
            if full:
                vals = dict.fromkeys(self._ANONYMIZED_LEARNER_FIELDS, False)
                vals.update(last_name=self._ANONYMOUS_NAME, first_name=self._ANONYMOUS_NAME, patronymic=False)
            vals.update(anonymized_date=company_today(learner.company_id), anonymized_full=full)
            learner.write(vals)
            learner.partner_id.write(
                dict(
                    partner_vals,
                    name=learner._full_name(learner.last_name, learner.first_name, learner.patronymic),
                )
            )
        # What the chatter recorded of them (tracked names, СНИЛС, birth date) goes too.
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("model", "=", "dpo.learner"),
                    ("res_id", "in", self.ids),
                    "&",
                    ("model", "=", "res.partner"),
                    ("res_id", "in", self.partner_id.ids),
                ]
            )
        )
        if full:
            messages.unlink()
        return (
            dpo_destruction_content.FULL_ANONYMIZATION
            if full
            else dpo_destruction_content.PARTIAL_ANONYMIZATION
        )

    def action_anonymize(self):
        """Anonymise the learners (the archivist or the director): fully when no kept record
        needs their data; a learner who withdrew consent while the record still needs them loses
        the contacts only. Recorded in an act on the destruction of personal data."""
        if not self.env.user.has_group("dpo_records.group_dpo_archivist"):
            raise AccessError(self.env._("Only the archivist or the director anonymises personal data."))
        # The archivist reads learners and runs the archive: the data are removed as superuser.
        self.check_access("read")
        learners = self.sudo()
        needed = learners._needed_by_kept_records()
        for learner in learners:
            if learner.anonymized_full:
                raise UserError(self.env._("%(name)s is already anonymised.", name=learner.name))
            if learner.id in needed and not learner.consent_withdrawn_date:
                raise UserError(
                    self.env._(
                        "The data of %(name)s are still needed by records kept in the archive: they are "
                        "anonymised when those records are destroyed.",
                        name=learner.name,
                    )
                )
            if learner.id in needed and learner.anonymized_date:
                raise UserError(
                    self.env._(
                        "The contacts of %(name)s are already removed; the rest is still needed by records "
                        "kept in the archive.",
                        name=learner.name,
                    )
                )
        acts = self.env["dpo.personal.data.act"]
        for company in learners.company_id:
            subjects = []
            of_company = learners.filtered(lambda learner, c=company: learner.company_id == c)
            for learner in of_company:
                name = learner.name
                full = learner.id not in needed
                categories = learner._anonymize(full=full)
                subjects.append(
                    {
                        "learner": learner,
                        "name": name,
                        "categories": [dpo_destruction_content.CATEGORY_LABELS[c] for c in categories],
                        "anonymized": True,
                    }
                )
            reason = "consent_withdrawn" if all(of_company.mapped("consent_withdrawn_date")) else "not_needed"
            act = acts._record(company, subjects, reason)
            of_company.write({"personal_data_act_id": act.id})
            acts |= act
        return acts._action_open() if len(acts) == 1 else True

    @api.model
    def _cron_review_personal_data(self, batch_size=500):
        """Propose for anonymisation, with a to-do for the archivist, the learners who withdrew
        their consent or whose data no kept record needs any more. Each learner is looked at
        once a day; a batch per run."""
        domain = [
            ("anonymized_full", "=", False),
            "|",
            ("anonymize_checked_date", "=", False),
            ("anonymize_checked_date", "<", fields.Date.context_today(self)),
        ]
        Learner = self.sudo().with_context(active_test=False)
        learners = Learner.search(domain, limit=batch_size, order="id")
        needed = learners._needed_by_kept_records()
        has_enrollments = {
            row[0]
            for row in self.env.execute_query(
                SQL("SELECT DISTINCT learner_id FROM dpo_enrollment WHERE learner_id = ANY(%s)", learners.ids)
            )
        }
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for learner in learners:
            today = company_today(learner.company_id)
            if learner.consent_withdrawn_date and not learner.anonymized_date:
                proposal = "consent_withdrawn"
            elif learner.id not in needed and learner.id in has_enrollments:
                proposal = "not_needed"
            else:
                proposal = False
            vals = {"anonymize_checked_date": today}
            if proposal and learner.anonymize_proposal != proposal:
                vals.update(anonymize_proposal=proposal, anonymize_proposed_date=today)
                archivist = self.env["dpo.destruction.act"]._archivist_for(learner.company_id)
                if archivist:
                    learner.activity_schedule(
                        activity_type_id=activity_type.id,
                        user_id=archivist.id,
                        summary=self.env._("Anonymise the personal data of this learner"),
                    )
            learner.write(vals)
        remaining = Learner.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(learners), remaining=remaining)
        return remaining
