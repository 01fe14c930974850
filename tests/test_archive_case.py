import base64
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .archive_common import ArchiveCase

GUARDED = "are set by the archive itself"
CLOSED = "is closed: only its location"
IN_PROGRESS = "cannot be closed while these records are in progress"
FILED_ONLY = "Records join their archival case by themselves"
# Odoo's refusals by the access rights, in the user's language: told by the operation's word.
ACL_READ = "(access|доступ)"
ACL_WRITE = "(modify|изменять)"
ACL_CREATE = "(create|создавать)"
ACL_DELETE = "(delete|удалять)"


@tagged("post_install", "-at_install")
class TestArchiveCase(ArchiveCase):
    """The case's own rules, as real users: the archivist manages cases and reads the records but
    changes none of them; a specialist reads cases; a teacher sees no archive. The status, dates,
    counts, entries and checks change only through the archive's own code, and every refusal
    leaves the database as it was."""

    def _orders_case(self):
        return self._case_of(self.enroll_order)

    def _manual_case(self, **vals):
        return self.Case.with_user(self.archivist).create(
            {"nomenclature_item_id": self.line_orders.id, "year": 2024, **vals}
        )

    # Roles

    def test_archivist_opens_and_shelves_a_case(self):
        case = self._manual_case()
        self.assertEqual(case.title, "Приказы по личному составу слушателей 2024 г.")
        self.assertEqual((case.state, case.carrier, case.company_id), ("open", "paper", self.company))
        case.with_user(self.archivist).write(
            {"location_room": "105", "location_rack": "3", "location_box": "12", "sheet_count": 40}
        )
        self.assertEqual(case._print_location(), "room 105, rack 3, box 12")
        case.with_user(self.archivist).action_close()
        self.assertEqual(case.state, "closed")

    def test_specialist_reads_cases_but_does_not_run_them(self):
        case = self._orders_case()
        self.assertEqual(case.with_user(self.specialist).title, case.title)
        self.assertTrue(case.entry_ids.with_user(self.specialist).read(["name"]))
        before = self._snapshot(case)
        with self.assertRefused(AccessError, ACL_WRITE):
            case.with_user(self.specialist).write({"location_box": "7"})
        with self.assertRefused(AccessError, ACL_WRITE):
            case.with_user(self.specialist).action_close()
        with self.assertRefused(AccessError, ACL_CREATE):
            self.Case.with_user(self.specialist).create(
                {"nomenclature_item_id": self.line_orders.id, "year": 2024}
            )
        self.assertEqual(self._snapshot(case), before)

    def test_teacher_sees_no_archive(self):
        case = self._orders_case()
        with self.assertRefused(AccessError, ACL_READ):
            case.with_user(self.teacher).read(["title"])
        with self.assertRefused(AccessError, ACL_READ):
            case.entry_ids.with_user(self.teacher).read(["name"])
        with self.assertRefused(AccessError, ACL_READ):
            self.env["report.dpo_records.report_archive_case_inventory"].with_user(
                self.teacher
            )._get_report_values(case.ids)
        menu = self.env.ref("dpo_records.dpo_archive_root_menu")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.teacher)._visible_menu_ids())
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.archivist)._visible_menu_ids())

    def test_archivist_cannot_edit_educational_records(self):
        for record, vals in (
            (self.group, {"name": "T-01 (архив)"}),
            (
                self.env["dpo.order"].create({"order_type": "organize", "group_id": self.group.id}),
                {"basis": "Подделка"},
            ),
            (self.enrollment, {"funding": "budget"}),
            (self.learner, {"first_name": "Павел"}),
        ):
            with self.subTest(record._name), self.assertRefused(AccessError, ACL_WRITE):
                record.with_user(self.archivist).write(vals)
        self.assertEqual(self.group.name, "T-01")
        self.assertEqual(self.learner.first_name, "Пётр")
        with self.assertRefused(AccessError, ACL_CREATE):
            self.env["dpo.order"].with_user(self.archivist).create(
                {"order_type": "organize", "group_id": self.group.id, "date": "2026-03-01"}
            )

    # Guarded values on every path

    def test_create_with_guarded_values_refused(self):
        count = self.Case.search_count([])
        attempts = {
            "closed": {"state": "closed"},
            "closing date": {"date_closed": "2026-01-01"},
            "retention date": {"retention_until": "2099-12-31"},
            "counts": {"document_count": 3},
            "checked": {"fixity_state": "ok"},
            "entries": {
                "entry_ids": [
                    Command.create({"res_model": "dpo.order", "res_id": self.enroll_order.id, "name": "X"})
                ]
            },
        }
        for label, vals in attempts.items():
            with self.subTest(label), self.assertRefused(UserError, GUARDED):
                self._manual_case(**vals)
        # A client's default in the context unlocks nothing either.
        with self.assertRefused(UserError, "takes no default value from the client"):
            self.Case.with_user(self.archivist).with_context(default_state="closed").create(
                {"nomenclature_item_id": self.line_orders.id, "year": 2024}
            )
        with self.assertRefused(UserError, GUARDED):
            self.Case.with_user(self.archivist).with_context(dpo_archive_case=True).create(
                {"nomenclature_item_id": self.line_orders.id, "year": 2024, "state": "closed"}
            )
        self.assertEqual(self.Case.search_count([]), count)

    def test_write_of_guarded_values_on_an_open_case_refused(self):
        case = self._orders_case()
        before = self._snapshot(case)
        attempts = {
            "close": {"state": "closed"},
            "destroy": {"state": "destroyed"},
            "closing date": {"date_closed": "2026-12-31"},
            "retention date": {"retention_until": "2027-12-31"},
            "counts": {"document_count": 0, "date_first": "2020-01-01"},
            "checked": {"fixity_state": "ok", "fixity_date": "2026-03-01 10:00:00"},
            "remove an entry": {"entry_ids": [Command.unlink(case.entry_ids[0].id)]},
            "add an entry": {
                "entry_ids": [
                    Command.create({"res_model": "dpo.order", "res_id": self.enroll_order.id, "name": "X"})
                ]
            },
        }
        for label, vals in attempts.items():
            with self.subTest(label), self.assertRefused(UserError, GUARDED):
                case.with_user(self.archivist).write(vals)
        with self.assertRefused(UserError, GUARDED):
            case.with_user(self.archivist).with_context(dpo_archive_case="1").write({"state": "closed"})
        self.assertEqual(self._snapshot(case), before)

    def test_filing_key_fixed_once_the_case_holds_records(self):
        case = self._orders_case()
        before = self._snapshot(case)
        for vals in (
            {"year": 2025},
            {"group_id": self.group.id},
            {"nomenclature_item_id": self.line_commission.id},
        ):
            with self.subTest(vals), self.assertRefused(UserError, "holds records filed by its line"):
                case.with_user(self.archivist).write(vals)
        self.assertEqual(self._snapshot(case), before)
        # An empty open case may still be corrected.
        empty = self._manual_case()
        empty.with_user(self.archivist).write({"year": 2023})
        self.assertEqual(empty.title, "Приказы по личному составу слушателей 2023 г.")

    def test_entries_only_by_the_filing_code(self):
        case = self._orders_case()
        entry = case.entry_ids[0]
        entries = self.Entry.search_count([])
        for user in (self.archivist, self.director, self.specialist):
            with self.subTest(user.login), self.assertRefused(AccessError, ACL_CREATE):
                self.Entry.with_user(user).create(
                    {
                        "case_id": case.id,
                        "res_model": "dpo.order",
                        "res_id": self.enroll_order.id,
                        "name": "X",
                    }
                )
            with self.subTest(user.login), self.assertRefused(AccessError, ACL_WRITE):
                entry.with_user(user).write({"name": "Подделка"})
            with self.subTest(user.login), self.assertRefused(AccessError, ACL_DELETE):
                entry.with_user(user).unlink()
        # Not even as superuser, nor with a context key a client could send.
        with self.assertRefused(UserError, FILED_ONLY):
            self.Entry.with_context(dpo_archive_filing=True).create(
                {"case_id": case.id, "res_model": "dpo.order", "res_id": self.enroll_order.id, "name": "X"}
            )
        with self.assertRefused(UserError, FILED_ONLY):
            entry.write({"date": "2020-01-01"})
        with self.assertRefused(UserError, FILED_ONLY):
            entry.unlink()
        self.assertEqual(self.Entry.search_count([]), entries)
        self.assertEqual(entry.date, date(2026, 3, 1))

    # Closing

    def test_closing_sets_the_retention_date_from_the_line(self):
        # Russian archives count from 1 January of the year after closing: closed on
        # 31 December 2026 with 5 years, kept until 31 December 2031; a day later, a year more.
        with freeze_time("2026-12-31 12:00:00"):
            last_day = self._manual_case(year=2026)
            last_day.with_user(self.archivist).action_close()
        with freeze_time("2027-01-01 12:00:00"):
            first_day = self._manual_case(year=2026)
            first_day.with_user(self.archivist).action_close()
        self.assertEqual(
            (last_day.date_closed, last_day.retention_until), (date(2026, 12, 31), date(2031, 12, 31))
        )
        self.assertEqual(
            (first_day.date_closed, first_day.retention_until), (date(2027, 1, 1), date(2032, 12, 31))
        )
        self.assertEqual(last_day._expirable(date(2031, 12, 31)), self.Case)
        self.assertEqual(last_day._expirable(date(2032, 1, 1)), last_day)

    def test_permanent_case_never_expires(self):
        self.line_book.active = False  # one active line per record type
        line = (
            self.env["dpo.nomenclature.item"]
            .with_user(self.archivist)
            .create(
                {
                    **self._line("Т-09", "Книга выдачи (постоянно)", "issuance_book", "year", 0),
                    "retention_kind": "permanent",
                }
            )
        )
        case = self.Case.with_user(self.archivist).create({"nomenclature_item_id": line.id, "year": 2020})
        case.with_user(self.archivist).action_close()
        self.assertFalse(case.retention_until)
        self.assertEqual(case._print_retention_until(), "permanently")
        self.assertFalse(case._expirable(date(2999, 1, 1)))

    def test_legal_hold_needs_a_reason_and_blocks_expiry(self):
        case = self._manual_case(year=2020)
        with freeze_time("2020-12-31"):
            case.with_user(self.archivist).action_close()
        self.assertEqual(case.retention_until, date(2025, 12, 31))
        with self.assertRefused(ValidationError, "Give the reason of the legal hold"):
            case.with_user(self.archivist).write({"legal_hold": True})
        self.assertFalse(case.legal_hold)
        case.with_user(self.archivist).write({"legal_hold": True, "legal_hold_reason": "Запрос суда № 12"})
        self.assertFalse(case._expirable(date(2026, 1, 1)))
        case.with_user(self.archivist).write({"legal_hold": False})
        self.assertEqual(case._expirable(date(2026, 1, 1)), case)

    def test_close_refused_while_the_journal_is_open(self):
        # A group's journal case waits for the group's journal, filed or not.
        waiting = self.Case.with_user(self.archivist).create(
            {"nomenclature_item_id": self.line_journal.id, "year": 2026, "group_id": self.group.id}
        )
        self.assertEqual(waiting.title, "Журналы учета занятий 2026 г., группа T-01")
        before = self._snapshot(waiting)
        with self.assertRefused(UserError, f"{IN_PROGRESS}: Journal of group T-01"):
            waiting.with_user(self.archivist).action_close()
        self.assertEqual(self._snapshot(waiting), before)
        # Closed, the journal joins that case; reopened, it keeps it open again.
        self._close_journal()
        self.assertEqual(self._case_of(self.group), waiting)
        self.group.with_user(self.head)._reopen_journal("Пропущена отметка")
        with self.assertRefused(UserError, IN_PROGRESS):
            waiting.with_user(self.archivist).action_close()
        self.assertEqual(waiting.state, "open")
        self.group.with_user(self.head).action_close_journal()
        waiting.with_user(self.archivist).action_close()
        self.assertEqual(waiting.state, "closed")

    def test_close_of_a_yearly_journal_case_waits_for_the_year_journals(self):
        self.line_journal.active = False  # one active line per record type
        line = (
            self.env["dpo.nomenclature.item"]
            .with_user(self.archivist)
            .create(self._line("Т-10", "Журналы учета занятий (по годам)", "journal", "year", 5))
        )
        case = self.Case.with_user(self.archivist).create({"nomenclature_item_id": line.id, "year": 2026})
        with self.assertRefused(UserError, "Journal of group T-01"):
            case.with_user(self.archivist).action_close()
        self.assertEqual(case.state, "open")

    def test_close_refused_while_the_learner_is_in_training(self):
        case = self._case_of(self.enrollment)
        before = self._snapshot(case)
        with self.assertRefused(
            UserError, f"{IN_PROGRESS}: Personal file of Иванов Пётр Сергеевич, group T-01"
        ):
            case.with_user(self.archivist).action_close()
        self.assertEqual(self._snapshot(case), before)

    def test_closed_case_keeps_its_content(self):
        case = self._orders_case()
        case.with_user(self.archivist).action_close()
        before = self._snapshot(case)
        for vals in ({"title": "Иное"}, {"note": "Подделка"}, {"carrier": "electronic"}, {"volume": 2}):
            with self.subTest(vals), self.assertRefused(UserError, CLOSED):
                case.with_user(self.archivist).write(vals)
        with self.assertRefused(UserError, "is not open"):
            case.with_user(self.archivist).action_close()
        self.assertEqual(self._snapshot(case), before)
        # Where its paper lies, its sheets and a hold still change.
        case.with_user(self.archivist).write(
            {
                "location_room": "105",
                "location_box": "3",
                "sheet_count": 12,
                "legal_hold": True,
                "legal_hold_reason": "Проверка",
            }
        )
        self.assertEqual((case.location_box, case.sheet_count), ("3", 12))
        # A record signed after its case was closed opens the next volume.
        organize = self.env["dpo.order"].create(
            {"order_type": "organize", "group_id": self.group.id, "date": "2026-03-01"}
        )
        organize.with_user(self.director).action_sign()
        volume = self._case_of(organize)
        self.assertNotEqual(volume, case)
        self.assertEqual(volume.volume, 2)
        self.assertEqual(volume.title, "Приказы по личному составу слушателей 2026 г., т. 2")

    def test_delete_refused_for_a_case_with_records_or_closed(self):
        case = self._orders_case()
        before = self._snapshot(case)
        with self.assertRefused(UserError, "holds 1 records and cannot be deleted"):
            case.with_user(self.archivist).unlink()
        with self.assertRefused(UserError, "holds 1 records"):
            case.with_user(self.archivist).with_context(_force_unlink=True).unlink()
        self.assertEqual(self._snapshot(case), before)
        closed = self._manual_case()
        closed.with_user(self.archivist).action_close()
        with self.assertRefused(UserError, "is closed: it is kept until its period ends"):
            closed.with_user(self.archivist).unlink()
        self.assertTrue(closed.exists())
        empty = self._manual_case()
        empty.with_user(self.archivist).unlink()
        self.assertFalse(empty.exists())

    def test_record_filed_in_a_closed_case_cannot_be_deleted(self):
        work = (
            self.env["dpo.portfolio.item"]
            .with_user(self.teacher)
            .create(
                {
                    "name": "Проект инструкции",
                    "enrollment_id": self.second_enrollment.id,
                    "file": base64.b64encode(b"%PDF-1.4 work").decode(),
                    "file_name": "work.pdf",
                }
            )
        )
        case = self._case_of(work)
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
        self.assertEqual(case.state, "closed")
        with self.assertRefused(UserError, "is filed in the closed archival case"):
            work.with_user(self.specialist).unlink()
        self.assertTrue(work.exists())
        self.assertEqual(self._case_of(work), case)

    def test_impossible_year_refused(self):
        with self.assertRefused(ValidationError, "The year of a case is between"):
            self._manual_case(year=0)
        with self.assertRefused(ValidationError, "The year of a case is between"):
            self._manual_case(year=3026)
