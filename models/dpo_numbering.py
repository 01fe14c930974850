import re
import string

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .dpo_uninstall import is_module_uninstall

# Module-private token of the engine's own writes (a client cannot send this object).
_NUMBERING = object()
# Numbers of orders: «12-ОУ/2026», the letters set per kind.
ORDER_FORMAT = "{number}-{letters}/{year}"
# Fields nobody writes by hand: the counter moves only by signing.
COUNTER_FIELDS = frozenset(("company_id", "kind", "year", "number_start", "number_next"))


class DpoNumbering(models.Model):
    """Counter of document numbers per company, kind and calendar year: one engine for orders,
    protocols and (later) issued documents and destruction acts.

    Signing locks the counter's row (SELECT … FOR UPDATE) until the signing transaction ends:
    two signers at once get consecutive numbers (the second waits), and a signing rolled back
    returns its number, so the numbering has no gaps. Nobody edits the counter; the director may
    only set the first number of a year before any number of that year is used.
    """

    _name = "dpo.numbering"
    _description = "Document Numbering"
    _order = "company_id, year desc, kind"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    kind = fields.Char(required=True, readonly=True, help="Kind of numbered document, e.g. order.enroll.")
    kind_label = fields.Char(compute="_compute_kind_label", string="Documents")
    year = fields.Integer(required=True, readonly=True, aggregator=None)
    letters = fields.Char(help="Letters in the number, e.g. «ОУ» gives «12-ОУ/2026».")
    number_format = fields.Char(
        help="How the numbers read: {number} (or {number:04d} for leading zeros), {year} and {letters}, "
        "e.g. «{number:04d}/{year}» gives «0012/2026». Empty: the standard format of the kind. Set "
        "before the first number of the year is given.",
    )
    format_editable = fields.Boolean(compute="_compute_next_name")
    uses_letters = fields.Boolean(compute="_compute_kind_label")
    number_start = fields.Integer(string="First Number", required=True, default=1, readonly=True)
    number_next = fields.Integer(string="Next Number", required=True, default=1, readonly=True)
    next_name = fields.Char(compute="_compute_next_name", string="Next Number Reads")

    _sql_constraints = [
        ("company_kind_year_uniq", "UNIQUE(company_id, kind, year)", "Documents are numbered once per year."),
    ]

    @api.model
    def _get_kinds(self):
        """Kinds of numbered documents: kind → (label, format, default letters). A format takes
        {number}, {year} and {letters}. Other models add their kinds by extending this."""
        return {
            "order.organize": (self.env._("Orders on the Organisation of Training"), ORDER_FORMAT, "ОД"),
            "order.enroll": (self.env._("Orders on Enrolment"), ORDER_FORMAT, "ОУ"),
            "order.complete": (self.env._("Orders on Completion of Training"), ORDER_FORMAT, "ОК"),
            "order.expel": (self.env._("Orders on Expulsion"), ORDER_FORMAT, "ОТ"),
            "order.commission": (self.env._("Orders on Commissions"), ORDER_FORMAT, "К"),
            "protocol": (self.env._("Final Attestation Protocols"), "{year}/{number:03d}", ""),
            "document": (self.env._("Documents on Education and Training"), "{number:04d}/{year}", ""),
            "destruction_act": (self.env._("Acts of Destruction of Archival Cases"), "{number}/{year}", ""),
            "personal_data_act": (
                self.env._("Acts of Destruction of Personal Data"),
                "{number}-ПД/{year}",
                "",
            ),
        }

    @api.model
    def _kind_spec(self, kind):
        kinds = self._get_kinds()
        if kind not in kinds:
            raise UserError(self.env._("Documents of kind «%(kind)s» are not numbered.", kind=kind))
        return kinds[kind]

    @api.depends("kind")
    def _compute_kind_label(self):
        kinds = self._get_kinds()
        for counter in self:
            label, number_format, _letters = kinds.get(counter.kind, (counter.kind, "", ""))
            counter.kind_label = label
            counter.uses_letters = "{letters}" in number_format

    @api.depends("kind", "year", "letters", "number_format", "number_next")
    def _compute_next_name(self):
        kinds = self._get_kinds()
        for counter in self:
            counter.next_name = counter._format(counter.number_next) if counter.kind in kinds else ""
            counter.format_editable = counter.number_next == counter.number_start

    @api.depends("kind_label", "year")
    def _compute_display_name(self):
        for counter in self:
            counter.display_name = f"{counter.kind_label or ''} {counter.year}"

    @api.constrains("kind", "letters")
    def _check_letters(self):
        for counter in self:
            if counter.uses_letters and not (counter.letters or "").strip():
                raise ValidationError(
                    self.env._("Give the letters of the numbers of %(kind)s.", kind=counter.kind_label)
                )

    @api.constrains("number_format")
    def _check_number_format(self):
        for counter in self.filtered("number_format"):
            number_format = counter.number_format
            if "{number" not in number_format or "{year" not in number_format:
                raise ValidationError(
                    self.env._(
                        "The number format «%(format)s» must hold {number} and {year}: numbers start "
                        "anew every year, and the year keeps them apart.",
                        format=number_format,
                    )
                )
            try:
                counter._format(1)
            except (KeyError, IndexError, ValueError, AttributeError):
                raise ValidationError(
                    self.env._(
                        "The number format «%(format)s» cannot be read: use {number}, {number:04d}, {year} "
                        "and {letters}.",
                        format=number_format,
                    )
                ) from None

    def _format(self, number):
        self.ensure_one()
        _label, number_format, _letters = self._kind_spec(self.kind)
        return (self.number_format or number_format).format(
            number=number, year=self.year, letters=(self.letters or "").strip()
        )

    # Guards: only the engine creates counters and moves them.

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("dpo_numbering") is not _NUMBERING:
            raise UserError(self.env._("Counters are created by signing the first document of a year."))
        return super().create(vals_list)

    def write(self, vals):
        if "number_format" in vals and self.env.context.get("dpo_numbering") is not _NUMBERING:
            used = self.filtered(lambda counter: counter.number_next != counter.number_start)
            if used:
                raise UserError(
                    self.env._(
                        "Numbers of %(kind)s of %(year)s were already given: their format changes only with "
                        "a new year (set it on the next year's counter, made by «Set First Number»).",
                        kind=used[0].kind_label,
                        year=used[0].year,
                    )
                )
        if COUNTER_FIELDS & vals.keys() and self.env.context.get("dpo_numbering") is not _NUMBERING:
            raise UserError(
                self.env._(
                    "A counter moves only by signing documents. Before the first document of a year is "
                    "signed, the director may set its first number with «Set First Number»."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_used(self):
        if is_module_uninstall(self.env):
            return
        if self.filtered(lambda counter: counter.number_next != counter.number_start):
            raise UserError(
                self.env._("Numbers of this counter were given to documents: it cannot be deleted.")
            )

    # The engine

    @api.model
    def _lock(self, company, kind, year):
        """The counter of `kind` in `company` and `year`, made if missing, locked until the
        transaction ends."""
        _label, _number_format, letters = self._kind_spec(kind)
        previous = self.sudo().search(
            [("company_id", "=", company.id), ("kind", "=", kind), ("year", "<", year)],
            order="year desc",
            limit=1,
        )
        number_format = None
        if previous:
            letters = previous.letters
            number_format = previous.number_format or None
        uid = self.env.uid
        self.env.cr.execute(
            SQL(
                """INSERT INTO dpo_numbering
                       (company_id, kind, year, letters, number_format, number_start, number_next,
                        create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, 1, 1,
                           %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                   ON CONFLICT (company_id, kind, year) DO NOTHING""",
                company.id,
                kind,
                year,
                letters or None,
                number_format,
                uid,
                uid,
            )
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM dpo_numbering WHERE company_id = %s AND kind = %s AND year = %s FOR UPDATE",
                company.id,
                kind,
                year,
            )
        )
        counter = self.sudo().browse(self.env.cr.fetchone()[0])
        counter.invalidate_recordset()
        return counter

    @api.model
    def _next_number(self, company, kind, date):
        """Take the next number of `kind` in the company and year of `date`, formatted, locking
        the counter until the transaction ends (called by the signing only)."""
        counter = self._lock(company, kind, date.year)
        number = counter.number_next
        counter.with_context(dpo_numbering=_NUMBERING).write({"number_next": number + 1})
        return counter._format(number)

    @api.model
    def _sync_with_used_numbers(self):
        """Move every counter past the numbers its documents already carry. Run on upgrade (the
        counters of older versions lived elsewhere) and after numbers came from outside: the
        engine never gives a number twice."""
        registry = self.env.registry
        used = {}
        for model_name in registry.descendants(["dpo.signed.document.mixin"], "_inherit"):
            Model = self.env[model_name].sudo()
            if Model._abstract or not Model._signed_number_field:
                continue
            field = Model._signed_number_field
            for record in Model.with_context(active_test=False).search([(field, "!=", False)]):
                numbering = record._get_numbering()
                if numbering:
                    company, kind, date = numbering
                    used.setdefault((company, kind, date.year), []).append(record[field])
        for (company, kind, year), names in used.items():
            counter = self._lock(company, kind, year)
            pattern = self._number_pattern(company, kind, year)
            numbers = [int(match["number"]) for match in map(pattern.fullmatch, names) if match]
            if numbers and counter.number_next <= max(numbers):
                counter.with_context(dpo_numbering=_NUMBERING).write({"number_next": max(numbers) + 1})
        return True

    @api.model
    def _set_start(self, company, kind, year, number, reason):
        """Set the first number of `kind` in `company` and `year`, before any is used; the change
        is kept in the correction ledger with its reason, who and when."""
        if not self.env.user.has_group("dpo_records.group_dpo_manager"):
            raise AccessError(self.env._("Only the director sets the first number of a year."))
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You cannot set the numbering of %(company)s.", company=company.name)
            )
        if number < 1:
            raise UserError(self.env._("Numbers start from 1 or more."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why the numbering starts from another number."))
        counter = self._lock(company, kind, year)
        if counter.number_next != counter.number_start:
            raise UserError(
                self.env._(
                    "Numbers of %(kind)s of %(year)s were already given (the next is %(next)s): the first "
                    "number can be set only before any is used.",
                    kind=counter.kind_label,
                    year=year,
                    next=counter.next_name,
                )
            )
        old = counter.number_next
        counter.with_context(dpo_numbering=_NUMBERING).write({"number_start": number, "number_next": number})
        self.env["dpo.correction"]._record(counter, "number_next", old, number, reason)
        return counter

    # Numbers given outside the engine (a centre's historical issuance book)

    @api.model
    def _number_pattern(self, company, kind, year):
        """A regular expression matching the numbers the engine would give to `kind` in `company`
        and `year` (the year's counter's format and letters, else those the counter would take
        from the year before, else the kind's), with the groups `number` and `year`. Reads only:
        no counter is made."""
        _label, number_format, letters = self._kind_spec(kind)
        counter = self.sudo().search(
            [("company_id", "=", company.id), ("kind", "=", kind), ("year", "<=", year)],
            order="year desc",
            limit=1,
        )
        if counter:
            number_format = counter.number_format or number_format
            letters = counter.letters
        parts = []
        for literal, field, _spec, _conversion in string.Formatter().parse(number_format):
            parts.append(re.escape(literal))
            if field == "number":
                parts.append(r"(?P<number>\d+)")
            elif field == "year":
                parts.append(r"(?P<year>\d{4})")
            elif field == "letters":
                parts.append(re.escape((letters or "").strip()))
        return re.compile("".join(parts))

    @api.model
    def _raise_past(self, company, kind, year, number, reason):
        """Move the counter of `kind` in `company` and `year` past `number`, a number already
        given outside the engine (a document of the historical book), so that the engine never
        gives it again; the move is kept in the correction ledger with its reason. A counter
        already past `number` is left alone. Called by the historical import only."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why the numbering moves on."))
        counter = self._lock(company, kind, year)
        old = counter.number_next
        if old > number:
            return counter
        counter.with_context(dpo_numbering=_NUMBERING).write({"number_next": number + 1})
        self.env["dpo.correction"]._record(counter, "number_next", old, number + 1, reason)
        return counter
