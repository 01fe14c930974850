import re
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

PRESET_000 = "dpo_records.dpo_nomenclature_preset_book50_extract25"
PRESET_001 = "dpo_records.dpo_nomenclature_preset_paper_by_nomenclature"
PRESET_002 = "dpo_records.dpo_nomenclature_preset_journal_protocol5_copies"
PRESET_003 = "dpo_records.dpo_nomenclature_preset_paper_or_electronic_by_nomenclature"
PRESET_004 = "dpo_records.dpo_nomenclature_preset_personal_file"
PERIOD_ACTIVITY = "dpo_records.mail_activity_type_nomenclature_period"


class NomenclatureCase(DpoCase):
    """A fresh company of the archivist and the director, with no nomenclature yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.centre = cls.env["res.company"].create({"name": "Учебный центр «Архив»"})
        for user in (cls.archivist, cls.director, cls.specialist):
            user.write({"company_ids": [(4, cls.centre.id)]})
        cls.Item = cls.env["dpo.nomenclature.item"]

    def _item(self, **vals):
        return self.Item.create(
            {
                "company_id": self.centre.id,
                "index": "05-01",
                "title": "Журналы",
                "record_type": "journal",
                **vals,
            }
        )

    def _case(self, item, year=2026, state="open"):
        """A case of `item` in `year`. Its state is set in SQL: how a case closes is the cases'
        business (part cases12), not this test's."""
        case = (
            self.env["dpo.archive.case"]
            .sudo()
            .create(
                {
                    "company_id": item.company_id.id,
                    "nomenclature_item_id": item.id,
                    "title": f"{item.title} {year} г.",
                    "year": year,
                }
            )
        )
        if state != "open":
            self.env.cr.execute("UPDATE dpo_archive_case SET state = %s WHERE id = %s", [state, case.id])
            case.invalidate_recordset()
        return case

    def _apply(self, xmlid, user=None, reason=False, company=None):
        preset = self.env.ref(xmlid).with_user(user or self.archivist)
        preset._apply_to(company or self.centre, reason=reason)
        return self._lines(company)

    def _lines(self, company=None):
        items = self.Item.search([("company_id", "=", (company or self.centre).id)])
        return {(item.record_type, item.order_type): item for item in items}

    def _todo(self, item):
        return item.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(PERIOD_ACTIVITY))

    def _assert_period(self, item, kind, years=0, minimum=0):
        self.assertEqual(
            (item.retention_kind, item.retention_years, item.min_retention_years),
            (kind, years, minimum),
            item.display_name,
        )


