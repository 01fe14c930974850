from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dpo_records.models.dpo_lesson import MAX_LESSON_HOURS


class DpoGroupLessonPlan(models.TransientModel):
    """Plan the lessons of a group from its curriculum: each subject's hours, in curriculum
    order, spread over the working days of the training period."""

    _name = "dpo.group.lesson.plan"
    _description = "Plan Lessons"

    group_id = fields.Many2one("dpo.group", required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    hours_per_day = fields.Integer(string="Hours per Day", required=True, default=6)
    lesson_hours = fields.Integer(string="Hours per Lesson", required=True, default=2)
    teacher_id = fields.Many2one("res.users", required=True, domain="[('id', 'in', teacher_ids)]")
    teacher_ids = fields.Many2many(related="group_id.teacher_ids")
    include_saturday = fields.Boolean()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        group = self.env["dpo.group"].browse(values.get("group_id") or self.env.context.get("active_id"))
        if group:
            values.update(
                group_id=group.id,
                date_from=group.date_start,
                date_to=group.date_end,
                teacher_id=group.teacher_ids[:1].id,
            )
        return values

    @api.constrains("hours_per_day", "lesson_hours")
    def _check_hours(self):
        for wizard in self:
            if not (
                1 <= wizard.hours_per_day <= MAX_LESSON_HOURS and 1 <= wizard.lesson_hours <= MAX_LESSON_HOURS
            ):
                raise ValidationError(
                    self.env._(
                        "Lessons are planned with 1 to at most %(max)s academic hours per day and "
                        "per lesson.",
                        max=MAX_LESSON_HOURS,
                    )
                )

    def _working_days(self):
        last_weekday = 5 if self.include_saturday else 4
        day = self.date_from
        while day <= self.date_to:
            if day.weekday() <= last_weekday:
                yield day
            day += timedelta(days=1)

    def _plan(self):
        """The lessons' values, or an error when the curriculum does not fit."""
        if self.date_from < self.group_id.date_start or self.date_to > self.group_id.date_end:
            raise UserError(self.env._("Lessons are planned only within the training period of the group."))
        queue = [[subject, subject.hours] for subject in self.group_id.program_id.subject_ids]
        vals_list = []
        for day in self._working_days():
            free, start = self.hours_per_day, 9.0
            while free and queue:
                subject, left = queue[0]
                hours = min(self.lesson_hours, left, free)
                kind = "attestation" if left == hours and subject.attestation_form != "none" else "lecture"
                vals_list.append(
                    {
                        "group_id": self.group_id.id,
                        "date": day,
                        "time_start": start,
                        "subject_id": subject.id,
                        "hours": hours,
                        "kind": kind,
                        "teacher_id": self.teacher_id.id,
                    }
                )
                free -= hours
                start += hours
                queue[0][1] -= hours
                if not queue[0][1]:
                    queue.pop(0)
            if not queue:
                break
        if queue:
            raise UserError(
                self.env._(
                    "The curriculum does not fit into the period: %(hours)s hours are left unplanned. "
                    "Add days or hours per day.",
                    hours=sum(left for _subject, left in queue),
                )
            )
        return vals_list

    def action_plan(self):
        self.ensure_one()
        if self.group_id.lesson_ids:
            raise UserError(self.env._("Group %(group)s already has lessons.", group=self.group_id.name))
        self.env["dpo.lesson"].create(self._plan())
        return self.group_id.action_view_lessons()
