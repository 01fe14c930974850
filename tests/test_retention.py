import hashlib
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .retention_common import RetentionCase


@tagged("post_install", "-at_install")
class TestSeed000Periods(RetentionCase):
    """Seed 000 §3.1–3.4 and §3.2's journal rule, with time moved forward: each case of the
    preset expires exactly when its period has passed, counted from 1 January of the year after
    it was closed; the journal only once its attestation extract is made."""

    def test_seed_000_periods_expire_at_their_years(self):
        Case = self.env["dpo.archive.case"]
        journal = self._case(
            "journal", 2026, self.group, group=self.group, title="Журналы учета занятий 2026 г., группа T-01"
        )
        protocol = self._case("protocol", 2026, self.protocol)
        book = self._case("issuance_book", 2026, self.certificate)
        optional = self._case("optional_forms", 2026)
        permanent = self._case("portfolio", 2026)
        # The group is over: its case closes in 2026; the cases of the year close once 2026 is over.
        with self._on("2026-12-20"):
            self._run(Case._cron_close_cases)
        self.assertEqual((journal.state, str(journal.date_closed)), ("closed", "2026-12-20"))
        self.assertEqual(set((protocol | book | optional | permanent).mapped("state")), {"open"})
        with self._on("2027-01-11"):
            self._run(Case._cron_close_cases)
        self.assertEqual(
            {case: str(case.retention_until) for case in journal | protocol | book | optional},
            {
                journal: "2031-12-31",  # 5 years
                protocol: "2032-12-31",  # 5 years
                book: "2077-12-31",  # 50 years
                optional: "2030-12-31",  # until no longer needed, at least 3 years
            },
        )
        self.assertFalse(permanent.retention_until)

        def expires(case, last_day, first_day):
            with self._on(last_day):
                self._retention_crons()
            self.assertEqual(case.state, "closed", f"{case.title} expired on {last_day}")
            with self._on(first_day):
                self._retention_crons()
            self.assertEqual(case.state, "in_act", f"{case.title} not in an act on {first_day}")
            self.assertEqual(str(case.expired_date), first_day)
            self.assertEqual(case.destruction_act_id.state, "draft")
            self.assertEqual(case.destruction_act_id.year, int(first_day[:4]))

        expires(optional, "2030-12-31", "2031-01-01")

        # The journal: on its first day past the period the review alone does not expire it; the
        # journal rule takes the attestation pages out first, into the yearly extract case.
        with self._on("2031-12-31"):
            self._retention_crons()
        self.assertEqual(journal.state, "closed")
        self.assertFalse(self.env["dpo.attestation.extract"].search([("group_id", "=", self.group.id)]))
        with self._on("2032-01-01"):
            self._run(Case._cron_review)
            self.assertEqual(journal.state, "closed")
            self._run(Case._cron_journal_rule)
            extract = self.env["dpo.attestation.extract"].search([("group_id", "=", self.group.id)])
            self.assertEqual(len(extract), 1)
            self.assertTrue(journal.attestation_extract_done)
            self._run(Case._cron_review)
            self.assertEqual(journal.state, "in_act")
        # Every intermediate and final result of the group is kept as a structured record.
        self.assertEqual(
            sorted((line.learner_name, line.source, line.kind) for line in extract.line_ids),
            sorted(
                [
                    (learner, "statement", "intermediate")
                    for learner in ("Иванов Пётр Сергеевич", "Петрова Мария")
                ]
                * 2
                + [(learner, "protocol", "final") for learner in ("Иванов Пётр Сергеевич", "Петрова Мария")]
                + [
                    (learner, "journal", "intermediate")
                    for learner in ("Иванов Пётр Сергеевич", "Петрова Мария")
                ]
            ),
        )
        final = extract.line_ids.filtered(lambda line: line.source == "protocol")
        self.assertEqual(
            sorted((line.final_result, line.result) for line in final), [("failed", "2"), ("passed", "5")]
        )
        # The printed extract is kept with its SHA-256.
        self.assertEqual(extract.report_sha256, hashlib.sha256(extract.report_attachment_id.raw).hexdigest())
        # It joined the yearly attestation extract case (of 2026), which closes for 25 years.
        extract_case = Case.search([("nomenclature_item_id", "=", self.items["attestation_extract"].id)])
        self.assertEqual((len(extract_case), extract_case.year), (1, 2026))
        self.assertEqual(extract_case.entry_ids.mapped("res_id"), extract.ids)
        with self._on("2032-01-02"):
            self._run(Case._cron_close_cases)
        self.assertEqual(str(extract_case.retention_until), "2057-12-31")

        # The protocol expires after its five years; it stays out of the act while the issued
        # documents' book, kept 50 years, still points to it.
        with self._on("2032-12-31"):
            self._retention_crons()
        self.assertEqual(protocol.state, "closed")
        with self._on("2033-01-01"):
            self._retention_crons()
        self.assertEqual(protocol.state, "expired")
        self.assertTrue(
            protocol.message_ids.filtered(lambda message: "is still needed by" in (message.body or "")),
            "the note saying why the protocol stays out of the act",
        )

        expires(extract_case, "2057-12-31", "2058-01-01")
        expires(book, "2077-12-31", "2078-01-01")
        # A permanent case never expires.
        self.assertEqual(permanent.state, "closed")

    def test_review_puts_cases_in_the_draft_act_of_the_year_with_a_todo(self):
        Case = self.env["dpo.archive.case"]
        cases = self._case("optional_forms", 2026) | self._case("optional_forms", 2026, title="Тесты 2026")
        with self._on("2027-01-11"):
            self._run(Case._cron_close_cases)
        with self._on("2031-02-01"):
            self._run(Case._cron_review)
            self._run(Case._cron_review)  # again: nothing twice
        act = cases.destruction_act_id
        self.assertEqual(len(act), 1)
        self.assertEqual((act.state, act.year, act.company_id), ("draft", 2031, self.company))
        self.assertEqual(act.line_ids.case_id, cases)
        self.assertEqual(act.commission_id, self.expert)
        todo = act.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertTrue(todo.user_id.has_group("dpo_records.group_dpo_archivist"))

    def test_legal_hold_blocks_expiry(self):
        Case = self.env["dpo.archive.case"]
        held = self._case("optional_forms", 2026)
        with self._on("2027-01-11"):
            self._run(Case._cron_close_cases)
        held.with_user(self.archivist).write({"legal_hold": True, "legal_hold_reason": "Судебный спор"})
        with self._on("2035-01-01"):
            self._retention_crons()
        self.assertEqual((held.state, held.destruction_act_id.id), ("closed", False))


