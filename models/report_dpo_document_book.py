import math

from odoo import api, models

# The book's page holds this many lines of text (A4 landscape, 9 pt); a row takes as many lines
# as its longest cell needs, at least two (room for the recipient's signature).
PAGE_LINES = 30
# Characters per line of the narrow cells, by column.
CELL_WIDTHS = {"name": 24, "program": 38, "basis": 26, "delivery": 30}
ROW_MIN_LINES = 2

KIND_LABELS = {
    "certificate_pk": "Удостоверение о повышении квалификации",
    "diploma_pp": "Диплом о профессиональной переподготовке",
    "certificate_profession": "Свидетельство о профессии рабочего, должности служащего",
    "reference": "Справка об обучении",
}
DELIVERY_LABELS = {"courier": "курьерской службой", "post": "Почтой России"}


def _date(value):
    return value.strftime("%d.%m.%Y") if value else ""


class ReportDpoDocumentBook(models.AbstractModel):
    """The issuance book (книга выдачи): a title page with the year and the volume, then the rows
    in the order of registration numbers on numbered sheets, and the closing count."""

    _name = "report.dpo_records.report_document_book"
    _description = "Issuance Book"

    @api.model
    def _blank(self, document):
        """The blank's series and number; after a reprint, the misprinted blanks it replaces."""
        blank = " ".join(part for part in (document.series, document.number) if part)
        spoiled = document.spoiled_blank_ids.sorted("id")
        if spoiled:
            blank += f" (взамен испорченного {', '.join(spoiled.mapped('display_name'))})"
        return blank

    @api.model
    def _row(self, document):
        """The printed cells of a document's row."""
        kind = KIND_LABELS.get(document.document_kind, "")
        if document.status == "duplicate":
            kind = f"Дубликат: {kind.lower()}"
        protocol = document.protocol_id or document.original_id.protocol_id
        order = document.enrollment_id.exit_order_id
        basis = []
        if protocol:
            basis.append(f"протокол № {protocol.name} от {_date(protocol.date)}")
        if order:
            basis.append(f"приказ № {order.name} от {_date(order.date)}")
        if document.original_id:
            basis.append(f"оригинал рег. № {document.original_id.name}")
        delivery = ""
        method = document.delivery_method
        if method in DELIVERY_LABELS:
            delivery = (
                f"Отправлен {DELIVERY_LABELS[method]} {_date(document.dispatch_date)}, "
                f"квитанция № {document.tracking_number or ''}"
            )
            if document.delivery_confirmed_date:
                delivery += f"; вручен {_date(document.delivery_confirmed_date)}"
        elif method == "proxy":
            delivery = f"По доверенности № {document.proxy_number or ''} от {_date(document.proxy_date)}"
        duplicates = document.duplicate_ids.filtered(lambda d: d.state == "issued")
        if duplicates:
            fate = "утрачен" if document.frdo_lost else "обменен" if document.frdo_exchanged else "заменен"
            names = ", ".join(duplicates.mapped("name"))
            delivery = "; ".join(
                part for part in (delivery, f"Оригинал {fate}, выдан дубликат рег. № {names}") if part
            )
        if document.state == "cancelled":
            delivery = f"АННУЛИРОВАН {_date(document.cancelled_date)}: {document.cancel_reason or ''}"
        row = {
            "document": document,
            "number": document.name or "",
            "date": _date(document.issue_date),
            "name": document.recipient_name or "",
            "kind": kind,
            "program": document.program_name or "",
            "hours": document.program_hours or "",
            "blank": self._blank(document),
            "basis": "; ".join(basis),
            "delivery": delivery,
            "cancelled": document.state == "cancelled",
        }
        row["lines"] = max(
            ROW_MIN_LINES,
            *(math.ceil(len(row[column]) / width) for column, width in CELL_WIDTHS.items()),
        )
        return row

    @api.model
    def _pages(self, rows):
        pages, page, used = [], [], 0
        for row in rows:
            if page and used + row["lines"] > PAGE_LINES:
                pages.append(page)
                page, used = [], 0
            page.append(row)
            used += row["lines"]
        if page:
            pages.append(page)
        return pages

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        documents = (
            self.env["dpo.document"]
            .browse(docids)
            .filtered(lambda d: d.state != "draft")
            .sorted(lambda d: (d.issue_year, d.book_sequence, d.issue_date, d.id))
        )
        rows = [self._row(document) for document in documents]
        pages = self._pages(rows)
        years = sorted(set(documents.mapped("issue_year")))
        year = data.get("year") or (
            str(years[0])
            if len(years) == 1
            else "–".join(str(y) for y in (years[0], years[-1]))
            if years
            else ""
        )
        return {
            "doc_ids": documents.ids,
            "doc_model": "dpo.document",
            "docs": documents,
            "company": documents[:1].company_id or self.env.company,
            "year": year,
            "volume": data.get("volume") or 1,
            "pages": pages,
            # The title page is sheet 1.
            "sheet_count": len(pages) + 1,
            "count": len(documents),
            "cancelled_count": len(documents.filtered(lambda d: d.state == "cancelled")),
            "first_date": _date(documents[:1].issue_date),
            "last_date": _date(documents[-1:].issue_date),
        }
