from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# What a teacher may change on a lesson of their own: its topic and its journal cells.
TEACHER_WRITABLE = frozenset(("topic", "attendance_ids"))


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
        return super().write(vals)

    def _check_teacher_may_edit(self):
        """A teacher writes only their own lessons, while the journal is open and within the
        edit window counted from the lesson's date."""
        user = self.env.user
        today = fields.Date.context_today(self)
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
            if today > lesson.edit_deadline:
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

    def _mark(self, enrollment_id, vals, reason=None):
        """Write one learner's cell of this lesson (with a reason when it is a correction)."""
        self.ensure_one()
        cell = self.attendance_ids.filtered(lambda c: c.enrollment_id.id == enrollment_id)
        return cell.with_context(dpo_correction_reason=reason).write(vals)

    @api.model
    def _cron_remind_unmarked_lessons(self):
        """A to-do for the teacher of every past lesson of an open journal that is still not
        marked; a lesson that already has one gets no second."""
        today = fields.Date.context_today(self)
        lessons = self.search(
            [
                ("date", "<", today),
                ("is_marked", "=", False),
                ("group_id.state", "=", "running"),
                ("group_id.journal_state", "=", "open"),
            ]
        )
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
