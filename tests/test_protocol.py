from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

# Signing a protocol once the caches are warm, as on a running server: measured 36 queries for
# 30 learners and 37 for 150 (one more batch of a bigger insert), whatever the number of learners,
# and 45 once it files itself into its archival case (the demo's nomenclature has a line for
# protocols; see test_archive_filing.py). The documents hook nothing into signing (they are drafted
# afterwards, «Draft Documents»). The first signing of a process costs about 26 more: it loads the
# report's views and the like.
PROTOCOL_SIGN_QUERIES = 46


@tagged("post_install", "-at_install")
class TestProtocol(DpoCase):
    """Final attestation protocols; the commission comes from a signed commission order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date="2026-03-02")
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        for subject in cls.program.subject_ids:
            cls._signed_sheet(subject, {cls.enrollment: "pass", cls.second_enrollment: "pass"}, "2026-03-10")

    def _protocol(self, **vals):
        return self.env["dpo.protocol"].create(
            {
                "group_id": self.group.id,
                "commission_id": self.commission.id,
                "date": "2026-03-13",
                "final_form": "exam",
                **vals,
            }
        )

    def test_lines_and_admission(self):
        protocol = self._protocol()
        self.assertEqual(protocol.line_ids.enrollment_id, self.enrollments)
        self.assertTrue(all(protocol.line_ids.mapped("admitted")))

    def test_learner_with_failed_intermediate_not_admitted(self):
        third = self.env["dpo.learner"].create({"last_name": "Зуев", "first_name": "Лев"})
        late = self.env["dpo.enrollment"].create({"learner_id": third.id, "group_id": self.group.id})
        late._change_state("enrolled")
        first_subject = self.program.subject_ids[0]
        self._signed_sheet(
            first_subject,
            {late: "fail", self.enrollment: "pass", self.second_enrollment: "pass"},
            "2026-03-10",
        )
        protocol = self._protocol()
        line = protocol.line_ids.filtered(lambda line: line.enrollment_id == late)
        self.assertFalse(line.admitted)
        self.assertIn(first_subject.name, line.admission_note)
        self.assertIn(self.program.subject_ids[1].name, line.admission_note)
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        with self.assertRefused(UserError, "Зуев Лев is not admitted to the final attestation"):
            protocol.with_user(self.specialist).action_sign()
        self.assertEqual(protocol.state, "draft")
        self.assertFalse(self.enrollment.final_result)
        # The head admits the learner, with a reason kept in the ledger.
        with self.assertRefused(AccessError, "Only the head"):
            line.with_user(self.specialist).action_override_admission("Пересдача по приказу")
        with self.assertRefused(UserError, "A reason is required"):
            line.with_user(self.head).action_override_admission(" ")
        line.with_user(self.head).action_override_admission("Пересдача разрешена приказом № 5")
        correction = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.protocol.line"), ("res_id", "=", line.id)]
        )
        self.assertEqual(correction.reason, "Пересдача разрешена приказом № 5")
        protocol.with_user(self.specialist).action_sign()
        self.assertEqual(late.final_result, "passed")

    def test_sign_sets_final_results_and_locks(self):
        protocol = self._protocol()
        protocol.line_ids.filtered(lambda line: line.enrollment_id == self.enrollment).write(
            {"result": "passed", "grade": "5"}
        )
        protocol.line_ids.filtered(lambda line: line.enrollment_id == self.second_enrollment).write(
            {"result": "failed", "grade": "2"}
        )
        protocol.with_user(self.specialist).action_sign()
        self.assertEqual(protocol.state, "signed")
        self.assertRegex(protocol.name, r"^2026/\d{3}$")
        self.assertEqual(self.enrollment.final_result, "passed")
        self.assertEqual(self.second_enrollment.final_result, "failed")
        decisions = {line.enrollment_id: line.decision for line in protocol.line_ids}
        self.assertEqual(decisions[self.enrollment], "certificate_pk")
        self.assertEqual(decisions[self.second_enrollment], "reference")
        self.assertEqual(len(protocol.signed_copy_sha256), 64)
        for user in (self.specialist, self.head, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "signed protocol cannot be changed"):
                    protocol.with_user(user).write({"date": "2026-03-14"})
                with self.assertRefused(UserError, "signed protocol cannot be changed"):
                    protocol.with_user(user).line_ids[0].write({"result": "failed"})
                with self.assertRefused(UserError, "cannot be deleted"):
                    protocol.with_user(user).unlink()
        self.assertEqual(str(protocol.date), "2026-03-13")
        # Signing offers the completion order for those who passed.
        action = protocol.with_user(self.specialist).action_draft_completion_order()
        wizard = (
            self.env["dpo.group.order.draft"]
            .with_user(self.specialist)
            .with_context(**action["context"])
            .create({"date": "2026-03-13"})
        )
        order = self.env["dpo.order"].browse(wizard.action_create_order()["res_id"])
        self.assertEqual(order.order_type, "complete")
        self.assertEqual(order.line_ids.enrollment_id, self.enrollment)
        self.assertIn(protocol.name, order.basis)

    def test_sign_is_all_or_nothing(self):
        protocol = self._protocol(final_form="work_defense")
        protocol.line_ids.write({"result": "passed", "grade": "4"})
        protocol.line_ids[0].work_topic = "Оценка профессиональных рисков на участке"
        with self.assertRefused(UserError, "Give the topic of the final work"):
            protocol.action_sign()
        self.assertEqual(protocol.state, "draft")
        self.assertFalse(protocol.name)
        self.assertFalse(self.enrollments.filtered("final_result"))

    def test_sign_with_empty_lines_refused(self):
        protocol = self._protocol()
        protocol.line_ids[0].write({"result": "passed", "grade": "5"})
        with self.assertRefused(UserError, "Fill the result of every learner"):
            protocol.action_sign()
        self.assertEqual(protocol.state, "draft")

    def test_grade_outside_scale_or_contradicting_refused(self):
        protocol = self._protocol()
        line = protocol.line_ids[0]
        with self.assertRefused(ValidationError, "not on the programme's scale"):
            line.write({"result": "passed", "grade": "pass"})
        with self.assertRefused(ValidationError, "contradicts the result"):
            line.write({"result": "failed", "grade": "5"})
        self.assertFalse(line.result)

    def test_expired_commission_refused(self):
        expired = self._appoint_commission("2025-01-01", "2025-12-31")
        protocol = self._protocol(commission_id=expired.id)
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        with self.assertRefused(UserError, "is not valid on 13.03.2026"):
            protocol.action_sign()
        self.assertEqual(protocol.state, "draft")
        self.assertFalse(self.enrollments.filtered("final_result"))

    def test_unappointed_commission_refused(self):
        commission = self.env["dpo.commission"].create(
            {"chair_id": self.chair.id, "secretary_id": self.secretary.id, "date_from": "2026-01-01"}
        )
        protocol = self._protocol(commission_id=commission.id)
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        with self.assertRefused(UserError, "not been appointed by a signed order"):
            protocol.action_sign()
        self.assertEqual(protocol.state, "draft")

    def test_line_for_expelled_learner_refused(self):
        protocol = self._protocol()
        self.second_enrollment.invalidate_recordset()
        protocol.line_ids.filtered(lambda line: line.enrollment_id == self.second_enrollment).unlink()
        self.second_enrollment._change_state("expelled", reason="Неоплата")
        with self.assertRefused(ValidationError, "is not enrolled in group T-01"):
            self.env["dpo.protocol.line"].create(
                {"protocol_id": protocol.id, "enrollment_id": self.second_enrollment.id}
            )
        self.assertEqual(len(protocol.line_ids), 1)

    def test_final_result_not_writable_directly(self):
        with self.assertRefused(UserError, "set only by a signed final attestation protocol"):
            self.enrollment.with_user(self.director).write({"final_result": "passed"})
        self.assertFalse(self.enrollment.final_result)

    def test_teacher_cannot_sign(self):
        protocol = self._protocol()
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        with self.assertRaises(AccessError):
            protocol.with_user(self.teacher).action_sign()
        self.assertEqual(protocol.state, "draft")

    def test_printed_protocol_and_card(self):
        protocol = self._protocol()
        protocol.line_ids.filtered(lambda line: line.enrollment_id == self.enrollment).write(
            {"result": "passed", "grade": "5"}
        )
        protocol.line_ids.filtered(lambda line: line.enrollment_id == self.second_enrollment).write(
            {"result": "absent"}
        )
        protocol.action_sign()
        html = self._printed_html("dpo_records.action_report_protocol", protocol)
        for text in (
            f"ПРОТОКОЛ № {protocol.name}",
            "Председатель комиссии ______________________ / Кравцов Павел Ильич /",
            "Член комиссии ______________________ / Жуков Артём Львович /",
            "Секретарь комиссии ______________________ / Лаптева Инна Юрьевна /",
            "выдать\n                    удостоверения о повышении квалификации",
            "Выдать справки об обучении",
            "Иванов Пётр Сергеевич",
            "Петрова Мария",
        ):
            self.assertIn(text, html)
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        self.assertIn("ЛИЧНАЯ КАРТОЧКА СЛУШАТЕЛЯ", card)
        for subject in self.program.subject_ids:
            self.assertIn(subject.name, card)
        self.assertIn(f"Протокол № {protocol.name}", card)

    def test_sign_query_budget_independent_of_size(self):
        # The same budget for 30 and 150 learners: signing costs a fixed number of queries.
        self._protocol_for(1).action_sign()  # warms the caches, as a running server has them
        counts = {}
        for size in (30, 150):
            protocol = self._protocol_for(size)
            before = self.cr.sql_log_count
            with self.subTest(size=size), self.assertQueryCount(__system__=PROTOCOL_SIGN_QUERIES):
                protocol.action_sign()
                self.env.flush_all()
            counts[size] = self.cr.sql_log_count - before
            self.assertEqual(set(protocol.line_ids.enrollment_id.mapped("final_result")), {"passed"})
        # Five times the learners, the same queries but for a batch more of the bigger inserts.
        self.assertLessEqual(counts[150] - counts[30], 2, counts)

    def test_statement_examined_by_commission(self):
        member_user = self._user("t_member", "dpo_records.group_dpo_teacher")
        self.group.teacher_ids = [(4, member_user.id)]
        commission = self._appoint_commission(
            "2026-01-01", "2026-12-31", members=self.member | member_user.partner_id
        )
        sheet = self.env["dpo.attestation.sheet"].create(
            {
                "group_id": self.group.id,
                "kind": "final",
                "form": "exam",
                "date": "2026-03-13",
                "commission_id": commission.id,
            }
        )
        sheet._set_results({"result": "5"})
        with self.assertRaises(AccessError):
            sheet.with_user(self.teacher_other).action_sign()
        sheet.with_user(member_user).action_sign()
        self.assertEqual(sheet.state, "signed")
        html = self._printed_html("dpo_records.action_report_attestation_sheet", sheet)
        self.assertIn("ВЕДОМОСТЬ ИТОГОВОЙ АТТЕСТАЦИИ", html)
        self.assertIn("Член комиссии ______________________ / Жуков Артём Львович /", html)
        self.assertIn("Председатель комиссии ______________________ / Кравцов Павел Ильич /", html)
        expired = self._appoint_commission("2025-01-01", "2025-12-31")
        late = self.env["dpo.attestation.sheet"].create(
            {
                "group_id": self.group.id,
                "kind": "final",
                "form": "exam",
                "date": "2026-03-13",
                "commission_id": expired.id,
            }
        )
        late._set_results({"result": "5"})
        with self.assertRefused(UserError, "is not valid on 13.03.2026"):
            late.action_sign()
        self.assertEqual(late.state, "draft")
