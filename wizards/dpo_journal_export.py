import base64
import io

import xlsxwriter

from odoo import fields, models


class DpoJournalExport(models.TransientModel):
    """The journal grid of a group as an Excel workbook: an electronic copy for those who
    keep the record in spreadsheets."""

    _name = "dpo.journal.export"
    _description = "Export Journal to Excel"

    group_id = fields.Many2one("dpo.group", required=True)
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char()

    def _workbook(self):
        group = self.group_id
        data = group._journal_report_data()
        lessons = group.lesson_ids
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet("Журнал")
        bold = workbook.add_format({"bold": True})
        head = workbook.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
        cell = workbook.add_format({"border": 1, "align": "center"})
        name = workbook.add_format({"border": 1})
        sheet.write(0, 0, f"Журнал учета занятий. Группа {group.name}", bold)
        sheet.write(1, 0, f"Программа: {group.program_id.name} ({group.program_id.hours} ч.)")
        row = 3
        sheet.write(row, 0, "№", head)
        sheet.write(row, 1, "Фамилия, имя, отчество", head)
        for column, lesson in enumerate(lessons, start=2):
            sheet.write(row, column, lesson.date.strftime("%d.%m.%Y"), head)
            sheet.write(row + 1, column, lesson.subject_id.name or "", head)
        totals = len(lessons) + 2
        for offset, title in enumerate(("Посещено часов", "Посещаемость, %", "Пропуски", "Средний балл")):
            sheet.write(row, totals + offset, title, head)
        row += 2
        for index, enrollment in enumerate(data["enrollments"], start=1):
            sheet.write(row, 0, index, cell)
            sheet.write(row, 1, enrollment.learner_name, name)
            for column, lesson in enumerate(lessons, start=2):
                sheet.write(row, column, data["cells"].get((lesson.id, enrollment.id), ""), cell)
            sheet.write(row, totals, enrollment.hours_attended, cell)
            sheet.write(row, totals + 1, round(enrollment.attendance_rate, 1), cell)
            sheet.write(row, totals + 2, enrollment.unexcused_absences, cell)
            sheet.write(row, totals + 3, round(enrollment.average_mark, 2) or "", cell)
            row += 1
        sheet.set_column(1, 1, 36)
        sheet.set_column(2, totals - 1, 10)
        sheet.freeze_panes(5, 2)
        workbook.close()
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        self.write(
            {
                "file": base64.b64encode(self._workbook()),
                "filename": f"Журнал {self.group_id.name}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file"
            f"&filename_field=filename&download=true",
            "target": "self",
        }
