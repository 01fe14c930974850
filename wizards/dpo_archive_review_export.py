import base64
import io

import xlsxwriter

from odoo import fields, models


class DpoArchiveReviewExport(models.TransientModel):
    """The review list (the cases chosen, or every expired case) as an Excel workbook, with the
    columns of a destruction act."""

    _name = "dpo.archive.review.export"
    _description = "Export the Review List to Excel"

    case_ids = fields.Many2many("dpo.archive.case", string="Cases")
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char()

    def _cases(self):
        if self.case_ids:
            return self.case_ids
        return self.env["dpo.archive.case"].search([("state", "in", ("expired", "in_act"))])

    def _workbook(self):
        cases = self._cases().sorted(lambda case: (case.year, case.index or "", case.id))
        states = dict(cases._fields["state"]._description_selection(self.env))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet("Дела")
        head = workbook.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
        cell = workbook.add_format({"border": 1})
        titles = (
            "№ п/п",
            "Индекс",
            "Заголовок дела",
            "Год",
            "Крайние даты",
            "Срок хранения и статья",
            "Хранить до",
            "Состояние",
            "Акт",
            "Место хранения",
        )
        for column, title in enumerate(titles):
            sheet.write(0, column, title, head)
        for row, case in enumerate(cases, start=1):
            dates = " – ".join(day.strftime("%d.%m.%Y") for day in (case.date_first, case.date_last) if day)
            place = ", ".join(filter(None, (case.location_room, case.location_rack, case.location_box)))
            values = (
                row,
                case.index or "",
                case.title,
                case.year,
                dates,
                case.retention_label or "",
                case.retention_until.strftime("%d.%m.%Y") if case.retention_until else "",
                states.get(case.state, ""),
                case.destruction_act_id.display_name or "",
                place,
            )
            for column, value in enumerate(values):
                sheet.write(row, column, value, cell)
        sheet.set_column(2, 2, 50)
        sheet.set_column(4, 9, 18)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        self.write(
            {"file": base64.b64encode(self._workbook()), "filename": "Дела с истекшим сроком хранения.xlsx"}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file"
            "&filename_field=filename&download=true",
            "target": "self",
        }
