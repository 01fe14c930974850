from odoo import fields, models

from odoo.addons.dpo_records.models import grading


class DpoAttendanceCorrect(models.TransientModel):
    """Correct a recorded journal cell: the right value and the reason, kept in the ledger
    with who and when (the electronic form of «исправленному верить» and the signature)."""

    _name = "dpo.attendance.correct"
    _inherit = "dpo.correction.wizard.mixin"
    _description = "Correct a Journal Cell"
    _target_field = "attendance_id"
    _corrected_fields = ("presence", "mark", "note")

    attendance_id = fields.Many2one("dpo.attendance", required=True, readonly=True)
    learner_name = fields.Char(related="attendance_id.learner_name")
    lesson_id = fields.Many2one(related="attendance_id.lesson_id")
    presence = fields.Selection(
        [("present", "Present"), ("absent", "Absent"), ("excused", "Excused"), ("late", "Late")]
    )
    mark = fields.Selection(grading.RESULTS)
    note = fields.Char()

    def _refusal_message(self):
        return self.env._("This is not a journal cell you may correct.")

    def action_correct(self):
        self.ensure_one()
        vals = {}
        cell = self.attendance_id
        for name in ("presence", "mark", "note"):
            if (self[name] or False) != (cell[name] or False):
                vals[name] = self[name] or False
        if vals:
            cell._write_with_reason(vals, self.reason)
        return {"type": "ir.actions.act_window_close"}
