import base64
import logging
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .archive_common import ArchiveCase
from .test_protocol import PROTOCOL_SIGN_QUERIES

_logger = logging.getLogger(__name__)

# Queries of filing a batch of records into one case, whatever the batch's size (the lines, the
# records already filed, the open cases, the entries' insert, the case's counts).
FILING_QUERIES = 14
# What filing adds to the signing of a protocol, against the same signing without a nomenclature
# (PROTOCOL_SIGN_QUERIES counts it): the line, the records filed, the open case, the entry, the
# case's counts. Measured 4 with 30 learners and 6 with 150 (the signing itself varies by 2).
FILING_SIGN_QUERIES = 6


@tagged("post_install", "-at_install")
class TestArchiveFiling(ArchiveCase):
    """Records join their case by themselves: orders by their type's line, statements and
    protocols on signing, the journal on closing, documents on issue, the personal file on
    enrolment (handed to the archive when the training ends), portfolio works with the learner."""

    def test_orders_file_into_the_yearly_case_of_their_type(self):
        enrol_case = self._case_of(self.enroll_order)
        self.assertEqual(enrol_case.nomenclature_item_id, self.line_orders)
        self.assertEqual(enrol_case.title, "Приказы по личному составу слушателей 2026 г.")
        self.assertEqual((enrol_case.year, enrol_case.index, enrol_case.state), (2026, "Т-01", "open"))
        self.assertFalse(enrol_case.group_id)
        # The commission's order goes to the line of commission orders, the others to the general one.
        commission_case = self._case_of(self.commission.order_id)
        self.assertEqual(commission_case.nomenclature_item_id, self.line_commission)
        entry = self._entries(self.enroll_order)
        self.assertEqual(entry.date, date(2026, 3, 1))
        self.assertEqual(entry.name, self.enroll_order.with_context(lang="ru_RU").display_name)
        # A second order of the year joins the same case; one of 2025 opens the case of 2025.
        expel = self.env["dpo.order"].create(
            {
                "order_type": "expel",
                "group_id": self.group.id,
                "date": "2026-03-05",
                "line_ids": [
                    Command.create({"enrollment_id": self.second_enrollment.id, "reason": "own_wish"})
                ],
            }
        )
        expel.with_user(self.director).action_sign()
        self.assertEqual(self._case_of(expel), enrol_case)
        self.assertEqual(enrol_case.document_count, 2)
        self.assertEqual((enrol_case.date_first, enrol_case.date_last), (date(2026, 3, 1), date(2026, 3, 5)))
        organize = self.env["dpo.order"].create(
            {"order_type": "organize", "group_id": self.group.id, "date": "2025-12-20"}
        )
        organize.with_user(self.director).action_sign()
        self.assertEqual(self._case_of(organize).year, 2025)
        self.assertEqual(self._case_of(organize).title, "Приказы по личному составу слушателей 2025 г.")

    def test_statement_files_on_signing_into_the_group_case(self):
        self._sign_statements()
        sheets = self.env["dpo.attestation.sheet"].search([("group_id", "=", self.group.id)])
        self.assertEqual(len(sheets), 2)
        case = self._case_of(sheets[0])
        self.assertEqual(self._case_of(sheets[1]), case)
        self.assertEqual(case.nomenclature_item_id, self.line_statements)
        self.assertEqual(case.group_id, self.group)
        self.assertEqual(case.title, "Ведомости промежуточной аттестации 2026 г., группа T-01")
        self.assertEqual(case.document_count, 2)
        # A draft statement is not filed.
        draft = self.env["dpo.attestation.sheet"].create(
            {"group_id": self.group.id, "subject_id": self.subject.id}
        )
        self.assertFalse(self._entries(draft))

    def test_protocol_files_on_signing(self):
        self._sign_statements()
        protocol = self._signed_protocol()
        case = self._case_of(protocol)
        self.assertEqual(case.nomenclature_item_id, self.line_protocols)
        self.assertEqual(case.title, "Протоколы итоговой аттестации 2026 г.")
        self.assertEqual(self._entries(protocol).date, date(2026, 3, 13))

    def test_journal_files_on_closing_once(self):
        self._close_journal()
        case = self._case_of(self.group)
        self.assertEqual(case.nomenclature_item_id, self.line_journal)
        self.assertEqual(case.title, "Журналы учета занятий 2026 г., группа T-01")
        entry = self._entries(self.group)
        self.assertEqual(entry.name, "Журнал учета занятий группы T-01")
        # The journal's extreme dates are the group's training period.
        self.assertEqual((case.date_first, case.date_last), (date(2026, 3, 2), date(2026, 3, 13)))
        # Reopened and closed again, the journal stays where it was filed.
        self.group.with_user(self.head)._reopen_journal("Пропущена отметка")
        self.group.with_user(self.head).action_close_journal()
        self.assertEqual(len(self._entries(self.group)), 1)

    def test_document_files_on_issue_into_the_book_case(self):
        self._sign_statements()
        protocol = self._signed_protocol()
        documents = self.env["dpo.document"].with_user(self.specialist)._draft_from_protocol(protocol)
        self.assertEqual(len(documents), 2)
        self.assertFalse(self._entries(documents))
        documents.with_user(self.specialist).action_issue()
        case = self._case_of(documents)
        self.assertEqual(case.nomenclature_item_id, self.line_book)
        self.assertEqual(case.document_count, 2)
        self.assertEqual(case.title, "Книга выдачи документов об образовании и об обучении 2026 г.")
        self.assertEqual(set(self._entries(documents).mapped("res_id")), set(documents.ids))

    def test_personal_file_opened_on_enrolment_and_handed_over_on_completion(self):
        case = self._case_of(self.enrollment)
        self.assertEqual(case.nomenclature_item_id, self.line_personal)
        self.assertEqual(case.learner_id, self.learner)
        self.assertEqual(case.title, "Личные дела слушателей: Иванов Пётр Сергеевич")
        self.assertEqual(case.state, "open")
        self.assertNotEqual(self._case_of(self.second_enrollment), case)
        # The training ends: the personal file goes to the archive (its case closes).
        self._sign_statements()
        self._signed_protocol()
        complete = self.env["dpo.order"].create(
            {
                "order_type": "complete",
                "group_id": self.group.id,
                "date": "2026-03-14",
                "line_ids": [Command.create({"enrollment_id": self.enrollment.id})],
            }
        )
        complete.with_user(self.director).action_sign()
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.date_closed)
        # «Until no longer needed, at least 3 years», counted from 1 January after closing.
        self.assertEqual(case.retention_until, date(case.date_closed.year + 3, 12, 31))
        entry = self._entries(self.enrollment)
        self.assertEqual((entry.date_start, entry.date), (date(2026, 3, 1), date(2026, 3, 14)))
        # The other learner is still in training: their file stays open.
        self.assertEqual(self._case_of(self.second_enrollment).state, "open")

    def test_expelled_learner_personal_file_handed_over(self):
        expel = self.env["dpo.order"].create(
            {
                "order_type": "expel",
                "group_id": self.group.id,
                "date": "2026-03-05",
                "line_ids": [
                    Command.create({"enrollment_id": self.second_enrollment.id, "reason": "own_wish"})
                ],
            }
        )
        expel.with_user(self.director).action_sign()
        self.assertEqual(self._case_of(self.second_enrollment).state, "closed")

    def test_portfolio_work_joins_the_learner_case(self):
        work = self.env["dpo.portfolio.item"].with_user(self.teacher).create(self._work("Проект инструкции"))
        # No line for the e-portfolio: the work joins the learner's personal file.
        self.assertEqual(self._case_of(work), self._case_of(self.enrollment))
        # With a line of its own, the next work goes there, per learner.
        line = (
            self.env["dpo.nomenclature.item"]
            .with_user(self.archivist)
            .create(
                {
                    **self._line("Т-08", "Электронное портфолио", "portfolio", "learner", 0),
                    "carrier": "electronic",
                    "retention_kind": "until_not_needed",
                }
            )
        )
        other = self.env["dpo.portfolio.item"].with_user(self.teacher).create(self._work("Реферат"))
        case = self._case_of(other)
        self.assertEqual(case.nomenclature_item_id, line)
        self.assertEqual(case.learner_id, self.learner)
        self.assertEqual(case.carrier, "electronic")
        # A work removed before its review leaves its open case with it.
        other.with_user(self.specialist).unlink()
        self.assertFalse(case.entry_ids)

    def _work(self, name):
        return {
            "name": name,
            "enrollment_id": self.enrollment.id,
            "file": base64.b64encode(b"%PDF-1.4 work").decode(),
            "file_name": "work.pdf",
        }

    def test_company_without_a_line_files_nowhere(self):
        company = self.env["res.company"].create({"name": "Центр без номенклатуры"})
        self.director.write({"company_ids": [Command.link(company.id)]})
        env = self.env(context=dict(self.env.context, allowed_company_ids=[company.id]))
        program = env["dpo.program"].create({"name": "Охрана труда", "program_kind": "pk", "hours": 16})
        group = env["dpo.group"].create(
            {"name": "Б-01", "program_id": program.id, "date_start": "2026-03-02", "date_end": "2026-03-13"}
        )
        learner = env["dpo.learner"].create({"last_name": "Белов", "first_name": "Юрий"})
        enrollment = env["dpo.enrollment"].create({"learner_id": learner.id, "group_id": group.id})
        order = env["dpo.order"].create(
            {
                "order_type": "enroll",
                "group_id": group.id,
                "date": "2026-03-01",
                "line_ids": [Command.create({"enrollment_id": enrollment.id})],
            }
        )
        cases = self.Case.search_count([])
        order.with_user(self.director).with_context(allowed_company_ids=[company.id]).action_sign()
        self.assertEqual(order.state, "signed")
        self.assertEqual(enrollment.state, "enrolled")
        self.assertFalse(self._entries(order))
        self.assertFalse(self._entries(enrollment))
        self.assertEqual(self.Case.search_count([]), cases)

    def test_applying_a_preset_files_the_records_signed_before(self):
        # A centre on Odoo applies its regulation's preset after years of signed orders: they file
        # themselves into the cases of the lines the preset makes.
        self.line_orders.active = False
        organize = self.env["dpo.order"].create(
            {"order_type": "organize", "group_id": self.group.id, "date": "2026-03-01"}
        )
        organize.with_user(self.director).action_sign()
        self.assertFalse(self._entries(organize))
        preset = self.env.ref("dpo_records.dpo_nomenclature_preset_paper_by_nomenclature")  # seed 001
        preset.with_user(self.director)._apply_to(self.company)
        line = self._case_of(organize).nomenclature_item_id
        self.assertEqual((line.record_type, line.order_type), ("order", "organize"))
        self.assertEqual(line.preset, preset.with_context(lang="ru_RU").name)

    def test_nomenclature_set_up_later_files_existing_records(self):
        # Records signed before the line existed file themselves when the archive is set up.
        self.line_orders.active = False
        organize = self.env["dpo.order"].create(
            {"order_type": "organize", "group_id": self.group.id, "date": "2026-03-01"}
        )
        organize.with_user(self.director).action_sign()
        self.assertFalse(self._entries(organize))
        self.line_orders.active = True
        self.env["dpo.archivable.mixin"]._archive_file_existing(self.company.id)
        self.assertEqual(self._case_of(organize).nomenclature_item_id, self.line_orders)
        # Run again, it files nothing twice.
        entries = self.Entry.search_count([])
        self.env["dpo.archivable.mixin"]._archive_file_existing(self.company.id)
        self.assertEqual(self.Entry.search_count([]), entries)

    def test_filing_costs_the_same_queries_for_any_number_of_records(self):
        self.line_personal.active = False  # one active line per record type
        line = self.env["dpo.nomenclature.item"].create(
            self._line("Т-91", "Личные дела слушателей (по годам)", "personal_file", "year", 5)
        )

        def enrolled(size):
            """`size` learners enrolled in group T-02 while the line is inactive (not filed yet)."""
            learners = self.env["dpo.learner"].create(
                [{"last_name": "Тестов", "first_name": f"Слушатель{'а' * i}"} for i in range(size)]
            )
            enrollments = self.env["dpo.enrollment"].create(
                [{"learner_id": learner.id, "group_id": self.other_group.id} for learner in learners]
            )
            line.active = False
            enrollments._change_state("enrolled", date="2026-04-06")
            line.active = True
            return enrollments

        enrolled(1)._archive_file()  # opens the case of 2026
        enrolled(1)._archive_file()  # files into it: the caches warm, as a server has them
        counts = {}
        for size in (5, 25):
            enrollments = enrolled(size)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            enrollments._archive_file()
            self.env.flush_all()
            counts[size] = self.cr.sql_log_count - before
            self.assertEqual(len(self._entries(enrollments)), size)
            self.assertEqual(len(self._entries(enrollments).case_id), 1)
        self.assertEqual(counts[5], counts[25])
        self.assertLessEqual(counts[25], FILING_QUERIES)


@tagged("post_install", "-at_install")
class TestArchiveFilingQueries(ArchiveCase):
    """Signing a protocol files it into its case at a fixed cost, whatever the number of learners."""

    def _sign_counted(self, protocol, filing):
        """Queries of signing `protocol`, with the nomenclature of files or without it."""
        (self.line_protocols | self.line_personal).active = filing
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(__system__=PROTOCOL_SIGN_QUERIES):
            protocol.action_sign()
            self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_signing_files_the_protocol_at_a_fixed_cost(self):
        # The first opens the protocols' case of 2026, the second files into it: the caches
        # warm as a server has them.
        self._protocol_for(5).action_sign()
        self._protocol_for(5).action_sign()
        extra = {}
        for size in (30, 150):
            without = self._sign_counted(self._protocol_for(size), filing=False)
            protocol = self._protocol_for(size)
            extra[size] = self._sign_counted(protocol, filing=True) - without
            self.assertEqual(self._case_of(protocol).nomenclature_item_id, self.line_protocols)
            self.assertLessEqual(extra[size], FILING_SIGN_QUERIES, extra)
        _logger.info("Filing a signed protocol costs %s more queries (30 and 150 learners)", extra)
