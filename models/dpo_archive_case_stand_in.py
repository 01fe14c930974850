"""Stand-ins for the cases' part of the archive contract (issue 12, part cases12), so that
retention (issue 13) runs on its own branch: closing a case, filing a record into its case, and
the guard that lets a case's state, closing date, retention date and entries change only through
the case's own methods. Each method defers to the real one when the merged code has it: delete
this file once cases12 is merged (its guard must then accept `_write_retention_state`)."""

from odoo import api, models
from odoo.exceptions import UserError

from .company_date import company_today

# Fields of a case only its own methods write.
CASE_STATE_FIELDS = frozenset(("state", "date_closed", "retention_until", "entry_ids"))


class DpoArchiveCase(models.Model):
    _inherit = "dpo.archive.case"

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_writing_retention_state() and any(
            vals.get("state", "open") != "open" or vals.get("date_closed") or vals.get("retention_until")
            for vals in vals_list
        ):
            raise UserError(self._state_fields_message())
        return super().create(vals_list)

    def write(self, vals):
        if CASE_STATE_FIELDS & vals.keys() and not self._is_writing_retention_state():
            raise UserError(self._state_fields_message())
        return super().write(vals)

    def _state_fields_message(self):
        return self.env._(
            "The state, closing date, retention date and records of an archival case change only "
            "through the archive's own actions (closing, review, destruction act)."
        )

    def _close(self, *args, **kwargs):
        """Close open cases: closing date today, kept until the date their nomenclature line
        gives."""
        real = getattr(super(), "_close", None)
        if real:
            return real(*args, **kwargs)
        for case in self:
            if case.state != "open":
                raise UserError(self.env._("Case «%(case)s» is not open.", case=case.title))
            closed = company_today(case.company_id)
            case._write_retention_state(
                {
                    "state": "closed",
                    "date_closed": closed,
                    "retention_until": case.nomenclature_item_id._retention_until(closed),
                }
            )
        return True

    @api.model
    def _stand_in_file(self, record, record_type, year, title=None):
        """File `record` into the open case of its company's line of `record_type` for `year`
        (made if missing); nothing when the company has no such line."""
        company = record.company_id
        item = self.env["dpo.nomenclature.item"]._find_for(company, record_type)
        if not item:
            return self.browse()
        Case = self.sudo()
        case = Case.search(
            [("nomenclature_item_id", "=", item.id), ("year", "=", year), ("state", "=", "open")], limit=1
        )
        if not case:
            case = Case.create(
                {
                    "company_id": company.id,
                    "nomenclature_item_id": item.id,
                    "title": title or f"{item.title} {year}",
                    "year": year,
                    "carrier": item.carrier,
                }
            )
        day = record.date if "date" in record._fields else False
        self.env["dpo.archive.case.entry"].sudo().create(
            {
                "case_id": case.id,
                "res_model": record._name,
                "res_id": record.id,
                "name": record.display_name,
                "date": day,
            }
        )
        case._write_retention_state(
            {
                "date_first": min(filter(None, (case.date_first, day)), default=False),
                "date_last": max(filter(None, (case.date_last, day)), default=False),
                "document_count": case.document_count + 1,
            }
        )
        return case
