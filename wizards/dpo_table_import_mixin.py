import base64
import calendar
import csv
import io
import re
from datetime import date, datetime

import openpyxl

from odoo import Command, fields, models
from odoo.exceptions import UserError

MAX_ROWS = 50000
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")
# A date with its time of day, as systems that log an event export it; the time is dropped.
DATE_TIME = re.compile(r"(\S+?)(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
YEAR = re.compile(r"\d{4}")
# «20 марта 2025 г.», as Moodle and other Russian systems print a date.
RUSSIAN_DATE = re.compile(r"(\d{1,2})\s+([а-я]+)\s+(\d{4})(?:\s*г\.?)?")
RUSSIAN_MONTHS = {
    month: number
    for number, month in enumerate(
        (
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ),
        start=1,
    )
}
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def header_key(text):
    """A header or a value as it is compared: lower case, «ё» as «е», spaces folded."""
    return " ".join(str(text).replace("\xa0", " ").lower().replace("ё", "е").split())


class DpoTableImportMixin(models.AbstractModel):
    """The one mechanism of the wizards that load a table exported by another system (the
    historical issuance book, results of an e-learning system): read the first sheet of an xlsx
    workbook or a csv file, propose the mapping of its columns by their header names, parse the
    cells, and keep the errors per row, as the spreadsheet numbers its rows. The dry run records
    the errors and changes nothing else; the import runs in one transaction and is refused
    while any row is wrong.

    A wizard using it declares `column_ids` (lines with `sequence`, `header`, `sample`,
    `target` and `_target_label()`) and `error_ids` (lines with `row_number`, `message`)."""

    _name = "dpo.table.import.mixin"
    _description = "Import of a Table (xlsx or csv)"

    file = fields.Binary(string="File (xlsx or csv)", required=True, attachment=False)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("mapping", "Columns"), ("checked", "Checked"), ("done", "Imported")],
        default="upload",
        required=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    error_count = fields.Integer(string="Rows with Errors", readonly=True)

    # Reading the file

    def _read_table(self):
        """The header and the rows of the file's first sheet (xlsx) or of the csv, as lists."""
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the file to import."))
        content = base64.b64decode(self.file)
        if (self.filename or "").lower().endswith(".csv"):
            rows = self._read_csv(content)
        else:
            try:
                workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            except Exception as error:
                raise UserError(
                    self.env._("The file cannot be read as an Excel workbook (.xlsx) or a csv file.")
                ) from error
            sheet = workbook.worksheets[0]
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            workbook.close()
        rows = [row for row in rows if any(value not in (None, "") for value in row)]
        if not rows:
            raise UserError(self.env._("The file is empty."))
        if len(rows) > MAX_ROWS + 1:
            raise UserError(
                self.env._("The file has more than %(max)s rows: split it into smaller files.", max=MAX_ROWS)
            )
        return [("" if value is None else str(value)).strip() for value in rows[0]], rows[1:]

    def _read_csv(self, content):
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(self.env._("The csv file is neither UTF-8 nor Windows-1251."))
        first_line = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first_line.count)
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]

    def action_read_columns(self):
        """Read the header and propose the mapping of every column by its name."""
        self.ensure_one()
        self._check_rights()
        self._read_columns(self._target_headers())
        return self._reopen()

    def action_dry_run(self):
        """Check every row and list the errors; nothing but this wizard changes."""
        self.ensure_one()
        parsed, errors = self._check_rows()
        self._record_check(len(parsed), errors)
        return self._reopen()

    def _target_headers(self):
        """{target: the header names it is recognised by}, of the inheriting wizard."""
        raise NotImplementedError

    def _check_rights(self):
        """Refuse a user who may not import with this wizard (the inheriting wizard says who)."""
        raise NotImplementedError

    def _check_rows(self):
        """(parsed rows, errors) of the whole file (the inheriting wizard parses its rows)."""
        raise NotImplementedError

    def _read_columns(self, target_headers):
        """Read the header and propose the mapping of every column by its name:
        `target_headers` maps each target to the header names it is recognised by (compared
        by `header_key`); a target takes the first column that names it."""
        self.ensure_one()
        header, rows = self._read_table()
        by_header = {}
        for target, names in target_headers.items():
            for name in names:
                by_header.setdefault(header_key(name), target)
        taken = set()
        columns = []
        for index, title in enumerate(header):
            target = by_header.get(header_key(title)) if title else False
            if target in taken:
                target = False
            taken.add(target)
            sample = next(
                (row[index] for row in rows if index < len(row) and row[index] not in (None, "")), ""
            )
            columns.append(
                Command.create(
                    {
                        "sequence": index,
                        "header": title or f"#{index + 1}",
                        "target": target,
                        "sample": sample,
                    }
                )
            )
        self.write(
            {"column_ids": [Command.clear(), *columns], "state": "mapping", "error_ids": [Command.clear()]}
        )

    def _target_labels(self):
        """{target: its label}, in the user's language."""
        column_model = self.env[self._fields["column_ids"].comodel_name]
        return dict(column_model._fields["target"]._description_selection(self.env))

    def _mapped_columns(self):
        """{target: index of its column}, refused when two columns are mapped to one target."""
        targets = {}
        for column in self.column_ids.filtered("target"):
            if column.target in targets:
                raise UserError(
                    self.env._(
                        "Two columns are mapped to «%(target)s»: keep one.",
                        target=column._target_label(),
                    )
                )
            targets[column.target] = column.sequence
        return targets

    # Parsing the cells

    def _parse_date(self, value, label, errors, year_only=None):
        """The date in a cell (a time of day after it is dropped); with `year_only` (a
        function of the year), a bare year too. A date that does not parse adds an error."""
        if value in (None, ""):
            return False
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if year_only and YEAR.fullmatch(text):
            return year_only(int(text))
        russian = RUSSIAN_DATE.match(header_key(text))
        if russian and russian.group(2) in RUSSIAN_MONTHS:
            day, month, year = int(russian.group(1)), RUSSIAN_MONTHS[russian.group(2)], int(russian.group(3))
            if 1 <= day <= calendar.monthrange(year, month)[1]:
                return date(year, month, day)
        day = DATE_TIME.fullmatch(text)
        for date_format in DATE_FORMATS if day else ():
            try:
                return datetime.strptime(day.group(1), date_format).date()
            except ValueError:
                continue
        errors.append(
            self.env._("%(field)s «%(value)s» is not a date (дд.мм.гггг).", field=label, value=text)
        )
        return False

    def _parse_number(self, value, label, errors):
        """The number in a cell (a decimal comma taken as a point), None when the cell is
        empty. A cell that is not a number adds an error."""
        if value in (None, ""):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        text = str(value).replace("\xa0", "").replace(" ", "").strip()
        if NUMBER.fullmatch(text):
            return float(text.replace(",", "."))
        errors.append(self.env._("%(field)s «%(value)s» is not a number.", field=label, value=value))
        return None

    # The dry run and the import

    def _record_check(self, row_count, errors):
        """Keep the result of a dry run: the rows counted and the errors per row."""
        self.write(
            {
                "state": "checked",
                "row_count": row_count,
                "error_count": len({row for row, _message in errors}),
                "error_ids": [Command.clear()]
                + [Command.create({"row_number": row, "message": message}) for row, message in errors],
            }
        )

    def _check_no_errors(self, errors):
        """Refuse the import while any row is wrong."""
        if errors:
            raise UserError(
                self.env._(
                    "%(count)s row(s) of the file have errors (first: row %(row)s, %(message)s). Run "
                    "the dry run to see them all: nothing was imported.",
                    count=len({row for row, _message in errors}),
                    row=errors[0][0],
                    message=errors[0][1],
                )
            )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env["ir.model"]._get(self._name).name,
        }
