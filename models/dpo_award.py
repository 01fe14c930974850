from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# Fields of a recorded award that may still be written: chatter bookkeeping only. An award is
# part of the individual record (seeds 001 and 003, 3.1): it is corrected by a new award that
# names the one it corrects, never edited or deleted.
AWARD_WRITABLE = frozenset(("message_main_attachment_id",))


class DpoAward(models.Model):
    """An award (поощрение) of a learner, recorded with its enrolment: kind, date, the order or
    decision it is given by, and who recorded it."""

    _name = "dpo.award"
    _description = "Award"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    enrollment_id = fields.Many2one(
        "dpo.enrollment",
        string="Enrolment",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', '!=', 'draft')]",
    )
    learner_id = fields.Many2one(related="enrollment_id.learner_id", store=True, index=True)
    group_id = fields.Many2one(related="enrollment_id.group_id", store=True, index=True)
    company_id = fields.Many2one(related="enrollment_id.company_id", store=True, index=True)
    # The contract's name (DESIGN.md) for the kind, which is configurable data.
    award_kind = fields.Many2one("dpo.award.kind", required=True, ondelete="restrict", check_company=True)
    date = fields.Date(required=True, help="Date of the order or decision that gives the award.")
    basis = fields.Char(
        required=True,
        help="The order or decision that gives the award, e.g. «Приказ № 15-П от 10.03.2026».",
    )
    order_id = fields.Many2one(
        "dpo.order",
        string="Signed Order",
        ondelete="restrict",
        index="btree_not_null",
        check_company=True,
        domain="[('state', '=', 'signed')]",
        help="The signed order of the centre that gives the award, when there is one.",
    )
    wording = fields.Text(help="What the learner is awarded for, as the order or decision words it.")
    recorded_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, help="Set from the user who records it."
    )
    corrects_id = fields.Many2one(
        "dpo.award",
        ondelete="restrict",
        index="btree_not_null",
        copy=False,
        domain="[('enrollment_id', '=', enrollment_id), ('corrected', '=', False)]",
        help="The award recorded by mistake that this one replaces; it stays in the record.",
    )
    corrected_by_ids = fields.One2many("dpo.award", "corrects_id")
    corrected = fields.Boolean(
        compute="_compute_corrected", store=True, help="A later award replaces this one."
    )

    _sql_constraints = [
        ("corrects_uniq", "UNIQUE(corrects_id)", "An award is corrected by one award only."),
    ]

    @api.depends("award_kind.name", "learner_id.name", "date")
    def _compute_display_name(self):
        for award in self:
            date = award.date.strftime("%d.%m.%Y") if award.date else ""
            award.display_name = f"{award.award_kind.name or ''}: {award.learner_id.name or ''}, {date}"

    @api.depends("corrected_by_ids")
    def _compute_corrected(self):
        for award in self:
            award.corrected = bool(award.corrected_by_ids)

    @api.constrains("enrollment_id", "order_id", "corrects_id")
    def _check_links(self):
        for award in self:
            if award.enrollment_id.state == "draft":
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not enrolled yet: an award is recorded for an enrolled learner.",
                        learner=award.learner_id.name,
                    )
                )
            if award.order_id and award.order_id.state != "signed":
                raise ValidationError(self.env._("An award is given by a signed order, not by a draft one."))
            if award.corrects_id and (
                award.corrects_id == award or award.corrects_id.enrollment_id != award.enrollment_id
            ):
                raise ValidationError(
                    self.env._("An award corrects another award of the same enrolment only.")
                )

    @api.model
    def _check_date_and_basis(self, vals):
        if not vals.get("date"):
            raise ValidationError(
                self.env._("An award needs its date: the date of the order or decision that gives it.")
            )
        if not (vals.get("basis") or "").strip():
            raise ValidationError(
                self.env._("An award needs its basis: the order or decision that gives it.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("recorded_by_id") not in (None, False, self.env.uid):
                raise UserError(self.env._("An award is recorded in the name of the user who records it."))
            if vals.get("order_id") and not (vals.get("basis") or "").strip():
                vals["basis"] = self.env["dpo.order"].browse(vals["order_id"]).display_name
            self._check_date_and_basis(vals)
            corrected = self.browse(vals.get("corrects_id"))
            if corrected.corrected:
                raise ValidationError(
                    self.env._(
                        "Award «%(award)s» is already corrected by another award.",
                        award=corrected.display_name,
                    )
                )
            vals["recorded_by_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if self and not AWARD_WRITABLE.issuperset(vals):
            raise UserError(
                self.env._(
                    "A recorded award is part of the learner's individual record and cannot be "
                    "changed: record a new award that corrects it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_recorded(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        raise UserError(
            self.env._(
                "A recorded award is part of the learner's individual record and cannot be deleted: "
                "record a new award that corrects it."
            )
        )

    def action_correct(self):
        """Open a new award that corrects this one, with its values to change."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct an Award"),
            "res_model": "dpo.award",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_corrects_id": self.id,
                "default_enrollment_id": self.enrollment_id.id,
                "default_award_kind": self.award_kind.id,
                "default_date": self.date,
                "default_order_id": self.order_id.id,
                "default_wording": self.wording,
            },
        }
