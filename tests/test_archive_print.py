import re

from freezegun import freeze_time

from odoo.tests import tagged

from .archive_common import ArchiveCase

LABEL = "dpo_records.action_report_archive_case_label"
INVENTORY = "dpo_records.action_report_archive_case_inventory"


def _text(html):
    """The printed text, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@tagged("post_install", "-at_install")
class TestArchivePrint(ArchiveCase):
    """Box and folder labels that let staff find the documents by year or by group (seed 001,
    3.3), and the inventory of cases (опись дел), printed in Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sign_statements()
        cls.statements_case = (
            cls.env["dpo.archive.case.entry"]
            .search([("res_model", "=", "dpo.attestation.sheet")], limit=1)
            .case_id
        )
        cls.orders_case = (
            cls.env["dpo.archive.case.entry"]
            .search([("res_model", "=", "dpo.order"), ("res_id", "=", cls.enroll_order.id)])
            .case_id
        )
        cls.statements_case.with_user(cls.archivist).write(
            {"location_room": "105", "location_rack": "2026", "location_box": "7", "sheet_count": 6}
        )
        with freeze_time("2026-12-31 12:00:00"):
            cls.orders_case.with_user(cls.archivist).action_close()
        cls.orders_case.with_user(cls.archivist).write({"location_box": "8", "sheet_count": 2})

    def _html(self, report, records, user):
        """The printed HTML as `user` prints it."""
        return (
            self.env["ir.actions.report"].with_user(user)._render_qweb_html(report, records.ids)[0].decode()
        )

    def test_label_finds_documents_by_year_and_group(self):
        html = self._html(LABEL, self.statements_case, self.archivist)
        text = _text(html)
        self.assertIn("Индекс дела 01-04", text)
        self.assertIn("Год 2026", text)
        self.assertIn("Ведомости промежуточной аттестации 2026 г., группа T-01", text)
        self.assertIn("Группа: T-01", text)
        self.assertIn("Крайние даты: 10.03.2026", text)
        self.assertIn("Количество листов: 6", text)
        # Open, the case counts its period from its closing.
        self.assertIn("Хранить до: определяется при закрытии дела (5 лет)", text)
        self.assertIn("Место хранения: пом. 105, стеллаж 2026, короб 7", text)

    def test_label_of_a_closed_case_says_until_when(self):
        text = _text(self._html(LABEL, self.orders_case, self.archivist))
        self.assertIn("Приказы по личному составу слушателей 2026 г.", text)
        self.assertIn("Хранить до: 31.12.2031 (5 лет)", text)
        self.assertNotIn("Группа:", text)
        self.assertIn("короб 8", text)

    def test_inventory_lists_cases_with_closing_count(self):
        cases = self.statements_case | self.orders_case
        html = self._html(INVENTORY, cases, self.archivist)
        text = _text(html)
        for column in (
            "№ п/п",
            "Индекс дела",
            "Заголовок дела",
            "Крайние даты",
            "Количество листов",
            "Срок хранения",
            "Примечание",
        ):
            self.assertIn(column, text)
        self.assertIn("ОПИСЬ № ____ дел за 2026 год", text)
        # In the order of the indexes, numbered from 1.
        rows = re.findall(r'<tr class="dpo-inventory-row" data-number="(\d+)">(.*?)</tr>', html, re.DOTALL)
        self.assertEqual([number for number, _row in rows], ["1", "2"])
        first, second = (_text(row) for _number, row in rows)
        self.assertEqual(first, "1 01-01 Приказы по личному составу слушателей 2026 г. 01.03.2026 2 5 лет")
        self.assertEqual(
            second, "2 01-04 Ведомости промежуточной аттестации 2026 г., группа T-01 10.03.2026 6 5 лет"
        )
        self.assertIn("В данный раздел описи внесено 2 (два) дел с № 1 по № 2.", text)

    def test_specialist_prints_the_inventory(self):
        text = _text(self._html(INVENTORY, self.orders_case, self.specialist))
        self.assertIn("В данный раздел описи внесено 1 (один) дел с № 1 по № 1.", text)

    def test_label_prints_as_a_real_pdf(self):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(LABEL, (self.statements_case | self.orders_case).ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
