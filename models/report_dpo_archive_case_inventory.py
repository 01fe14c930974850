from num2words import num2words

from odoo import api, models


class ReportDpoArchiveCaseInventory(models.AbstractModel):
    """The inventory of cases (опись дел): one section per company and year range, the cases in
    the order of their years and indexes, numbered from 1, with the closing count of the
    section («В данный раздел описи внесено … дел»)."""

    _name = "report.dpo_records.report_archive_case_inventory"
    _description = "Inventory of Archival Cases"

    @api.model
    def _get_report_values(self, docids, data=None):
        lang = self.env["res.lang"]._dpo_print_lang()
        cases = (
            self.env["dpo.archive.case"]
            .with_context(lang=lang)
            .browse(docids)
            .sorted(lambda case: (case.company_id.id, case.year, case.index or "", case.volume, case.id))
        )
        sections = []
        for company in cases.company_id:
            section = cases.filtered(lambda case, c=company: case.company_id == c)
            years = sorted(set(section.mapped("year")))
            count = len(section)
            sections.append(
                {
                    "company": company,
                    "years": str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}",
                    "rows": [
                        {
                            "number": position,
                            "case": case,
                            "index": case.index or "",
                            "title": case.title,
                            "dates": case._print_dates(),
                            "sheets": case.sheet_count or "",
                            "retention": case._print_retention(),
                            "note": case._print_note(),
                        }
                        for position, case in enumerate(section, start=1)
                    ],
                    "count": count,
                    "count_words": num2words(count, lang="ru" if lang.startswith("ru") else "en"),
                }
            )
        return {
            "doc_ids": cases.ids,
            "doc_model": "dpo.archive.case",
            "docs": cases,
            "sections": sections,
        }
