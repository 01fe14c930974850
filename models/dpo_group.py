from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from . import grading
from .company_date import company_today
from .dpo_uninstall import is_module_uninstall

# Put in the context only by the head's close and reopen actions: a client cannot send this
# object over RPC, so `journal_state` is written by nothing else.
_JOURNAL_STATE = object()
# Put in the context only by `action_start` and `action_finish`: the training's status is
# written by nothing else, on create as on write, for everyone.
_TRAINING_STATE = object()

# Plausible training periods: from 2000 on, planned at most ten years ahead, lasting at most
# five years (the longest extramural retraining).
GROUP_MIN_DATE = date(2000, 1, 1)
GROUP_MAX_YEARS_AHEAD = 10
GROUP_MAX_YEARS = 5


class DpoGroup(models.Model):
    _name = "dpo.group"
    _description = "Study Group"
    _check_company_auto = True
    # The journal joins its archival case when it is closed (issue 12).
    _inherit = ["mail.thread", "mail.activity.mixin", "dpo.archivable.mixin"]
    _order = "date_start desc, name"

    name = fields.Char(
        string="Group Number", required=True, tracking=True, help="Number of the group, e.g. ПК-24-01."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    program_id = fields.Many2one(
        "dpo.program",
        string="Programme",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    program_kind = fields.Selection(related="program_id.program_kind", store=True)
    hours = fields.Integer(related="program_id.hours")
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    teacher_ids = fields.Many2many(
        "res.users",
        "dpo_group_teacher_rel",
        "group_id",
        "user_id",
        string="Teachers",
        domain=lambda self: [("groups_id", "in", self.env.ref("dpo_records.group_dpo_teacher").ids)],
    )
    head_id = fields.Many2one(
        "res.users",
        string="Head of Department",
        tracking=True,
        help="Controls the correctness of the journal during the whole training of the group.",
        domain=lambda self: [("groups_id", "in", self.env.ref("dpo_records.group_dpo_head").ids)],
    )
    enrollment_ids = fields.One2many("dpo.enrollment", "group_id", string="Enrolments")
    enrolled_count = fields.Integer(string="Learners", compute="_compute_enrolled_count")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Finished")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
        help="Changed only by «Start Training» and «Finish Training».",
    )
    journal_state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        string="Journal",
        required=True,
        default="open",
        readonly=True,
        tracking=True,
        copy=False,
        help="Changed only by the head of department: «Close Journal» once every lesson is marked, "
        "«Reopen Journal» with a reason.",
    )
    note = fields.Html()
    lesson_ids = fields.One2many("dpo.lesson", "group_id", string="Lessons")
    lesson_count = fields.Integer(compute="_compute_lesson_count")
    # The journal grid: the same cells twice, one grid for presence and one for marks.
    attendance_ids = fields.One2many("dpo.attendance", "group_id", string="Presence")
    mark_ids = fields.One2many("dpo.attendance", "group_id", string="Marks")
    journal_check_ids = fields.One2many("dpo.journal.check", "group_id", string="Journal Checks")
    correction_ids = fields.One2many("dpo.correction", "group_id", string="Corrections")
    last_check_id = fields.Many2one("dpo.journal.check", compute="_compute_last_check")

    _sql_constraints = [
        ("name_company_uniq", "UNIQUE(name, company_id)", "A group with this number already exists."),
    ]

    def _compute_enrolled_count(self):
        counts = dict(
            self.env["dpo.enrollment"]._read_group(
                [("group_id", "in", self.ids), ("state", "!=", "draft")], ["group_id"], ["__count"]
            )
        )
        for group in self:
            group.enrolled_count = counts.get(group, 0)

    def _compute_lesson_count(self):
        counts = dict(
            self.env["dpo.lesson"]._read_group([("group_id", "in", self.ids)], ["group_id"], ["__count"])
        )
        for group in self:
            group.lesson_count = counts.get(group, 0)

    @api.depends("journal_check_ids.date")
    def _compute_last_check(self):
        for group in self:
            group.last_check_id = group.journal_check_ids.sorted(lambda c: (c.date, c.id))[-1:]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for group in self:
            start, end = group.date_start, group.date_end
            if end < start:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s cannot end (%(end)s) before it starts (%(start)s).",
                        group=group.name,
                        end=end.strftime("%d.%m.%Y"),
                        start=start.strftime("%d.%m.%Y"),
                    )
                )
            if start < GROUP_MIN_DATE:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s cannot start before %(min)s (%(start)s).",
                        group=group.name,
                        min=GROUP_MIN_DATE.strftime("%d.%m.%Y"),
                        start=start.strftime("%d.%m.%Y"),
                    )
                )
            latest = company_today(group.company_id) + relativedelta(years=GROUP_MAX_YEARS_AHEAD)
            if end > latest:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s cannot end after %(max)s, %(years)s years from today (%(end)s).",
                        group=group.name,
                        max=latest.strftime("%d.%m.%Y"),
                        years=GROUP_MAX_YEARS_AHEAD,
                        end=end.strftime("%d.%m.%Y"),
                    )
                )
            if end > start + relativedelta(years=GROUP_MAX_YEARS):
                raise ValidationError(
                    self.env._(
                        "Group %(group)s lasts at most %(years)s years (%(start)s – %(end)s).",
                        group=group.name,
                        years=GROUP_MAX_YEARS,
                        start=start.strftime("%d.%m.%Y"),
                        end=end.strftime("%d.%m.%Y"),
                    )
                )
            outside = group.lesson_ids.filtered(lambda lesson, s=start, e=end: not s <= lesson.date <= e)
            if outside:
                # The lessons' own check, with its message.
                outside[:1]._check_date()
            group._check_dated_records_within(start, end)

    def _check_dated_records_within(self, start, end):
        """The records dated within the training (statements of current control, draft or
        signed, and entries of optional carriers) stay within it when its dates change: read
        as superuser, whoever changes the dates."""
        self.ensure_one()
        outside = ["|", ("date", "<", start), ("date", ">", end)]
        period = {
            "group": self.name,
            "start": start.strftime("%d.%m.%Y"),
            "end": end.strftime("%d.%m.%Y"),
        }
        sheet = (
            self.env["dpo.attestation.sheet"]
            .sudo()
            .search([("group_id", "=", self.id), ("kind", "=", "current"), *outside], limit=1)
        )
        if sheet:
            raise ValidationError(
                self.env._(
                    "Group %(group)s cannot run from %(start)s to %(end)s: the statement of current control "
                    "«%(sheet)s» is dated %(date)s, outside that period.",
                    sheet=sheet.display_name,
                    date=sheet.date.strftime("%d.%m.%Y"),
                    **period,
                )
            )
        entry = (
            self.env["dpo.record.carrier.entry"]
            .sudo()
            .search([("group_id", "=", self.id), *outside], limit=1)
        )
        if entry:
            raise ValidationError(
                self.env._(
                    "Group %(group)s cannot run from %(start)s to %(end)s: «%(entry)s» of carrier "
                    "«%(carrier)s» (%(learner)s) is dated %(date)s, outside that period.",
                    entry=entry.name,
                    carrier=entry.carrier_id.name,
                    learner=entry.learner_id.name,
                    date=entry.date.strftime("%d.%m.%Y"),
                    **period,
                )
            )

    @api.constrains("program_id", "company_id")
    def _check_program_company(self):
        for group in self:
            if group.program_id.company_id != group.company_id:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s and its programme must belong to the same company.",
                        group=group.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("journal_state", "open") != "open" for vals in vals_list):
            self._check_journal_state_token()
        if any(vals.get("state", "draft") != "draft" for vals in vals_list):
            self._check_training_state_token()
        return super().create(vals_list)

    def write(self, vals):
        if "journal_state" in vals:
            self._check_journal_state_token()
        if "state" in vals:
            self._check_training_state_token()
        # The journal grids save all their cells at once: route them through the batched
        # cell writer instead of one write per cell.
        for name in ("attendance_ids", "mark_ids"):
            if name in vals:
                vals = dict(vals)
                self.env["dpo.attendance"]._write_commands(vals.pop(name))
        return super().write(vals) if vals else True

    @api.ondelete(at_uninstall=True)
    def _unlink_except_started(self):
        if is_module_uninstall(self.env):
            return
        for group in self:
            if group.state != "draft" or group.enrollment_ids.filtered(lambda e: e.state != "draft"):
                raise UserError(
                    self.env._(
                        "Group %(group)s has started or has enrolled learners: its records are "
                        "kept in the archive and cannot be deleted.",
                        group=group.name,
                    )
                )

    def action_start(self):
        for group in self:
            if group.state != "draft":
                raise UserError(self.env._("Only a draft group can be started."))
        self.with_context(dpo_training_state=_TRAINING_STATE).write({"state": "running"})

    def action_finish(self):
        for group in self:
            if group.state != "running":
                raise UserError(self.env._("Only a running group can be finished."))
        self.with_context(dpo_training_state=_TRAINING_STATE).write({"state": "done"})

    def _check_training_state_token(self):
        """`state` is written only by `action_start` and `action_finish`, for everyone, the
        superuser too."""
        if self.env.context.get("dpo_training_state") is not _TRAINING_STATE:
            raise UserError(
                self.env._("The status of a group changes only with «Start Training» and «Finish Training».")
            )

    def _check_journal_state_token(self):
        """`journal_state` is written only by `action_close_journal` and `_reopen_journal`, for
        everyone, the superuser too."""
        if self.env.context.get("dpo_journal_state") is not _JOURNAL_STATE:
            raise UserError(
                self.env._(
                    "The state of a journal changes only with «Close Journal» and «Reopen Journal», "
                    "the head of department's actions."
                )
            )

    def _closed_journal_message(self):
        self.ensure_one()
        return self.env._(
            "The journal of group %(group)s is closed: no lesson is added to it, changed or deleted. "
            "The head of department reopens it first, with a reason.",
            group=self.name,
        )

    def _check_journal_open(self):
        """No lesson is added to a closed journal."""
        for group in self:
            if group.journal_state == "closed":
                raise UserError(group._closed_journal_message())

    def action_close_journal(self):
        """Close the journal once every lesson is marked; head of department only. Afterwards
        only the head corrects it, with a reason."""
        if not self.env.user.has_group("dpo_records.group_dpo_head"):
            raise AccessError(self.env._("Only the head of department closes a journal."))
        for group in self:
            if group.journal_state == "closed":
                raise UserError(
                    self.env._("The journal of group %(group)s is already closed.", group=group.name)
                )
            unmarked = group.lesson_ids.filtered(lambda lesson: not lesson.is_marked)
            if not group.lesson_ids or unmarked:
                raise UserError(
                    self.env._(
                        "The journal of group %(group)s cannot be closed: %(count)s lessons are not marked.",
                        group=group.name,
                        count=len(unmarked),
                    )
                )
        self.sudo().with_context(dpo_journal_state=_JOURNAL_STATE).write({"journal_state": "closed"})
        # Closed, the journal joins its archival case (once: closed again, it stays there).
        self._archive_file()
        return True

    def action_reopen_journal(self):
        """«Reopen Journal»: the wizard asking the head of department for the reason."""
        self.ensure_one()
        self._check_may_reopen()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_group_journal_reopen_action")
        action["context"] = {"default_group_id": self.id}
        return action

    def _check_may_reopen(self):
        if not self.env.user.has_group("dpo_records.group_dpo_head"):
            raise AccessError(self.env._("Only the head of department reopens a journal."))
        for group in self:
            if group.journal_state != "closed":
                raise UserError(self.env._("The journal of group %(group)s is not closed.", group=group.name))

    def _reopen_journal(self, reason):
        """Reopen closed journals for `reason`, kept in the correction ledger; head only."""
        self._check_may_reopen()
        if not (reason or "").strip():
            raise UserError(self.env._("A correction needs a reason."))
        self.env["dpo.correction"]._record(self, "journal_state", "closed", "open", reason)
        self.sudo().with_context(dpo_journal_state=_JOURNAL_STATE).write({"journal_state": "open"})
        return True

    # The archive: the journal of the group is the record filed.

    def _get_archive_record_type(self):
        return "journal"

    def _get_archive_date(self):
        self.ensure_one()
        return self.date_end

    def _get_archive_date_start(self):
        self.ensure_one()
        return self.date_start

    def _get_archive_group(self):
        self.ensure_one()
        return self

    def _get_archive_name(self):
        self.ensure_one()
        return self.env._("Journal of group %(group)s", group=self.name)

    def _archive_is_open(self):
        self.ensure_one()
        return self.journal_state == "open"

    @api.model
    def _archive_pending_for(self, case):
        """The open journals a journal case waits for: its group's, or for a yearly case those
        of the groups ending in its year."""
        if case.record_type != "journal" or case.learner_id:
            return self.browse()
        domain = [("company_id", "=", case.company_id.id), ("journal_state", "=", "open")]
        if case.group_id:
            domain.append(("id", "=", case.group_id.id))
        else:
            domain += [("date_end", ">=", date(case.year, 1, 1)), ("date_end", "<=", date(case.year, 12, 31))]
        return self.sudo().search(domain)

    @api.model
    def _archive_existing_records(self, company):
        return self.search(
            [("company_id", "=", company.id), ("journal_state", "=", "closed")], order="date_end, id"
        )

    def _plan_lessons(self, hours_per_day=6, lesson_hours=2):
        """Plan the lessons of each group from its curriculum over its whole period."""
        for group in self:
            self.env["dpo.group.lesson.plan"].create(
                {
                    "group_id": group.id,
                    "date_from": group.date_start,
                    "date_to": group.date_end,
                    "teacher_id": group.teacher_ids[:1].id,
                    "hours_per_day": hours_per_day,
                    "lesson_hours": lesson_hours,
                }
            ).action_plan()

    def action_open_journal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Journal of %(group)s", group=self.name),
            "res_model": "dpo.group",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("dpo_records.dpo_group_view_form_journal").id, "form")],
        }

    def action_view_lessons(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_lesson_action")
        action["domain"] = [("group_id", "=", self.id)]
        action["context"] = {"default_group_id": self.id}
        return action

    def action_view_enrollments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_enrollment_action")
        action["domain"] = [("group_id", "=", self.id)]
        action["context"] = {"default_group_id": self.id}
        return action

    # Lessons per page of the printed journal grid.
    JOURNAL_COLUMNS_PER_PAGE = 15

    def _journal_report_data(self):
        """The printed journal's grid: pages of lessons, the learners and each cell's text
        (presence letter and mark), read in one query."""
        self.ensure_one()
        lessons = self.lesson_ids
        size = self.JOURNAL_COLUMNS_PER_PAGE
        letters = {"present": "", "absent": "н", "excused": "у", "late": "о"}
        cells = {}
        for cell in self.env["dpo.attendance"].search_fetch(
            [("group_id", "=", self.id)], ["lesson_id", "enrollment_id", "presence", "mark"]
        ):
            mark = {"pass": "зач", "fail": "незач"}.get(cell.mark, cell.mark or "")
            text = " ".join(part for part in (letters.get(cell.presence, ""), mark) if part)
            cells[(cell.lesson_id.id, cell.enrollment_id.id)] = text or ("+" if cell.presence else "")
        return {
            "pages": [lessons[i : i + size] for i in range(0, len(lessons), size)],
            "enrollments": self.enrollment_ids.filtered(lambda e: e.state != "draft"),
            "cells": cells,
        }

    # The journal grid of the browser (static/src/journal_grid): one call loads it, one call
    # saves what the user typed.

    def dpo_journal_data(self):
        """Everything the journal grid shows, for the current user, in a fixed number of
        queries whatever the size of the group: the lessons, with whether the user may write
        their cells, whether an entry needs a reason and why (`note`); the learners; every
        cell as [id, lesson id, enrolment id, presence, mark]; the keys of the presences and
        of the marks of the programme's scale."""
        self.ensure_one()
        self.check_access("read")
        lessons = self.env["dpo.lesson"].search_fetch(
            [("group_id", "=", self.id)], ["date", "time_start", "hours", "topic", "subject_id", "teacher_id"]
        )
        access = self._journal_lesson_access(lessons)
        enrollments = self.env["dpo.enrollment"].search_fetch(
            [("group_id", "=", self.id), ("state", "!=", "draft")], ["learner_name", "state"]
        )
        self.env["dpo.attendance"].flush_model(["lesson_id", "enrollment_id", "group_id", "presence", "mark"])
        query = self.env["dpo.attendance"]._search([("group_id", "=", self.id)])
        cells = self.env.execute_query(
            query.select(
                *(
                    SQL.identifier(query.table, name)
                    for name in ("id", "lesson_id", "enrollment_id", "presence", "mark")
                )
            )
        )
        cell_fields = self.env["dpo.attendance"]._fields
        presence_labels = dict(cell_fields["presence"]._description_selection(self.env))
        mark_labels = dict(cell_fields["mark"]._description_selection(self.env))
        return {
            "group": {"id": self.id, "name": self.name, "journal_state": self.journal_state},
            "today": fields.Date.to_string(company_today(self.company_id)),
            "grading_scale": self.program_id.grading_scale,
            "presences": [[key, label] for key, label in presence_labels.items()],
            "marks": [
                [key, mark_labels[key]]
                for key in grading.allowed_results(self.program_id.grading_scale, None)
            ],
            "lessons": [
                {
                    "id": lesson.id,
                    "date": fields.Date.to_string(lesson.date),
                    "time": f"{int(lesson.time_start):d}:{round(lesson.time_start % 1 * 60):02d}",
                    "hours": lesson.hours,
                    "subject": lesson.subject_id.name,
                    "teacher": lesson.teacher_id.name,
                    "topic": lesson.topic or "",
                    **access[lesson.id],
                }
                for lesson in lessons
            ],
            "learners": [
                {"id": enrollment.id, "name": enrollment.learner_name, "state": enrollment.state}
                for enrollment in enrollments
            ],
            "cells": [
                [cell_id, lesson_id, enrollment_id, presence or False, mark or False]
                for cell_id, lesson_id, enrollment_id, presence, mark in cells
            ],
        }

    def _journal_lesson_access(self, lessons):
        """What the current user may do with the cells of each lesson of this journal, as the
        grid shows it: {lesson id: {editable, reason_required, note}}. It follows the rules
        of dpo.attendance.write, which still decide every save; `note` says why a lesson is
        read-only or why its entries need a reason."""
        self.ensure_one()
        user = self.env.user
        today = company_today(self.company_id)
        may_write = self.env["dpo.attendance"].has_access("write")
        is_head = user.has_group("dpo_records.group_dpo_head")
        is_specialist = user.has_group("dpo_records.group_dpo_specialist")
        closed = self.journal_state == "closed"
        result = {}
        for lesson in lessons:
            editable, reason_required, note = True, False, ""
            late = today > lesson.edit_deadline
            deadline = lesson.edit_deadline.strftime("%d.%m.%Y")
            if not may_write:
                editable, note = False, self.env._("Your role reads the journal only.")
            elif closed and is_head:
                reason_required = True
                note = self.env._("The journal is closed: every change is a correction with a reason.")
            elif closed:
                editable = False
                note = self.env._("The journal is closed: only the head of department corrects it.")
            elif is_specialist and late:
                reason_required = True
                note = self.env._(
                    "The edit window closed on %(deadline)s: every entry needs a reason.", deadline=deadline
                )
            elif is_specialist:
                pass
            elif lesson.teacher_id != user:
                editable = False
                note = self.env._(
                    "The lesson of %(teacher)s: a teacher fills only their own lessons.",
                    teacher=lesson.teacher_id.name,
                )
            elif late:
                editable = False
                note = self.env._(
                    "The edit window of this lesson closed on %(deadline)s: a programme specialist "
                    "makes late entries, with a reason.",
                    deadline=deadline,
                )
            result[lesson.id] = {"editable": editable, "reason_required": reason_required, "note": note}
        return result

    def dpo_journal_save(self, changes, reason=None):
        """Save in one transaction what was typed in the journal grid. `changes` is a list of
        {"id": cell id, "presence": key or False, "mark": key or False} holding only the
        fields that change. A change of a recorded value, and any entry in a lesson that
        takes entries only with a reason (a late entry, a closed journal), is written with
        `reason` and goes to the correction ledger; first entries are written without it.
        Every write goes through the cells' own rules (dpo.attendance.write), which refuse
        what the user may not do; then nothing is saved. Returns the saved cells as
        [id, presence, mark]."""
        self.ensure_one()
        self.check_access("read")
        if reason is not None and not isinstance(reason, str):
            raise UserError(self.env._("The reason of a correction is a text."))
        reason = (reason or "").strip()
        values = self._journal_read_changes(changes)
        cells = self.env["dpo.attendance"].search_fetch(
            [("id", "in", list(values)), ("group_id", "=", self.id)], ["lesson_id", "presence", "mark"]
        )
        if len(cells) != len(values):
            raise UserError(
                self.env._(
                    "Some of the cells sent are not in the journal of group %(group)s.", group=self.name
                )
            )
        access = self._journal_lesson_access(cells.lesson_id)
        entries, corrections = [], []
        for cell in cells:
            for name, new in values[cell.id].items():
                old = cell[name] or False
                if old == new:
                    continue
                needs_reason = bool(old) or access[cell.lesson_id.id]["reason_required"]
                (corrections if needs_reason else entries).append(Command.update(cell.id, {name: new}))
        if corrections and not reason:
            raise UserError(
                self.env._(
                    "%(count)s of the changes correct recorded cells or are late entries: give the reason.",
                    count=len(corrections),
                )
            )
        # First entries go the path the journal form saved cells through (dpo.group.write hands
        # the commands to the cells' batched writer); corrections and late entries go through
        # the cells' one correction path, with the reason, batched by value.
        if entries:
            self.write({"attendance_ids": entries})
        by_vals = {}
        for _command, cell_id, vals in corrections:
            by_vals.setdefault(tuple(sorted(vals.items())), []).append(cell_id)
        for key, ids in by_vals.items():
            self.env["dpo.attendance"].browse(ids)._write_with_reason(dict(key), reason)
        return [[cell.id, cell.presence or False, cell.mark or False] for cell in cells]

    def _journal_read_changes(self, changes):
        """The grid's changes as {cell id: {field: value}}, refused unless every value is a
        presence or a mark of the programme's scale."""
        cell_fields = self.env["dpo.attendance"]._fields
        presence_labels = dict(cell_fields["presence"]._description_selection(self.env))
        mark_labels = dict(cell_fields["mark"]._description_selection(self.env))
        marks = grading.allowed_results(self.program_id.grading_scale, None)
        if not isinstance(changes, list):
            changes = [changes]
        values = {}
        for change in changes:
            keys = set(change) if isinstance(change, dict) else set()
            cell_id = change.get("id") if keys else None
            if (
                not isinstance(cell_id, int)
                or isinstance(cell_id, bool)
                or keys - {"id", "presence", "mark"}
                or keys == {"id"}
            ):
                raise UserError(
                    self.env._("The journal grid sent a change it cannot read: %(change)s.", change=change)
                )
            for name in ("presence", "mark"):
                if name not in change:
                    continue
                value = change[name] or False
                if name == "presence" and value not in (False, *presence_labels):
                    raise UserError(
                        self.env._(
                            "«%(value)s» is not a presence of the journal; use: %(allowed)s.",
                            value=value,
                            allowed=", ".join(presence_labels.values()),
                        )
                    )
                if name == "mark" and value not in (False, *marks):
                    raise ValidationError(
                        self.env._(
                            "Mark «%(mark)s» is not on the grading scale of the programme; use: %(allowed)s.",
                            mark=mark_labels.get(value, value),
                            allowed=", ".join(mark_labels[key] for key in marks),
                        )
                    )
                values.setdefault(cell_id, {})[name] = value
        return values
