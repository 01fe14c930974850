from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dpo_uninstall import is_module_uninstall

# Put in the context only by the signing of a commission order: a client cannot send this
# object through RPC, so only that signing appoints a commission or changes its composition.
APPOINTING = object()

# Fields of a commission that only a signed order may set once the commission is appointed: the
# order names the group the commission examines and acts for its company.
COMPOSITION = frozenset(
    (
        "kind",
        "chair_id",
        "secretary_id",
        "member_ids",
        "date_from",
        "date_to",
        "order_id",
        "group_id",
        "company_id",
    )
)


class DpoCommission(models.Model):
    _name = "dpo.commission"
    _description = "Commission"
    _check_company_auto = True
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(
        [("attestation", "Attestation Commission"), ("expert", "Expert Commission")],
        required=True,
        default="attestation",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    group_id = fields.Many2one(
        "dpo.group",
        index="btree_not_null",
        ondelete="restrict",
        help="Group the commission examines, if any.",
        check_company=True,
    )
    chair_id = fields.Many2one("res.partner", tracking=True, ondelete="restrict")
    secretary_id = fields.Many2one("res.partner", tracking=True, ondelete="restrict")
    member_ids = fields.Many2many(
        "res.partner",
        "dpo_commission_member_rel",
        "commission_id",
        "partner_id",
        string="Members",
        help="Teachers, employers' representatives and other members.",
    )
    order_id = fields.Many2one(
        "dpo.order",
        string="Appointing Order",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    date_from = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="Valid Until", tracking=True)
    active = fields.Boolean(default=True)

    @api.depends("kind", "group_id", "date_from")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for commission in self:
            parts = [labels.get(commission.kind, "")]
            if commission.group_id:
                parts.append(commission.group_id.name)
            if commission.date_from:
                parts.append(commission.date_from.strftime("%Y"))
            commission.name = " ".join(parts)

    @api.constrains("chair_id", "secretary_id")
    def _check_chair_secretary(self):
        for commission in self:
            if not commission.chair_id or not commission.secretary_id:
                raise ValidationError(self.env._("A commission needs a chair and a secretary."))

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for commission in self:
            if commission.date_to and commission.date_to < commission.date_from:
                raise ValidationError(
                    self.env._("A commission cannot be valid until a date before its start.")
                )

    @api.constrains("group_id")
    def _check_group_of_documents(self):
        """A commission of one group examines no other group: not even a draft commission moved
        to another group after it was chosen for a protocol or a statement."""
        commissions = self.filtered("group_id")
        if not commissions:
            return
        for model in ("dpo.protocol", "dpo.attestation.sheet"):
            documents = (
                self.env[model]
                .sudo()
                .search_fetch([("commission_id", "in", commissions.ids)], ["commission_id", "group_id"])
                .filtered(lambda d: d.group_id != d.commission_id.group_id)
            )
            if documents:
                raise ValidationError(
                    self.env._(
                        "Commission «%(commission)s» already examines group %(group)s; it cannot be "
                        "appointed for another group.",
                        commission=documents[0].commission_id.display_name,
                        group=documents[0].group_id.name,
                    )
                )

    def _is_appointing(self):
        return self.env.context.get("dpo_commission_appointing") is APPOINTING

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("order_id") for vals in vals_list) and not self._is_appointing():
            raise UserError(self.env._("Only a signed commission order appoints a commission."))
        return super().create(vals_list)

    def write(self, vals):
        appointing = self._is_appointing()
        if "order_id" in vals and not appointing:
            raise UserError(self.env._("Only a signed commission order appoints a commission."))
        if COMPOSITION & vals.keys() and not appointing and self.filtered("order_id"):
            raise UserError(
                self.env._(
                    "The composition of a commission appointed by an order changes only by a new "
                    "signed order."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_appointed(self):
        if is_module_uninstall(self.env):
            return
        if self.filtered("order_id"):
            raise UserError(
                self.env._("A commission appointed by an order cannot be deleted; archive it instead.")
            )

    def _check_valid_on(self, date):
        """Refuse a commission that was not appointed by a signed order or is not valid on `date`;
        protocols and destruction acts call it before they are signed."""
        for commission in self:
            if not commission.order_id or commission.order_id.state != "signed":
                raise UserError(
                    self.env._(
                        "Commission «%(commission)s» has not been appointed by a signed order.",
                        commission=commission.display_name,
                    )
                )
            if date < commission.date_from or (commission.date_to and date > commission.date_to):
                raise UserError(
                    self.env._(
                        "Commission «%(commission)s» is not valid on %(date)s (valid %(start)s – %(end)s).",
                        commission=commission.display_name,
                        date=date.strftime("%d.%m.%Y"),
                        start=commission.date_from.strftime("%d.%m.%Y"),
                        end=commission.date_to.strftime("%d.%m.%Y") if commission.date_to else "…",
                    )
                )
        return True
