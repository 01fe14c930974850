from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .dpo_uninstall import is_module_uninstall


class DpoJournalCheck(models.Model):
    """The head of department's check of a group's journal (seed 002, 2.4).

    A check is a record of the journal control in the name of who made it. It is immutable once
    recorded: the teachers were notified of its remarks, so rewriting them, its date or its
    result afterwards would make the record and the notification disagree, as rewriting a
    signed entry of a paper journal would. A mistaken check is superseded by a new one.
    """

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
        for vals in vals_list:
            # Recorded in the name of who records it; only the superuser (data files) may name
            # another checker.
            checker = vals.get("checker_id") or self.env.uid
            checker = checker.id if isinstance(checker, models.BaseModel) else checker
            if checker != self.env.uid and not self.env.su:
                raise AccessError(
                    self.env._(
                        "A journal check is recorded in the name of who makes it, not of another user."
                    )
                )
            vals["checker_id"] = checker
        checks = super().create(vals_list)
        checks.filtered(lambda c: c.result == "remarks")._notify_teachers()
        return checks

    def write(self, vals):
        if self and vals:
            raise UserError(
                self.env._("A journal check cannot be changed once recorded: record a new check instead.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if is_module_uninstall(self.env):
            return
        raise UserError(self.env._("A journal check is part of the journal control and cannot be deleted."))

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
