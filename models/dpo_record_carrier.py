from odoo import api, fields, models
from odoo.exceptions import UserError

from .dpo_uninstall import is_module_uninstall


class DpoRecordCarrier(models.Model):
    """A carrier (носитель) of the individual record beside the mandatory ones (journal, orders,
    statements, protocols, the issuance book): one the regulation lists as optional, such as
    the results of testing in e-learning or distance learning (seed 003, 2.3), or one the
    centre introduces by a local act of its own (seed 004, 2.6). Its entries are kept per
    enrolment (dpo.record.carrier.entry)."""

    _name = "dpo.record.carrier"
    _description = "Carrier of the Individual Record"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index="btree_not_null",
        default=lambda self: self.env.company,
        help="Leave empty to use the carrier in every company.",
    )
    medium = fields.Selection(
        [("paper", "Paper"), ("electronic", "Electronic"), ("both", "Paper and Electronic")],
        required=True,
        default="electronic",
        help="Whether the carrier is kept on paper, electronically, or both.",
    )
    optional = fields.Boolean(
        default=True,
        help="An optional carrier (необязательный носитель): the record is complete without it.",
    )
    act_name = fields.Char(
        string="Local Act",
        help="The local act that introduced the carrier, e.g. «Положение об индивидуальном учете "
        "результатов освоения образовательных программ».",
    )
    act_number = fields.Char()
    act_date = fields.Date()
    description = fields.Text(translate=True, help="What the carrier records and how it is kept.")
    entry_count = fields.Integer(compute="_compute_entry_count", string="Entries")

    def _compute_entry_count(self):
        counts = dict(
            self.env["dpo.record.carrier.entry"]._read_group(
                [("carrier_id", "in", self.ids)], ["carrier_id"], ["__count"]
            )
        )
        for carrier in self:
            carrier.entry_count = counts.get(carrier, 0)

    def _act_label(self):
        """The local act as it is printed: «name № number от dd.mm.yyyy»."""
        self.ensure_one()
        parts = [self.act_name or ""]
        if self.act_number:
            parts.append(f"№ {self.act_number}")
        if self.act_date:
            parts.append(f"от {self.act_date.strftime('%d.%m.%Y')}")
        return " ".join(part for part in parts if part)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_used(self):
        if is_module_uninstall(self.env):
            return
        used = (
            self.env["dpo.record.carrier.entry"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("carrier_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._("A carrier that already holds entries cannot be deleted: archive it instead.")
            )
