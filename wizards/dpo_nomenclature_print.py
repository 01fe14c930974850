from odoo import api, fields, models
from odoo.exceptions import UserError


class DpoNomenclaturePrint(models.TransientModel):
    """Print the nomenclature of files of a company for a year, with the count of that year's
    cases per line and the closing summary."""

    _name = "dpo.nomenclature.print"
    _description = "Print the Nomenclature of Files"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 1900 < wizard.year < 2200:
                raise UserError(self.env._("Give a real year."))

    def action_print(self):
        self.ensure_one()
        items = self.env["dpo.nomenclature.item"].search([("company_id", "=", self.company_id.id)])
        if not items:
            raise UserError(
                self.env._(
                    "%(company)s has no nomenclature of files yet: apply a preset or add its lines first.",
                    company=self.company_id.name,
                )
            )
        action = self.env.ref("dpo_records.action_report_dpo_nomenclature").report_action(
            items, data={"year": self.year}
        )
        action["close_on_report_download"] = True
        return action
