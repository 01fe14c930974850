from num2words import num2words

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from . import dpo_destruction_content
from .company_date import company_today
from .dpo_destroying import destroying, is_destroying
from .dpo_uninstall import is_module_uninstall

DESTRUCTION_METHODS = [
    ("shredding", "Shredding"),
    ("recycling", "Handed over for Recycling"),
    ("burning", "Burning"),
]
# Fields only the execution writes.
EXECUTION_FIELDS = frozenset(("executed_by_id", "executed_date", "execution_queued", "personal_data_act_id"))
# Cases of an act executed at once when asked; a bigger act is executed in the background.
INLINE_CASES = 20
# Records deleted per run of the execution's scheduled action (one commit each); a case is never
# split, so a run takes at least one whole case.
BATCH_RECORDS = 20000
# Cases whose content is worked out at once within a batch.
CHUNK_CASES = 50


class DpoDestructionAct(models.Model):
    """Act of selection for destruction of archival documents not subject to storage (акт о
    выделении к уничтожению документов, не подлежащих хранению): the expired cases of one
    company, agreed by the expert commission appointed by a signed order, approved by the
    director, then executed (seed 001 §3.5, 003 §3.3, 000 §3.7).

    Its lines are the cases with the standard columns, frozen when they join the act and again
    on approval. `action_approve()` (the director) numbers and locks it through the signed
    document mechanism, kept as a PDF with its SHA-256; `action_execute()` (the archivist or the
    director) marks the paper cases destroyed with the method and date, deletes their electronic
    content (each entry keeping a tombstone), anonymises the learners no kept record needs any
    more and records that in the act on the destruction of personal data. A big act is executed
    in the background, a batch per run, and resumes where it stopped. No act is ever deleted.
    """

    _name = "dpo.destruction.act"
    _description = "Destruction Act"
    _inherit = ["mail.thread", "mail.activity.mixin", "dpo.signed.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _signed_state = "approved"
    _signed_report = "dpo_records.action_report_destruction_act"

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        tracking=True,
        help="Given when the director approves the act.",
    )
    state = fields.Selection(
        selection_add=[("approved", "Approved"), ("done", "Executed")],
        ondelete={"approved": "set default", "done": "set default"},
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, help="Date the act was drawn up."
    )
    year = fields.Integer(compute="_compute_year", store=True, index=True, aggregator=None)
    commission_id = fields.Many2one(
        "dpo.commission",
        string="Expert Commission",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('kind', '=', 'expert'), ('company_id', '=', company_id)]",
    )
    agreement_date = fields.Date(
        string="Agreed by the Commission On", tracking=True, help="Date of the expert commission's protocol."
    )
    agreement_number = fields.Char(string="Commission's Protocol No.", tracking=True)
    destruction_method = fields.Selection(
        DESTRUCTION_METHODS,
        required=True,
        default="shredding",
        tracking=True,
        help="How the paper cases are destroyed.",
    )
    line_ids = fields.One2many("dpo.destruction.act.line", "act_id", string="Cases", copy=False)
    case_ids = fields.Many2many("dpo.archive.case", compute="_compute_cases", string="Archival Cases")
    case_count = fields.Integer(compute="_compute_cases", string="Number of Cases")
    years_label = fields.Char(compute="_compute_cases", string="Years")
    total_label = fields.Char(compute="_compute_cases", string="Total")
    execution_queued = fields.Boolean(
        readonly=True, copy=False, help="The execution runs in the background, a batch of cases at a time."
    )
    executed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    executed_date = fields.Date(string="Destroyed On", readonly=True, copy=False)
    destroyed_count = fields.Integer(compute="_compute_destroyed_count", string="Cases Destroyed")
    personal_data_act_id = fields.Many2one(
        "dpo.personal.data.act", readonly=True, copy=False, index="btree_not_null"
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "UNIQUE(name, company_id)",
            "A destruction act with this number already exists.",
        ),
    ]

    @api.depends("date")
    def _compute_year(self):
        for act in self:
            act.year = act.date.year if act.date else 0

    @api.depends("line_ids.case_id", "line_ids.date_first", "line_ids.date_last", "line_ids.case_year")
    def _compute_cases(self):
        for act in self:
            lines = act.line_ids
            act.case_ids = lines.case_id
            act.case_count = sum(lines.mapped("case_count"))
            years = [
                year
                for line in lines
                for year in (
                    line.date_first.year if line.date_first else line.case_year,
                    line.date_last.year if line.date_last else line.case_year,
                )
                if year
            ]
            if not years:
                act.years_label = ""
            elif min(years) == max(years):
                act.years_label = str(min(years))
            else:
                act.years_label = f"{min(years)}–{max(years)}"
            act.total_label = act._total_label()

    def _total_label(self):
        """«Итого 12 (двенадцать) дел за 2019–2021 годы», the closing line of the act."""
        self.ensure_one()
        count = self.case_count
        try:
            words = num2words(count, lang="ru")
        except (NotImplementedError, OverflowError):
            words = str(count)
        if words.endswith("один"):
            words = f"{words[:-4]}одно"  # «дело» is neuter
        cases = (
            "дело"
            if count % 10 == 1 and count % 100 != 11
            else ("дела" if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14 else "дел")
        )
        years = self.years_label or ""
        span = "годы" if "–" in years else "год"
        return f"Итого {count} ({words}) {cases} за {years} {span}".strip()

    def _compute_destroyed_count(self):
        counts = dict(
            self.env["dpo.archive.case"]
            .sudo()
            ._read_group(
                [("destruction_act_id", "in", self.ids), ("state", "=", "destroyed")],
                ["destruction_act_id"],
                ["__count"],
            )
        )
        for act in self:
            act.destroyed_count = counts.get(act, 0)

    @api.depends("name", "date", "state")
    def _compute_display_name(self):
        for act in self:
            act.display_name = self.env._(
                "Destruction Act No. %(number)s of %(date)s",
                number=act.name or self.env._("draft"),
                date=act.date.strftime("%d.%m.%Y") if act.date else "",
            )

    @api.constrains("commission_id")
    def _check_commission_kind(self):
        for act in self.filtered("commission_id"):
            if act.commission_id.kind != "expert":
                raise ValidationError(act._not_expert_message())

    def _not_expert_message(self):
        return self.env._(
            "«%(commission)s» is not an expert commission: a destruction act is agreed by the expert "
            "commission appointed by an order.",
            commission=self.commission_id.display_name,
        )

    # The signed document mechanism

    def _get_signing_fields(self):
        return super()._get_signing_fields() | EXECUTION_FIELDS

    def _get_numbering(self):
        self.ensure_one()
        return self.company_id, "destruction_act", self.date

    def _signed_write_message(self):
        return self.env._(
            "%(act)s is approved: it cannot be changed. Its cases are destroyed by executing it.",
            act=self[:1].display_name,
        )

    def _already_signed_message(self):
        return self.env._("%(act)s is already approved.", act=self[:1].display_name)

    def _signing_fields_message(self):
        return self.env._(
            "The status, number, approval and execution of a destruction act are set only by its "
            "approval and execution; they cannot be entered or changed."
        )

    def _get_archive_record_type(self):
        return "destruction_act"

    def _get_archive_group(self):
        return self.env["dpo.group"]  # an act files into the case of its year

    def _check_draft_lines(self):
        """Lines follow their act: none is added, changed or removed once it is approved."""
        locked = self.filtered(lambda act: act._is_signed_locked())
        if locked:
            raise UserError(locked[0]._signed_write_message())

    def copy(self, default=None):
        if self:
            raise UserError(
                self.env._(
                    "A destruction act is not copied: the review adds expired cases to the draft act of "
                    "the year."
                )
            )
        return super().copy(default)

    def _signed_unlink_message(self):
        return self.env._(
            "A destruction act is never deleted: it is kept with its own retention period. Take "
            "the cases out of a draft act instead."
        )

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if not (is_module_uninstall(self.env) or is_destroying(self.env)):
            raise UserError(self._signed_unlink_message())

    # The cases of a draft act

    @api.model
    def _draft_of_the_year(self, company):
        """The company's draft act of this year, made if missing."""
        year = company_today(company).year
        act = self.sudo().search(
            [("company_id", "=", company.id), ("state", "=", "draft"), ("year", "=", year)],
            order="id",
            limit=1,
        )
        if not act:
            commission = (
                self.env["dpo.commission"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("kind", "=", "expert"),
                        ("order_id.state", "=", "signed"),
                        ("date_from", "<=", company_today(company)),
                        "|",
                        ("date_to", "=", False),
                        ("date_to", ">=", company_today(company)),
                    ],
                    limit=1,
                )
            )
            act = self.sudo().create(
                {"company_id": company.id, "date": company_today(company), "commission_id": commission.id}
            )
        return act

    def _add_cases(self, cases, skip_needed=False):
        """Add expired cases to this draft act. A case still needed by records kept longer is
        refused (with `skip_needed`: left out, with a note on the case saying why)."""
        self.ensure_one()
        cases = cases - self.line_ids.case_id
        if not cases:
            return self.env["dpo.destruction.act.line"]
        cases._check_may_enter_act(self)
        needed = cases._needed_by_case()
        for case, pairs in needed.items():
            if not skip_needed:
                raise UserError(case._needed_message(pairs))
            case.sudo().message_post(body=case._needed_message(pairs))
        accepted = cases.filtered(lambda case: case not in needed)
        return (
            self.env["dpo.destruction.act.line"]
            .sudo()
            .create([{"act_id": self.id, "case_id": case.id} for case in accepted])
        )

    @api.model
    def _archivist_for(self, company):
        """The user who runs the archive of `company`: an archivist proper before a director
        (directors are archivists too), the first by id; none when the company has neither."""
        users = (
            self.env.ref("dpo_records.group_dpo_archivist")
            .sudo()
            .users.filtered(lambda user: company in user.company_ids and not user.share and user.active)
        )
        archivists = users.filtered(lambda user: not user.has_group("dpo_records.group_dpo_manager"))
        return (archivists or users - self.env.ref("base.user_root")).sorted("id")[:1]

    def _notify_archivists(self):
        """A to-do on each draft act for the archivist of its company, unless one is pending."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for act in self.filtered(lambda a: a.state == "draft" and a.line_ids):
            user = self._archivist_for(act.company_id)
            pending = act.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            if user and not pending:
                act.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    summary=self.env._("Review the expired cases of the destruction act"),
                )

    def _action_open(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_destruction_act_action")
        if len(self) == 1:
            action.update(res_id=self.id, views=[(False, "form")], view_mode="form")
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action

    # Approval

    def _check_director(self):
        if not self.env.user.has_group("dpo_records.group_dpo_manager"):
            raise AccessError(self.env._("Only the director approves a destruction act."))

    def _check_approvable(self):
        self.ensure_one()
        if self._is_signed_locked():
            raise UserError(self._already_signed_message())
        today = company_today(self.company_id)
        if not self.line_ids:
            raise UserError(self.env._("%(act)s lists no case.", act=self.display_name))
        if self.date > today:
            raise UserError(self.env._("A destruction act cannot be dated later than today."))
        commission = self.commission_id.sudo()
        if not commission:
            raise UserError(self.env._("Choose the expert commission that agreed the act."))
        if commission.kind != "expert":
            raise UserError(self._not_expert_message())
        if commission.company_id != self.company_id:
            raise UserError(self.env._("The expert commission must belong to the act's company."))
        if not self.agreement_date:
            raise UserError(
                self.env._("Give the date of the expert commission's protocol that agreed the act.")
            )
        if not self.date <= self.agreement_date <= today:
            raise UserError(
                self.env._(
                    "The expert commission agrees the act on the day it is drawn up or later, and not "
                    "later than today (%(date)s).",
                    date=self.agreement_date.strftime("%d.%m.%Y"),
                )
            )
        commission._check_valid_on(self.date)
        commission._check_valid_on(self.agreement_date)
        cases = self.line_ids.case_id.sudo()
        for case in cases:
            if case.state != "in_act" or case.destruction_act_id != self:
                raise UserError(self.env._("Case «%(case)s» is no longer in this act.", case=case.title))
            if case.legal_hold or case._is_permanent() or not case._retention_passed():
                raise UserError(
                    self.env._(
                        "Case «%(case)s» may no longer be destroyed (legal hold, permanent or not past its "
                        "retention date): take it out of the act.",
                        case=case.title,
                    )
                )
        cases._check_not_needed()

    def action_approve(self):
        """The director approves the act agreed by the expert commission: numbered, locked and
        kept as a PDF with its SHA-256."""
        self._check_director()
        self.check_access("write")
        for act in self:
            act._check_approvable()
            act.line_ids._freeze_columns()
            act._mark_signed()
        self._store_signed_copy()
        return True

    # Execution

    def _check_executor(self):
        if not self.env.user.has_group("dpo_records.group_dpo_archivist"):
            raise AccessError(self.env._("Only the archivist or the director executes a destruction act."))

    def action_execute(self):
        """Destroy the cases of the approved act: at once for a small act, in the background
        (a batch of cases per run, resumable) for a big one."""
        self._check_executor()
        self.check_access("write")
        for act in self:
            if act.state != "approved":
                raise UserError(
                    self.env._(
                        "%(act)s is not approved: only an act approved by the director is executed.",
                        act=act.display_name,
                    )
                )
            if act.execution_queued:
                raise UserError(self.env._("%(act)s is already being executed.", act=act.display_name))
            act.line_ids.case_id.filtered(lambda case: case.state == "in_act")._check_not_needed()
            act._write_signing({"execution_queued": True, "executed_by_id": self.env.uid})
            if len(act.line_ids) <= INLINE_CASES:
                while act._execute_batch():
                    pass
            else:
                act.message_post(
                    body=self.env._(
                        "The act is being executed in the background, a batch of cases at a time."
                    )
                )
                self.env.ref("dpo_records.ir_cron_execute_destruction_acts")._trigger()
        return True

    def _execute_batch(self, batch_records=BATCH_RECORDS):
        """Destroy the next cases of the act, whole cases up to about `batch_records` records;
        finish the act when none is left. Returns whether cases remain."""
        self.ensure_one()
        # One executor at a time per act (a user and the scheduled action, or two servers).
        self.env.cr.execute(SQL("SELECT id FROM dpo_destruction_act WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset()
        if self.state != "approved" or not self.execution_queued:
            return False
        cases = self.line_ids.sorted("sequence").case_id.sudo().filtered(lambda case: case.state == "in_act")
        today = company_today(self.company_id)
        method = dict(self._fields["destruction_method"]._description_selection(self.env))[
            self.destruction_method
        ]
        # Cases are looked at a chunk at a time (a few queries per chunk), until the batch is full.
        chunk_size = max(1, min(CHUNK_CASES, batch_records // 200))
        taken = 0
        done = cases.browse()
        while taken < batch_records and len(done) < len(cases):
            chunk = cases[len(done) : len(done) + chunk_size]
            contents = chunk._content_by_entry()
            chunk._check_not_needed(contents)
            self.env["dpo.archive.case.entry"]._keep_tombstones(self, contents)
            dpo_destruction_content.delete_content(
                destroying(self.env), dpo_destruction_content.union(contents.values())
            )
            chunk._mark_destroyed(self, method, today)
            # A case counts at least one, so that a batch ends even among empty cases.
            taken += sum(
                max(1, sum(len(ids) for entry in case.sudo().entry_ids for ids in contents[entry].values()))
                for case in chunk
            )
            done |= chunk
        if len(done) < len(cases):
            return True
        self._finish_execution(today)
        return False

    def _finish_execution(self, day):
        """All cases destroyed: anonymise the learners whose data no kept record needs any more,
        record the personal data destroyed in its act, and close the act."""
        categories = {}
        for entry in self.env["dpo.archive.case.entry"].sudo().search([("destruction_act_id", "=", self.id)]):
            for learner_id, codes in (entry.destroyed_learners or {}).items():
                categories.setdefault(int(learner_id), set()).update(codes)
        learners = (
            self.env["dpo.learner"].sudo().with_context(active_test=False).browse(sorted(categories)).exists()
        )
        pd_act = self.env["dpo.personal.data.act"]
        if learners:
            needed = learners._needed_by_kept_records()
            subjects = []
            for learner in learners:
                name = learner.name
                codes = sorted(categories[learner.id])
                anonymized = learner.id not in needed and not learner.anonymized_full
                if anonymized:
                    codes += list(learner._anonymize(full=True))
                subjects.append(
                    {
                        "learner": learner,
                        "name": name,
                        "categories": [
                            dpo_destruction_content.CATEGORY_LABELS.get(code, code) for code in codes
                        ],
                        "anonymized": anonymized,
                        "deleted": True,
                    }
                )
            pd_act = pd_act._record(
                self.company_id, subjects, "retention", destruction_act=self, user=self.executed_by_id
            )
            learners.filtered("anonymized_full").filtered(
                lambda learner: not learner.personal_data_act_id
            ).write({"personal_data_act_id": pd_act.id})
        self._write_signing(
            {
                "state": "done",
                "executed_date": day,
                "execution_queued": False,
                "personal_data_act_id": pd_act.id,
            }
        )
        self.message_post(
            body=self.env._("The act is executed: %(count)s cases destroyed.", count=len(self.line_ids))
        )
        return True

    @api.model
    def _cron_execute(self, batch_records=BATCH_RECORDS):
        """Execute the queued acts, a batch of cases per run (one commit each)."""
        acts = self.sudo().search([("state", "=", "approved"), ("execution_queued", "=", True)], order="id")
        done = 0
        if acts:
            act = acts[0]
            before = act.destroyed_count
            more = act._execute_batch(batch_records)
            act.invalidate_recordset(["destroyed_count"])
            done = act.destroyed_count - before + (0 if more else 1)
        remaining = (
            self.env["dpo.archive.case"]
            .sudo()
            .search_count([("destruction_act_id", "in", acts.ids), ("state", "=", "in_act")])
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining

    # Printing

    def _print_lines(self):
        return self.line_ids.sorted(lambda line: (line.sequence, line.id))
