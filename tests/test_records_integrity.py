from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestRecordsIntegrity(DpoCase):
    """Issue 9, items 2-6: who writes which field of statements, protocol lines, enrolments,
    commissions and journal checks, tried as the real roles through the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date="2026-03-02")
        cls.other_enrollment._change_state("enrolled", date="2026-04-06")
        cls.subject_credit, cls.subject_exam = cls.program.subject_ids
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        # Appointed by a signed order for group T-01 (see DpoCase._appoint_commission).
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        cls.sheet = cls.env["dpo.attestation.sheet"].create(
            {
                "group_id": cls.group.id,
                "subject_id": cls.subject_credit.id,
                "date": "2026-03-06",
                "form": "credit",
                "examiner_ids": [Command.set(cls.teacher.ids)],
            }
        )
        cls.line = cls.sheet.line_ids.filtered(lambda line: line.enrollment_id == cls.enrollment)

    def _sheet_header(self, sheet):
        sheet.invalidate_recordset()
        return (sheet.subject_id, sheet.examiner_ids, str(sheet.date), sheet.group_id, sheet.kind, sheet.form)

    def _ledger(self, records):
        return self.env["dpo.correction"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )

    # 1. Statements: the examiner writes the results only

    def test_examiner_cannot_rewrite_statement_header(self):
        before = self._sheet_header(self.sheet)
        sheet = self.sheet.with_user(self.teacher)
        for vals in (
            {"subject_id": self.subject_exam.id},
            {"examiner_ids": [Command.set(self.teacher_other.ids)]},
            {"date": "2026-03-01"},
            {"group_id": self.other_group.id},
            {"kind": "final"},
            {"form": "exam"},
            {"commission_id": self.commission.id},
        ):
            with (
                self.subTest(vals=list(vals)),
                self.assertRefused(AccessError, "A teacher fills in only the results of a statement"),
            ):
                sheet.write(vals)
        self.assertEqual(self._sheet_header(self.sheet), before)
        self.assertFalse(self.sheet.commission_id)

    def test_examiner_cannot_rewrite_header_through_lines(self):
        before = self._sheet_header(self.sheet)
        line = self.line.with_user(self.teacher)
        # Related fields of a line would write through to the statement: not a result, refused to
        # a teacher (and to everyone by models/base.py, see below).
        for vals in (
            {"subject_id": self.subject_exam.id},
            {"group_id": self.other_group.id},
            {"kind": "final"},
        ):
            with (
                self.subTest(vals=list(vals)),
                self.assertRefused(AccessError, "A teacher fills in only the results of a statement"),
            ):
                line.write(vals)
        # One2many commands from the statement: no new, removed or replaced learners.
        sheet = self.sheet.with_user(self.teacher)
        for command in (
            Command.create({"enrollment_id": self.enrollment.id}),
            Command.delete(self.line.id),
            Command.unlink(self.line.id),
            Command.set([]),
        ):
            with (
                self.subTest(command=command[0]),
                self.assertRefused(AccessError, "cannot add learners to a statement or remove them"),
            ):
                sheet.write({"line_ids": [command]})
        self.assertEqual(self._sheet_header(self.sheet), before)
        self.assertEqual(self.sheet.line_ids.enrollment_id, self.enrollments)

    def test_examiner_writes_results_and_nothing_else_of_a_line(self):
        sheet = self.sheet.with_user(self.teacher)
        sheet.write(
            {"line_ids": [Command.update(self.line.id, {"result": "pass", "score": 88, "note": "устно"})]}
        )
        self.assertEqual((self.line.result, self.line.score, self.line.note), ("pass", 88, "устно"))
        other_sheet = self.env["dpo.attestation.sheet"].create(
            {"group_id": self.group.id, "subject_id": self.subject_exam.id, "form": "exam"}
        )
        for vals in ({"sheet_id": other_sheet.id}, {"enrollment_id": self.second_enrollment.id}):
            with self.subTest(vals=list(vals)), self.assertRefused(UserError, "A line keeps its learner"):
                self.line.with_user(self.teacher).write(vals)
        with self.assertRefused(AccessError, "A teacher fills in only the results.*not «Created by»"):
            self.line.with_user(self.teacher).write({"create_uid": self.teacher.id, "result": "fail"})
        self.line.invalidate_recordset()
        self.assertEqual((self.line.sheet_id, self.line.enrollment_id), (self.sheet, self.enrollment))
        self.assertEqual(self.line.result, "pass")

    def test_specialist_still_prepares_the_statement(self):
        self.sheet.with_user(self.specialist).write(
            {"date": "2026-03-07", "examiner_ids": [Command.set((self.teacher | self.teacher_other).ids)]}
        )
        self.assertEqual(str(self.sheet.date), "2026-03-07")
        self.assertEqual(self.sheet.examiner_ids, self.teacher | self.teacher_other)
        self.assertTrue(self.sheet.with_user(self.specialist).header_editable)
        self.assertFalse(self.sheet.with_user(self.teacher).header_editable)

    # 2. Stored flags are computed, never written

    def test_examiner_cannot_write_passed_flag(self):
        self.line.with_user(self.teacher).write({"result": "fail"})
        with self.assertRefused(AccessError, "A teacher fills in only the results.*not «Passed»"):
            self.line.with_user(self.teacher).write({"passed": True})
        self.line.invalidate_recordset()
        self.assertFalse(self.line.passed)
        self.assertEqual(self.line.result, "fail")

    def test_computed_and_related_line_fields_refused_for_everyone(self):
        line = self.line.with_user(self.specialist)
        learner_name = self.learner.name
        for vals in (
            {"passed": True},
            {"learner_name": "Подделкин Иван"},
            {"kind": "final"},
            {"subject_id": self.subject_exam.id},
            {"group_id": self.other_group.id},
            {"company_id": self.env["res.company"].create({"name": "Другой центр"}).id},
            {"sheet_state": "signed"},
        ):
            for user in (self.specialist, self.director):
                with (
                    self.subTest(vals=list(vals), user=user.login),
                    self.assertRefused(UserError, "cannot be written: computed"),
                ):
                    line.with_user(user).write(vals)
        self.line.invalidate_recordset()
        self.learner.invalidate_recordset()
        self.assertFalse(self.line.passed)
        self.assertEqual(self.learner.name, learner_name)
        self.assertEqual(self._sheet_header(self.sheet)[0], self.subject_credit)
        self.assertEqual(self.sheet.state, "draft")
        self.assertEqual(self.group.company_id, self.company)

    def test_line_created_with_forged_flag_refused(self):
        sheet = self.env["dpo.attestation.sheet"].create(
            {"group_id": self.group.id, "subject_id": self.subject_exam.id, "form": "exam"}
        )
        sheet.line_ids.unlink()
        with self.assertRefused(UserError, "«Passed» cannot be written"):
            self.env["dpo.attestation.sheet.line"].with_user(self.specialist).create(
                {"sheet_id": sheet.id, "enrollment_id": self.enrollment.id, "result": "2", "passed": True}
            )
        self.assertFalse(sheet.line_ids)

    def test_line_keeps_its_learner_and_document(self):
        signed = self.env["dpo.attestation.sheet"].create(
            {"group_id": self.group.id, "subject_id": self.subject_exam.id, "form": "exam"}
        )
        signed.line_ids.write({"result": "5"})
        signed.action_sign()
        with self.assertRefused(UserError, "A line keeps its learner and its document"):
            self.line.with_user(self.specialist).write({"enrollment_id": self.second_enrollment.id})
        with self.assertRefused(UserError, "A line keeps its learner and its document"):
            self.line.with_user(self.specialist).write({"sheet_id": signed.id})
        self.assertEqual((self.line.sheet_id, self.line.enrollment_id), (self.sheet, self.enrollment))
        self.assertEqual(len(signed.line_ids), 2)

    # 3. Admission override: only the head, with a reason, through the wizard

    def _protocol_with_failed_learner(self):
        """A draft protocol where Петрова failed the intermediate attestation of the exam subject."""
        self._signed_sheet(
            self.subject_credit, {self.enrollment: "pass", self.second_enrollment: "pass"}, "2026-03-10"
        )
        self._signed_sheet(
            self.subject_exam, {self.enrollment: "pass", self.second_enrollment: "fail"}, "2026-03-11"
        )
        protocol = self.env["dpo.protocol"].create(
            {"group_id": self.group.id, "commission_id": self.commission.id, "date": "2026-03-13"}
        )
        line = protocol.line_ids.filtered(lambda line: line.enrollment_id == self.second_enrollment)
        self.assertFalse(line.admitted)
        return protocol, line

    def test_specialist_cannot_admit_by_writing_the_flag(self):
        protocol, line = self._protocol_with_failed_learner()
        for user in (self.specialist, self.head, self.director):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "Only the head of department admits a learner"),
            ):
                line.with_user(user).write({"admission_override": True, "result": "passed", "grade": "5"})
        line.invalidate_recordset()
        self.assertFalse(line.admission_override)
        self.assertFalse(line.result)
        self.assertFalse(self._ledger(line))
        # Nor through the protocol's one2many, nor on a new line.
        with self.assertRefused(UserError, "Only the head of department admits a learner"):
            protocol.with_user(self.specialist).write(
                {"line_ids": [Command.update(line.id, {"admission_override": True})]}
            )
        line.unlink()
        with self.assertRefused(UserError, "Only the head of department admits a learner"):
            self.env["dpo.protocol.line"].with_user(self.specialist).create(
                {
                    "protocol_id": protocol.id,
                    "enrollment_id": self.second_enrollment.id,
                    "admission_override": True,
                }
            )
        self.assertEqual(protocol.line_ids.enrollment_id, self.enrollment)
        # The learner who failed cannot pass: the protocol does not sign.
        protocol.action_fill_lines()
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        with self.assertRefused(UserError, "Петрова Мария is not admitted"):
            protocol.with_user(self.specialist).action_sign()
        self.assertFalse(self.second_enrollment.final_result)

    def test_head_admits_through_the_wizard_with_a_reason(self):
        protocol, line = self._protocol_with_failed_learner()
        Admit = self.env["dpo.protocol.line.admit"]
        with self.assertRaises(AccessError):
            Admit.with_user(self.specialist).with_context(active_model=line._name, active_id=line.id).create(
                {}
            )
        wizard = (
            Admit.with_user(self.head)
            .with_context(active_model=line._name, active_id=line.id)
            .create({"reason": "Пересдача разрешена приказом № 5"})
        )
        self.assertEqual(wizard.learner_name, "Петрова Мария")
        self.assertIn(self.subject_exam.name, wizard.admission_note)
        wizard.action_admit()
        self.assertTrue(line.admission_override)
        ledger = self._ledger(line)
        self.assertEqual(
            (ledger.field_name, ledger.reason, ledger.user_id),
            ("admission_override", "Пересдача разрешена приказом № 5", self.head),
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.with_user(self.specialist).action_sign()
        self.assertEqual(self.second_enrollment.final_result, "passed")

    def test_admission_wizard_with_empty_reason_refused(self):
        _protocol, line = self._protocol_with_failed_learner()
        Admit = self.env["dpo.protocol.line.admit"].with_user(self.head)
        for reason in (False, "", "   "):
            wizard = Admit.create({"line_id": line.id, "reason": reason})
            with self.subTest(reason=reason), self.assertRefused(UserError, "A reason is required"):
                wizard.action_admit()
        line.invalidate_recordset()
        self.assertFalse(line.admission_override)
        self.assertFalse(self._ledger(line))

    def test_admission_wizard_refuses_a_line_the_user_cannot_see(self):
        other = self.env["res.company"].create({"name": "Другой центр"})
        program = self.program.copy({"company_id": other.id})
        group = self.env["dpo.group"].create(
            {
                "name": "B-01",
                "program_id": program.id,
                "company_id": other.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-13",
            }
        )
        learner = self.env["dpo.learner"].create(
            {"last_name": "Орлов", "first_name": "Иван", "company_id": other.id}
        )
        enrollment = self.env["dpo.enrollment"].create({"learner_id": learner.id, "group_id": group.id})
        enrollment._change_state("enrolled")
        commission = self.env["dpo.commission"].create(
            {"chair_id": self.chair.id, "secretary_id": self.secretary.id, "company_id": other.id}
        )
        protocol = self.env["dpo.protocol"].create({"group_id": group.id, "commission_id": commission.id})
        with self.assertRaises(AccessError):
            self.env["dpo.protocol.line.admit"].with_user(self.head).create(
                {"line_id": protocol.line_ids.id, "reason": "любопытство"}
            )

    # 4. Enrolments: status, dates, reason and orders only by signed orders and protocols

    def test_specialist_cannot_create_a_completed_enrolment(self):
        learner = self.env["dpo.learner"].create({"last_name": "Зуев", "first_name": "Лев"})
        Enrollment = self.env["dpo.enrollment"].with_user(self.specialist)
        for vals in (
            {"state": "completed"},
            {"state": "enrolled"},
            {"date_enrolled": "2026-03-02"},
            {"date_exit": "2026-03-13"},
            {"exit_reason": "Окончание обучения"},
            {"enroll_order_id": self.commission.order_id.id},
        ):
            with self.subTest(vals=list(vals)), self.assertRefused(UserError, "change only when an order"):
                Enrollment.create({"learner_id": learner.id, "group_id": self.group.id, **vals})
        with self.assertRefused(UserError, "set only by a signed final attestation protocol"):
            Enrollment.create({"learner_id": learner.id, "group_id": self.group.id, "final_result": "passed"})
        with self.assertRefused(UserError, "change only when an order"):
            self.group.with_user(self.specialist).write(
                {
                    "enrollment_ids": [
                        Command.create(
                            {"learner_id": learner.id, "state": "completed", "final_result": "passed"}
                        )
                    ]
                }
            )
        self.assertFalse(learner.enrollment_ids)
        # A draft with the empty defaults the client may send is fine.
        draft = Enrollment.create(
            {"learner_id": learner.id, "group_id": self.group.id, "state": "draft", "date_exit": False}
        )
        self.assertEqual(draft.state, "draft")

    def test_specialist_cannot_rewrite_dates_and_reason(self):
        self.second_enrollment._change_state("expelled", date="2026-03-05", reason="Собственное желание")
        for enrollment, vals in (
            (self.enrollment, {"date_enrolled": "2026-02-01"}),
            (self.second_enrollment, {"date_exit": "2026-03-13"}),
            (self.second_enrollment, {"exit_reason": "Окончание обучения"}),
            (self.second_enrollment, {"exit_order_id": False}),
        ):
            for user in (self.specialist, self.director):
                with (
                    self.subTest(vals=list(vals), user=user.login),
                    self.assertRefused(UserError, "change only when an order"),
                ):
                    enrollment.with_user(user).write(vals)
        with self.assertRefused(UserError, "change only when an order"):
            self.group.with_user(self.specialist).write(
                {"enrollment_ids": [Command.update(self.enrollment.id, {"date_enrolled": "2026-02-01"})]}
            )
        self.enrollments.invalidate_recordset()
        self.assertEqual(str(self.enrollment.date_enrolled), "2026-03-02")
        self.assertEqual(str(self.second_enrollment.date_exit), "2026-03-05")
        self.assertEqual(self.second_enrollment.exit_reason, "Собственное желание")

    def test_copy_of_an_enrolment_is_a_draft(self):
        with self.assertRefused(UserError, "change only when an order"):
            self.enrollment.with_user(self.specialist).copy(
                {"group_id": self.other_group.id, "state": "completed"}
            )
        copy = self.enrollment.with_user(self.specialist).copy({"group_id": self.other_group.id})
        self.assertEqual(
            (
                copy.state,
                copy.date_enrolled,
                copy.date_exit,
                copy.exit_reason,
                copy.final_result,
                copy.enroll_order_id,
            ),
            ("draft", False, False, False, False, self.env["dpo.order"]),
        )

    # 5. Commissions: the group is part of the composition set by the order

    def test_appointed_commission_group_and_company_locked(self):
        other = self.env["res.company"].create({"name": "Другой центр"})
        for vals in ({"group_id": self.other_group.id}, {"group_id": False}, {"company_id": other.id}):
            for user in (self.specialist, self.director):
                with (
                    self.subTest(vals=vals, user=user.login),
                    self.assertRefused(UserError, "changes only by a new signed order"),
                ):
                    self.commission.with_user(user).write(vals)
        self.commission.invalidate_recordset()
        self.assertEqual((self.commission.group_id, self.commission.company_id), (self.group, self.company))

    def test_commission_of_one_group_refused_for_another(self):
        with self.assertRefused(ValidationError, "is appointed for group T-01 and cannot examine group T-02"):
            self.env["dpo.protocol"].with_user(self.specialist).create(
                {"group_id": self.other_group.id, "commission_id": self.commission.id, "date": "2026-04-17"}
            )
        with self.assertRefused(ValidationError, "is appointed for group T-01 and cannot examine group T-02"):
            self.env["dpo.attestation.sheet"].with_user(self.specialist).create(
                {"group_id": self.other_group.id, "kind": "final", "commission_id": self.commission.id}
            )
        protocol = self.env["dpo.protocol"].create(
            {"group_id": self.group.id, "commission_id": self.commission.id}
        )
        with self.assertRefused(ValidationError, "cannot examine group T-02"):
            protocol.with_user(self.specialist).write({"group_id": self.other_group.id})
        with self.assertRefused(ValidationError, "cannot examine group T-02"):
            self.sheet.with_user(self.specialist).write(
                {
                    "kind": "final",
                    "group_id": self.other_group.id,
                    "subject_id": False,
                    "commission_id": self.commission.id,
                }
            )
        self.assertEqual(
            self.env["dpo.protocol"].search([("commission_id", "=", self.commission.id)]), protocol
        )
        self.assertEqual((protocol.group_id, self.sheet.group_id), (self.group, self.group))
        self.assertFalse(self.sheet.commission_id)
        # A draft commission chosen for T-01 is not moved to T-02 behind the protocol's back.
        draft = self.env["dpo.commission"].create(
            {"chair_id": self.chair.id, "secretary_id": self.secretary.id, "group_id": self.group.id}
        )
        protocol.commission_id = draft
        with self.assertRefused(ValidationError, "already examines group T-01"):
            draft.with_user(self.specialist).write({"group_id": self.other_group.id})
        self.assertEqual(draft.group_id, self.group)

    # 6. Journal checks: in the name of who records them, immutable

    def test_check_recorded_in_the_name_of_another_refused(self):
        Check = self.env["dpo.journal.check"]
        with self.assertRefused(AccessError, "recorded in the name of who makes it"):
            Check.with_user(self.head).create({"group_id": self.group.id, "checker_id": self.director.id})
        self.assertFalse(Check.search([("group_id", "=", self.group.id)]))
        check = Check.with_user(self.head).create({"group_id": self.group.id, "checker_id": self.head.id})
        self.assertEqual(check.checker_id, self.head)

    def test_check_cannot_be_changed_or_deleted(self):
        check = (
            self.env["dpo.journal.check"]
            .with_user(self.head)
            .create(
                {"group_id": self.group.id, "date": "2026-03-06", "result": "remarks", "remarks": "Нет тем"}
            )
        )
        for vals in (
            {"checker_id": self.director.id},
            {"date": "2026-03-01"},
            {"result": "ok"},
            {"remarks": "Замечаний нет"},
        ):
            for user in (self.head, self.director):
                with (
                    self.subTest(vals=list(vals), user=user.login),
                    self.assertRefused(UserError, "cannot be changed once recorded"),
                ):
                    check.with_user(user).write(vals)
        for user in (self.head, self.director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                check.with_user(user).unlink()
        # Nor by an action of ours running with sudo().
        with self.assertRefused(UserError, "cannot be deleted"):
            check.with_user(self.head).sudo().unlink()
        check.invalidate_recordset()
        self.assertEqual(
            (check.checker_id, str(check.date), check.result, check.remarks),
            (self.head, "2026-03-06", "remarks", "Нет тем"),
        )
