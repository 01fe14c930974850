from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from . import grading
from .dpo_uninstall import is_module_uninstall

# Only the methods of this model put these objects in the context: a client cannot send
# them through RPC, so the state and the final result cannot be written from outside
# `_change_state` (signed orders) and `_set_final_result` (signed protocols).
_STATE_CHANGE = object()
_FINAL_RESULT = object()

# Set only by `_change_state`, when an order on enrolment, completion or expulsion is signed.
ORDER_FIELDS = frozenset(
    ("state", "date_enrolled", "date_exit", "exit_reason", "enroll_order_id", "exit_order_id")
)

ALLOWED_TRANSITIONS = {
    "draft": {"enrolled"},
    "enrolled": {"completed", "expelled"},
    "completed": set(),
    "expelled": set(),
}


def _statement_order(line):
    """Signed statement lines from the first to the latest: by the statement's date, then its
    signing (a retake signed the same day comes after the first try)."""
    return line.sheet_id.date, line.sheet_id.signed_date or datetime.min, line.id


class DpoEnrollment(models.Model):
    _name = "dpo.enrollment"
    _description = "Enrolment"
    _check_company_auto = True
    # The learner's personal file joins its archival case on enrolment (issue 12).
    _inherit = ["mail.thread", "dpo.archivable.mixin"]
    _order = "group_id, learner_name, id"
    _rec_names_search = ["learner_id", "group_id"]

    learner_id = fields.Many2one(
        "dpo.learner", required=True, index=True, ondelete="restrict", tracking=True, check_company=True
    )
    learner_name = fields.Char(related="learner_id.name", store=True, string="Learner Name")
    group_id = fields.Many2one("dpo.group", required=True, index=True, ondelete="restrict", tracking=True)
    program_id = fields.Many2one(related="group_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)
    funding = fields.Selection(
        [("paid", "Paid Training"), ("budget", "Budget Training")],
        required=True,
        default="paid",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("enrolled", "Enrolled"),
            ("completed", "Completed"),
            ("expelled", "Expelled"),
        ],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
        help="Changed only by signed orders on enrolment, completion and expulsion.",
    )
    date_enrolled = fields.Date(string="Enrolment Date", readonly=True, copy=False)
    date_exit = fields.Date(string="Exit Date", readonly=True, copy=False)
    exit_reason = fields.Char(readonly=True, copy=False)
    final_result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed"), ("absent", "Absent")],
        readonly=True,
        copy=False,
        help="Set by the signed final attestation protocol.",
    )

    attendance_ids = fields.One2many("dpo.attendance", "enrollment_id", string="Journal Cells")
    document_count = fields.Integer(
        compute="_compute_document_count",
        string="Documents",
        groups="dpo_records.group_dpo_specialist,dpo_records.group_dpo_archivist",
    )
    hours_attended = fields.Integer(compute="_compute_journal_totals")
    attendance_rate = fields.Float(string="Attendance (%)", compute="_compute_journal_totals", digits=(5, 1))
    unexcused_absences = fields.Integer(compute="_compute_journal_totals")
    average_mark = fields.Float(compute="_compute_journal_totals", digits=(3, 2))
    attestation_summary = fields.Char(
        string="Intermediate Attestation",
        compute="_compute_attestation_summary",
        help="Results of the signed intermediate statements, per subject of the curriculum.",
    )
    final_protocol_line_id = fields.Many2one(
        "dpo.protocol.line",
        string="Final Attestation Protocol Line",
        compute="_compute_final_attestation",
        help="The learner's line of the latest signed final attestation protocol.",
    )
    final_grade = fields.Selection(
        grading.RESULTS,
        compute="_compute_final_attestation",
        help="Grade of the final attestation, from the signed protocol.",
    )
    enroll_order_id = fields.Many2one(
        "dpo.order",
        string="Enrolment Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    exit_order_id = fields.Many2one(
        "dpo.order",
        string="Completion or Expulsion Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )

    _sql_constraints = [
        (
            "learner_group_uniq",
            "UNIQUE(learner_id, group_id)",
            "This learner is already enrolled in this group.",
        ),
    ]

    @api.depends("learner_id", "group_id")
    @api.depends_context("dpo_short_names")
    def _compute_display_name(self):
        if self.env.context.get("dpo_short_names"):
            for enrollment in self:
                enrollment.display_name = enrollment.learner_id.name or ""
            return
        for enrollment in self:
            enrollment.display_name = f"{enrollment.learner_id.name or ''} — {enrollment.group_id.name or ''}"

    # Not named `_check_company`: that is the ORM's own check of `check_company` fields.
    # Checked as superuser and told without names: the other company's record is not the
    # user's to read.
    @api.constrains("learner_id", "group_id")
    def _check_learner_company(self):
        for enrollment in self.sudo():
            if enrollment.learner_id.company_id != enrollment.group_id.company_id:
                raise ValidationError(
                    self.env._("The learner belongs to another company than the group of the enrolment.")
                )

    def _compute_journal_totals(self):
        """Per learner: hours attended, share of the marked hours attended, absences without
        reason and the average numeric mark, in two grouped queries for all learners."""
        Attendance = self.env["dpo.attendance"]
        hours = {}
        for enrollment, presence, total in Attendance._read_group(
            [("enrollment_id", "in", self.ids), ("presence", "!=", False)],
            ["enrollment_id", "presence"],
            ["lesson_id:count"],
        ):
            hours.setdefault(enrollment.id, {})[presence] = total
        lesson_hours = {}
        for cell in Attendance.search_fetch(
            [("enrollment_id", "in", self.ids), ("presence", "!=", False)],
            ["enrollment_id", "presence", "hours"],
        ):
            entry = lesson_hours.setdefault(cell.enrollment_id.id, {"all": 0, "attended": 0})
            entry["all"] += cell.hours
            if cell.presence in ("present", "late"):
                entry["attended"] += cell.hours
        marks = {}
        for cell in Attendance.search_fetch(
            [("enrollment_id", "in", self.ids), ("mark", "in", ("5", "4", "3", "2"))],
            ["enrollment_id", "mark"],
        ):
            marks.setdefault(cell.enrollment_id.id, []).append(int(cell.mark))
        for enrollment in self:
            entry = lesson_hours.get(enrollment.id, {"all": 0, "attended": 0})
            enrollment.hours_attended = entry["attended"]
            enrollment.attendance_rate = 100.0 * entry["attended"] / entry["all"] if entry["all"] else 0.0
            enrollment.unexcused_absences = hours.get(enrollment.id, {}).get("absent", 0)
            values = marks.get(enrollment.id)
            enrollment.average_mark = sum(values) / len(values) if values else 0.0

    def _compute_attestation_summary(self):
        labels = dict(
            self.env["dpo.attestation.sheet.line"]._fields["result"]._description_selection(self.env)
        )
        results = self._subject_results(kinds=("intermediate",))
        for enrollment in self:
            by_subject = results.get(enrollment.id, {})
            parts = []
            for subject in enrollment.program_id.subject_ids:
                line = by_subject.get(subject)
                if line:
                    value = self.env._("absent") if line.absent else labels.get(line.result, "")
                    parts.append(f"{subject.name}: {value}")
            enrollment.attestation_summary = "; ".join(parts)

    def _compute_final_attestation(self):
        """The line of the latest signed protocol of each learner (a protocol of a retake
        follows the first one), in one query for all learners."""
        latest = {}
        lines = (
            self.env["dpo.protocol.line"]
            .sudo()
            .search(
                [("enrollment_id", "in", self.ids), ("protocol_id.state", "=", "signed")],
                order="id",
            )
        )
        for line in lines.sorted(lambda line: (line.protocol_id.date, line.protocol_id.id, line.id)):
            latest[line.enrollment_id.id] = line
        for enrollment in self:
            line = latest.get(enrollment.id)
            enrollment.final_protocol_line_id = line.id if line else False
            enrollment.final_grade = line.grade if line else False

    def _subject_results(self, kinds=("intermediate", "final")):
        """The result of each curriculum subject, per learner: the one rule for the protocol's
        results per subject, the attestation card, the journal's totals and the admission to
        the final attestation.

        A subject's result is the line of its latest signed statement (by the statement's date,
        then its signing): a retake replaces the first try. A final statement of the subject,
        where the programme has one (seed 004, 2.5), comes after the intermediate ones.
        `kinds` are the statements' kinds to read. Returns {enrollment id: {subject: statement
        line}}; a subject without a signed statement is absent from the learner's dict. Two
        queries for any number of learners; read as superuser, like the protocol that needs them
        whoever drafts or signs it."""
        lines = (
            self.env["dpo.attestation.sheet.line"]
            .sudo()
            .search(
                [
                    ("enrollment_id", "in", self.ids),
                    ("kind", "in", list(kinds)),
                    ("subject_id", "!=", False),
                    ("sheet_id.state", "=", "signed"),
                ],
                order="id",
            )
        )
        results = {}
        for line in lines.sorted(lambda line: (line.kind == "final", *_statement_order(line))):
            results.setdefault(line.enrollment_id.id, {})[line.subject_id] = line
        return results

    def _final_statement_results(self):
        """The line of each learner in the latest signed final statement of the whole final
        attestation (one without a subject), by the same order as `_subject_results`:
        {enrollment id: statement line}."""
        lines = (
            self.env["dpo.attestation.sheet.line"]
            .sudo()
            .search(
                [
                    ("enrollment_id", "in", self.ids),
                    ("kind", "=", "final"),
                    ("subject_id", "=", False),
                    ("sheet_id.state", "=", "signed"),
                ],
                order="id",
            )
        )
        return {line.enrollment_id.id: line for line in lines.sorted(_statement_order)}

    @api.model_create_multi
    def create(self, vals_list):
        # A new enrolment is a draft: only signed orders and protocols move it on, so a client
        # may send these fields only with their empty defaults.
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" or any(
                vals.get(name) for name in ORDER_FIELDS - {"state"}
            ):
                raise UserError(self._order_fields_message())
            if vals.get("final_result"):
                raise UserError(self._final_result_message())
        return super().create(vals_list)

    def write(self, vals):
        if (
            ORDER_FIELDS & vals.keys()
            and self.env.context.get("dpo_enrollment_state_change") is not _STATE_CHANGE
        ):
            raise UserError(self._order_fields_message())
        if (
            "final_result" in vals
            and self.env.context.get("dpo_enrollment_final_result") is not _FINAL_RESULT
        ):
            raise UserError(self._final_result_message())
        if {"learner_id", "group_id"} & vals.keys() and self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._(
                    "The learner or the group of an enrolment cannot change once the learner is enrolled."
                )
            )
        return super().write(vals)

    def _order_fields_message(self):
        return self.env._(
            "The status of an enrolment, its enrolment and exit dates, the exit reason and the orders "
            "change only when an order on enrolment, completion or expulsion is signed."
        )

    def _final_result_message(self):
        return self.env._("The final result of a learner is set only by a signed final attestation protocol.")

    @api.ondelete(at_uninstall=True)
    def _unlink_except_not_draft(self):
        if is_module_uninstall(self.env):
            return
        if self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._(
                    "Only draft enrolments can be deleted: the others are part of the learner's "
                    "individual record."
                )
            )

    def _change_state(self, new_state, date=None, reason=None, order=None):
        """Move the enrolments to `new_state`; called by signed orders only, which pass
        themselves as `order` to be linked as the enrolment or exit order."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for enrollment in self:
            if new_state not in ALLOWED_TRANSITIONS[enrollment.state]:
                raise UserError(
                    self.env._(
                        "%(learner)s cannot go from «%(old)s» to «%(new)s» in group %(group)s.",
                        learner=enrollment.learner_id.name,
                        old=labels[enrollment.state],
                        new=labels[new_state],
                        group=enrollment.group_id.name,
                    )
                )
        vals = {"state": new_state}
        date = date or fields.Date.context_today(self)
        if new_state == "enrolled":
            vals["date_enrolled"] = date
        else:
            vals.update(date_exit=date, exit_reason=reason or False)
        if order:
            vals["enroll_order_id" if new_state == "enrolled" else "exit_order_id"] = order.id
        result = self.with_context(dpo_enrollment_state_change=_STATE_CHANGE).write(vals)
        if new_state == "enrolled":
            # The journal gets a row for the newly enrolled learners.
            self.group_id.lesson_ids._create_cells()
            # The personal file is opened in the archive (seed 004, 3.1).
            self._archive_file()
        else:
            self._archive_hand_over()
        return result

    # The archive: the personal file (seed 004, 3.1: the paper carriers are kept in the
    # learner's personal file, which goes to the archive once the training ends).

    def _get_archive_record_type(self):
        return "personal_file"

    def _get_archive_date(self):
        self.ensure_one()
        return self.date_exit or self.date_enrolled or fields.Date.context_today(self)

    def _get_archive_date_start(self):
        self.ensure_one()
        return self.date_enrolled or self._get_archive_date()

    def _get_archive_learner(self):
        self.ensure_one()
        return self.learner_id

    def _get_archive_name(self):
        self.ensure_one()
        return self.env._(
            "Personal file of %(learner)s, group %(group)s",
            learner=self.learner_id.name,
            group=self.group_id.name,
        )

    def _archive_is_open(self):
        self.ensure_one()
        return self.state in ("draft", "enrolled")

    @api.model
    def _archive_pending_for(self, case):
        """A personal file waits for the learner's training still under way (of the case's
        learner, or of its group)."""
        if case.record_type != "personal_file" or not (case.learner_id or case.group_id):
            return self.browse()
        domain = [("company_id", "=", case.company_id.id), ("state", "=", "enrolled")]
        if case.learner_id:
            domain.append(("learner_id", "=", case.learner_id.id))
        else:
            domain.append(("group_id", "=", case.group_id.id))
        return self.sudo().search(domain)

    @api.model
    def _archive_existing_records(self, company):
        return self.search(
            [("company_id", "=", company.id), ("state", "!=", "draft")], order="date_enrolled, id"
        )

    def _archive_after_filing_existing(self):
        self.filtered(lambda enrollment: enrollment.state in ("completed", "expelled"))._archive_hand_over()
        return True

    def _archive_hand_over(self):
        """The training ended (completion or expulsion): the personal file's last date is the
        exit, and the learner's cases formed per learner are handed to the archive (closed) once
        nothing of the learner's is still in progress there."""
        self._archive_refile_dates()
        cases = (
            self.env["dpo.archive.case"]
            .sudo()
            .search(
                [
                    ("learner_id", "in", self.learner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("state", "=", "open"),
                ]
            )
        )
        cases._closable()._close()

    def _attends_on(self, date):
        """Whether the learner belongs in the journal on `date`: enrolled, and not expelled
        before that day."""
        self.ensure_one()
        if self.state == "draft":
            return False
        return not (self.state == "expelled" and self.date_exit and self.date_exit < date)

    def _set_final_result(self, result):
        """Record the final attestation result; called by signed protocols only. One write for
        the whole batch and no chatter message per learner: the protocol is the record."""
        if self:
            self.with_context(dpo_enrollment_final_result=_FINAL_RESULT, tracking_disable=True).write(
                {"final_result": result}
            )

    def _attestation_card(self):
        """The learner's results per curriculum subject and the signed final protocol line, for
        the attestation card: the results the signed protocol recorded, or, before it is signed,
        those of the signed statements as the protocol would record them."""
        self.ensure_one()
        final = self.final_protocol_line_id
        subjects = final.subject_result_ids if final else self.env["dpo.protocol.subject.result"]
        if not subjects:
            subjects = self.env["dpo.protocol.subject.result"]._new_for(self)
        return {"subjects": subjects, "final": final}

    def _compute_document_count(self):
        counts = dict(
            self.env["dpo.document"]._read_group(
                [("enrollment_id", "in", self.ids)], ["enrollment_id"], ["__count"]
            )
        )
        for record in self:
            record.document_count = counts.get(record, 0)

    def action_view_documents(self):
        """The documents issued for the enrolment: a smart button of its form."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_document_action")
        action["domain"] = [("enrollment_id", "=", self.id)]
        action["context"] = {"search_default_groupby_year": 0}
        return action
