import pycountry

from odoo import api, fields, models


class ResCountry(models.Model):
    _inherit = "res.country"

    oksm_code = fields.Char(
        string="OKSM Code",
        compute="_compute_oksm_code",
        store=True,
        help="Numeric code of the All-Russian Classifier of World Countries (ОКСМ), "
        "equal to ISO 3166-1 numeric; FIS FRDO reports citizenship with it.",
    )

    @api.depends("code")
    def _compute_oksm_code(self):
        for country in self:
            iso = pycountry.countries.get(alpha_2=country.code) if country.code else None
            country.oksm_code = iso.numeric if iso else False
