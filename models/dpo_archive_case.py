import logging
import threading
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from . import dpo_destruction_content
from .company_date import company_today
from .dpo_nomenclature_item import CARRIERS
from .dpo_uninstall import is_module_uninstall

_logger = logging.getLogger(__name__)

CASE_STATES = [
    ("open", "Open"),
    ("closed", "Closed"),
    ("expired", "Expired"),
    ("in_act", "In a Destruction Act"),
    ("destroyed", "Destroyed"),
]

# Put in the context only by the case's own methods (closing, the fixity check, and the state
# changes of issue 13 through `_write_case`): a client cannot send this object over RPC.
_CASE_CODE = object()

# Written only by the case's own methods, never by a client, whatever the state.
GUARDED_FIELDS = frozenset(
    (
        "state",
        "date_closed",
        "retention_until",
        "date_first",
        "date_last",
        "document_count",
        "entry_ids",
        "fixity_date",
        "fixity_state",
        "fixity_note",
        # Retention and destruction (issue 13)
        "destruction_act_id",
        "expired_date",
        "destroyed_date",
        "destruction_method",
        "attestation_extract_done",
    )
)
# What the records were filed by: fixed once a case holds records.
KEY_FIELDS = frozenset(("nomenclature_item_id", "company_id", "year", "group_id", "learner_id", "volume"))
# What may still change on a closed case: where its paper lies, its sheets, the legal hold;
# and the chatter's bookkeeping.
CLOSED_WRITABLE = frozenset(
    (
        "location_room",
        "location_rack",
        "location_box",
        "sheet_count",
        "legal_hold",
        "legal_hold_reason",
        "message_main_attachment_id",
        "activity_ids",
    )
)

# A case's electronic copies are checked again when the last check is this old.
FIXITY_INTERVAL_DAYS = 7
FIXITY_BATCH = 200
# Plausible years of a case: paper archives reach back, nothing is filed in the far future.
CASE_MIN_YEAR = 1900


