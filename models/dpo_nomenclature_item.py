import math
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .dpo_order import ORDER_TYPES
from .dpo_uninstall import is_module_uninstall

# What kind of record a line of the nomenclature of files holds; records find their case by it.
RECORD_TYPES = [
    ("journal", "Journal of Lessons"),
    ("attestation_extract", "Attestation Extract from Journals"),
    ("statement", "Attestation Statement"),
    ("protocol", "Final Attestation Protocol"),
    ("order", "Orders"),
    ("issuance_book", "Issuance Book"),
    ("personal_file", "Personal File of a Learner"),
    ("optional_forms", "Optional Forms"),
    ("portfolio", "E-portfolio"),
    ("electronic_copies", "Electronic Copies"),
    ("destruction_act", "Destruction Acts"),
    ("personal_data_act", "Personal Data Destruction Acts"),
]

RETENTION_KINDS = [
    ("years", "Number of Years"),
    ("permanent", "Permanent"),
    ("until_not_needed", "Until No Longer Needed"),
]

CARRIERS = [
    ("paper", "Paper"),
    ("electronic", "Electronic"),
    ("both", "Paper and Electronic"),
]

CASE_RULES = [
    ("year", "One Case per Year"),
    ("group", "One Case per Group"),
    ("learner", "One Case per Learner"),
]

START_EVENTS = [
    ("case_closed", "Closing of the Case"),
    ("training_completed", "Completion of the Training"),
]

PERIOD_FIELDS = ("retention_kind", "retention_years", "min_retention_years")
# The to-do of a line whose period the centre has still to set.
PERIOD_ACTIVITY = "dpo_records.mail_activity_type_nomenclature_period"
# Module-private token of the director's confirmed change of a period (a client cannot send it).
_CONFIRMED = object()


def period_floor(kind, years, min_years):
    """How many years after closing a case of such a period is surely kept: what a change of
    period may not lower without the director. A permanent line, and a line whose period is not
    set yet (its cases never expire), keep their cases for ever; «until no longer needed» keeps
    them its minimum, or nothing sure without one."""
    if kind == "years":
        return years
    if kind == "until_not_needed":
        return min_years or 0
    return math.inf


def _ru_years(number, genitive=False):
    """«5 лет», «1 год», «3 года»; after «не менее»: «1 года», «3 лет». Russian plural forms,
    which one gettext msgid cannot carry, hence Python."""
    if number % 10 == 1 and number % 100 != 11:
        word = "года" if genitive else "год"
    elif not genitive and 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        word = "года"
    else:
        word = "лет"
    return f"{number} {word}"


def period_text(kind, years, min_years, russian=True):
    """The period as a nomenclature writes it: «5 лет», «Постоянно», «До минования надобности,
    но не менее 3 лет»; in English outside a Russian context."""
    if kind == "years":
        return _ru_years(years) if russian else f"{years} years"
    if kind == "permanent":
        return "Постоянно" if russian else "Permanent"
    if kind == "until_not_needed":
        if russian:
            text = "До минования надобности"
            return f"{text}, но не менее {_ru_years(min_years, genitive=True)}" if min_years else text
        text = "Until no longer needed"
        return f"{text}, at least {min_years} years" if min_years else text
    return "Не установлен" if russian else "Not set"


def check_period(env, name, kind, years, min_years):
    """Raise a ValidationError naming `name` when the period fields disagree: a period of years
    has more than zero years, «until no longer needed» a minimum of zero or more, a permanent
    line no years, and each kind only its own number."""
    if kind == "years" and years <= 0:
        raise ValidationError(
            env._(
                "«%(line)s»: a period of a number of years is more than zero years (%(years)s given); a "
                "case kept for ever is «Permanent», one kept while needed «Until No Longer Needed».",
                line=name,
                years=years,
            )
        )
    if kind == "until_not_needed" and min_years < 0:
        raise ValidationError(
            env._(
                "«%(line)s»: the minimum of «until no longer needed» is zero years or more "
                "(%(years)s given).",
                line=name,
                years=min_years,
            )
        )
    if kind == "permanent" and (years or min_years):
        raise ValidationError(env._("«%(line)s»: a permanent period has no number of years.", line=name))
    if kind != "years" and years:
        raise ValidationError(
            env._("«%(line)s»: a number of years is given only for a period of years.", line=name)
        )
    if kind != "until_not_needed" and min_years:
        raise ValidationError(
            env._(
                "«%(line)s»: a minimum number of years is given only for «until no longer needed».",
                line=name,
            )
        )


