from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Only the methods of this model put this object in the context: a client cannot send
# it through RPC, so the state cannot be written from outside `_change_state`.
_STATE_CHANGE = object()

ALLOWED_TRANSITIONS = {
    "draft": {"enrolled"},
    "enrolled": {"completed", "expelled"},
    "completed": set(),
    "expelled": set(),
}


class DpoEnrollment(models.Model):
    _name = "dpo.enrollment"
    _description = "Enrolment"
    _inherit = ["mail.thread"]
    _order = "group_id, learner_name, id"
    _rec_names_search = ["learner_id", "group_id"]

    learner_id = fields.Many2one("dpo.learner", required=True, index=True, ondelete="restrict", tracking=True)
    learner_name = fields.Char(related="learner_id.name", store=True, string="Learner Name")
    group_id = fields.Many2one("dpo.group", required=True, index=True, ondelete="restrict", tracking=True)
    program_id = fields.Many2one(related="group_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)
    funding = fields.Selection(
        [("paid", "Paid Training"), ("budget", "Budget Training")],
        required=True,
        default="paid",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("enrolled", "Enrolled"),
            ("completed", "Completed"),
            ("expelled", "Expelled"),
        ],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
        help="Changed only by signed orders on enrolment, completion and expulsion.",
    )
    date_enrolled = fields.Date(string="Enrolment Date", readonly=True, copy=False)
    date_exit = fields.Date(string="Exit Date", readonly=True, copy=False)
    exit_reason = fields.Char(readonly=True, copy=False)
    final_result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed"), ("absent", "Absent")],
        tracking=True,
        copy=False,
    )
    enroll_order_id = fields.Many2one(
        "dpo.order", string="Enrolment Order", readonly=True, copy=False, index="btree_not_null"
    )
    exit_order_id = fields.Many2one(
        "dpo.order",
        string="Completion or Expulsion Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    _sql_constraints = [
        (
            "learner_group_uniq",
            "UNIQUE(learner_id, group_id)",
            "This learner is already enrolled in this group.",
        ),
    ]

    @api.depends("learner_id", "group_id")
    def _compute_display_name(self):
        for enrollment in self:
            enrollment.display_name = f"{enrollment.learner_id.name or ''} — {enrollment.group_id.name or ''}"

    @api.constrains("learner_id", "group_id")
    def _check_company(self):
        for enrollment in self:
            if enrollment.learner_id.company_id != enrollment.group_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(learner)s belongs to another company than group %(group)s.",
                        learner=enrollment.learner_id.name,
                        group=enrollment.group_id.name,
                    )
                )

    def write(self, vals):
        if {"state", "enroll_order_id", "exit_order_id"} & vals.keys() and self.env.context.get(
            "dpo_enrollment_state_change"
        ) is not _STATE_CHANGE:
            raise UserError(
                self.env._(
                    "The status of an enrolment changes only when an order on enrolment, "
                    "completion or expulsion is signed."
                )
            )
        if {"learner_id", "group_id"} & vals.keys() and self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._(
                    "The learner or the group of an enrolment cannot change once the learner is enrolled."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._(
                    "Only draft enrolments can be deleted: the others are part of the learner's "
                    "individual record."
                )
            )

    def _change_state(self, new_state, date=None, reason=None, order=None):
        """Move the enrolments to `new_state`; called by signed orders only, which pass
        themselves as `order` to be linked as the enrolment or exit order."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for enrollment in self:
            if new_state not in ALLOWED_TRANSITIONS[enrollment.state]:
                raise UserError(
                    self.env._(
                        "%(learner)s cannot go from «%(old)s» to «%(new)s» in group %(group)s.",
                        learner=enrollment.learner_id.name,
                        old=labels[enrollment.state],
                        new=labels[new_state],
                        group=enrollment.group_id.name,
                    )
                )
        vals = {"state": new_state}
        date = date or fields.Date.context_today(self)
        if new_state == "enrolled":
            vals["date_enrolled"] = date
        else:
            vals.update(date_exit=date, exit_reason=reason or False)
        if order:
            vals["enroll_order_id" if new_state == "enrolled" else "exit_order_id"] = order.id
        return self.with_context(dpo_enrollment_state_change=_STATE_CHANGE).write(vals)
