from odoo import api, fields, models

from odoo.addons.dpo_records.models import grading


class DpoAttendanceCorrect(models.TransientModel):
    """Correct a recorded journal cell: the right value and the reason, kept in the ledger
    with who and when (the electronic form of «исправленному верить» and the signature)."""

    _name = "dpo.attendance.correct"
    _description = "Correct a Journal Cell"

    attendance_id = fields.Many2one("dpo.attendance", required=True, readonly=True)
    learner_name = fields.Char(related="attendance_id.learner_name")
    lesson_id = fields.Many2one(related="attendance_id.lesson_id")
    presence = fields.Selection(
        [("present", "Present"), ("absent", "Absent"), ("excused", "Excused"), ("late", "Late")]
    )
    mark = fields.Selection(grading.RESULTS)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        cell = self.env["dpo.attendance"].browse(
            values.get("attendance_id") or self.env.context.get("active_id")
        )
        if cell:
            values.update(attendance_id=cell.id, presence=cell.presence, mark=cell.mark)
        return values

    def action_correct(self):
        self.ensure_one()
        vals = {}
        cell = self.attendance_id
        if (self.presence or False) != (cell.presence or False):
            vals["presence"] = self.presence or False
        if (self.mark or False) != (cell.mark or False):
            vals["mark"] = self.mark or False
        if vals:
            cell.with_context(dpo_correction_reason=self.reason).write(vals)
        return {"type": "ir.actions.act_window_close"}
