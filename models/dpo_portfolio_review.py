from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

AUTHOR_ROLES = [
    ("teacher", "Teacher"),
    ("reviewer", "Reviewer"),
    ("employer", "Employer's Representative"),
    ("commission", "Commission Member"),
    ("learner", "Learner"),
    ("other", "Other Participant"),
]


class DpoPortfolioReview(models.Model):
    """A review or mark on a portfolio work by any participant of the training (seed 004,
    2.2: «рецензий и оценок на эти работы со стороны любых участников»): the author may be
    a teacher, an external reviewer or an employer's representative, recorded by a user."""

    _name = "dpo.portfolio.review"
    _description = "Review of a Portfolio Work"
    _inherit = ["dpo.mark.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    item_id = fields.Many2one(
        "dpo.portfolio.item", string="Work", required=True, index=True, ondelete="cascade", check_company=True
    )
    learner_id = fields.Many2one(related="item_id.learner_id", store=True)
    group_id = fields.Many2one(related="item_id.group_id", store=True, index=True)
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
    author_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env.user.partner_id,
        help="The participant who wrote the review or gave the mark.",
    )
    author_role = fields.Selection(AUTHOR_ROLES, required=True, default="teacher")
    date = fields.Date(required=True, default=fields.Date.context_today)
    text = fields.Text(string="Review")
    recorded_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, help="Set from the user who records it."
    )

    def _mark_program(self):
        return self.item_id.enrollment_id.program_id

    @api.constrains("text", "mark")
    def _check_content(self):
        for review in self:
            if not (review.text or "").strip() and not review.mark:
                raise ValidationError(self.env._("A review needs its text, a mark, or both."))

    def _check_item_unlocked(self, items):
        locked = items.filtered("locked")
        if locked:
            raise UserError(
                self.env._(
                    "Work «%(work)s» was presented at an attestation whose statement or protocol is "
                    "signed: a review or mark on it can no longer be added, changed or deleted.",
                    work=locked[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("recorded_by_id") not in (None, False, self.env.uid):
                raise UserError(self.env._("A review is recorded in the name of the user who records it."))
            vals["recorded_by_id"] = self.env.uid
        items = self.env["dpo.portfolio.item"].browse(
            {vals["item_id"] for vals in vals_list if vals.get("item_id")}
        )
        self._check_item_unlocked(items)
        return super().create(vals_list)

    def write(self, vals):
        self._check_item_unlocked(self.item_id)
        if {"item_id", "recorded_by_id"} & vals.keys():
            raise UserError(self.env._("The work and the recorder of a review cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_locked(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        self._check_item_unlocked(self.item_id)
