import logging

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from . import dpo_destruction_content
from .company_date import company_today
from .dpo_nomenclature_item import CARRIERS

_logger = logging.getLogger(__name__)

CASE_STATES = [
    ("open", "Open"),
    ("closed", "Closed"),
    ("expired", "Expired"),
    ("in_act", "In a Destruction Act"),
    ("destroyed", "Destroyed"),
]


class DpoArchiveCase(models.Model):
    """An archival case (дело): the records of one nomenclature line for one year, group or
    learner, with where its paper lies and until when it is kept."""

    _name = "dpo.archive.case"
    _description = "Archival Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, index, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    nomenclature_item_id = fields.Many2one(
        "dpo.nomenclature.item", required=True, index=True, ondelete="restrict", check_company=True
    )
    index = fields.Char(related="nomenclature_item_id.index", store=True)
    title = fields.Char(required=True)
    year = fields.Integer(required=True, index=True)
    group_id = fields.Many2one("dpo.group", index="btree_not_null", ondelete="restrict", check_company=True)
    learner_id = fields.Many2one(
        "dpo.learner", index="btree_not_null", ondelete="restrict", check_company=True
    )
    entry_ids = fields.One2many("dpo.archive.case.entry", "case_id")
    date_first = fields.Date(help="Date of the first document of the case.")
    date_last = fields.Date(help="Date of the last document of the case.")
    document_count = fields.Integer()
    sheet_count = fields.Integer(help="Number of sheets of the paper case.")
    carrier = fields.Selection(CARRIERS)
    location_room = fields.Char(string="Room")
    location_rack = fields.Char(string="Rack")
    location_box = fields.Char(string="Box")
    state = fields.Selection(
        CASE_STATES, required=True, default="open", readonly=True, tracking=True, index=True
    )
    date_closed = fields.Date(readonly=True)
    retention_until = fields.Date(
        readonly=True, index=True, help="The case may be destroyed after this date."
    )
    legal_hold = fields.Boolean(tracking=True)
    legal_hold_reason = fields.Char(tracking=True)

    # Retention and destruction (issue 13)
    #
    # The state changes of retention: closed → expired (the review, once `retention_until` has
    # passed) → in_act (in a draft destruction act) → destroyed (the act executed); a case on
    # legal hold goes back to closed. All go through `_write_retention_state`.

    # Module-private token of these writes: a client cannot send this object over RPC.
    _RETENTION_TOKEN = object()
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
    record_type = fields.Selection(related="nomenclature_item_id.record_type", string="Kind of Records")
    retention_kind = fields.Selection(related="nomenclature_item_id.retention_kind")
    retention_label = fields.Char(compute="_compute_retention_label", string="Retention and Article")

    @api.depends(
        "nomenclature_item_id.retention_kind",
        "nomenclature_item_id.retention_years",
        "nomenclature_item_id.min_retention_years",
        "nomenclature_item_id.article",
    )
    def _compute_retention_label(self):
        for case in self:
            case.retention_label = dpo_destruction_content.retention_label(
                self.env, case.nomenclature_item_id
            )

    def _is_writing_retention_state(self):
        return self.env.context.get("dpo_archive_retention") is self._RETENTION_TOKEN

    def _write_retention_state(self, vals):
        """Write the case's state and the fields of its retention, whatever the caller's rights:
        the methods below have checked them."""
        return self.sudo().with_context(dpo_archive_retention=self._RETENTION_TOKEN).write(vals)

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