class DpoArchiveCase(models.Model):
    """An archival case (дело): the records of one nomenclature line for one year, group or
    learner, with where its paper lies and until when it is kept.

    Records join their case by themselves (dpo.archivable.mixin). The state, the closing date,
    the retention date, the counts and the entries change only through the case's methods:
    `action_close()` / `_close()` (refused while a record of the case is still in progress) and,
    for issue 13, `_write_case()`. A closed case keeps its content: only its location, its
    sheets and the legal hold may change."""

    _name = "dpo.archive.case"
    _description = "Archival Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, index, id desc"
    _rec_names_search = ["index", "title"]
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    nomenclature_item_id = fields.Many2one(
        "dpo.nomenclature.item",
        string="Nomenclature Line",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    index = fields.Char(related="nomenclature_item_id.index", store=True)
    record_type = fields.Selection(related="nomenclature_item_id.record_type", store=True)
    title = fields.Char(
        required=True,
        compute="_compute_title",
        store=True,
        readonly=False,
        precompute=True,
        help="Built from the nomenclature line and the year, group or learner when the case is opened.",
    )
    year = fields.Integer(required=True, index=True, aggregator=None)
    volume = fields.Integer(
        default=1,
        aggregator=None,
        help="A second volume is opened when records come after their case was closed.",
    )
    group_id = fields.Many2one("dpo.group", index="btree_not_null", ondelete="restrict", check_company=True)
    learner_id = fields.Many2one(
        "dpo.learner", index="btree_not_null", ondelete="restrict", check_company=True
    )
    entry_ids = fields.One2many("dpo.archive.case.entry", "case_id", string="Records", readonly=True)
    date_first = fields.Date(
        compute="_compute_entry_dates", store=True, help="Date of the first document of the case."
    )
    date_last = fields.Date(
        compute="_compute_entry_dates", store=True, help="Date of the last document of the case."
    )
    document_count = fields.Integer(compute="_compute_entry_dates", store=True, string="Documents")
    sheet_count = fields.Integer(string="Sheets", help="Number of sheets of the paper case.")
    carrier = fields.Selection(
        CARRIERS, compute="_compute_carrier", store=True, readonly=False, precompute=True
    )
    location_room = fields.Char(string="Room", tracking=True)
    location_rack = fields.Char(string="Rack", tracking=True)
    location_box = fields.Char(string="Box", tracking=True)
    note = fields.Text()
    state = fields.Selection(
        CASE_STATES, required=True, default="open", readonly=True, tracking=True, index=True, copy=False
    )
    date_closed = fields.Date(readonly=True, copy=False, tracking=True)
    retention_until = fields.Date(
        compute="_compute_retention_until",
        store=True,
        index=True,
        copy=False,
        help="The case may be destroyed after this date; empty for a permanent case, for one kept "
        "until no longer needed, and while the case is open.",
    )
    retention_label = fields.Char(compute="_compute_retention_label", string="Retention Period")
    legal_hold = fields.Boolean(
        tracking=True, copy=False, help="Kept beyond its period until the hold is lifted."
    )
    legal_hold_reason = fields.Char(tracking=True, copy=False)
    # Electronic copies of the records (issue 12 item 5): listed from the records' attachments.
    copy_ids = fields.Many2many("ir.attachment", compute="_compute_copy_ids", string="Electronic Copies")
    copy_count = fields.Integer(compute="_compute_copy_ids", string="Copies")
    copies_derived = fields.Boolean(
        related="nomenclature_item_id.paper_mandatory",
        string="Derived from the Paper Original",
        help="The paper original is mandatory: the electronic copies are derived from it.",
    )
    fixity_date = fields.Datetime(
        string="Copies Last Checked", readonly=True, copy=False, help="Last check of the copies' checksums."
    )
    fixity_state = fields.Selection(
        [("ok", "Intact"), ("failed", "Damaged or Missing")],
        string="Copies Checked",
        readonly=True,
        copy=False,
    )
    fixity_note = fields.Text(string="Copies Found Damaged", readonly=True, copy=False)

    # Computes

    @api.depends("nomenclature_item_id", "year", "group_id", "learner_id", "volume")
    def _compute_title(self):
        # In the language of the printed forms: the title is printed on labels and inventories.
        env = self.with_context(lang=self.env["res.lang"]._dpo_print_lang()).env
        for case in self:
            item = case.nomenclature_item_id.with_env(env)
            if not item:
                case.title = False
                continue
            values = {"title": item.title, "year": case.year or ""}
            if case.group_id:
                title = env._("%(title)s %(year)s, group %(group)s", group=case.group_id.name, **values)
            elif case.learner_id:
                title = env._("%(title)s: %(learner)s", learner=case.learner_id.name, title=item.title)
            else:
                title = env._("%(title)s %(year)s", **values)
            if case.volume and case.volume > 1:
                title = env._("%(title)s, vol. %(volume)s", title=title, volume=case.volume)
            case.title = title

    @api.depends("nomenclature_item_id")
    def _compute_carrier(self):
        for case in self:
            case.carrier = case.nomenclature_item_id.carrier or False

    @api.depends("entry_ids.date", "entry_ids.date_start")
    def _compute_entry_dates(self):
        stats = {}
        if self.ids:
            # Read as superuser: the counts are the archive's, whoever's action filed a record.
            for case, first, first_start, last, count in (
                self.env["dpo.archive.case.entry"]
                .sudo()
                ._read_group(
                    [("case_id", "in", self.ids)],
                    ["case_id"],
                    ["date:min", "date_start:min", "date:max", "__count"],
                )
            ):
                firsts = [value for value in (first, first_start) if value]
                stats[case.id] = (min(firsts) if firsts else False, last, count)
        for case in self:
            case.date_first, case.date_last, case.document_count = stats.get(case.id, (False, False, 0))

    @api.depends(
        "date_closed",
        "nomenclature_item_id.retention_kind",
        "nomenclature_item_id.retention_years",
        "nomenclature_item_id.min_retention_years",
    )
    def _compute_retention_until(self):
        # Counted from 1 January of the year after closing (the line's `_retention_until`);
        # an open case has no date yet, a permanent one never gets one.
        for case in self:
            item = case.nomenclature_item_id
            case.retention_until = bool(case.date_closed and item) and item.sudo()._retention_until(
                case.date_closed
            )

    @api.depends_context("lang")
    @api.depends(
        "nomenclature_item_id.retention_kind",
        "nomenclature_item_id.retention_years",
        "nomenclature_item_id.min_retention_years",
        "nomenclature_item_id.article",
        "nomenclature_item_id.epk",
    )
    def _compute_retention_label(self):
        for case in self:
            case.retention_label = case._print_retention()

    def _compute_copy_ids(self):
        records = self.env["dpo.archivable.mixin"]._archive_group_by_model(self.sudo().entry_ids)
        copies_by_record = {}
        for model, found in records.items():
            for record in found:
                copies_by_record[model, record.id] = record._get_archive_copies()
        for case in self:
            copies = self.env["ir.attachment"]
            for entry in case.sudo().entry_ids:
                copies |= copies_by_record.get((entry.res_model, entry.res_id), copies)
            case.copy_ids = copies
            case.copy_count = len(copies)

    @api.depends("index", "title")
    def _compute_display_name(self):
        for case in self:
            case.display_name = f"{case.index or ''} {case.title or ''}".strip()

    # Constraints

    @api.constrains("legal_hold", "legal_hold_reason")
    def _check_legal_hold(self):
        for case in self:
            if case.legal_hold and not (case.legal_hold_reason or "").strip():
                raise ValidationError(
                    self.env._("Give the reason of the legal hold on case %(case)s.", case=case.display_name)
                )

    @api.constrains("year")
    def _check_year(self):
        for case in self:
            latest = company_today(case.company_id).year + 1
            if not CASE_MIN_YEAR <= case.year <= latest:
                raise ValidationError(
                    self.env._(
                        "The year of a case is between %(min)s and %(max)s, not %(year)s.",
                        min=CASE_MIN_YEAR,
                        max=latest,
                        year=case.year,
                    )
                )

    @api.constrains("volume")
    def _check_volume(self):
        for case in self:
            if case.volume < 1:
                raise ValidationError(self.env._("The volume of a case is 1 or more."))

    # CRUD guards

    def _is_case_code(self):
        return self.env.context.get("dpo_archive_case") is _CASE_CODE

    def _guarded_message(self):
        return self.env._(
            "The status, closing date, retention date, counts, records and checks of an archival case "
            "are set by the archive itself (filing, «Close», the fixity check); they cannot be entered "
            "or changed."
        )

    @api.model_create_multi
    def create(self, vals_list):
        code = self._is_case_code()
        if not code:
            for vals in vals_list:
                if vals.get("state", "open") != "open" or any(
                    vals.get(name) for name in GUARDED_FIELDS - {"state"}
                ):
                    raise UserError(self._guarded_message())
        cases = super().create(vals_list)
        # Defaults (a client's `default_state` in the context) come after the values above.
        if not code and any(case.state != "open" or case.date_closed or case.fixity_date for case in cases):
            raise UserError(self._guarded_message())
        return cases

    def write(self, vals):
        if not self._is_case_code():
            if GUARDED_FIELDS & vals.keys():
                raise UserError(self._guarded_message())
            closed = self.filtered(lambda case: case.state != "open")
            if closed and not CLOSED_WRITABLE.issuperset(vals):
                raise UserError(
                    self.env._(
                        "Case %(case)s is closed: only its location (room, rack, box), its number of "
                        "sheets and the legal hold may change.",
                        case=closed[0].display_name,
                    )
                )
            if KEY_FIELDS & vals.keys():
                filed = self.filtered(lambda case: case.sudo().entry_ids)
                if filed:
                    raise UserError(
                        self.env._(
                            "Case %(case)s holds records filed by its line, year, group and learner: "
                            "these cannot change.",
                            case=filed[0].display_name,
                        )
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_filed_or_closed(self):
        if is_module_uninstall(self.env):
            return
        for case in self:
            if case.state != "open":
                raise UserError(
                    self.env._(
                        "Case %(case)s is closed: it is kept until its period ends and is destroyed "
                        "only by a destruction act.",
                        case=case.display_name,
                    )
                )
            if case.sudo().entry_ids:
                raise UserError(
                    self.env._(
                        "Case %(case)s holds %(count)s records and cannot be deleted.",
                        case=case.display_name,
                        count=len(case.sudo().entry_ids),
                    )
                )

    def _write_case(self, vals):
        """Write what only the archive's own code writes (status, closing date, checks),
        whatever the rights of the user whose action runs it: the caller has checked them."""
        return self.sudo().with_context(dpo_archive_case=_CASE_CODE).write(vals)

    # Opening cases (the filing code)

    @api.model
    def _get_open_cases(self, years_by_key):
        """{key: open case} for every key (line id, year, group id, learner id) of
        `dpo.archivable.mixin._get_archive_case_key`, opening the missing cases with the year
        given for the key. One search for the open cases, and for the missing ones one count of
        the earlier volumes and one create."""
        Case = self.sudo()
        item_ids = sorted({key[0] for key in years_by_key})
        years = sorted({key[1] for key in years_by_key if key[1]})
        group_ids = sorted({key[2] for key in years_by_key if key[2]})
        learner_ids = sorted({key[3] for key in years_by_key if key[3]})
        key_domain = [
            "|",
            "|",
            "&",
            "&",
            ("year", "in", years),
            ("group_id", "=", False),
            ("learner_id", "=", False),
            ("group_id", "in", group_ids),
            ("learner_id", "in", learner_ids),
        ]
        found = {}
        for case in Case.search(
            [("nomenclature_item_id", "in", item_ids), ("state", "=", "open"), *key_domain], order="id"
        ):
            found.setdefault(case._case_key(), case)
        missing = [key for key in years_by_key if key not in found]
        if missing:
            # Two filings opening the same case at once: the first to update the line's row
            # wins; the other fails to serialize and is retried, and then finds the case.
            self.env.cr.execute(
                SQL(
                    "UPDATE dpo_nomenclature_item SET write_date = write_date WHERE id IN %s",
                    tuple(sorted({key[0] for key in missing})),
                )
            )
            volumes = defaultdict(int)
            for case in Case.search([("nomenclature_item_id", "in", item_ids), *key_domain]):
                volumes[case._case_key()] = max(volumes[case._case_key()], case.volume)
            items = self.env["dpo.nomenclature.item"].sudo().browse(item_ids)
            companies = {item.id: item.company_id.id for item in items}
            new = Case.with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
            ).create(
                [
                    {
                        "nomenclature_item_id": key[0],
                        "company_id": companies[key[0]],
                        "year": years_by_key[key],
                        "group_id": key[2],
                        "learner_id": key[3],
                        "volume": volumes[key] + 1,
                    }
                    for key in missing
                ]
            )
            found.update(zip(missing, new, strict=True))
        return found

    def _case_key(self):
        self.ensure_one()
        if self.group_id:
            return (self.nomenclature_item_id.id, False, self.group_id.id, False)
        if self.learner_id:
            return (self.nomenclature_item_id.id, False, False, self.learner_id.id)
        return (self.nomenclature_item_id.id, self.year, False, False)

    # Closing

    def _open_records(self):
        """The records of the case still in progress: those filed in it (a journal reopened, a
        learner still in training) and those that will file into it once done (an open journal
        of the case's group or year). Read as superuser."""
        self.ensure_one()
        case = self.sudo()
        pending = []
        for records in self.env["dpo.archivable.mixin"]._archive_group_by_model(case.entry_ids).values():
            if not hasattr(records, "_archive_is_open"):
                continue  # filed by hand (a file kept in the case): never in progress
            pending += [record for record in records if record._archive_is_open()]
        for model_name in self.env["dpo.archivable.mixin"]._archivable_models():
            pending += [
                record
                for record in self.env[model_name].sudo()._archive_pending_for(case)
                if record not in pending
            ]
        return pending

    def action_close(self):
        """«Close»: the case is complete; its retention period starts to run."""
        self.check_access("write")
        self._close()
        return True

    def _close(self, date_closed=None):
        """Close the open cases on `date_closed` (the company's today by default); refused while
        a record of a case is still in progress. Used by «Close», by the personal file handed to
        the archive when the training ends, and by the closing cron of issue 13."""
        for case in self:
            if case.state != "open":
                raise UserError(self.env._("Case %(case)s is not open.", case=case.display_name))
            pending = case._open_records()
            if pending:
                raise UserError(
                    self.env._(
                        "Case %(case)s cannot be closed while these records are in progress: %(records)s.",
                        case=case.display_name,
                        records=", ".join(
                            record.with_context(lang=self.env.lang)._get_archive_name() for record in pending
                        ),
                    )
                )
        for case in self:
            case._write_case(
                {"state": "closed", "date_closed": date_closed or company_today(case.company_id)}
            )
        return True

    def _closable(self):
        """The open cases among these that `_close()` would close."""
        return self.filtered(lambda case: case.state == "open" and not case._open_records())

    def _expirable(self, today):
        """The closed cases whose retention period has ended by `today` and that no legal hold
        keeps; a permanent case (no retention date) never expires."""
        return self.filtered(
            lambda case: (
                case.state == "closed"
                and case.retention_until
                and case.retention_until < today
                and not case.legal_hold
            )
        )

    # Electronic copies: the fixity check

    def _check_copies(self):
        """Recompute the SHA-256 of every electronic copy of the case and compare it with the one
        recorded when the copy was kept. Returns the problems found, one line each; nothing is
        repaired: a damaged or missing copy is reported, never replaced or re-hashed."""
        self.ensure_one()
        problems = []
        records = self.env["dpo.archivable.mixin"]._archive_group_by_model(self.sudo().entry_ids)
        for found in records.values():
            for record in found:
                problems += record._archive_missing_copies()
                for attachment in record._get_archive_copies().sudo():
                    problem = attachment._dpo_fixity_problem()
                    if problem:
                        problems.append(problem)
        return problems

    @api.model
    def _cron_check_fixity(self, batch_size=FIXITY_BATCH):
        """Check the electronic copies of the cases not checked for FIXITY_INTERVAL_DAYS, in
        batches committed one by one: a checked case leaves the domain, so the job can stop and
        resume anywhere. A case with a damaged or missing copy gets an activity for the
        archivist; its copies are left as they are."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        now = fields.Datetime.now()
        cases = self.sudo().search(
            [
                ("state", "!=", "destroyed"),
                "|",
                ("fixity_date", "=", False),
                ("fixity_date", "<", now - timedelta(days=FIXITY_INTERVAL_DAYS)),
            ],
            order="fixity_date asc nulls first, id",
        )
        done = 0
        for start in range(0, len(cases), batch_size):
            batch = cases[start : start + batch_size]
            for case in batch:
                case._record_fixity(case._check_copies(), now)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(cases) - done)
            if auto_commit:
                # Each checked batch is kept even if a later one fails (never under test).
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return done

    def _record_fixity(self, problems, checked_at):
        """Keep the outcome of a check; tell the archivist of a new problem."""
        self.ensure_one()
        note = "\n".join(problems) or False
        if problems and note != self.fixity_note:
            for user in self._archivists():
                self.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Electronic copy damaged or missing"),
                    note=self.env._(
                        "The fixity check of case %(case)s found: %(problems)s. Restore the copy from a "
                        "backup or the paper original; the archive has not changed it.",
                        case=self.display_name,
                        problems="; ".join(problems),
                    ),
                )
        self._write_case(
            {"fixity_date": checked_at, "fixity_state": "failed" if problems else "ok", "fixity_note": note}
        )

    def _archivists(self):
        """Who is told about the case: the line's responsible person while they are an archivist
        of the company, else the company's archivists (the directors if it has none)."""
        self.ensure_one()
        company = self.company_id

        def active_in(users):
            return users.filtered(lambda user: user.active and company in user.company_ids).sorted("id")

        responsible = active_in(self.nomenclature_item_id.responsible_user_id)
        if responsible and responsible.has_group("dpo_records.group_dpo_archivist"):
            return responsible
        archivists = active_in(self.env.ref("dpo_records.group_dpo_archivist").sudo().users)
        directors = archivists.filtered(lambda user: user.has_group("dpo_records.group_dpo_manager"))
        return (archivists - directors) or directors[:1]

    # Printed forms

    def _print_years_count(self, years, genitive=False):
        """«5 лет», «1 год», «не менее 3 лет»: Russian counts its years in three forms (two after
        «не менее»), which a single translated term cannot give; English in other languages."""
        if (self.env.lang or "").startswith("ru"):
            last, tens = years % 10, years % 100
            if last == 1 and tens != 11:
                word = "года" if genitive else "год"
            elif 2 <= last <= 4 and not 12 <= tens <= 14 and not genitive:
                word = "года"
            else:
                word = "лет"
            return f"{years} {word}"
        return f"{years} year" if years == 1 else f"{years} years"

    def _print_retention(self):
        """The period as the inventory and the labels print it, with the article of the list."""
        self.ensure_one()
        item = self.nomenclature_item_id
        kind = item.retention_kind
        if kind == "permanent":
            period = self.env._("permanent")
        elif kind == "years" and item.retention_years:
            period = self._print_years_count(item.retention_years)
        elif kind == "until_not_needed" and item.min_retention_years:
            period = self.env._(
                "until no longer needed, at least %(period)s",
                period=self._print_years_count(item.min_retention_years, genitive=True),
            )
        elif kind == "until_not_needed":
            period = self.env._("until no longer needed")
        else:
            period = self.env._("not set")
        if item.epk:
            period = f"{period} ЭПК"
        if item.article:
            period = self.env._("%(period)s, art. %(article)s", period=period, article=item.article)
        return period

    def _print_retention_until(self):
        self.ensure_one()
        if self.retention_until:
            return self.retention_until.strftime("%d.%m.%Y")
        if self.nomenclature_item_id.retention_kind == "permanent":
            return self.env._("permanently")
        if self.state == "open":
            return self.env._("set when the case is closed")
        return self._print_retention()

    def _print_years(self):
        self.ensure_one()
        first = self.date_first.year if self.date_first else self.year
        last = self.date_last.year if self.date_last else self.year
        return str(first) if first == last else f"{first}–{last}"

    def _print_dates(self):
        """The extreme dates of the case (крайние даты)."""
        self.ensure_one()
        if not self.date_first:
            return str(self.year)
        first, last = (
            self.date_first.strftime("%d.%m.%Y"),
            (self.date_last or self.date_first).strftime("%d.%m.%Y"),
        )
        return first if first == last else f"{first} – {last}"

    def _print_location(self):
        self.ensure_one()
        parts = []
        if self.location_room:
            parts.append(self.env._("room %(room)s", room=self.location_room))
        if self.location_rack:
            parts.append(self.env._("rack %(rack)s", rack=self.location_rack))
        if self.location_box:
            parts.append(self.env._("box %(box)s", box=self.location_box))
        return ", ".join(parts)

    def _print_note(self):
        """The inventory's note: the carrier, the copies derived from paper, the hold."""
        self.ensure_one()
        notes = []
        if self.carrier == "electronic":
            notes.append(self.env._("electronic"))
        if self.copies_derived and self.copy_count:
            notes.append(self.env._("electronic copies derived from the paper original"))
        if self.legal_hold:
            notes.append(self.env._("legal hold: %(reason)s", reason=self.legal_hold_reason))
        if self.note:
            notes.append(self.note)
        return "; ".join(notes)

    # Demo data

    @api.model
    def _demo_archive(self, company_id):
        """The demo archive: the few nomenclature lines the demo records need when the company
        has no nomenclature yet (no preset applied: periods only where seed 000 states them),
        the demo records filed, and their cases shelved in the archive room."""
        company = self.env["res.company"].browse(company_id)
        Item = self.env["dpo.nomenclature.item"].sudo()
        if not Item.with_context(active_test=False).search_count([("company_id", "=", company.id)]):
            common = {"company_id": company.id, "preset": "demo", "carrier": "paper"}
            Item.create(
                [
                    {
                        **common,
                        "index": "01-01",
                        "title": "Приказы по личному составу слушателей",
                        "record_type": "order",
                        "case_rule": "year",
                    },
                    {
                        **common,
                        "index": "01-02",
                        "title": "Журналы учета занятий",
                        "record_type": "journal",
                        "case_rule": "group",
                        "retention_kind": "years",
                        "retention_years": 5,
                    },
                    {
                        **common,
                        "index": "01-03",
                        "title": "Ведомости промежуточной аттестации",
                        "record_type": "statement",
                        "case_rule": "group",
                    },
                    {
                        **common,
                        "index": "01-04",
                        "title": "Протоколы итоговой аттестации",
                        "record_type": "protocol",
                        "case_rule": "year",
                        "retention_kind": "years",
                        "retention_years": 5,
                        "paper_mandatory": True,
                        "carrier": "both",
                    },
                    {
                        **common,
                        "index": "01-05",
                        "title": "Книга выдачи документов об образовании и об обучении",
                        "record_type": "issuance_book",
                        "case_rule": "year",
                        "retention_kind": "years",
                        "retention_years": 50,
                        "paper_mandatory": True,
                        "carrier": "both",
                    },
                    {
                        **common,
                        "index": "01-06",
                        "title": "Личные дела слушателей",
                        "record_type": "personal_file",
                        "case_rule": "learner",
                    },
                ]
            )
        self.env["dpo.archivable.mixin"]._archive_file_existing(company.id)
        cases = self.sudo().search([("company_id", "=", company.id)], order="year, index, id")
        for box, case in enumerate(cases, start=1):
            case.write({"location_room": "105", "location_rack": str(case.year), "location_box": str(box)})
        return True

    # Retention and destruction (issue 13)
    #
    # The state changes of retention: closed → expired (the review, once `retention_until` has
    # passed) → in_act (in a draft destruction act) → destroyed (the act executed); a case on
    # legal hold goes back to closed. All go through `_write_retention_state`.

    # Cases per run of a scheduled action (one commit each).
    _CLOSE_BATCH = 500
    _REVIEW_BATCH = 500

    destruction_act_id = fields.Many2one(
        "dpo.destruction.act",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
    )
    expired_date = fields.Date(string="Expired On", readonly=True, copy=False)
    destroyed_date = fields.Date(string="Destroyed On", readonly=True, copy=False)
    destruction_method = fields.Char(readonly=True, copy=False, help="How the paper case was destroyed.")
    attestation_extract_done = fields.Boolean(
        string="Attestation Extract Made",
        readonly=True,
        copy=False,
        help="For a journal: the pages with the intermediate and final attestation data were taken out "
        "into the yearly attestation extract before the journal could expire.",
    )
    retention_kind = fields.Selection(related="nomenclature_item_id.retention_kind")

    def _write_retention_state(self, vals):
        """Write the case's state and the fields of its retention, whatever the caller's rights:
        the methods below have checked them (the archive's own write, `_write_case`)."""
        return self._write_case(vals)

    def _today(self):
        self.ensure_one()
        return company_today(self.company_id)

    def _is_permanent(self):
        self.ensure_one()
        return self.nomenclature_item_id.retention_kind == "permanent"

    def _retention_passed(self):
        """Whether the case is past its retention date (a permanent case, or one whose period is
        not known, never is)."""
        self.ensure_one()
        return (
            bool(self.retention_until) and not self._is_permanent() and self.retention_until < self._today()
        )

    def _expire(self):
        """Closed cases past their retention date, without a legal hold (and, for a journal,
        with its attestation extract made) become expired."""
        for case in self:
            if case.state != "closed" or case.legal_hold or not case._retention_passed():
                raise UserError(
                    self.env._(
                        "Case «%(case)s» cannot expire: only a closed case past its retention date and "
                        "without a legal hold expires.",
                        case=case.title,
                    )
                )
            if case.record_type == "journal" and not case.attestation_extract_done:
                raise UserError(
                    self.env._(
                        "The journal case «%(case)s» expires only once its attestation extract is made.",
                        case=case.title,
                    )
                )
        for company in self.company_id:
            cases = self.filtered(lambda case, c=company: case.company_id == c)
            cases._write_retention_state({"state": "expired", "expired_date": company_today(company)})
        return True

    def _check_may_enter_act(self, act):
        """Refuse a case that may not go into the draft `act` (see `_put_in_act`)."""
        for case in self:
            if act.state != "draft":
                raise UserError(act._signed_write_message())
            if case.company_id != act.company_id:
                raise UserError(
                    self.env._(
                        "Case «%(case)s» belongs to another company than act %(act)s.",
                        case=case.title,
                        act=act.display_name,
                    )
                )
            if case._is_permanent():
                raise UserError(
                    self.env._("Case «%(case)s» is kept permanently: it is never destroyed.", case=case.title)
                )
            if case.legal_hold:
                raise UserError(
                    self.env._(
                        "Case «%(case)s» is on legal hold (%(reason)s): it cannot be destroyed.",
                        case=case.title,
                        reason=case.legal_hold_reason or "",
                    )
                )
            if case.state != "expired":
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Case «%(case)s» is %(state)s: only an expired case goes into a destruction act.",
                        case=case.title,
                        state=states[case.state].lower(),
                    )
                )

    def _put_in_act(self, act):
        """Expired cases go into the draft destruction `act` (its lines are made by the act)."""
        self._check_may_enter_act(act)
        self._write_retention_state({"state": "in_act", "destruction_act_id": act.id})
        return True

    def _take_out_of_act(self):
        """Cases taken out of a draft act are expired again, waiting for another act."""
        for case in self:
            if case.state != "in_act" or case.destruction_act_id.state != "draft":
                raise UserError(
                    self.env._(
                        "Case «%(case)s» is not in a draft destruction act: it cannot be taken out of it.",
                        case=case.title,
                    )
                )
        self._write_retention_state({"state": "expired", "destruction_act_id": False})
        return True

    def _mark_destroyed(self, act, method, day):
        """The cases of the executed `act` are destroyed: their paper by `method` on `day`, their
        electronic content by the act (their entries keep tombstones)."""
        for case in self:
            if case.state != "in_act" or case.destruction_act_id != act:
                raise UserError(
                    self.env._(
                        "Case «%(case)s» is not in act %(act)s.", case=case.title, act=act.display_name
                    )
                )
        self._write_retention_state(
            {"state": "destroyed", "destroyed_date": day, "destruction_method": method}
        )
        return True

    def _put_on_hold(self, reason):
        """Put cases on legal hold for `reason`: an expired case (out of its draft act if in one)
        is kept again as a closed case until the hold is lifted."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the legal hold."))
        for case in self:
            if case.state == "destroyed" or (
                case.state == "in_act" and case.destruction_act_id.state != "draft"
            ):
                raise UserError(
                    self.env._(
                        "Case «%(case)s» is in an approved destruction act or destroyed: it cannot be put "
                        "on hold.",
                        case=case.title,
                    )
                )
        in_act = self.filtered(lambda case: case.state == "in_act")
        if in_act:
            lines = self.env["dpo.destruction.act.line"].sudo().search([("case_id", "in", in_act.ids)])
            lines.unlink()
        self.sudo().write({"legal_hold": True, "legal_hold_reason": reason.strip()})
        expired = self.filtered(lambda case: case.state == "expired")
        if expired:
            expired._write_retention_state({"state": "closed", "expired_date": False})
        return True

    def _content_by_entry(self):
        """{entry: {model: ids}} of the electronic content of the cases' entries."""
        return dpo_destruction_content.contents_of(self.sudo().entry_ids)

    def _needed_by_kept_records(self, content_by_entry=None):
        """[(record kept, record of the cases it needs)] (a few): what a destruction of the
        cases would take away from records kept longer."""
        content_by_entry = content_by_entry if content_by_entry is not None else self._content_by_entry()
        merged = dpo_destruction_content.union(content_by_entry.values())
        return dpo_destruction_content.blocking_references(self.env, merged)

    def _needed_by_case(self, content_by_entry=None):
        """{case: [(record kept, record of the case it needs)]} for the cases a destruction
        would take something from (all the cases looked at once, then one by one if needed)."""
        content_by_entry = content_by_entry if content_by_entry is not None else self._content_by_entry()
        if not self._needed_by_kept_records(content_by_entry):
            return {}
        needed = {}
        for case in self:
            merged = dpo_destruction_content.union(content_by_entry[entry] for entry in case.sudo().entry_ids)
            found = dpo_destruction_content.blocking_references(self.env, merged)
            if found:
                needed[case] = found
        return needed

    def _needed_message(self, needed):
        self.ensure_one()
        kept, target = needed[0]
        return self.env._(
            "Case «%(case)s» cannot be destroyed: %(record)s is still needed by %(kept)s, which is kept "
            "longer. Take the case out of the act until that record's own period has passed.",
            case=self.title,
            record=target.display_name,
            kept=kept.display_name,
        )

    def _check_not_needed(self, content_by_entry=None):
        for case, needed in self._needed_by_case(content_by_entry).items():
            raise UserError(case._needed_message(needed))

    def _attestation_groups(self):
        """The groups whose attestation results the cases hold (journals filed as their groups,
        statements and protocols)."""
        groups = self.group_id
        entries = self.sudo().entry_ids
        groups |= self.env["dpo.group"].browse(
            entries.filtered(lambda e: e.res_model == "dpo.group").mapped("res_id")
        )
        for model_name in ("dpo.attestation.sheet", "dpo.protocol"):
            ids = entries.filtered(lambda e, m=model_name: e.res_model == m).mapped("res_id")
            groups |= self.env[model_name].sudo().browse(ids).exists().group_id
        return groups.exists()

    def _ensure_attestation_extracts(self):
        """Seed 000 §3.2: before a journal (or a statement or protocol of the same groups) may
        expire, the pages with the intermediate and final attestation data are taken out into
        the yearly attestation extract, where the company's nomenclature keeps one."""
        Item = self.env["dpo.nomenclature.item"]
        Extract = self.env["dpo.attestation.extract"].sudo()
        for company in self.company_id:
            cases = self.filtered(lambda case, c=company: case.company_id == c)
            if Item._find_for(company, "attestation_extract"):
                groups = cases._attestation_groups()
                Extract._build(groups - Extract.search([("group_id", "in", groups.ids)]).group_id)
        return True

    # Scheduled actions: each run does one batch, reports it (`ir.cron._notify_progress`) and
    # returns; the cron's own run commits it and runs again while some remain. A case done leaves
    # the batch's domain, so a run killed halfway loses nothing and does nothing twice.

    @api.model
    def _per_company_domain(self, make):
        companies = self.env["res.company"].sudo().search([])
        return expression.OR([[("company_id", "=", c.id), *make(company_today(c))] for c in companies])

    @api.model
    def _closing_domain(self):
        """Open cases whose year (cases per year or learner) or group (cases per group) is over."""
        return expression.AND(
            [
                [("state", "=", "open")],
                self._per_company_domain(
                    lambda today: [
                        "|",
                        "&",
                        ("group_id", "=", False),
                        ("year", "<", today.year),
                        "&",
                        ("group_id", "!=", False),
                        ("group_id.date_end", "<", today),
                    ]
                ),
            ]
        )

    @api.model
    def _past_retention_domain(self):
        return expression.AND(
            [
                [
                    ("state", "=", "closed"),
                    ("legal_hold", "=", False),
                    ("retention_until", "!=", False),
                    ("nomenclature_item_id.retention_kind", "!=", "permanent"),
                ],
                self._per_company_domain(lambda today: [("retention_until", "<", today)]),
            ]
        )

    @api.model
    def _journal_rule_domain(self):
        return expression.AND(
            [
                self._past_retention_domain(),
                [
                    ("nomenclature_item_id.record_type", "=", "journal"),
                    ("attestation_extract_done", "=", False),
                ],
            ]
        )

    @api.model
    def _review_domain(self):
        return expression.AND(
            [
                self._past_retention_domain(),
                [
                    "|",
                    ("nomenclature_item_id.record_type", "!=", "journal"),
                    ("attestation_extract_done", "=", True),
                ],
            ]
        )

    @api.model
    def _notify_batch(self, done, remaining):
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining

    @api.model
    def _cron_close_cases(self, batch_size=_CLOSE_BATCH):
        """Close the cases whose year or group is over (`_close()`, which computes the
        retention date). A case that refuses to close (a record still open) is skipped and
        tried again on the next run."""
        candidates = self.search(self._closing_domain(), order="id")
        done = scanned = 0
        for case in candidates:
            scanned += 1
            try:
                with self.env.cr.savepoint():
                    case._close()
                done += 1
            except UserError as error:
                _logger.info("Archival case %s not closed: %s", case.id, error)
            if done >= batch_size:
                break
        return self._notify_batch(done, len(candidates) - scanned)

    @api.model
    def _cron_journal_rule(self, batch_size=_REVIEW_BATCH):
        """Seed 000 §3.2: journals past their five years first give their attestation extract."""
        cases = self.search(self._journal_rule_domain(), limit=batch_size, order="id")
        cases._ensure_attestation_extracts()
        cases._write_retention_state({"attestation_extract_done": True})
        return self._notify_batch(len(cases), self.search_count(self._journal_rule_domain()))

    @api.model
    def _cron_review(self, batch_size=_REVIEW_BATCH):
        """Expire the closed cases past their retention date (no legal hold, not permanent; a
        journal once its extract is made) and put them into their company's draft destruction
        act of the year (made if missing), with a to-do for the archivist. A case still needed
        by records kept longer expires but stays out of the act, with a note saying why."""
        cases = self.search(self._review_domain(), limit=batch_size, order="id")
        cases.filtered(
            lambda case: case.record_type in ("statement", "protocol")
        )._ensure_attestation_extracts()
        cases._expire()
        Act = self.env["dpo.destruction.act"]
        for company in cases.company_id:
            company_cases = cases.filtered(lambda case, c=company: case.company_id == c)
            act = Act._draft_of_the_year(company)
            act._add_cases(company_cases, skip_needed=True)
            act._notify_archivists()
        return self._notify_batch(len(cases), self.search_count(self._review_domain()))

    # The archivist's review list: bulk actions

    def action_add_to_destruction_act(self):
        """Add the expired cases to their company's draft destruction act of the year."""
        self._check_archivist()
        acts = self.env["dpo.destruction.act"]
        for company in self.company_id:
            act = acts._draft_of_the_year(company)
            act._add_cases(self.filtered(lambda case, c=company: case.company_id == c))
            acts |= act
        return acts._action_open()

    def action_put_on_hold(self):
        """«Put on Hold»: the wizard asking the reason."""
        self._check_archivist()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_archive_case_hold_action")
        action["context"] = {"default_case_ids": [Command.set(self.ids)]}
        return action

    def _check_archivist(self):
        if not self.env.user.has_group("dpo_records.group_dpo_archivist"):
            raise AccessError(self.env._("Only the archivist or the director runs the retention of cases."))
        self.check_access("write")
