from odoo import api, fields, models
from odoo.exceptions import AccessError

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
    note = fields.Char()
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        cell = self.env["dpo.attendance"].browse(
            values.get("attendance_id") or self.env.context.get("active_id")
        )
        if cell:
            values.update(attendance_id=cell.id, presence=cell.presence, mark=cell.mark, note=cell.note)
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_cell_access()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        if "attendance_id" in vals:
            self._check_cell_access()
        return result

    def _check_cell_access(self):
        """The wizard shows the learner and the lesson of its cell (related fields, read as
        superuser): it takes only a cell the user may correct, of one of the user's companies."""
        cells = self.attendance_id
        if not self.env.su and (not cells.has_access("write") or cells.company_id - self.env.companies):
            raise AccessError(self.env._("This is not a journal cell you may correct."))

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
