from odoo import api, fields, models
from odoo.exceptions import AccessError


class DpoJournalCheck(models.Model):
    """The head of department's check of a group's journal (seed 002, 2.4)."""

    _name = "dpo.journal.check"
    _description = "Journal Check"
    _order = "date desc, id desc"

    group_id = fields.Many2one("dpo.group", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)
    checker_id = fields.Many2one(
        "res.users", string="Checked By", required=True, readonly=True, default=lambda self: self.env.user
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    result = fields.Selection(
        [("ok", "Kept Correctly"), ("remarks", "Remarks to Fix")], required=True, default="ok"
    )
    remarks = fields.Text()

    @api.depends("date", "result")
    def _compute_display_name(self):
        labels = dict(self._fields["result"]._description_selection(self.env))
        for check in self:
            date = check.date.strftime("%d.%m.%Y") if check.date else ""
            check.display_name = f"{date}: {labels.get(check.result, '')}"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.user.has_group("dpo_records.group_dpo_head"):
            raise AccessError(self.env._("Only the head of department checks journals."))
        checks = super().create(vals_list)
        checks.filtered(lambda c: c.result == "remarks")._notify_teachers()
        return checks

    def _notify_teachers(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for check in self:
            for teacher in check.group_id.teacher_ids:
                check.group_id.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=teacher.id,
                    summary=self.env._("Fix the journal remarks"),
                    note=check.remarks,
                )
