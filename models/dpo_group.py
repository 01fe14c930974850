from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
