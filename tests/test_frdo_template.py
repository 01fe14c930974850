import io
from datetime import date

import openpyxl

from odoo.tests import TransactionCase, tagged

from odoo.addons.dpo_records.models import frdo_template

from .frdo_common import GOOD_VALUES


class Env:
    """Stands for the environment: the checks only translate their messages with it."""

    @staticmethod
    def _(source, **kwargs):
        return source % kwargs if kwargs else source


ENV = Env()


TODAY = date(2026, 4, 1)


def values(**changes):
    return {
        "name": "0001/2026",
        "document_kind": "certificate_pk",
        "status": "original",
        "number": "000123",
        "series": False,
        "issue_date": date(2026, 3, 20),
        "education_form_at_exit": "in_org",
        "education_doc_number": "0123456",
        **{key: value for key, value in GOOD_VALUES.items() if key != "education_doc_number"},
        **changes,
    }


@tagged("post_install", "-at_install")
class TestFrdoTemplate(TransactionCase):
    """The register's templates and checks, called as plain functions."""

    def test_templates_have_the_register_column_counts(self):
        self.assertEqual(len(frdo_template.DPO_TEMPLATE), 40)
        self.assertEqual(len(frdo_template.PO_TEMPLATE), 35)
        for template in frdo_template.TEMPLATES.values():
            headers = [header for header, _cell in template]
            self.assertEqual(len(set(headers)), len(headers))
            self.assertEqual(headers[:9], [header for header, _cell in frdo_template.DPO_TEMPLATE[:9]])
            self.assertEqual(headers[-1], "Номер документа для изменения")

    def test_a_good_row_passes(self):
        self.assertEqual(frdo_template.check("dpo", values(), TODAY, ENV), [])

    def test_duplicate_fills_the_original_block(self):
        original = values(
            name="0001/2025",
            issue_date=date(2025, 3, 1),
            series="АБ",
            recipient_last_name="Петров",
            frdo_lost=True,
        )
        row = dict(
            zip(
                frdo_template.headers("dpo"),
                frdo_template.row("dpo", values(status="duplicate", original=original)),
                strict=True,
            )
        )
        self.assertEqual(row["Статус документа"], "Дубликат")
        self.assertEqual(row["Подтверждение утраты"], "Да")
        self.assertEqual(row["Подтверждение обмена"], "Нет")
        self.assertEqual(
            row["Наименование документа об образовании (оригинала)"], "Удостоверение о повышении квалификации"
        )
        self.assertEqual(row["Серия (оригинала)"], "АБ")
        self.assertEqual(row["Регистрационный N (оригинала)"], "0001/2025")
        self.assertEqual(row["Дата выдачи (оригинала)"], "01.03.2025")
        self.assertEqual(row["Фамилия получателя (оригинала)"], "Петров")
        self.assertEqual(row["Номер документа для изменения"], "")

    def test_a_reference_without_blank_is_numbered_by_its_registration_number(self):
        row = frdo_template.row("dpo", values(document_kind="reference", number=False))
        self.assertEqual(row[6], "0001/2026")

    def test_checks(self):
        cases = {
            "recipient_snils": ("11223344595", []),
            "recipient_first_name": ("Пётр Ивaн", ["Latin letters a "]),
            "recipient_patronymic": ("Jones", ["only Cyrillic"]),
            "recipient_last_name": (" Иванов", ["starts or ends with a space"]),
            "recipient_citizenship_code": ("64", ["3-digit OKSM"]),
            "program_kind": ("po_prep", ["does not belong to this template"]),
            "document_kind": ("certificate_profession", ["does not go into this template"]),
            "education_level": ("secondary_general", ["need higher or secondary vocational"]),
            "study_date_end": (date(2026, 3, 25), ["issued before the end of study"]),
            "issue_date": (date(2026, 4, 2), ["in the future"]),
        }
        for field, (value, expected) in cases.items():
            errors = " | ".join(frdo_template.check("dpo", values(**{field: value}), TODAY, ENV))
            if not expected:
                self.assertEqual(errors, "", field)
            for pattern in expected:
                self.assertRegex(errors, pattern, field)
        errors = frdo_template.check("dpo", values(recipient_snils="112-233-445 9"), TODAY, ENV)
        self.assertEqual(errors, ["SNILS «112-233-445 9» must have 11 digits written as 000-000-000 00."])

    def test_workbook_written_row_by_row(self):
        output = io.BytesIO()
        count = frdo_template.write_workbook(output, "po", (["Свидетельство", 2026] for _i in range(3)))
        self.assertEqual(count, 3)
        workbook = openpyxl.load_workbook(output, read_only=True)
        rows = list(workbook["Шаблон"].iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), frdo_template.headers("po"))
        self.assertEqual(rows[3][:2], ("Свидетельство", 2026))
