from odoo import api, fields, models

from .dpo_nomenclature_item import RECORD_TYPES, period_text

# Sections of the printed nomenclature, one per record type, as a clerk titles them.
SECTION_TITLES = {
    "journal": "Журналы учета занятий",
    "attestation_extract": "Дела из страниц журналов с данными о промежуточной и итоговой аттестации",
    "statement": "Ведомости аттестации",
    "protocol": "Протоколы итоговой аттестации",
    "order": "Приказы",
    "issuance_book": "Книги выдачи документов об образовании и об обучении",
    "personal_file": "Личные дела слушателей",
    "optional_forms": "Необязательные формы учета результатов",
    "portfolio": "Электронные портфолио слушателей",
    "electronic_copies": "Электронные копии и электронные носители",
    "destruction_act": "Акты о выделении к уничтожению документов",
    "personal_data_act": "Акты об уничтожении персональных данных",
}
CARRIER_NOTES = {"electronic": "Электронный носитель", "both": "На бумажном и электронном носителях"}
# Categories of the closing summary (итоговая запись), as the record-keeping rules count them.
CATEGORIES = (
    ("permanent", "Постоянного хранения"),
    ("long", "Временного (свыше 10 лет) хранения"),
    ("short", "Временного (до 10 лет включительно) хранения"),
    ("unset", "Срок хранения не установлен"),
)


class ReportDpoNomenclature(models.AbstractModel):
    """The nomenclature of files (номенклатура дел) of a year: per section (record type) the
    lines with their index, title, count of that year's cases, period and article, and note;
    then the closing summary of cases by category and the responsible person's signature."""

    _name = "report.dpo_records.report_nomenclature"
    _description = "Nomenclature of Files"

    @api.model
    def _period(self, item):
        text = period_text(item.retention_kind, item.retention_years, item.min_retention_years)
        if item.epk:
            text += " ЭПК"
        if item.article:
            text += f", ст. {item.article}"
        return text

    @api.model
    def _note(self, item):
        parts = [item.note or ""]
        if item.paper_mandatory:
            parts.append("Подлинник на бумажном носителе; электронные копии производны от него")
        elif item.carrier in CARRIER_NOTES:
            parts.append(CARRIER_NOTES[item.carrier])
        if item.responsible_position:
            parts.append(f"Хранится: {item.responsible_position}")
        return "; ".join(part.strip().rstrip(".") for part in parts if part and part.strip())

    @api.model
    def _category(self, item):
        if item.retention_kind == "permanent":
            return "permanent"
        years = {"years": item.retention_years, "until_not_needed": item.min_retention_years}.get(
            item.retention_kind
        )
        if years is None:
            return "unset"
        return "long" if years > 10 else "short"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        items = (
            self.env["dpo.nomenclature.item"]
            .browse(docids)
            .sorted(lambda i: (i.company_id.id, i.sequence, i.index, i.id))
        )
        year = int(data.get("year") or fields.Date.context_today(self).year)
        # Cases of the year per line; counted as superuser (only numbers, of the lines given).
        grouped = (
            self.env["dpo.archive.case"]
            .sudo()
            ._read_group(
                [("nomenclature_item_id", "in", items.ids), ("year", "=", year)],
                ["nomenclature_item_id", "state"],
                ["__count"],
            )
        )
        counts, open_counts = {}, {}
        for item, state, count in grouped:
            counts[item.id] = counts.get(item.id, 0) + count
            if state == "open":
                open_counts[item.id] = open_counts.get(item.id, 0) + count
        sections = []
        for record_type, _label in RECORD_TYPES:
            rows = [
                {
                    "index": item.index,
                    "title": item.title,
                    "count": counts.get(item.id, 0),
                    "period": self._period(item),
                    "note": self._note(item),
                }
                for item in items
                if item.record_type == record_type
            ]
            if rows:
                sections.append({"title": SECTION_TITLES[record_type], "rows": rows})
        summary = {key: {"label": label, "total": 0, "open": 0, "epk": 0} for key, label in CATEGORIES}
        for item in items:
            row = summary[self._category(item)]
            row["total"] += counts.get(item.id, 0)
            row["open"] += open_counts.get(item.id, 0)
            if item.epk:
                row["epk"] += counts.get(item.id, 0)
        summary_rows = [row for key, row in summary.items() if key != "unset" or row["total"]]
        return {
            "doc_ids": items.ids,
            "doc_model": "dpo.nomenclature.item",
            "docs": items,
            "company": items[:1].company_id or self.env.company,
            "year": year,
            "sections": sections,
            "summary": summary_rows,
            "total": sum(row["total"] for row in summary_rows),
            "total_open": sum(row["open"] for row in summary_rows),
            "total_epk": sum(row["epk"] for row in summary_rows),
            "responsible": self.env.user.name,
        }