@tagged("post_install", "-at_install")
class TestNomenclatureItem(NomenclatureCase):
    def test_retention_until_counts_from_the_first_of_january_after_closing(self):
        journal = self._item(retention_kind="years", retention_years=5)
        # Closed on the last day of 2026: the 5 years run over 2027–2031.
        self.assertEqual(journal._retention_until(date(2026, 12, 31)), date(2031, 12, 31))
        # Closed one day later, on 1 January 2027: a whole year more.
        self.assertEqual(journal._retention_until(date(2027, 1, 1)), date(2032, 12, 31))
        self.assertEqual(journal._retention_until("2026-06-15"), date(2031, 12, 31))
        self.assertFalse(journal._retention_until(False))
        optional = self._item(
            index="05-02",
            record_type="optional_forms",
            retention_kind="until_not_needed",
            min_retention_years=3,
        )
        self.assertEqual(optional._retention_until(date(2026, 12, 31)), date(2029, 12, 31))
        self.assertEqual(optional._retention_until(date(2027, 1, 1)), date(2030, 12, 31))
        optional.min_retention_years = 0
        self.assertFalse(optional._retention_until(date(2026, 12, 31)))
        book = self._item(index="05-03", record_type="issuance_book", retention_kind="permanent")
        self.assertFalse(book._retention_until(date(2026, 12, 31)))
        statement = self._item(index="05-04", record_type="statement")
        self.assertFalse(statement._retention_until(date(2026, 12, 31)))

    def test_find_for_the_line_of_a_record_type(self):
        journal = self._item()
        enrol = self._item(
            index="05-02", title="Приказы о зачислении", record_type="order", order_type="enroll"
        )
        orders = self._item(index="05-03", title="Прочие приказы", record_type="order")
        Item = self.Item.with_user(self.teacher)  # whoever signs a record files it
        self.assertEqual(Item._find_for(self.centre, "journal"), journal)
        self.assertEqual(Item._find_for(self.centre, "journal").env.uid, self.teacher.id)
        self.assertEqual(Item._find_for(self.centre, "order", "enroll"), enrol)
        self.assertEqual(Item._find_for(self.centre, "order", "expel"), orders)
        self.assertEqual(Item._find_for(self.centre, "order"), orders)
        self.assertFalse(Item._find_for(self.centre, "protocol"))
        self.assertFalse(Item._find_for(self.company, "journal") & journal)
        journal.active = False
        self.assertFalse(Item._find_for(self.centre, "journal"))
        orders.active = False
        self.assertFalse(Item._find_for(self.centre, "order", "expel"))
        self.assertEqual(Item._find_for(self.centre, "order", "enroll"), enrol)

    def test_duplicate_index_refused(self):
        journal = self._item()
        protocols = self._item(index="05-02", title="Протоколы", record_type="protocol")
        Item = self.Item.with_user(self.archivist)
        count = self.Item.with_context(active_test=False).search_count([])
        with self.assertRefused(ValidationError, "«05-01» is already the index of «05-01 Журналы»"):
            Item.create(
                {
                    "company_id": self.centre.id,
                    "index": "05-01",
                    "title": "Ведомости",
                    "record_type": "statement",
                }
            )
        with self.assertRefused(ValidationError, "given twice"):
            Item.create(
                [
                    {
                        "company_id": self.centre.id,
                        "index": "05-07",
                        "title": "Ведомости",
                        "record_type": "statement",
                    },
                    {
                        "company_id": self.centre.id,
                        "index": "05-07",
                        "title": "Книга",
                        "record_type": "issuance_book",
                    },
                ]
            )
        with self.assertRefused(ValidationError, "already the index"):
            protocols.with_user(self.archivist).write({"index": "05-01"})
        # An archived line keeps its index too.
        journal.active = False
        with self.assertRefused(ValidationError, "already the index"):
            Item.create(
                {"company_id": self.centre.id, "index": "05-01", "title": "Журналы", "record_type": "journal"}
            )
        self.assertEqual(self.Item.with_context(active_test=False).search_count([]), count)
        protocols.invalidate_recordset()
        self.assertEqual(protocols.index, "05-02")
        # The same index in another company is another nomenclature's.
        other = self.env["res.company"].create({"name": "Второй центр"})
        self.archivist.write({"company_ids": [(4, other.id)]})
        self.assertTrue(
            Item.create(
                {"company_id": other.id, "index": "05-01", "title": "Журналы", "record_type": "journal"}
            )
        )

    def test_impossible_periods_refused(self):
        Item = self.Item.with_user(self.archivist)
        count = self.Item.search_count([])
        base = {"company_id": self.centre.id, "index": "06-01", "title": "Журналы", "record_type": "journal"}
        cases = (
            ({"retention_kind": "years", "retention_years": 0}, "more than zero years"),
            ({"retention_kind": "years", "retention_years": -5}, "more than zero years"),
            ({"retention_kind": "until_not_needed", "min_retention_years": -1}, "zero years or more"),
            (
                {"retention_kind": "permanent", "retention_years": 5},
                "a permanent period has no number of years",
            ),
            ({"retention_kind": "until_not_needed", "retention_years": 5}, "only for a period of years"),
            (
                {"retention_kind": "years", "retention_years": 5, "min_retention_years": 3},
                "only for «until no longer",
            ),
            ({"order_type": "enroll"}, "type of order is given only for a line of orders"),
        )
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRefused(ValidationError, message):
                Item.create({**base, **vals})
        self.assertEqual(self.Item.search_count([]), count)
        line = self._item(retention_kind="years", retention_years=5)
        for vals, message in cases:
            with self.subTest(write=vals), self.assertRefused(ValidationError, message):
                line.with_user(self.archivist).write(vals)
        line.invalidate_recordset()
        self._assert_period(line, "years", 5)
        self.assertFalse(line.order_type)
        # «Until no longer needed» may have no minimum; «permanent» no years.
        self.assertTrue(
            Item.create({**base, "retention_kind": "until_not_needed", "record_type": "portfolio"})
        )
        self.assertTrue(
            Item.create(
                {**base, "index": "06-02", "retention_kind": "permanent", "record_type": "issuance_book"}
            )
        )

    def test_one_active_line_per_record_type(self):
        journal = self._item()
        self._item(index="05-02", title="Приказы о зачислении", record_type="order", order_type="enroll")
        Item = self.Item.with_user(self.archivist)
        with self.assertRefused(ValidationError, "already file into «05-01 Журналы»"):
            Item.create(
                {
                    "company_id": self.centre.id,
                    "index": "05-03",
                    "title": "Журналы 2",
                    "record_type": "journal",
                }
            )
        with self.assertRefused(ValidationError, "already file into"):
            Item.create(
                {
                    "company_id": self.centre.id,
                    "index": "05-04",
                    "title": "Приказы о зачислении 2",
                    "record_type": "order",
                    "order_type": "enroll",
                }
            )
        self.assertEqual(self.Item.search_count([("company_id", "=", self.centre.id)]), 2)
        # Another type of order, or the line of all other orders, is another line.
        Item.create(
            {"company_id": self.centre.id, "index": "05-05", "title": "Прочие", "record_type": "order"}
        )
        # Archived, the old line leaves its place to a new one; it cannot come back beside it.
        journal.with_user(self.archivist).active = False
        new = Item.create(
            {"company_id": self.centre.id, "index": "05-03", "title": "Журналы 2", "record_type": "journal"}
        )
        with self.assertRefused(ValidationError, "already file into «05-03 Журналы 2»"):
            journal.with_user(self.archivist).active = True
        journal.invalidate_recordset()
        self.assertFalse(journal.active)
        self.assertEqual(self.Item._find_for(self.centre, "journal"), new)

    def test_archivist_manages_lines_teacher_sees_none(self):
        line = self.Item.with_user(self.archivist).create(
            {"company_id": self.centre.id, "index": "07-01", "title": "Журналы", "record_type": "journal"}
        )
        line.with_user(self.archivist).write({"retention_kind": "years", "retention_years": 5})
        self.assertEqual(line.with_user(self.specialist).retention_years, 5)
        with self.assertRefused(AccessError, "dpo.nomenclature.item"):
            line.with_user(self.specialist).write({"retention_years": 10})
        with self.assertRefused(AccessError, "dpo.nomenclature.item"):
            line.with_user(self.teacher).read(["title"])
        line.with_user(self.archivist).unlink()
        self.assertFalse(line.exists())

    def test_deleting_a_line_that_has_cases_refused(self):
        line = self._item(retention_kind="years", retention_years=5)
        self._case(line)
        with self.assertRefused(UserError, "holds 1 archival case"):
            line.with_user(self.archivist).unlink()
        with self.assertRefused(UserError, "holds 1 archival case"):
            line.with_user(self.director).unlink()
        self.assertTrue(line.exists())
        self.assertEqual(line.case_count, 1)
        # Archiving it is the way.
        line.with_user(self.archivist).active = False
        self.assertFalse(line.active)

    def test_record_type_of_a_line_with_cases_kept(self):
        line = self._item(retention_kind="years", retention_years=5)
        self._case(line)
        for vals in ({"record_type": "protocol"}, {"company_id": self.company.id}):
            with self.subTest(vals=vals), self.assertRefused(UserError, "stay as they are"):
                line.with_user(self.director).write(vals)
        line.invalidate_recordset()
        self.assertEqual((line.record_type, line.company_id), ("journal", self.centre))


