import base64
import io
from datetime import date

import openpyxl

from .common import VALID_SNILS, DpoCase

# A second СНИЛС with a right checksum (checksum of 123-456-789 is 64).
OTHER_SNILS = "123-456-789 64"

# The frozen data of an issued удостоверение the register accepts.
GOOD_VALUES = {
    "recipient_last_name": "Иванов",
    "recipient_first_name": "Пётр",
    "recipient_patronymic": "Сергеевич",
    "recipient_birth_date": date(1990, 5, 1),
    "recipient_gender": "male",
    "recipient_snils": VALID_SNILS,
    "recipient_citizenship_code": "643",
    "program_name": "Охрана труда",
    "program_kind": "pk",
    "program_hours": 40,
    "study_form": "full_time",
    "funding": "paid",
    "study_date_start": date(2026, 3, 2),
    "study_date_end": date(2026, 3, 13),
    "education_level": "higher",
    "education_doc_series": "1077",
    "education_doc_number": "0123456",
}


class FrdoCase(DpoCase):
    """Issued documents with chosen frozen data, as the register sees them."""

    @classmethod
    def _issued_document(
        cls, issue_date="2026-03-20", kind="certificate_pk", user=None, enrollment=None, **values
    ):
        """A document issued by `user` (the specialist by default) through the signed-document
        mechanism, its frozen data set to GOOD_VALUES updated with `values` (as an imported or
        older document may carry them)."""
        document = cls.env["dpo.document"].create(
            {
                "enrollment_id": (enrollment or cls.enrollment).id,
                "document_kind": kind,
                "issue_date": issue_date,
                "number": values.pop("number", None),
                "series": values.pop("series", None),
            }
        )
        document._write_signing({**GOOD_VALUES, **values})
        document.with_user(user or cls.specialist)._mark_signed()
        return document

    def _xlsx(self, attachment):
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw), read_only=True)
        rows = [list(row) for row in workbook["Шаблон"].iter_rows(values_only=True)]
        sheets = workbook.sheetnames
        workbook.close()
        return sheets, rows

    @staticmethod
    def _book(rows, header):
        """An issuance book as an xlsx file (base64), headers in the first row."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        return base64.b64encode(output.getvalue())
