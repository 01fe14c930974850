import base64
import hashlib
import io

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .retention_common import RetentionCase


class ExpiredCasesCase(RetentionCase):
    """Two cases of optional forms (each holding a file) closed in 2027 and, on 2031-02-01,
    expired by the review into the company's draft act of 2031."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cases = cls.env["dpo.archive.case"]
        for number in range(2):
            work = cls.env["ir.attachment"].create({"name": f"Тест {number}.pdf", "raw": b"%PDF-1.4 test"})
            cls.cases |= cls._case("optional_forms", 2026, work, title=f"Тесты {number}")
        Case = cls.env["dpo.archive.case"]
        with freeze_time("2027-01-11"):
            Case._cron_close_cases()
        with freeze_time("2031-02-01"):
            Case._cron_review()
        cls.act = cls.cases.destruction_act_id
        cls.act.write({"agreement_date": "2031-02-01", "agreement_number": "2"})

    def _assert_draft(self, act):
        act.invalidate_recordset()
        self.assertEqual((act.state, act.name, act.signed_by_id.id), ("draft", False, False))

    def _expert_commission(self, date_from, date_to=False):
        order = self.env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": date_from,
                "commission_kind": "expert",
                "commission_chair_id": self.expert_chair.id,
                "commission_secretary_id": self.expert_secretary.id,
                "commission_date_from": date_from,
                "commission_date_to": date_to,
            }
        )
        order.with_user(self.director).action_sign()
        return order.commission_id


@tagged("post_install", "-at_install")
class TestDestructionActRefusals(ExpiredCasesCase):
    """Bad input on destruction acts, each as the real role: refused with a clear message and
    nothing changed."""

    def test_approving_with_a_non_expert_commission_refused(self):
        with self.assertRefused(ValidationError, "is not an expert commission"):
            self.act.with_user(self.archivist).write({"commission_id": self.commission.id})
        self.assertEqual(self.act.commission_id, self.expert)
        # A draft expert commission chosen for the act, then made an attestation commission.
        draft = self.env["dpo.commission"].create(
            {
                "kind": "expert",
                "chair_id": self.expert_chair.id,
                "secretary_id": self.expert_secretary.id,
                "date_from": "2026-01-01",
            }
        )
        self.act.with_user(self.archivist).write({"commission_id": draft.id})
        draft.with_user(self.specialist).write({"kind": "attestation"})
        with self._on("2031-02-02"), self.assertRefused(UserError, "is not an expert commission"):
            self.act.with_user(self.director).action_approve()
        self._assert_draft(self.act)

    def test_approving_with_an_invalid_commission_refused(self):
        draft = self.env["dpo.commission"].create(
            {
                "kind": "expert",
                "chair_id": self.expert_chair.id,
                "secretary_id": self.expert_secretary.id,
                "date_from": "2026-01-01",
            }
        )
        self.act.with_user(self.archivist).write({"commission_id": draft.id})
        with (
            self._on("2031-02-02"),
            self.assertRefused(UserError, "has not been appointed by a signed order"),
        ):
            self.act.with_user(self.director).action_approve()
        self._assert_draft(self.act)
        lapsed = self._expert_commission("2026-02-01", "2027-12-31")
        self.act.with_user(self.archivist).write({"commission_id": lapsed.id})
        with self._on("2031-02-02"), self.assertRefused(UserError, "is not valid on 01.02.2031"):
            self.act.with_user(self.director).action_approve()
        self._assert_draft(self.act)
        self.act.with_user(self.archivist).write({"commission_id": self.expert.id, "agreement_date": False})
        with (
            self._on("2031-02-02"),
            self.assertRefused(UserError, "date of the expert commission's protocol"),
        ):
            self.act.with_user(self.director).action_approve()
        self._assert_draft(self.act)
        with self._on("2031-02-02"):
            self.act.with_user(self.archivist).write({"agreement_date": "2031-03-01"})
            with self.assertRefused(UserError, "not later than today"):
                self.act.with_user(self.director).action_approve()
        self._assert_draft(self.act)

    def test_only_the_director_approves(self):
        for user in (self.archivist, self.head, self.specialist, self.teacher):
            with self._on("2031-02-02"), self.assertRefused(AccessError, "Only the director approves"):
                self.act.with_user(user).action_approve()
            self._assert_draft(self.act)
        with self._on("2031-02-02"):
            self.act.with_user(self.director).action_approve()
        self.assertEqual(
            (self.act.state, self.act.name, self.act.signed_by_id), ("approved", "1/2031", self.director)
        )
        self.assertEqual(self.act.signed_copy_sha256, hashlib.sha256(self.act.signed_copy_id.raw).hexdigest())

    def test_executing_an_unapproved_act_refused(self):
        for user in (self.archivist, self.director):
            with self.assertRefused(UserError, "is not approved"):
                self.act.with_user(user).action_execute()
        self._assert_draft(self.act)
        self.assertEqual(set(self.cases.mapped("state")), {"in_act"})
        self.assertEqual(len(self.cases.entry_ids.filtered(lambda entry: entry.res_id)), 2)
        self.assertFalse(self.cases.entry_ids.destruction_act_id)
        self._approve(self.act, "2031-02-02")
        for user in (self.specialist, self.head, self.teacher):
            with self.assertRefused(AccessError, "archivist or the director executes"):
                self.act.with_user(user).action_execute()
        self.assertEqual(self.act.state, "approved")
        self.assertEqual(set(self.cases.mapped("state")), {"in_act"})

    def test_adding_a_case_not_expired_permanent_or_on_hold_refused(self):
        Case = self.env["dpo.archive.case"]
        permanent = self._case("portfolio", 2026)
        held = self._case("optional_forms", 2026, title="На удержании")
        with self._on("2027-01-11"):
            (permanent | held)._close()
        with self._on("2031-01-20"):  # a case of 2030 is made once 2030 has come
            closed = self._case("optional_forms", 2030, title="Не истек")
            closed._close()
        with self._on("2031-02-01"):
            held._write_retention_state({"retention_until": "2030-12-31"})
            held._expire()
            held.with_user(self.archivist).write({"legal_hold": True, "legal_hold_reason": "Запрос суда"})
        lines = self.act.line_ids
        for case, message in (
            (closed, "is closed: only an expired case"),
            (permanent, "kept permanently"),
            (held, "legal hold"),
        ):
            state = case.state
            with self.subTest(case=case.title):
                with self.assertRefused(UserError, message):
                    self.act.with_user(self.archivist).write(
                        {"line_ids": [Command.create({"case_id": case.id})]}
                    )
                with self.assertRefused(UserError, message):
                    case.with_user(self.archivist).action_add_to_destruction_act()
                case.invalidate_recordset()
                self.assertEqual((case.state, case.destruction_act_id.id), (state, False))
        self.assertEqual(self.act.line_ids, lines)
        self.assertFalse(Case.search([("state", "=", "in_act")]) - self.cases)

    def test_editing_an_approved_act_refused(self):
        self._approve(self.act, "2031-02-02")
        kept = ["date", "commission_id", "agreement_date", "destruction_method", "name", "state"]
        before = self.act.read(kept)
        line = self.act.line_ids[:1]
        other = self._case("optional_forms", 2026, title="Еще одно")
        for user in (self.archivist, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "is approved: it cannot be changed"):
                    self.act.with_user(user).write({"date": "2031-01-15"})
                with self.assertRefused(UserError, "is approved: it cannot be changed"):
                    self.act.with_user(user).write({"destruction_method": "burning"})
                with self.assertRefused(UserError, "is approved: it cannot be changed"):
                    self.act.with_user(user).write({"line_ids": [Command.create({"case_id": other.id})]})
                with self.assertRefused(UserError, "is approved: it cannot be changed"):
                    line.with_user(user).write({"note": "Изменено"})
                with self.assertRefused(UserError, "is approved: it cannot be changed"):
                    line.with_user(user).unlink()
                with self.assertRefused(UserError, "is approved: it cannot be changed"):
                    self.act.with_user(user).write({"state": "done"})
        self.assertEqual(self.act.read(kept), before)
        self.assertEqual(self.act.line_ids.case_id, self.cases)
        self.assertFalse(line.note)
        with self.assertRefused(UserError, "is not copied"):
            self.act.with_user(self.director).copy()

    def test_deleting_any_act_refused(self):
        draft = self._act_of(self.env["dpo.archive.case"], "2031-02-01")
        self._approve(self.act, "2031-02-02")
        for act in (draft, self.act):
            for user in (self.archivist, self.director):
                with self.assertRefused(AccessError, r"\(dpo\.destruction\.act(\.line)?\)"):
                    act.with_user(user).unlink()
            with self.assertRefused(UserError, "never deleted"):
                act.sudo().unlink()
            # Odoo's uninstall key, sent by a client, changes nothing.
            with self.assertRefused(AccessError, r"\(dpo\.destruction\.act(\.line)?\)"):
                act.with_user(self.director).with_context(_force_unlink=True).unlink()
            self.assertTrue(act.exists())

    def test_teachers_and_specialists_touch_no_act(self):
        for user in (self.teacher, self.specialist, self.head):
            with self.subTest(user=user.login):
                with self.assertRefused(AccessError, r"\(dpo\.destruction\.act(\.line)?\)"):
                    self.act.with_user(user).read(["name"])
                with self.assertRefused(AccessError, r"\(dpo\.destruction\.act(\.line)?\)"):
                    self.env["dpo.destruction.act"].with_user(user).create({"date": "2026-11-01"})
                with self.assertRefused(AccessError, r"\(dpo\.destruction\.act(\.line)?\)"):
                    self.act.with_user(user).write({"agreement_number": "5"})
                with self.assertRefused(AccessError, r"\(dpo\.destruction\.act(\.line)?\)"):
                    self.act.line_ids.with_user(user).write({"note": "Подделка"})
        self.assertEqual(self.act.agreement_number, "2")
        self.assertFalse(self.act.line_ids.mapped("note")[0])

    def test_context_keys_unlock_nothing(self):
        lessons = self.group.lesson_ids
        cells = lessons.attendance_ids
        for key in (True, "1", "DESTROYING", "_DESTROYING"):
            with self.subTest(key=key):
                with self.assertRefused(UserError, "closed"):
                    lessons.with_user(self.director).with_context(dpo_destruction=key).unlink()
                with self.assertRefused(UserError, "never deleted"):
                    cells.sudo().with_context(dpo_destruction=key).unlink()
                with self.assertRefused(UserError, "are set by the archive itself"):
                    self.cases.with_user(self.archivist).with_context(dpo_archive_retention=key).write(
                        {"state": "destroyed"}
                    )
                with self.assertRefused(UserError, "set only by its approval"):
                    self.act.with_user(self.archivist).with_context(dpo_signed_document=key).write(
                        {"state": "approved", "name": "99/2031"}
                    )
                with self.assertRefused(AccessError, "Only the director approves"):
                    self.act.with_user(self.archivist).with_context(dpo_signed_document=key).action_approve()
                with self.assertRefused(UserError, "by hand"):
                    self.env["dpo.attestation.extract"].sudo().with_context(
                        dpo_attestation_extract=key
                    ).create({"company_id": self.company.id, "group_id": self.other_group.id})
                with self.assertRefused(UserError, "drawn up by the execution"):
                    self.env["dpo.personal.data.act"].sudo().with_context(dpo_personal_data_act=key).create(
                        {"company_id": self.company.id, "date": "2031-02-01"}
                    )
        self.assertTrue(lessons.exists() and len(cells.exists()) == len(cells))
        self._assert_draft(self.act)
        self.assertEqual(set(self.cases.mapped("state")), {"in_act"})

    def test_client_cannot_write_case_state(self):
        case = self.cases[0]
        for vals in ({"state": "expired"}, {"retention_until": "2099-12-31"}, {"date_closed": "2020-01-01"}):
            with (
                self.subTest(vals=vals),
                self.assertRefused(UserError, "are set by the archive itself"),
            ):
                case.with_user(self.archivist).write(vals)
        with self.assertRefused(UserError, "takes no default value"):
            self.env["dpo.archive.case"].with_user(self.archivist).with_context(
                default_state="destroyed"
            ).create(
                {
                    "nomenclature_item_id": self.items["optional_forms"].id,
                    "title": "Подделка",
                    "year": 2026,
                }
            )
        self.assertEqual((case.state, str(case.retention_until)), ("in_act", "2030-12-31"))

    def test_hold_takes_a_case_out_of_its_draft_act(self):
        case = self.cases[0]
        wizard = (
            self.env["dpo.archive.case.hold"]
            .with_user(self.archivist)
            .create({"case_ids": [Command.set(case.ids)], "reason": "Запрос прокуратуры"})
        )
        wizard.action_hold()
        self.assertEqual(
            (case.state, case.legal_hold, case.legal_hold_reason), ("closed", True, "Запрос прокуратуры")
        )
        self.assertEqual(self.act.line_ids.case_id, self.cases[1])
        with self.assertRefused(UserError, "reason of the legal hold"):
            self.cases[1].with_user(self.archivist)._put_on_hold(" ")
        for user in (self.teacher, self.specialist):
            with self.assertRefused(AccessError, r"\(dpo\.archive\.case\.hold\)"):
                self.env["dpo.archive.case.hold"].with_user(user).create(
                    {"case_ids": [Command.set(self.cases[1].ids)], "reason": "x"}
                ).action_hold()
        self.assertEqual(self.cases[1].state, "in_act")

    def test_review_list_exported_to_excel(self):
        wizard = (
            self.env["dpo.archive.review.export"]
            .with_user(self.archivist)
            .create({"case_ids": [Command.set(self.cases.ids)]})
        )
        action = wizard.action_export()
        self.assertIn("download=true", action["url"])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("№ п/п", "Индекс", "Заголовок дела"))
        self.assertEqual(sorted(row[2] for row in rows[1:]), ["Тесты 0", "Тесты 1"])
        self.assertEqual({row[6] for row in rows[1:]}, {"31.12.2030"})


@tagged("post_install", "-at_install")
class TestDestructionExecution(RetentionCase):
    """The executed act deletes exactly the electronic content of its cases and keeps a
    tombstone of each entry; nothing else changes."""

    def test_execution_deletes_exactly_the_content_of_its_cases(self):
        Case = self.env["dpo.archive.case"]
        # The drafted documents no longer point to the protocol (drafts may be deleted).
        self.drafts.unlink()
        # A correction of a cell of the journal: the ledger survives the journal.
        self.group.with_user(self.head)._reopen_journal("Пропущена отметка")
        self.lessons[:1].attendance_ids[:1].with_user(self.head)._write_with_reason(
            {"presence": "late"}, "Опоздал на 10 минут"
        )
        self.group.with_user(self.head).action_close_journal()
        journal = self._case("journal", 2026, self.group, group=self.group)
        protocol = self._case("protocol", 2026, self.protocol)
        with self._on("2027-01-11"):
            self._run(Case._cron_close_cases)
        with self._on("2033-01-02"):
            self._retention_crons()
        self.assertEqual((journal.state, protocol.state), ("in_act", "in_act"))
        act = self._approve(journal.destruction_act_id, "2033-01-10")
        copy_sha = self.protocol.signed_copy_sha256
        kept_copy = self.protocol.signed_copy_id
        protocol_attachments = self.env["ir.attachment"].search_count(
            [("res_model", "=", "dpo.protocol"), ("res_id", "=", self.protocol.id)]
        )
        self.assertTrue(copy_sha and protocol_attachments)
        other_cells = self.other_lessons.attendance_ids
        before = self._counts()
        with self._on("2033-01-12"):
            act.with_user(self.archivist).action_execute()
        after = self._counts()
        changed = {model: after[model] - before[model] for model in before if after[model] != before[model]}
        expected = {
            "dpo.lesson": -3,
            "dpo.attendance": -6,
            "dpo.journal.check": -1,  # the head's check of the journal
            "dpo.protocol": -1,
            "dpo.protocol.line": -2,
            "dpo.protocol.subject.result": -4,
            # the protocol's kept copy goes; the personal data act's copy comes
            "ir.attachment": 1 - protocol_attachments,
        }
        self.assertEqual(changed, {model: delta for model, delta in expected.items() if delta})
        self.assertTrue(other_cells.exists() and len(other_cells.exists()) == len(other_cells))
        self.assertEqual((journal.state, str(journal.destroyed_date)), ("destroyed", "2033-01-12"))
        self.assertEqual(act.state, "done")
        self.assertEqual(act.executed_by_id, self.archivist)
        # The tombstones: what, how many, the checksums, when, by which act.
        journal_entry, protocol_entry = journal.entry_ids, protocol.entry_ids
        self.assertEqual(
            journal_entry.destroyed_counts, {"dpo.attendance": 6, "dpo.journal.check": 1, "dpo.lesson": 3}
        )
        self.assertEqual(journal_entry.destroyed_record_count, 10)
        self.assertEqual(protocol_entry.destroyed_counts["dpo.protocol"], 1)
        self.assertIn(copy_sha, protocol_entry.destroyed_sha256)
        self.assertFalse(kept_copy.exists())
        self.assertRegex(journal_entry.destroyed_data_sha256, r"^[0-9a-f]{64}$")
        self.assertEqual((journal_entry | protocol_entry).destruction_act_id, act)
        self.assertTrue(journal_entry.destroyed_date)
        self.assertEqual((journal_entry.res_model, journal_entry.res_id), ("dpo.group", self.group.id))
        # The correction ledger survives.
        self.assertTrue(self.env["dpo.correction"].search([("reason", "=", "Опоздал на 10 минут")]))
        # Learners whose records other cases still keep (their statements) are not anonymised.
        pd_act = act.personal_data_act_id
        self.assertEqual(len(pd_act.line_ids), 2)
        self.assertFalse(pd_act.line_ids.filtered("anonymized"))
        self.assertEqual(self.learner.last_name, "Иванов")
        self.assertEqual(str(pd_act.retention_until), "2036-12-31")

    def test_big_act_executed_in_the_background(self):
        Case = self.env["dpo.archive.case"]
        cases = Case
        for number in range(21):
            work = self.env["ir.attachment"].create({"name": f"Работа {number}.pdf", "raw": b"%PDF-1.4 work"})
            cases |= self._case("optional_forms", 2026, work, title=f"Работы {number}")
        with self._on("2027-01-11"):
            self._run(Case._cron_close_cases)
        with self._on("2031-02-01"):
            self._run(Case._cron_review)
        act = self._approve(cases.destruction_act_id, "2031-02-02")
        with self._on("2031-02-03"):
            act.with_user(self.archivist).action_execute()
            self.assertEqual((act.state, act.execution_queued), ("approved", True))
            self.assertEqual(set(cases.mapped("state")), {"in_act"})
            with self.assertRefused(UserError, "already being executed"):
                act.with_user(self.archivist).action_execute()
            runs = self._run(act._cron_execute, batch_records=5)
        self.assertEqual(runs, 5)
        self.assertEqual(set(cases.mapped("state")), {"destroyed"})
        self.assertEqual(
            (act.state, act.execution_queued, str(act.executed_date)), ("done", False, "2031-02-03")
        )

    def test_a_case_still_needed_by_kept_records_is_not_destroyed(self):
        Case = self.env["dpo.archive.case"]
        protocol = self._case("protocol", 2026, self.protocol)
        with self._on("2027-01-11"):
            self._run(Case._cron_close_cases)
        with self._on("2033-01-02"):
            self._retention_crons()
        self.assertEqual(protocol.state, "expired")
        act = self._act_of(Case, "2033-01-03")
        with self.assertRefused(UserError, "is still needed by"):
            protocol.with_user(self.archivist).action_add_to_destruction_act()
        # Put in by hand, the approval finds it.
        act.with_user(self.archivist).write({"line_ids": [Command.create({"case_id": protocol.id})]})
        with self.assertRefused(UserError, "is still needed by"):
            self._approve(act, "2033-01-03")
        self._assert_draft_act(act)
        self.assertTrue(self.protocol.exists())

    def _assert_draft_act(self, act):
        act.invalidate_recordset()
        self.assertEqual((act.state, act.name), ("draft", False))


@tagged("post_install", "-at_install")
class TestDestructionActPrinted(ExpiredCasesCase):
    def test_approved_act_kept_as_real_pdf(self):
        with self._on("2031-02-02"):
            self.act.with_user(self.director).with_context(force_report_rendering=True).action_approve()
        raw = self.act.signed_copy_id.raw
        self.assertTrue(raw.startswith(b"%PDF"), raw[:40])
        self.assertEqual(self.act.signed_copy_sha256, hashlib.sha256(raw).hexdigest())
        text = self._printed_html("dpo_records.action_report_destruction_act", self.act)
        self.assertIn("Итого 2 (два) дела за 2026 год", text)
        self.assertIn("Тесты 0", text)
        self.assertIn("ДМН, не менее 3 л.", text)