@tagged("post_install", "-at_install")
class TestCronResume(RetentionCase):
    """A scheduled action killed after its first batch (an exception in its second batch) and
    run again ends exactly as an uninterrupted run: nothing lost, nothing done twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cases = cls.env["dpo.archive.case"]
        for number in range(5):
            work = cls.env["ir.attachment"].create({"name": f"Тест {number}.pdf", "raw": b"%PDF-1.4 test"})
            cls.cases |= cls._case("optional_forms", 2026, work, title=f"Необязательные формы {number}")
        with freeze_time("2027-01-11"):
            cls.env["dpo.archive.case"]._cron_close_cases()

    def _final_state(self):
        self.env.invalidate_all()
        act = self.cases.destruction_act_id
        return {
            "states": sorted(self.cases.mapped("state")),
            "acts": len(act),
            "lines": sorted(act.line_ids.case_id.ids),
            "todos": len(act.activity_ids),
        }

    def test_review_killed_on_its_second_batch_resumes(self):
        Case = self.env["dpo.archive.case"]
        with self._on("2031-02-01"), self.env.cr.savepoint() as savepoint:
            self._run(Case._cron_review, batch_size=2)
            uninterrupted = self._final_state()
            savepoint.rollback()
        self.assertEqual(uninterrupted["states"], ["in_act"] * 5)
        Act = type(self.env["dpo.destruction.act"])
        original = Act._add_cases
        calls = []

        def killed_on_second_batch(act, cases, skip_needed=False):
            calls.append(cases)
            if len(calls) == 2:
                raise RuntimeError("the server was killed")
            return original(act, cases, skip_needed=skip_needed)

        with self._on("2031-02-01"):
            with patch.object(Act, "_add_cases", killed_on_second_batch):
                with self.env.cr.savepoint():
                    self.assertEqual(Case._cron_review(batch_size=2), 3)
                with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                    Case._cron_review(batch_size=2)
            self.env.invalidate_all()
            self.assertEqual(sorted(self.cases.mapped("state")), ["closed"] * 3 + ["in_act"] * 2)
            self._run(Case._cron_review, batch_size=2)
        self.assertEqual(self._final_state(), uninterrupted)

    def test_execution_killed_on_its_second_batch_resumes(self):
        from odoo.addons.dpo_records.models import dpo_destruction_content

        Case = self.env["dpo.archive.case"]
        with self._on("2031-02-01"):
            self._run(Case._cron_review)
        act = self._approve(self.cases.destruction_act_id, "2031-02-02")
        act.with_user(self.archivist)._write_signing(
            {"execution_queued": True, "executed_by_id": self.archivist.id}
        )
        with self._on("2031-02-03"), self.env.cr.savepoint() as savepoint:
            runs = self._run(act._cron_execute, batch_records=1)
            uninterrupted = (sorted(self.cases.mapped("state")), act.state, len(act.line_ids))
            savepoint.rollback()
        self.env.invalidate_all()
        self.assertEqual(uninterrupted, (["destroyed"] * 5, "done", 5))
        self.assertGreater(runs, 1)
        original = dpo_destruction_content.delete_content
        calls = []

        def killed_on_second_batch(env, content):
            calls.append(content)
            if len(calls) == 2:
                raise RuntimeError("the server was killed")
            return original(env, content)

        # One case per run: batches of a single record.
        with self._on("2031-02-03"):
            with patch.object(dpo_destruction_content, "delete_content", killed_on_second_batch):
                with self.env.cr.savepoint():
                    act._execute_batch(batch_records=1)
                with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                    act._execute_batch(batch_records=1)
            self.env.invalidate_all()
            self.assertEqual(sorted(self.cases.mapped("state")), ["destroyed"] + ["in_act"] * 4)
            self._run(act._cron_execute, batch_records=1)
        self.assertEqual((sorted(self.cases.mapped("state")), act.state, len(act.line_ids)), uninterrupted)


@tagged("post_install", "-at_install")
class TestJournalDestroyedOnlyByAct(RetentionCase):
    """Seed 000 §3.2 and §3.7, 001 §3.5, 003 §3.3 end to end: the journal's attestation pages
    survive as a 25-year extract; the journal itself is destroyed only through an act agreed by
    the expert commission appointed by an order and approved by the director; both acts print."""

    def test_whole_life_cycle(self):
        Case = self.env["dpo.archive.case"]
        journal = self._case("journal", 2026, self.group, group=self.group)
        with self._on("2026-12-20"):
            self._run(Case._cron_close_cases)
        with self._on("2032-01-01"):
            self._retention_crons()
        self.assertEqual(journal.state, "in_act")
        # Expired and in an act, the journal is still not deleted by any other path.
        lessons = self.group.lesson_ids
        for user in (self.head, self.director):
            with self.assertRefused(UserError, "closed"):
                lessons.with_user(user).unlink()
        with self.assertRefused(UserError, "never deleted"):
            lessons.attendance_ids.sudo().unlink()
        self.assertTrue(lessons.exists())
        extract = self.env["dpo.attestation.extract"].search([("group_id", "=", self.group.id)])
        kept_results = extract.line_ids.read(["learner_name", "kind", "result", "final_result"])

        act = journal.destruction_act_id
        with self._on("2032-01-20"):
            act.with_user(self.archivist).write(
                {"agreement_date": "2032-01-20", "agreement_number": "1", "destruction_method": "shredding"}
            )
            act.with_user(self.director).action_approve()
            self.assertEqual((act.state, act.name), ("approved", "1/2032"))
            act.with_user(self.archivist).action_execute()
        self.assertEqual(act.state, "done")
        self.assertEqual(str(act.executed_date), "2032-01-20")
        self.assertEqual((journal.state, journal.destruction_method), ("destroyed", "Shredding"))
        self.assertFalse(lessons.exists())
        self.assertTrue(self.group.exists())
        # The attestation pages survive as the extract, untouched.
        extract.invalidate_recordset()
        self.assertEqual(
            extract.line_ids.read(["learner_name", "kind", "result", "final_result"]), kept_results
        )

        text = self._printed_html("dpo_records.action_report_destruction_act", act)
        for words in (
            "УТВЕРЖДАЮ",
            "АКТ № 1/2032",
            "о выделении к уничтожению документов, не подлежащих хранению",
            "Заголовок дела",
            "Крайние даты",
            "Индекс дела по номенклатуре",
            "Количество дел",
            "Срок хранения и № статьи по перечню",
            "Итого 1 (одно) дело за 2026 год",
            f"Председатель комиссии ______________ / {self.expert_chair.name} /",
            f"Член комиссии ______________ / {self.expert_member.name} /",
            f"Секретарь комиссии ______________ / {self.expert_secretary.name} /",
            "СОГЛАСОВАНО",
            "Протокол экспертной комиссии от",
            "20.01.2032",
            self.director.name,
        ):
            self.assertIn(words, text)

        pd_act = act.personal_data_act_id
        self.assertEqual(pd_act.state, "done")
        self.assertEqual(
            sorted(pd_act.line_ids.mapped("subject_name")), ["Иванов Пётр Сергеевич", "Петрова Мария"]
        )
        text = self._printed_html("dpo_records.action_report_personal_data_act", pd_act)
        for words in (
            "об уничтожении персональных данных",
            f"Оператор: {self.company.name}",
            "Информационная система персональных данных",
            "Выгрузка из журнала регистрации событий",
            "Иванов Пётр Сергеевич",
            "сведения о посещаемости занятий",
        ):
            self.assertIn(words, text)


@tagged("post_install", "-at_install")
class TestRetentionAccess(RetentionCase):
    def test_teacher_and_specialist_run_no_review(self):
        cases = self._case("optional_forms", 2026)
        for user in (self.teacher, self.specialist):
            with self.assertRefused(AccessError, "archivist"):
                cases.with_user(user).action_add_to_destruction_act()
            with self.assertRefused(AccessError, "archivist"):
                cases.with_user(user)._check_archivist()