def check_order_type(env, name, record_type, order_type):
    if order_type and record_type != "order":
        raise ValidationError(
            env._("«%(line)s»: the type of order is given only for a line of orders.", line=name)
        )


class DpoNomenclatureItem(models.Model):
    """A line of the company's nomenclature of files (номенклатура дел): which records form a
    case, how cases are formed, on which carrier they are kept and for how long.

    One active line per record type (and type of order) in a company, so that a record finds its
    line without doubt (`_find_for`). The period of a line that already holds cases is never
    shortened but by the director, with a reason kept in the correction ledger (`_change_period`).
    """

    _name = "dpo.nomenclature.item"
    _description = "Nomenclature Item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, sequence, index, id"
    _rec_names_search = ["index", "title"]
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    index = fields.Char(required=True, tracking=True, help="Index of the case, e.g. «01-05».")
    title = fields.Char(required=True, tracking=True, help="Title of the case as the nomenclature words it.")
    record_type = fields.Selection(RECORD_TYPES, required=True, tracking=True)
    order_type = fields.Selection(
        ORDER_TYPES, help="For orders: the type of order this line holds; empty holds all the others."
    )
    retention_kind = fields.Selection(
        RETENTION_KINDS,
        tracking=True,
        help="Empty while the centre has not set the period (the archivist has a to-do for it).",
    )
    retention_years = fields.Integer(tracking=True, help="Period in years when it is a number of years.")
    min_retention_years = fields.Integer(
        string="At Least (Years)",
        tracking=True,
        help="«До минования надобности, но не менее N лет»: the N, if any.",
    )
    retention_label = fields.Char(string="Retention Period", compute="_compute_retention_label")
    start_event = fields.Selection(START_EVENTS, default="case_closed", required=True)
    epk = fields.Boolean(
        string="ЭПК", tracking=True, help="Reviewed by the expert commission before destruction."
    )
    article = fields.Char(
        tracking=True, help="Article of the federal list of documents (Перечень Росархива № 236)."
    )
    carrier = fields.Selection(CARRIERS, required=True, default="paper", tracking=True)
    paper_mandatory = fields.Boolean(
        tracking=True, help="The paper original is mandatory; electronic copies are derived from it."
    )
    responsible_user_id = fields.Many2one("res.users", string="Responsible Person", check_company=True)
    responsible_position = fields.Char()
    case_rule = fields.Selection(CASE_RULES, required=True, default="year")
    note = fields.Text()
    preset = fields.Char(readonly=True, help="The preset this line came from, if any.")
    case_ids = fields.One2many("dpo.archive.case", "nomenclature_item_id")
    case_count = fields.Integer(string="Cases", compute="_compute_case_count")

    _sql_constraints = [
        (
            "index_company_uniq",
            "UNIQUE(company_id, index)",
            "The index of a nomenclature line is unique in a company.",
        ),
    ]

    @api.depends("index", "title")
    def _compute_display_name(self):
        for item in self:
            item.display_name = f"{item.index or ''} {item.title or ''}".strip()

    @api.depends_context("lang")
    @api.depends("retention_kind", "retention_years", "min_retention_years")
    def _compute_retention_label(self):
        russian = (self.env.lang or "").startswith("ru")
        for item in self:
            item.retention_label = period_text(
                item.retention_kind, item.retention_years, item.min_retention_years, russian
            )

    def _compute_case_count(self):
        counts = dict(
            self.env["dpo.archive.case"]
            .sudo()
            ._read_group([("nomenclature_item_id", "in", self.ids)], ["nomenclature_item_id"], ["__count"])
        )
        for item in self:
            item.case_count = counts.get(item._origin, 0)

    @api.onchange("retention_kind")
    def _onchange_retention_kind(self):
        if self.retention_kind != "years":
            self.retention_years = 0
        if self.retention_kind != "until_not_needed":
            self.min_retention_years = 0

    @api.onchange("record_type")
    def _onchange_record_type(self):
        if self.record_type != "order":
            self.order_type = False

    @api.constrains(*PERIOD_FIELDS)
    def _check_period(self):
        for item in self:
            check_period(
                self.env,
                item.display_name,
                item.retention_kind,
                item.retention_years,
                item.min_retention_years,
            )

    @api.constrains("record_type", "order_type")
    def _check_order_type(self):
        for item in self:
            check_order_type(self.env, item.display_name, item.record_type, item.order_type)

    @api.constrains("company_id", "record_type", "order_type", "active")
    def _check_one_line_per_type(self):
        """One active line per record type (and type of order) in a company: `_find_for` must
        know which line a record files into."""
        types = dict(self._fields["record_type"]._description_selection(self.env))
        for item in self.filtered("active"):
            other = (
                self.sudo()
                .with_context(active_test=True)
                .search(
                    [
                        ("id", "!=", item.id),
                        ("company_id", "=", item.company_id.id),
                        ("record_type", "=", item.record_type),
                        ("order_type", "=", item.order_type),
                    ],
                    limit=1,
                )
            )
            if other:
                kind = types[item.record_type]
                if item.order_type:
                    order_types = dict(self._fields["order_type"]._description_selection(self.env))
                    kind = f"{kind} ({order_types[item.order_type]})"
                raise ValidationError(
                    self.env._(
                        "«%(line)s»: the records of type «%(type)s» of %(company)s already file into "
                        "«%(other)s». A record type has one active line in a company: archive the other "
                        "line first.",
                        line=item.display_name,
                        type=kind,
                        company=item.company_id.name,
                        other=other.display_name,
                    )
                )

    def _check_index_free(self, wanted):
        """Raise a ValidationError when an index of `wanted` — (company id, index, own id or
        None) — is already another line's in that company, archived lines included. Called
        before the ORM stores the values, so that the database's UNIQUE never answers first."""
        seen = {}
        for company_id, index, own_id in wanted:
            key = (company_id, index)
            if key in seen and (own_id is None or seen[key] != own_id):
                raise ValidationError(
                    self.env._(
                        "The index «%(index)s» is given twice: each case of the nomenclature has its "
                        "own index.",
                        index=index,
                    )
                )
            seen[key] = own_id
        Item = self.sudo().with_context(active_test=False)
        for (company_id, index), own_id in seen.items():
            other = Item.search(
                [("company_id", "=", company_id), ("index", "=", index), ("id", "!=", own_id or 0)], limit=1
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "The index «%(index)s» is already the index of «%(line)s» in %(company)s: each "
                        "case of the nomenclature has its own index.",
                        index=index,
                        line=other.display_name,
                        company=other.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        default_company = self.env.context.get("default_company_id") or self.env.company.id
        self._check_index_free(
            [
                (vals.get("company_id") or default_company, vals["index"], None)
                for vals in vals_list
                if vals.get("index")
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if "index" in vals or "company_id" in vals:
            self._check_index_free(
                [
                    (vals.get("company_id", item.company_id.id), vals.get("index", item.index), item.id)
                    for item in self
                    if vals.get("index", item.index)
                ]
            )
        if {"company_id", "record_type", "order_type"} & vals.keys():
            self._check_no_cases_for_type_change(vals)
        if PERIOD_FIELDS & vals.keys() and self.env.context.get("dpo_nomenclature_period") is not _CONFIRMED:
            shortened = self._shortened_by(vals)
            if shortened:
                raise UserError(
                    self.env._(
                        "The new period would shorten the retention of cases already filed under "
                        "%(lines)s. Only the director shortens it, with a reason kept in the correction "
                        "ledger («Change Period» on the line).",
                        lines=", ".join(f"«{item.display_name}»" for item in shortened),
                    )
                )
        result = super().write(vals)
        if vals.get("retention_kind"):
            # The period is set: the archivist's to-do for it is done.
            self.filtered("retention_kind").activity_feedback([PERIOD_ACTIVITY])
        return result

    @api.ondelete(at_uninstall=True)
    def _unlink_except_holding_cases(self):
        if is_module_uninstall(self.env):
            return
        for item in self:
            if item.case_count:
                raise UserError(
                    self.env._(
                        "«%(line)s» holds %(count)s archival case(s): a line that has cases is archived, "
                        "never deleted.",
                        line=item.display_name,
                        count=item.case_count,
                    )
                )

    # Actions

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_archive_case_action")
        action["domain"] = [("nomenclature_item_id", "=", self.id)]
        return action

    # Business methods

    def _cases_kept(self):
        """The cases of these lines that still exist on paper or electronically."""
        return (
            self.env["dpo.archive.case"]
            .sudo()
            .search([("nomenclature_item_id", "in", self.ids), ("state", "!=", "destroyed")])
        )

    def _check_no_cases_for_type_change(self, vals):
        for item in self:
            changed = [
                name
                for name in ("company_id", "record_type", "order_type")
                if name in vals and item._fields[name].convert_to_write(item[name], item) != vals[name]
            ]
            if changed and item.case_count:
                raise UserError(
                    self.env._(
                        "«%(line)s» holds archival cases: its company, record type and type of order stay "
                        "as they are. Archive it and make a new line instead.",
                        line=item.display_name,
                    )
                )

    def _period_floor(self, vals=None):
        self.ensure_one()
        vals = vals or {}
        return period_floor(*(vals.get(name, self[name]) for name in PERIOD_FIELDS))

    def _shortened_by(self, vals):
        """The lines of `self` holding cases whose period `vals` would shorten."""
        held = self._cases_kept().nomenclature_item_id
        return self.filtered(lambda item: item in held and item._period_floor(vals) < item._period_floor())

    def _change_period(self, vals, reason):
        """The director's confirmed change of the period of this line, which may shorten the
        retention of cases already filed: refused to anyone else; the change is kept in the
        correction ledger with the reason, who and when."""
        self.ensure_one()
        vals = {name: vals[name] for name in PERIOD_FIELDS if name in vals}
        if self._shortened_by(vals) and not self.env.user.has_group("dpo_records.group_dpo_manager"):
            raise AccessError(
                self.env._(
                    "Only the director shortens the retention period of cases already filed (%(line)s).",
                    line=self.display_name,
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why the retention period changes."))
        old = self.retention_label
        self.with_context(dpo_nomenclature_period=_CONFIRMED).write(vals)
        if self.retention_label != old:
            self.env["dpo.correction"]._record(self, "retention_label", old, self.retention_label, reason)
        return True

    def _retention_until(self, date_closed):
        """The last day a case of this line closed on `date_closed` is kept. Russian archives
        count a period from 1 January of the year after the case was closed: closed in 2026 and
        kept 5 years, it is kept until 31.12.2031. `False` for a permanent line, for «until no
        longer needed» without a minimum, and for a line whose period is not set yet."""
        self.ensure_one()
        if not date_closed:
            return False
        if self.retention_kind == "years":
            years = self.retention_years
        elif self.retention_kind == "until_not_needed":
            years = self.min_retention_years
        else:
            years = 0
        if years <= 0:
            return False
        return date(fields.Date.to_date(date_closed).year + years, 12, 31)

    @api.model
    def _find_for(self, company, record_type, order_type=False):
        """The active line of `company` that records of `record_type` (for orders: of
        `order_type`, else the line of all other orders) file into, or an empty recordset.
        Looked up as superuser, since whoever signs a record files it, but returned in the
        caller's environment."""
        domain = [("company_id", "=", company.id), ("record_type", "=", record_type)]
        Item = self.sudo().with_context(active_test=True)
        if record_type != "order":
            return Item.search(domain, limit=1).with_env(self.env)
        lines = Item.search(domain + [("order_type", "in", [order_type, False] if order_type else [False])])
        line = lines.filtered(lambda item: order_type and item.order_type == order_type)[:1]
        return (line or lines.filtered(lambda item: not item.order_type)[:1]).with_env(self.env)

    def _archivist_to_do(self):
        """A to-do on each line whose period is not set, for its responsible person or an
        archivist of its company, once (an open one is not repeated)."""
        activity_type = self.env.ref(PERIOD_ACTIVITY)
        for item in self.filtered(lambda item: not item.retention_kind):
            if item.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type):
                continue
            archivist = item._archivist()
            env = self.with_context(lang=archivist.lang or self.env.lang).env  # in the archivist's language
            item.activity_schedule(
                PERIOD_ACTIVITY,
                user_id=archivist.id,
                summary=env._("Set the retention period and the article of the federal list"),
                note=env._(
                    "The regulation leaves the period of «%(line)s» to the nomenclature of files: set it and "
                    "the article of the federal list (Перечень Росархива № 236).",
                    line=item.display_name,
                ),
            )

    def _archivist(self):
        """Who fills in the line: its responsible person, else the current user if an archivist
        (not only as director), else the first archivist of the company, else the current user."""
        self.ensure_one()
        if self.responsible_user_id:
            return self.responsible_user_id
        user = self.env.user
        if user.has_group("dpo_records.group_dpo_archivist") and not user.has_group(
            "dpo_records.group_dpo_manager"
        ):
            return user
        archivists = (
            self.env.ref("dpo_records.group_dpo_archivist")
            .sudo()
            .users.filtered(
                lambda u: (
                    self.company_id in u.company_ids
                    and not u.share
                    and not u.has_group("dpo_records.group_dpo_manager")
                )
            )
        )
        return archivists.sorted("id")[:1] or user
