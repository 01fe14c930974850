from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall


class DpoJournalCheck(models.Model):
    """The check of a group's journal by the head of department or a programme specialist,
    as the company's setting says (seed 002, 2.4).

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

    def _check_checker_role(self, groups):
        """The company of each group says who records its journal's checks (seed 002, 2.4:
        «Руководитель кафедры и (или) специалист … контролирует»): the head of department, a
        programme specialist, or either. A head (and the director, whose role includes the
        head's) checks as head; a specialist who is not a head, as specialist."""
        user = self.env.user
        if self.env.su:
            return
        is_head = user.has_group("dpo_records.group_dpo_head")
        is_specialist = user.has_group("dpo_records.group_dpo_specialist") and not is_head
        if not (is_head or is_specialist):
            raise AccessError(
                self.env._("Only the head of department or a programme specialist checks journals.")
            )
        # The setting is read as superuser (a specialist cannot read the company); the groups
        # of other companies are refused by the record rules, without naming their company.
        for company in groups.sudo().company_id & user.company_ids:
            setting = company.dpo_journal_checker
            if setting == "head" and not is_head:
                raise AccessError(
                    self.env._(
                        "In %(company)s the journals are checked by the head of department only.",
                        company=company.name,
                    )
                )
            if setting == "specialist" and not is_specialist:
                raise AccessError(
                    self.env._(
                        "In %(company)s the journals are checked by programme specialists only.",
                        company=company.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        groups = (
            self.env["dpo.group"]
            .browse({vals["group_id"] for vals in vals_list if vals.get("group_id")})
            .exists()
        )
        self._check_checker_role(groups)
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
        if is_module_uninstall(self.env) or is_destroying(self.env):
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