@tagged("post_install", "-at_install")
class TestNomenclaturePresets(NomenclatureCase):
    """Each preset applied to a fresh company gives exactly what its regulation states."""

    def test_seed_000_periods(self):
        lines = self._apply(PRESET_000)
        self.assertEqual(
            set(lines),
            {
                ("journal", False),
                ("attestation_extract", False),
                ("statement", False),
                ("protocol", False),
                ("issuance_book", False),
                ("optional_forms", False),
            },
        )
        # 3.1 «Книга выдачи хранится в организации не менее 50 лет».
        book = lines[("issuance_book", False)]
        self._assert_period(book, "years", 50)
        # 3.2 «Журналы хранятся в течение 5 лет … Сформированные дела за год хранятся не менее 25 лет».
        self._assert_period(lines[("journal", False)], "years", 5)
        extract = lines[("attestation_extract", False)]
        self._assert_period(extract, "years", 25)
        self.assertEqual(extract.case_rule, "year")
        # 3.3 «Протоколы итоговой аттестации хранятся в течение 5 лет».
        protocol = lines[("protocol", False)]
        self._assert_period(protocol, "years", 5)
        # 3.4 «хранятся до минования срока надобности, но не менее 3-х лет».
        self._assert_period(lines[("optional_forms", False)], "until_not_needed", 0, 3)
        # 3.5, 3.6: the book and the protocols «обязательно» on paper, «не исключает … дублирования
        # на электронном носителе».
        for item in (book, protocol):
            self.assertTrue(item.paper_mandatory, item.display_name)
            self.assertEqual(item.carrier, "both")
        # 2.2 names the statements as a mandatory paper carrier; section III states no period.
        statement = lines[("statement", False)]
        self.assertFalse(statement.retention_kind)
        self.assertTrue(statement.paper_mandatory)
        self.assertEqual(self._todo(statement).user_id, self.archivist)
        # Nothing is guessed: no article of the federal list, to-do only where the period is missing.
        self.assertFalse(any(item.article for item in lines.values()))
        self.assertEqual([item for item in lines.values() if self._todo(item)], [statement])
        # Closed in 2026: the book is kept until the end of 2076, the yearly case until 2051.
        self.assertEqual(book._retention_until(date(2026, 12, 31)), date(2076, 12, 31))
        self.assertEqual(extract._retention_until(date(2026, 12, 31)), date(2051, 12, 31))
        self.assertEqual(
            lines[("optional_forms", False)]._retention_until(date(2026, 5, 1)), date(2029, 12, 31)
        )

    def test_seed_001_periods_left_to_the_nomenclature(self):
        lines = self._apply(PRESET_001)
        # 2.2: printed journals, orders on the organisation, orders on completion and expulsion on
        # completion, commission protocols, issuance books; 2.3: optional testing and other carriers.
        self.assertEqual(
            set(lines),
            {
                ("journal", False),
                ("order", "organize"),
                ("order", "complete"),
                ("protocol", False),
                ("issuance_book", False),
                ("optional_forms", False),
            },
        )
        # 3.2 «Сроки хранения … устанавливаются номенклатурой дел»: none guessed, each a to-do.
        for item in lines.values():
            self.assertFalse(item.retention_kind, item.display_name)
            self.assertFalse(item.article, item.display_name)
            self.assertFalse(item._retention_until(date(2026, 12, 31)))
            self.assertEqual(self._todo(item).user_id, self.archivist, item.display_name)
        # 2.2 and 3.1: the mandatory carriers are paper; 2.3: the optional ones paper or electronic.
        for key in set(lines) - {("optional_forms", False)}:
            self.assertEqual((lines[key].carrier, lines[key].paper_mandatory), ("paper", True), key)
        self.assertEqual(lines[("optional_forms", False)].carrier, "both")
        # 3.3: found by year or by group.
        self.assertEqual(lines[("journal", False)].case_rule, "group")
        self.assertEqual(lines[("order", "organize")].case_rule, "year")

    def test_seed_002_journals_and_protocols_five_years(self):
        lines = self._apply(PRESET_002)
        self.assertEqual(
            set(lines),
            {("journal", False), ("statement", False), ("protocol", False), ("electronic_copies", False)},
        )
        # 3.1 «журнал учета посещаемости и результатов обучения - срок хранения 5 лет».
        self._assert_period(lines[("journal", False)], "years", 5)
        # 3.1 «протоколы итоговой аттестации хранятся в учебном отделе в течение 5 лет».
        protocol = lines[("protocol", False)]
        self._assert_period(protocol, "years", 5)
        self.assertEqual(protocol.responsible_position, "Учебный отдел")
        # 2.3: journal, statements, protocols are mandatory paper carriers.
        for key in (("journal", False), ("statement", False), ("protocol", False)):
            self.assertEqual((lines[key].carrier, lines[key].paper_mandatory), ("paper", True), key)
        # No period stated for the statements nor the electronic copies: to-dos.
        copies = lines[("electronic_copies", False)]
        for item in (lines[("statement", False)], copies):
            self.assertFalse(item.retention_kind)
            self.assertTrue(self._todo(item))
        # 2.2 «электронные версии являются производными от бумажных оригиналов».
        self.assertEqual(copies.carrier, "electronic")
        self.assertIn("производными от бумажных оригиналов", copies.note)

    def test_seed_003_carriers_with_periods_left_to_the_nomenclature(self):
        lines = self._apply(PRESET_003)
        self.assertEqual(
            set(lines),
            {
                ("journal", False),
                ("order", "organize"),
                ("order", "complete"),
                ("statement", False),
                ("protocol", False),
                ("issuance_book", False),
                ("optional_forms", False),
            },
        )
        for key, item in lines.items():
            # 3.2 «Сроки хранения … устанавливаются номенклатурой дел».
            self.assertFalse(item.retention_kind, key)
            self.assertFalse(item.article, key)
            self.assertTrue(self._todo(item), key)
            # 3.1 «хранится на электронных носителях или бумажных носителях».
            self.assertFalse(item.paper_mandatory, key)
        for key in set(lines) - {("optional_forms", False)}:
            self.assertEqual(lines[key].carrier, "both", key)
        # 2.3: testing results of electronic or distance learning.
        self.assertEqual(lines[("optional_forms", False)].carrier, "electronic")

    def test_seed_004_personal_file_and_electronic_carriers(self):
        lines = self._apply(PRESET_004)
        self.assertEqual(
            set(lines), {("personal_file", False), ("portfolio", False), ("electronic_copies", False)}
        )
        # 3.1 «хранятся в личном деле … После окончания … личное дело сдается в архив».
        personal = lines[("personal_file", False)]
        self.assertEqual(
            (personal.case_rule, personal.start_event, personal.carrier),
            ("learner", "training_completed", "paper"),
        )
        self.assertFalse(personal.retention_kind)
        self.assertTrue(self._todo(personal))
        # 3.2 «Электронные носители … хранятся до минования надобности»: no minimum, never expire by date.
        for key in (("portfolio", False), ("electronic_copies", False)):
            self._assert_period(lines[key], "until_not_needed")
            self.assertEqual(lines[key].carrier, "electronic")
            self.assertFalse(lines[key]._retention_until(date(2026, 12, 31)))
            self.assertFalse(self._todo(lines[key]))

    def test_applying_twice_changes_nothing(self):
        self._apply(PRESET_000)
        items = self.Item.search([("company_id", "=", self.centre.id)])
        fields_read = [
            name for name, field in self.Item._fields.items() if field.store and name != "message_ids"
        ]
        before = items.read(fields_read)
        activities = self.env["mail.activity"].search_count([("res_model", "=", "dpo.nomenclature.item")])
        messages = self.env["mail.message"].search_count(
            [("model", "=", "dpo.nomenclature.item"), ("res_id", "in", items.ids)]
        )
        self._apply(PRESET_000)
        self._apply(PRESET_000, user=self.director)
        items.invalidate_recordset()
        self.assertEqual(self.Item.search([("company_id", "=", self.centre.id)]), items)
        self.assertEqual(items.read(fields_read), before)
        self.assertEqual(
            self.env["mail.activity"].search_count([("res_model", "=", "dpo.nomenclature.item")]), activities
        )
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "dpo.nomenclature.item"), ("res_id", "in", items.ids)]
            ),
            messages,
        )

    def test_centre_values_kept_when_applied_again(self):
        lines = self._apply(PRESET_000)
        statement = lines[("statement", False)]
        statement.with_user(self.archivist).write(
            {"retention_kind": "years", "retention_years": 5, "article": "695", "title": "Ведомости (наши)"}
        )
        self.assertFalse(self._todo(statement), "setting the period ends the to-do")
        lines = self._apply(PRESET_000)
        statement = lines[("statement", False)]
        self._assert_period(statement, "years", 5)
        self.assertEqual((statement.article, statement.title), ("695", "Ведомости (наши)"))
        self.assertFalse(self._todo(statement))

    def test_another_preset_updates_the_lines_it_names(self):
        first = self._apply(PRESET_000)
        lines = self._apply(PRESET_002)
        # Same lines for the same record types; the book and the extract, not in 002, stay.
        for key in (("journal", False), ("protocol", False), ("statement", False), ("issuance_book", False)):
            self.assertEqual(lines[key], first[key], key)
        self._assert_period(lines[("issuance_book", False)], "years", 50)
        self._assert_period(lines[("attestation_extract", False)], "years", 25)
        self.assertEqual(lines[("journal", False)].carrier, "paper")
        self.assertEqual(lines[("protocol", False)].responsible_position, "Учебный отдел")
        self.assertIn(("electronic_copies", False), lines)
        # 002 numbers it 01-04, the protocols' index here: it takes the next free one.
        self.assertEqual(lines[("electronic_copies", False)].index, "01-04.1")

    def test_new_lines_take_a_free_index(self):
        self._item(index="01-01", title="Свои приказы", record_type="order")
        lines = self._apply(PRESET_000)
        self.assertEqual(lines[("journal", False)].index, "01-01.1")
        self.assertEqual(lines[("order", False)].index, "01-01")

    def test_preset_of_another_company_refused(self):
        stranger = self.env["res.company"].create({"name": "Чужой центр"})
        count = self.Item.search_count([])
        with self.assertRefused(AccessError, "cannot change the nomenclature of files of Чужой центр"):
            self._apply(PRESET_000, company=stranger)
        self.assertEqual(self.Item.search_count([]), count)

    def test_teacher_and_specialist_cannot_apply(self):
        self.teacher.write({"company_ids": [(4, self.centre.id)]})
        for user in (self.teacher, self.specialist):
            with self.subTest(user=user.login), self.assertRefused(AccessError, r"\(dpo\.nomenclature\."):
                self.env.ref(PRESET_000).with_user(user)._apply_to(self.centre)
        self.assertFalse(self._lines())


