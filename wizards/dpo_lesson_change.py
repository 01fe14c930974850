from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dpo_records.models.dpo_lesson import PLAN_FIELDS


class DpoLessonChange(models.TransientModel):
    """Change the plan of a lesson whose journal cells are recorded (its date, time, hours,
    teacher or subject): the reason and every old and new value go to the correction ledger."""

    _name = "dpo.lesson.change"
    _description = "Change a Lesson"

    # Given by the «Change Lesson» button (default_lesson_id): readonly in the view only, since a
    # client's default of a readonly field is refused (models/base.py).
    lesson_id = fields.Many2one("dpo.lesson", required=True)
    group_id = fields.Many2one(related="lesson_id.group_id")
    program_id = fields.Many2one(related="lesson_id.program_id")
    teacher_ids = fields.Many2many(related="group_id.teacher_ids")
    date = fields.Date(required=True)
    time_start = fields.Float(string="Start Time", required=True)
    hours = fields.Integer(required=True)
    teacher_id = fields.Many2one("res.users", required=True, domain="[('id', 'in', teacher_ids)]")
    subject_id = fields.Many2one(
        "dpo.program.subject", required=True, domain="[('program_id', '=', program_id)]"
    )
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lesson = self.env["dpo.lesson"].browse(values.get("lesson_id") or self.env.context.get("active_id"))
        if lesson:
            values.update(
                lesson_id=lesson.id,
                date=lesson.date,
                time_start=lesson.time_start,
                hours=lesson.hours,
                teacher_id=lesson.teacher_id.id,
                subject_id=lesson.subject_id.id,
            )
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_lesson_access()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        if "lesson_id" in vals:
            self._check_lesson_access()
        return result

    def _check_lesson_access(self):
        """Only a lesson the user plans, of one of the user's companies."""
        lessons = self.lesson_id
        if not self.env.su and (
            not self.env.user.has_group("dpo_records.group_dpo_specialist")
            or not lessons.has_access("write")
            or lessons.company_id - self.env.companies
        ):
            raise AccessError(self.env._("This is not a lesson you may change."))

    def action_change(self):
        self.ensure_one()
        lesson = self.lesson_id
        vals = {
            name: self[name].id if self._fields[name].type == "many2one" else self[name]
            for name in PLAN_FIELDS
            if name in self._fields and self[name] != lesson[name]
        }
        if not vals:
            raise UserError(self.env._("Nothing to change: the lesson already has these values."))
        lesson._write_with_reason(vals, self.reason)
        return {"type": "ir.actions.act_window_close"}
