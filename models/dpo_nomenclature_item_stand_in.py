"""Stand-ins for the nomenclature's part of the archive contract (issue 12, part nomen12), so
that retention (issue 13) runs on its own branch. Each method defers to the real one when the
merged code has it: delete this file once nomen12 is merged."""

from datetime import date

from odoo import api, models


class DpoNomenclatureItem(models.Model):
    _inherit = "dpo.nomenclature.item"

    def _retention_until(self, date_closed):
        """The last day a case of this line closed on `date_closed` is kept: counted from
        1 January of the year after closing; False for permanent, for «until no longer needed»
        without a minimum and for a line whose period is not set yet."""
        real = getattr(super(), "_retention_until", None)
        if real:
            return real(date_closed)
        self.ensure_one()
        if not date_closed:
            return False
        if self.retention_kind == "years" and self.retention_years > 0:
            years = self.retention_years
        elif self.retention_kind == "until_not_needed" and self.min_retention_years > 0:
            years = self.min_retention_years
        else:
            return False
        return date(date_closed.year + years, 12, 31)

    @api.model
    def _find_for(self, company, record_type, order_type=False):
        """The active line records of `record_type` (and `order_type`) file into in `company`,
        or an empty recordset."""
        real = getattr(super(), "_find_for", None)
        if real:
            return real(company, record_type, order_type)
        lines = self.sudo().search([("company_id", "=", company.id), ("record_type", "=", record_type)])
        if order_type:
            return (
                lines.filtered(lambda line: line.order_type == order_type)
                or lines.filtered(lambda line: not line.order_type)
            )[:1]
        return lines[:1]
