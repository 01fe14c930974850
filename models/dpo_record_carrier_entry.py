from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .company_date import company_today
from .dpo_uninstall import is_module_uninstall

# Put in the context only by `_create_imported` (the import of an e-learning system's results):
# no client can send this object over RPC, so an entry says it was imported only when it was.
_IMPORT = object()
# Set by the model itself when an entry is recorded: who, when, and how (by hand or imported).
RECORDING_FIELDS = frozenset(("source", "import_file", "recorded_by_id", "recorded_on"))
# Fields that may be written whatever the state of the journal: chatter bookkeeping only.
BOOKKEEPING_FIELDS = frozenset(("message_main_attachment_id",))


class DpoRecordCarrierEntry(models.Model):
    """An entry of an optional carrier in a learner's record (seed 003, 2.3; seed 004, 2.6): a
    test taken in e-learning or distance learning, or whatever the centre's local act keeps on
    the carrier, with its date, score or result and whether it is passed; typed by hand or
    imported from the e-learning system. Corrected only by whom entered it or a programme
    specialist, while the group's journal is open; once the journal is closed it is kept
    unchanged."""

    _name = "dpo.record.carrier.entry"
    _description = "Entry of an Optional Carrier"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Messages stay possible once the entry is kept unchanged (its global rule refuses writes).
    _mail_post_access = "read"

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
    journal_state = fields.Selection(related="group_id.journal_state", string="Journal")
    carrier_id = fields.Many2one(
        "dpo.record.carrier",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        default=lambda self: self._default_carrier(),
    )
    subject_id = fields.Many2one(
        "dpo.program.subject",
        ondelete="restrict",
        index="btree_not_null",
        tracking=True,
        domain="[('program_id', '=', program_id)]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    name = fields.Char(string="Title", required=True, tracking=True, help="E.g. the name of the test.")
    score = fields.Float(digits=(7, 2), tracking=True)
    max_score = fields.Float(string="Maximum Score", digits=(7, 2), tracking=True)
    percent = fields.Float(compute="_compute_percent", digits=(5, 1))
    result = fields.Char(tracking=True, help="The result in words, e.g. «зачтено».")
    passed = fields.Boolean(string="Pass", tracking=True, help="The test is passed (зачтено).")
    file = fields.Binary(attachment=True)
    file_name = fields.Char()
    source = fields.Selection(
        [("manual", "Entered by Hand"), ("import", "Imported")],
        required=True,
        default="manual",
        readonly=True,
    )
    import_file = fields.Char(string="Imported From", readonly=True)
    recorded_by_id = fields.Many2one("res.users", readonly=True)
    recorded_on = fields.Datetime(readonly=True)
    may_correct = fields.Boolean(compute="_compute_may_correct")

    @api.model
    def _default_carrier(self):
        carrier = self.env.ref("dpo_records.dpo_record_carrier_elearning_tests", raise_if_not_found=False)
        return carrier if carrier and carrier.active else False

    @api.depends("score", "max_score")
    def _compute_percent(self):
        for entry in self:
            entry.percent = 100.0 * entry.score / entry.max_score if entry.max_score else 0.0

    @api.depends_context("uid")
    @api.depends("recorded_by_id", "group_id.journal_state")
    def _compute_may_correct(self):
        specialist = self.env.user.has_group("dpo_records.group_dpo_specialist")
        for entry in self:
            entry.may_correct = entry.journal_state != "closed" and (
                specialist or not entry.recorded_by_id or entry.recorded_by_id == self.env.user
            )

    @api.constrains("enrollment_id", "subject_id", "date")
    def _check_enrollment_and_date(self):
        for entry in self:
            enrollment, group = entry.enrollment_id, entry.group_id
            if enrollment.state == "draft":
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not enrolled yet: a carrier's entry is kept for an enrolled learner.",
                        learner=entry.learner_id.name,
                    )
                )
            if entry.subject_id and entry.subject_id.program_id != enrollment.program_id:
                raise ValidationError(
                    self.env._(
                        "Subject «%(subject)s» is not in the curriculum of the learner's programme.",
                        subject=entry.subject_id.name,
                    )
                )
            if not group.date_start <= entry.date <= group.date_end:
                raise ValidationError(entry._outside_group_message())
            if entry.date > company_today(entry.company_id):
                raise ValidationError(
                    self.env._(
                        "«%(entry)s» is dated %(date)s, in the future.",
                        entry=entry.name,
                        date=entry.date.strftime("%d.%m.%Y"),
                    )
                )

    def _outside_group_message(self):
        self.ensure_one()
        group = self.group_id
        return self.env._(
            "«%(entry)s» of %(date)s is outside the training of group %(group)s (%(start)s – %(end)s).",
            entry=self.name,
            date=self.date.strftime("%d.%m.%Y"),
            group=group.name,
            start=group.date_start.strftime("%d.%m.%Y"),
            end=group.date_end.strftime("%d.%m.%Y"),
        )

    @api.constrains("score", "max_score")
    def _check_score(self):
        for entry in self:
            if entry.score < 0 or entry.max_score < 0:
                raise ValidationError(
                    self.env._("The score of «%(entry)s» cannot be negative.", entry=entry.name)
                )
            if entry.max_score and entry.score > entry.max_score:
                raise ValidationError(
                    self.env._(
                        "The score of «%(entry)s» (%(score)s) is above its maximum (%(max)s).",
                        entry=entry.name,
                        score=entry.score,
                        max=entry.max_score,
                    )
                )

    # Recording and correcting

    @api.model_create_multi
    def create(self, vals_list):
        imported = self.env.context.get("dpo_carrier_import") is _IMPORT
        for vals in vals_list:
            given = {key for key in RECORDING_FIELDS - {"recorded_by_id"} if vals.get(key)}
            if given - ({"import_file"} if imported else set()) or vals.get("recorded_by_id") not in (
                None,
                False,
                self.env.uid,
            ):
                raise UserError(
                    self.env._(
                        "Who recorded an entry, when, and whether it was imported are set by the "
                        "application, not given."
                    )
                )
            vals.update(
                recorded_by_id=self.env.uid,
                recorded_on=fields.Datetime.now(),
                source="import" if imported else "manual",
            )
        entries = super().create(vals_list)
        entries._check_journal_open()
        return entries

    def write(self, vals):
        if not BOOKKEEPING_FIELDS.issuperset(vals):
            if RECORDING_FIELDS & vals.keys():
                raise UserError(
                    self.env._(
                        "Who recorded an entry, when, and whether it was imported are set by the "
                        "application, not given."
                    )
                )
            if "enrollment_id" in vals and self.filtered(
                lambda entry: entry.enrollment_id.id != vals["enrollment_id"]
            ):
                raise UserError(
                    self.env._("An entry stays with its learner: record it anew for the other learner.")
                )
            self._check_may_correct()
        return super().write(vals)

    def unlink(self):
        # Checked before the access rules, whose refusal would not say why.
        if not is_module_uninstall(self.env):
            self._check_may_correct()
        return super().unlink()

    @api.ondelete(at_uninstall=True)
    def _unlink_except_closed(self):
        if is_module_uninstall(self.env):
            return
        self._check_may_correct()

    def _check_journal_open(self):
        for entry in self:
            if entry.group_id.journal_state == "closed":
                raise UserError(
                    self.env._(
                        "The journal of group %(group)s is closed: the entries of its optional carriers "
                        "are kept unchanged. The head of department reopens it first, with a reason.",
                        group=entry.group_id.name,
                    )
                )

    def _check_may_correct(self):
        """An entry is corrected or deleted only by whom recorded it or a programme specialist,
        and only while the group's journal is open (for everyone, the superuser too)."""
        self._check_journal_open()
        if self.env.su or self.env.user.has_group("dpo_records.group_dpo_specialist"):
            return
        others = self.filtered(lambda entry: entry.recorded_by_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "«%(entry)s» was recorded by %(user)s: only they or a programme specialist correct it.",
                    entry=others[0].name,
                    user=others[0].recorded_by_id.name,
                )
            )

    @api.model
    def _create_imported(self, vals_list, file_name):
        """Record the entries of an import from an e-learning system, marked as imported from
        `file_name`; called by the import wizard only."""
        for vals in vals_list:
            vals["import_file"] = file_name
        # The wizard's context (its `default_group_id` from the group's button) is not the entries'.
        context = {key: value for key, value in self.env.context.items() if not key.startswith("default_")}
        return self.with_context(context, dpo_carrier_import=_IMPORT, mail_create_nolog=True).create(
            vals_list
        )

    def _result_text(self):
        """The result as it is printed: the words, else the score (of the maximum, in %)."""
        self.ensure_one()
        if self.result:
            return self.result
        if not self.max_score and not self.score:
            return ""

        def number(value):
            return f"{value:g}".replace(".", ",")

        if self.max_score:
            return f"{number(self.score)} из {number(self.max_score)} ({number(round(self.percent, 1))} %)"
        return number(self.score)
