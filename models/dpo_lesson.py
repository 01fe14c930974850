from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .company_date import company_today
from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# What a teacher may change on a lesson of their own: its topic and its journal cells.
TEACHER_WRITABLE = frozenset(("topic", "attendance_ids"))
# The lesson's plan. Once a cell of the lesson is recorded, the plan changes only through
# `_write_with_reason` (the reason goes to the correction ledger), and the group never.
PLAN_FIELDS = ("group_id", "date", "time_start", "hours", "teacher_id", "subject_id")
# Nothing of these changes in a closed journal, not even with a reason: the head reopens it first.
CLOSED_FIELDS = (*PLAN_FIELDS, "kind", "topic")
# A lesson lasts at most a full study day (academic hours).
MAX_LESSON_HOURS = 12

# Put in the context only by `_write_with_reason`, after the change is in the ledger: a client
# cannot send this object over RPC, so no context key lets a recorded lesson be replanned.
_PLAN_CHANGE = object()


class DpoLesson(models.Model):
    _name = "dpo.lesson"
    _description = "Lesson"
    _check_company_auto = True
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date, time_start, id"

    group_id = fields.Many2one("dpo.group", required=True, index=True, ondelete="cascade")
    program_id = fields.Many2one(related="group_id.program_id")
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)
    date = fields.Date(required=True, index=True)
    time_start = fields.Float(string="Start Time", default=9.0)
    subject_id = fields.Many2one(
        "dpo.program.subject",
        required=True,
        ondelete="restrict",
        domain="[('program_id', '=', program_id)]",
        check_company=True,
    )
    topic = fields.Char()
    hours = fields.Integer(required=True, default=2)
    kind = fields.Selection(
        [
            ("lecture", "Lecture"),
            ("practice", "Practice"),
            ("self_study", "Self-study"),
            ("attestation", "Attestation"),
        ],
        required=True,
        default="lecture",
    )
    teacher_id = fields.Many2one("res.users", required=True, index=True, ondelete="restrict")
    attendance_ids = fields.One2many("dpo.attendance", "lesson_id", string="Journal Cells")
    is_marked = fields.Boolean(
        string="Marked",
        compute="_compute_is_marked",
        store=True,
        help="Presence is recorded for every learner.",
    )
    is_planner = fields.Boolean(
        compute="_compute_is_planner",
        help="The current user plans lessons (programme specialist or head); a teacher only "
        "fills the topic and the cells of their own lessons.",
    )
    edit_deadline = fields.Date(
        compute="_compute_edit_deadline",
        help="Last day the teacher may fill or change this lesson's cells without a specialist.",
    )
    journal_state = fields.Selection(related="group_id.journal_state", string="Journal")
    has_recorded_cells = fields.Boolean(
        compute="_compute_has_recorded_cells",
        help="A presence, mark or note is recorded: the lesson is part of the journal and its plan "
        "changes only with a reason.",
    )

    _sql_constraints = [
        ("hours_positive", "CHECK(hours > 0)", "A lesson must last at least one hour."),
    ]

    @api.depends("group_id.name", "date", "subject_id.name", "time_start")
    @api.depends_context("dpo_short_names")
    def _compute_display_name(self):
        short = self.env.context.get("dpo_short_names")
        for lesson in self:
            date = lesson.date.strftime("%d.%m") if lesson.date else ""
            if short:
                # The journal grid's column headers: date and starting hour.
                lesson.display_name = (
                    f"{date} {int(lesson.time_start):d}:{round(lesson.time_start % 1 * 60):02d}"
                )
            else:
                lesson.display_name = f"{date} {lesson.subject_id.name or ''}".strip()

    @api.depends("attendance_ids.presence")
    def _compute_is_marked(self):
        for lesson in self:
            cells = lesson.attendance_ids
            lesson.is_marked = bool(cells) and all(cells.mapped("presence"))

    @api.depends("attendance_ids.presence", "attendance_ids.mark", "attendance_ids.note")
    def _compute_has_recorded_cells(self):
        for lesson in self:
            lesson.has_recorded_cells = bool(lesson.attendance_ids._filter_recorded())

    @api.depends_context("uid")
    def _compute_is_planner(self):
        self.is_planner = self.env.user.has_group("dpo_records.group_dpo_specialist")

    @api.depends("date", "company_id.dpo_teacher_edit_days")
    def _compute_edit_deadline(self):
        for lesson in self:
            days = lesson.company_id.dpo_teacher_edit_days
            lesson.edit_deadline = lesson.date + timedelta(days=days) if lesson.date else False

    @api.constrains("date", "group_id")
    def _check_date(self):
        for lesson in self:
            group = lesson.group_id
            if not group.date_start <= lesson.date <= group.date_end:
                raise ValidationError(
                    self.env._(
                        "The lesson of %(date)s is outside the training period of group %(group)s "
                        "(%(start)s – %(end)s).",
                        date=lesson.date.strftime("%d.%m.%Y"),
                        group=group.name,
                        start=group.date_start.strftime("%d.%m.%Y"),
                        end=group.date_end.strftime("%d.%m.%Y"),
                    )
                )

    @api.constrains("time_start")
    def _check_time_start(self):
        for lesson in self:
            if not 0 <= lesson.time_start < 24:
                raise ValidationError(
                    self.env._(
                        "A lesson starts between 00:00 and 24:00; the lesson of %(date)s starts at %(time)s.",
                        date=lesson.date.strftime("%d.%m.%Y"),
                        time=lesson._plan_value("time_start", lesson.time_start),
                    )
                )

    @api.constrains("hours")
    def _check_hours(self):
        for lesson in self:
            if not 1 <= lesson.hours <= MAX_LESSON_HOURS:
                raise ValidationError(
                    self.env._(
                        "A lesson lasts from 1 to %(max)s academic hours; the lesson of %(date)s "
                        "would last %(hours)s.",
                        max=MAX_LESSON_HOURS,
                        date=lesson.date.strftime("%d.%m.%Y"),
                        hours=lesson.hours,
                    )
                )

    @api.constrains("subject_id", "group_id")
    def _check_subject(self):
        for lesson in self:
            if lesson.subject_id.program_id != lesson.group_id.program_id:
                raise ValidationError(
                    self.env._(
                        "Subject «%(subject)s» is not in the curriculum of group %(group)s.",
                        subject=lesson.subject_id.name,
                        group=lesson.group_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lessons = super().create(vals_list)
        lessons.group_id._check_journal_open()
        lessons._create_cells()
        return lessons

    def _create_cells(self):
        """An empty journal cell per learner enrolled in the group, for lessons lacking one."""
        existing = {(cell.lesson_id.id, cell.enrollment_id.id) for cell in self.attendance_ids}
        vals_list = [
            {"lesson_id": lesson.id, "enrollment_id": enrollment.id}
            for lesson in self
            for enrollment in lesson.group_id.enrollment_ids
            if enrollment._attends_on(lesson.date) and (lesson.id, enrollment.id) not in existing
        ]
        self.env["dpo.attendance"].sudo().create(vals_list)

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group("dpo_records.group_dpo_specialist"):
            planned = sorted(set(vals) - TEACHER_WRITABLE)
            if planned:
                raise AccessError(
                    self.env._(
                        "A teacher fills only the topic and the journal of a lesson; its plan "
                        "(%(fields)s) is changed by a programme specialist.",
                        fields=", ".join(
                            self._fields[name]._description_string(self.env) for name in planned
                        ),
                    )
                )
            if "topic" in vals:
                self._check_teacher_may_edit()
        self._check_plan_change(vals)
        result = super().write(vals)
        if "date" in vals:
            # The learners of the new day: a cell for those lacking one, and none for a
            # learner who had left the group by then.
            self.attendance_ids._check_enrollment()
            self._create_cells()
        return result

    def _changed_fields(self, vals, names):
        """The fields among `names` whose value in `vals` differs from this lesson's."""
        self.ensure_one()
        changed = []
        for name in names:
            if name in vals:
                field = self._fields[name]
                new = field.convert_to_record(field.convert_to_cache(vals[name], self), self)
                if new != self[name]:
                    changed.append(name)
        return changed

    def _check_plan_change(self, vals):
        """In a closed journal no lesson changes; a lesson with cells keeps its group; the plan
        of a lesson with recorded cells changes only with a reason (`_write_with_reason`).
        For everyone, the superuser too."""
        with_reason = self.env.context.get("dpo_lesson_plan_change") is _PLAN_CHANGE
        for lesson in self:
            if lesson.group_id.journal_state == "closed" and lesson._changed_fields(vals, CLOSED_FIELDS):
                raise UserError(lesson.group_id._closed_journal_message())
            changed = lesson._changed_fields(vals, PLAN_FIELDS)
            if "group_id" in changed and lesson.attendance_ids:
                raise UserError(
                    self.env._(
                        "The lesson of %(date)s has journal cells of the learners of group %(group)s: "
                        "it keeps its group. Plan a lesson in the other group instead.",
                        date=lesson.date.strftime("%d.%m.%Y"),
                        group=lesson.group_id.name,
                    )
                )
            if changed and not with_reason and lesson.has_recorded_cells:
                raise UserError(
                    self.env._(
                        "The lesson of %(date)s has recorded journal cells: its plan changes only "
                        "with a reason, with «Change Lesson».",
                        date=lesson.date.strftime("%d.%m.%Y"),
                    )
                )

    def _write_with_reason(self, vals, reason):
        """Change the plan of lessons (their cells recorded): each changed field goes to the
        correction ledger with `reason`, who and when, then the write passes `_check_plan_change`."""
        if not (reason or "").strip():
            raise UserError(self.env._("A correction needs a reason."))
        entries = [
            (lesson, name, lesson._plan_value(name, lesson[name]), lesson._plan_value(name, vals[name]))
            for lesson in self
            for name in lesson._changed_fields(vals, PLAN_FIELDS)
        ]
        result = self.with_context(dpo_lesson_plan_change=_PLAN_CHANGE).write(vals)
        ledger = self.env["dpo.correction"]
        for lesson, name, old, new in entries:
            ledger._record(lesson, name, old, new, reason)
        return result

    def _plan_value(self, name, value):
        """A plan field's value as the ledger shows it."""
        field = self._fields[name]
        value = field.convert_to_record(field.convert_to_cache(value, self), self)
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "date":
            return value.strftime("%d.%m.%Y") if value else ""
        if name == "time_start":
            return f"{int(value):d}:{round(value % 1 * 60):02d}"
        return str(value)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_closed_or_recorded(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        for lesson in self:
            if lesson.group_id.journal_state == "closed":
                raise UserError(lesson.group_id._closed_journal_message())
            if lesson.has_recorded_cells:
                raise UserError(
                    self.env._(
                        "The lesson of %(date)s has recorded journal cells: it is part of the journal "
                        "and cannot be deleted. Change its plan with a reason instead.",
                        date=lesson.date.strftime("%d.%m.%Y"),
                    )
                )

    def _company_today(self):
        """Today in the lesson's company's time zone, never the client's (see company_today)."""
        self.ensure_one()
        return company_today(self.company_id)

    def _check_teacher_may_edit(self):
        """A teacher writes only their own lessons, while the journal is open and within the
        edit window counted from the lesson's date, in the company's time zone."""
        user = self.env.user
        for lesson in self:
            if lesson.group_id.journal_state == "closed":
                raise AccessError(
                    self.env._(
                        "The journal of group %(group)s is closed: only the head of department may "
                        "correct it.",
                        group=lesson.group_id.name,
                    )
                )
            if lesson.teacher_id != user:
                raise AccessError(
                    self.env._(
                        "The lesson of %(date)s is %(teacher)s's: a teacher fills only their own lessons.",
                        date=lesson.date.strftime("%d.%m.%Y"),
                        teacher=lesson.teacher_id.name,
                    )
                )
            if lesson._company_today() > lesson.edit_deadline:
                raise AccessError(
                    self.env._(
                        "The edit window of the lesson of %(date)s closed on %(deadline)s: ask a "
                        "programme specialist to make the entry with a reason.",
                        date=lesson.date.strftime("%d.%m.%Y"),
                        deadline=lesson.edit_deadline.strftime("%d.%m.%Y"),
                    )
                )

    def action_mark_all_present(self):
        """Mark every learner without a presence as present, the usual start of a lesson's
        marking; the teacher then changes the absent ones."""
        self.attendance_ids.filtered(lambda cell: not cell.presence).write({"presence": "present"})
        return True

    def action_change_plan(self):
        """«Change Lesson»: the wizard asking the reason of a change to a recorded lesson's plan."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_lesson_change_action")
        action["context"] = {"default_lesson_id": self.id}
        return action

    def _mark(self, enrollment_id, vals, reason=None):
        """Write one learner's cell of this lesson (with a reason when it is a correction)."""
        self.ensure_one()
        cell = self.attendance_ids.filtered(lambda c: c.enrollment_id.id == enrollment_id)
        return cell._write_with_reason(vals, reason) if reason else cell.write(vals)

    @api.model
    def _cron_remind_unmarked_lessons(self):
        """A to-do for the teacher of every past lesson of an open journal that is still not
        marked; a lesson that already has one gets no second."""
        companies = self.env["res.company"].search([])
        lessons = self.search(
            [
                ("date", "<", max(company_today(company) for company in companies)),
                ("is_marked", "=", False),
                ("group_id.state", "=", "running"),
                ("group_id.journal_state", "=", "open"),
            ]
        )
        today = {company: company_today(company) for company in lessons.company_id}
        lessons = lessons.filtered(lambda lesson: lesson.date < today[lesson.company_id])
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for lesson in lessons:
            if lesson.activity_ids.filtered(
                lambda a, lesson=lesson: (
                    a.activity_type_id == activity_type and a.user_id == lesson.teacher_id
                )
            ):
                continue
            lesson.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=lesson.teacher_id.id,
                summary=self.env._("Mark the journal for this lesson"),
            )
