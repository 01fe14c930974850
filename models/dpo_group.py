from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DpoGroup(models.Model):
    _name = "dpo.group"
    _description = "Study Group"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, name"

    name = fields.Char(
        string="Group Number", required=True, tracking=True, help="Number of the group, e.g. ПК-24-01."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    program_id = fields.Many2one(
        "dpo.program", string="Programme", required=True, index=True, ondelete="restrict", tracking=True
    )
    program_kind = fields.Selection(related="program_id.program_kind", store=True)
    hours = fields.Integer(related="program_id.hours")
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    teacher_ids = fields.Many2many(
        "res.users",
        "dpo_group_teacher_rel",
        "group_id",
        "user_id",
        string="Teachers",
        domain=lambda self: [("groups_id", "in", self.env.ref("dpo_records.group_dpo_teacher").ids)],
    )
    head_id = fields.Many2one(
        "res.users",
        string="Head of Department",
        tracking=True,
        help="Controls the correctness of the journal during the whole training of the group.",
        domain=lambda self: [("groups_id", "in", self.env.ref("dpo_records.group_dpo_head").ids)],
    )
    enrollment_ids = fields.One2many("dpo.enrollment", "group_id", string="Enrolments")
    enrolled_count = fields.Integer(string="Learners", compute="_compute_enrolled_count")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Finished")],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    journal_state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        string="Journal",
        required=True,
        default="open",
        tracking=True,
        copy=False,
    )
    note = fields.Html()

    _sql_constraints = [
        ("name_company_uniq", "UNIQUE(name, company_id)", "A group with this number already exists."),
    ]

    def _compute_enrolled_count(self):
        counts = dict(
            self.env["dpo.enrollment"]._read_group(
                [("group_id", "in", self.ids), ("state", "!=", "draft")], ["group_id"], ["__count"]
            )
        )
        for group in self:
            group.enrolled_count = counts.get(group, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for group in self:
            if group.date_end < group.date_start:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s cannot end (%(end)s) before it starts (%(start)s).",
                        group=group.name,
                        end=group.date_end.strftime("%d.%m.%Y"),
                        start=group.date_start.strftime("%d.%m.%Y"),
                    )
                )

    @api.constrains("program_id", "company_id")
    def _check_program_company(self):
        for group in self:
            if group.program_id.company_id != group.company_id:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s and its programme must belong to the same company.",
                        group=group.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        for group in self:
            if group.state != "draft" or group.enrollment_ids.filtered(lambda e: e.state != "draft"):
                raise UserError(
                    self.env._(
                        "Group %(group)s has started or has enrolled learners: its records are "
                        "kept in the archive and cannot be deleted.",
                        group=group.name,
                    )
                )

    def action_start(self):
        for group in self:
            if group.state != "draft":
                raise UserError(self.env._("Only a draft group can be started."))
        self.state = "running"

    def action_finish(self):
        for group in self:
            if group.state != "running":
                raise UserError(self.env._("Only a running group can be finished."))
        self.state = "done"

    def action_view_enrollments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_enrollment_action")
        action["domain"] = [("group_id", "=", self.id)]
        action["context"] = {"default_group_id": self.id}
        return action
