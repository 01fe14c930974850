import re

from freezegun import freeze_time

from odoo.tests import tagged

from .archive_common import ArchiveCase
from .common import DpoCase

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
        self.assertIn("Индекс дела Т-04", text)
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
        self.assertEqual(first, "1 Т-01 Приказы по личному составу слушателей 2026 г. 01.03.2026 2 5 лет")
        self.assertEqual(
            second, "2 Т-04 Ведомости промежуточной аттестации 2026 г., группа T-01 10.03.2026 6 5 лет"
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


@tagged("post_install", "-at_install")
class TestArchiveDemo(DpoCase):
    """The demo archive: every demo record whose kind has a line of the nomenclature is in its
    case, the cases of the demo year are shelved, and the archivist prints their labels and
    inventory."""

    def test_demo_records_are_in_their_shelved_cases(self):
        company = self.env.ref("base.main_company")
        archivist = self.env.ref("dpo_records.user_demo_archivist")
        Entry = self.env["dpo.archive.case.entry"]
        filed_kinds = set()
        for model in ("dpo.order", "dpo.attestation.sheet", "dpo.protocol", "dpo.document", "dpo.enrollment"):
            records = self.env[model]._archive_existing_records(company)
            self.assertTrue(records, model)
            kinds = {
                (record._get_archive_record_type(), record._get_archive_order_type()) for record in records
            }
            if not any(self.env["dpo.nomenclature.item"]._find_for(company, *kind) for kind in kinds):
                continue
            filed = Entry.search([("res_model", "=", model), ("res_id", "in", records.ids)])
            self.assertEqual(set(filed.mapped("res_id")), set(records.ids), model)
            filed_kinds.add(model)
        # The demo follows seed 000, whose carriers are filed: the statements, the final protocols
        # and the issuance book (the seed names no orders and no personal files).
        self.assertTrue({"dpo.attestation.sheet", "dpo.protocol", "dpo.document"} <= filed_kinds, filed_kinds)
        cases = self.env["dpo.archive.case"].search([("company_id", "=", company.id)])
        demo_year = self.env.ref("dpo_records.dpo_protocol_demo_pk").date.year
        self.assertIn(demo_year, cases.mapped("year"))
        self.assertTrue(all(cases.mapped("location_box")))
        self.assertTrue(cases.filtered("group_id") or cases.filtered("learner_id"))
        # The expelled learner's personal file went to the archive with the expulsion.
        expelled = self.env["dpo.enrollment"].search(
            [("company_id", "=", company.id), ("state", "=", "expelled")]
        )
        for case in Entry.search(
            [("res_model", "=", "dpo.enrollment"), ("res_id", "in", expelled.ids)]
        ).case_id:
            self.assertEqual(case.state, "closed")
        report = self.env["ir.actions.report"].with_user(archivist)
        labels = report._render_qweb_html("dpo_records.action_report_archive_case_label", cases.ids)[
            0
        ].decode()
        self.assertEqual(labels.count('class="dpo-label"'), len(cases))
        inventory = report._render_qweb_html("dpo_records.action_report_archive_case_inventory", cases.ids)[
            0
        ].decode()
        self.assertIn(f"В данный раздел описи внесено {len(cases)} (", _text(inventory))