@tagged("post_install", "-at_install")
class TestPeriodShortening(NomenclatureCase):
    """A period is never shortened for cases already filed but by the director, with a reason
    kept in the correction ledger."""

    def _ledger(self, item):
        return self.env["dpo.correction"].search([("res_model", "=", item._name), ("res_id", "=", item.id)])

    def test_archivist_cannot_shorten_filed_cases_by_editing(self):
        extract = self._item(
            index="01-02", record_type="attestation_extract", retention_kind="years", retention_years=25
        )
        self._case(extract, state="closed")
        line = extract.with_user(self.archivist)
        for vals in (
            {"retention_years": 10},
            {"retention_kind": "until_not_needed", "retention_years": 0, "min_retention_years": 3},
            {"retention_kind": "until_not_needed", "retention_years": 0},
        ):
            with self.subTest(vals=vals), self.assertRefused(UserError, "Only the director shortens it"):
                line.write(vals)
        # A plain context key a client could send unlocks nothing.
        with self.assertRefused(UserError, "Only the director shortens it"):
            line.with_context(dpo_nomenclature_period=True).write({"retention_years": 10})
        # Not even the director by a plain write: the wizard, with its reason.
        with self.assertRefused(UserError, "Only the director shortens it"):
            extract.with_user(self.director).write({"retention_years": 10})
        extract.invalidate_recordset()
        self._assert_period(extract, "years", 25)
        self.assertFalse(self._ledger(extract))
        # Longer is always allowed; so is any change of a line without cases.
        line.write({"retention_years": 30})
        line.write({"retention_kind": "permanent", "retention_years": 0})
        fresh = self._item(index="01-03", record_type="protocol", retention_kind="years", retention_years=5)
        fresh.with_user(self.archivist).write({"retention_years": 1})
        self.assertEqual(fresh.retention_years, 1)
        # Permanent, or a period not set yet, never expire: any number of years is shorter.
        with self.assertRefused(UserError, "Only the director shortens it"):
            line.write({"retention_kind": "years", "retention_years": 75})
        unset = self._item(index="01-04", record_type="statement")
        self._case(unset)
        with self.assertRefused(UserError, "Only the director shortens it"):
            unset.with_user(self.archivist).write({"retention_kind": "years", "retention_years": 5})

    def test_director_shortens_with_a_reason_in_the_ledger(self):
        extract = self._item(
            index="01-02", record_type="attestation_extract", retention_kind="years", retention_years=25
        )
        self._case(extract, state="closed")
        before = extract.with_user(self.director).retention_label
        Wizard = self.env["dpo.nomenclature.item.period.change"]
        vals = {
            "item_id": extract.id,
            "retention_kind": "years",
            "retention_years": 10,
            "reason": "Приказ № 5",
        }
        with self.assertRefused(AccessError, "dpo.nomenclature.item.period.change"):
            Wizard.with_user(self.archivist).create(vals)
        with self.assertRefused(AccessError, "Only the director shortens"):
            extract.with_user(self.archivist)._change_period({"retention_years": 10}, "Приказ № 5")
        with self.assertRefused(UserError, "Give the reason"):
            extract.with_user(self.director)._change_period({"retention_years": 10}, "  ")
        extract.invalidate_recordset()
        self._assert_period(extract, "years", 25)
        self.assertFalse(self._ledger(extract))
        Wizard.with_user(self.director).create(vals).action_confirm()
        self._assert_period(extract, "years", 10)
        entry = self._ledger(extract)
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.field_name, entry.old_value, entry.new_value, entry.reason, entry.user_id),
            (
                "retention_label",
                before,
                extract.with_user(self.director).retention_label,
                "Приказ № 5",
                self.director,
            ),
        )
        self.assertRegex(entry.old_value, "25")
        self.assertRegex(entry.new_value, "10")

    def test_preset_shortening_filed_cases_needs_the_director(self):
        lines = self._apply(PRESET_000)
        journal = lines[("journal", False)]
        journal.with_user(self.archivist).write({"retention_years": 10})
        self._case(journal, state="closed")
        preset = self.env.ref(PRESET_000)
        with self.assertRefused(
            AccessError, "would shorten the retention of cases already filed under «01-01"
        ):
            self._apply(PRESET_000, reason="Новое положение")
        wizard = (
            self.env["dpo.nomenclature.preset.apply"]
            .with_user(self.director)
            .create({"company_id": self.centre.id, "preset_id": preset.id})
        )
        self.assertTrue(wizard.shortens)
        self.assertRegex(wizard.changes, "01-01.*shortens the retention of filed cases")
        with self.assertRefused(UserError, "give the reason"):
            wizard.action_apply()
        journal.invalidate_recordset()
        self._assert_period(journal, "years", 10)
        self.assertFalse(self._ledger(journal))
        wizard.reason = "Положение от 28.06.2023: журналы 5 лет"
        wizard.action_apply()
        self._assert_period(journal, "years", 5)
        entry = self._ledger(journal)
        self.assertEqual(
            (entry.reason, entry.user_id), ("Положение от 28.06.2023: журналы 5 лет", self.director)
        )
        self.assertRegex(entry.old_value, "10")
        self.assertRegex(entry.new_value, "5")

    def test_settings_open_the_preset_wizard(self):
        settings = (
            self.env["dpo.config.settings"]
            .with_user(self.director)
            .create({"company_id": self.centre.id, "dpo_nomenclature_preset_id": self.env.ref(PRESET_000).id})
        )
        action = settings.action_apply_nomenclature_preset()
        self.assertEqual(action["res_model"], "dpo.nomenclature.preset.apply")
        wizard = (
            self.env["dpo.nomenclature.preset.apply"]
            .with_user(self.director)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual((wizard.company_id, wizard.preset_id), (self.centre, self.env.ref(PRESET_000)))
        self.assertFalse(wizard.shortens)
        self.assertEqual(wizard.changes.count("\n"), 5)
        wizard.action_apply()
        self._assert_period(self._lines()[("issuance_book", False)], "years", 50)
        settings.dpo_nomenclature_preset_id = False
        with self.assertRefused(ValidationError, "Choose the preset"):
            settings.action_apply_nomenclature_preset()


@tagged("post_install", "-at_install")
class TestPrintedNomenclature(NomenclatureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref(PRESET_000).with_user(cls.archivist)._apply_to(cls.centre)
        cls.items = cls.env["dpo.nomenclature.item"].search([("company_id", "=", cls.centre.id)])
        lines = {item.record_type: item for item in cls.items}
        cls.journal, cls.extract = lines["journal"], lines["attestation_extract"]
        cls.extract.write({"epk": True, "article": "695 б"})

    def _html(self, year=2026):
        report = self.env["ir.actions.report"].with_user(self.archivist)
        html = report._render_qweb_html(
            "dpo_records.action_report_dpo_nomenclature", self.items.ids, data={"year": year}
        )
        return re.sub(r"\s+", " ", html[0].decode())

    def _row(self, html, index):
        row = r"(?:(?!</tr>).)*"
        found = re.search(rf'<tr class="dpo-nomenclature-row">({row}>{re.escape(index)}<{row})</tr>', html)
        self.assertTrue(found, index)
        return [
            re.sub("<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))
        ]

    def _category(self, html, label):
        found = re.search(
            rf'<tr class="dpo-nomenclature-category">\s*<td[^>]*>{re.escape(label)}</td>(.*?)</tr>', html
        )
        self.assertTrue(found, label)
        return [
            re.sub("<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))
        ]

    def test_printed_columns_lines_counts_and_summary(self):
        self._case(self.journal, 2026)
        self._case(self.journal, 2026, state="closed")
        self._case(self.journal, 2025, state="closed")  # another year: not counted
        self._case(self.extract, 2026, state="closed")
        html = self._html()
        for text in (
            "НОМЕНКЛАТУРА ДЕЛ",
            "на 2026 год",
            "УТВЕРЖДАЮ",
            "Индекс дела",
            "Заголовок дела (тома, части)",
            "Кол-во дел (томов, частей)",
            "Срок хранения дела (тома, части) и № статьи по перечню",
            "Примечание",
            "Журналы учета занятий",
            "Книги выдачи документов об образовании и об обучении",
            "Итоговая запись о категориях и количестве дел, заведенных в 2026 году",
            "Ответственный за ведение архива",
            self.archivist.name,
        ):
            self.assertIn(text, html)
        for item in self.items:
            self.assertIn(item.title.replace("'", "&#39;"), html)
        self.assertEqual(self._row(html, "01-01")[:4], ["01-01", self.journal.title, "2", "5 лет"])
        self.assertEqual(self._row(html, "01-02")[2:4], ["1", "25 лет ЭПК, ст. 695 б"])
        self.assertEqual(self._row(html, "01-03")[2:4], ["0", "Не установлен"])
        self.assertEqual(self._row(html, "01-05")[2:4], ["0", "50 лет"])
        self.assertEqual(self._row(html, "01-06")[3], "До минования надобности, но не менее 3 лет")
        self.assertIn("Подлинник на бумажном носителе", self._row(html, "01-05")[4])
        # Total, carried over (still open), with «ЭПК».
        self.assertEqual(self._category(html, "Постоянного хранения"), ["0", "0", "0"])
        self.assertEqual(self._category(html, "Временного (свыше 10 лет) хранения"), ["1", "0", "1"])
        self.assertEqual(
            self._category(html, "Временного (до 10 лет включительно) хранения"), ["2", "1", "0"]
        )
        self.assertNotIn("Срок хранения не установлен", html)
        self.assertIn("на 2025 год", self._html(2025))
        self.assertEqual(self._row(self._html(2025), "01-01")[2], "1")

    def test_print_wizard(self):
        wizard = (
            self.env["dpo.nomenclature.print"]
            .with_user(self.archivist)
            .create({"company_id": self.centre.id, "year": 2026})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "dpo_records.report_nomenclature")
        self.assertEqual(action["data"]["year"], 2026)
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted(self.items.ids))
        empty = (
            self.env["dpo.nomenclature.print"]
            .with_user(self.archivist)
            .create({"company_id": self.company.id})
        )
        self.Item.search([("company_id", "=", self.company.id)]).write({"active": False})
        with self.assertRefused(UserError, "has no nomenclature of files yet"):
            empty.action_print()

    def test_real_pdf(self):
        self._case(self.journal, 2026)
        report = (
            self.env["ir.actions.report"].with_user(self.archivist).with_context(force_report_rendering=True)
        )
        pdf, kind = report._render_qweb_pdf(
            "dpo_records.action_report_dpo_nomenclature", self.items.ids, data={"year": 2026}
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:40])


@tagged("post_install", "-at_install")
class TestNomenclatureDemo(DpoCase):
    def test_demo_centre_follows_the_preset_of_seed_000(self):
        company = self.env.ref("base.main_company")
        items = self.env["dpo.nomenclature.item"].search([("company_id", "=", company.id)])
        periods = {item.record_type: item.retention_label for item in items.with_context(lang="ru_RU")}
        self.assertEqual(periods["issuance_book"], "50 лет")
        self.assertEqual(periods["journal"], "5 лет")
        self.assertEqual(periods["attestation_extract"], "25 лет")
        self.assertEqual(periods["protocol"], "5 лет")
        self.assertEqual(periods["optional_forms"], "До минования надобности, но не менее 3 лет")
        statement = items.filtered(lambda item: item.record_type == "statement")
        self.assertEqual(
            statement.activity_ids.user_id, self.env.ref("dpo_records.user_demo_archivist"), "the to-do"
        )
        self.assertEqual(statement.title, "Ведомости промежуточной аттестации")
