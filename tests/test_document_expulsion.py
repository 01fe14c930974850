from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.company_date import company_today
from .common import DpoCase


@tagged("post_install", "-at_install")
class TestReferencesFromExpulsion(DpoCase):
    """«Draft References» on a signed expulsion order drafts a справка об обучении for every
    learner of the order who has no document yet, through the same drafting as the protocol's
    «Draft Documents»: it lists the subjects studied, with hours and results, from the signed
    statements. The registrar (a specialist) drafts and issues them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date="2026-03-02")
        basics, cls.practice = cls.program.subject_ids
        # The first subject's statement is signed; the learners leave before the second.
        cls._signed_sheet(basics, {cls.enrollment: "pass", cls.second_enrollment: "fail"}, "2026-03-05")
        cls.order = cls.env["dpo.order"].create(
            {
                "order_type": "expel",
                "date": "2026-03-06",
                "group_id": cls.group.id,
                "line_ids": [
                    Command.create({"enrollment_id": enrollment.id, "reason": "own_wish"})
                    for enrollment in cls.enrollments
                ],
            }
        )
        cls.order.with_user(cls.director).action_sign()
        cls.Document = cls.env["dpo.document"]
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})

    def _references(self):
        return self.Document.search([("enrollment_id", "in", self.enrollments.ids)])

    def test_specialist_drafts_and_issues_the_references(self):
        self.assertEqual(set(self.enrollments.mapped("state")), {"expelled"})
        action = self.order.with_user(self.specialist).action_draft_references()
        references = self._references()
        self.assertEqual(self.Document.search(action["domain"]), references)
        self.assertEqual(references.enrollment_id, self.enrollments)
        self.assertEqual(set(references.mapped("document_kind")), {"reference"})
        self.assertEqual(set(references.mapped("state")), {"draft"})
        self.assertFalse(references.protocol_id)
        self.assertEqual(set(references.mapped("issue_date")), {company_today(self.company)})
        ivanov = references.filtered(lambda d: d.enrollment_id == self.enrollment)
        petrova = references - ivanov
        # The subjects studied, with hours and results, from the signed statements.
        self.assertEqual(ivanov._reference_subjects(), [{"name": "Основы", "hours": 16, "result": "Pass"}])
        self.assertEqual(petrova._reference_subjects(), [{"name": "Основы", "hours": 16, "result": "Fail"}])
        references.with_user(self.specialist).action_issue()
        self.assertEqual(set(references.mapped("state")), {"issued"})
        self.assertEqual(ivanov.subject_results, [{"name": "Основы", "hours": 16, "result": "Pass"}])
        self.assertEqual(ivanov.study_date_end.isoformat(), "2026-03-06")
        html = self._printed_html("dpo_records.action_report_dpo_document", ivanov)
        self.assertIn("СПРАВКА ОБ ОБУЧЕНИИ", html)
        self.assertIn("Основы", html)
        self.assertNotIn(self.practice.name, html)
        book = self._printed_html("dpo_records.action_report_dpo_document_book", references)
        self.assertIn(f"приказ № {self.order.name} от 06.03.2026", book)
        # Drafting again adds nothing: every learner of the order has a reference.
        self.order.with_user(self.specialist).action_draft_references()
        self.assertEqual(self._references(), references)

    def test_only_learners_without_a_document_get_one(self):
        existing = self.Document.create({"enrollment_id": self.enrollment.id, "document_kind": "reference"})
        self.order.with_user(self.specialist).action_draft_references()
        references = self._references()
        self.assertEqual(len(references), 2)
        self.assertIn(existing, references)
        self.assertEqual((references - existing).enrollment_id, self.second_enrollment)

    def test_refusals(self):
        draft = self.env["dpo.order"].create(
            {
                "order_type": "expel",
                "date": "2026-03-07",
                "group_id": self.group.id,
                "line_ids": [Command.create({"enrollment_id": self.enrollment.id, "reason": "own_wish"})],
            }
        )
        with self.assertRefused(UserError, "drafted from a signed expulsion order"):
            draft.with_user(self.specialist).action_draft_references()
        # A signed order of another kind drafts none.
        appointing = self._appoint_commission("2026-01-01", "2026-12-31").order_id
        self.assertEqual(appointing.state, "signed")
        with self.assertRefused(UserError, "drafted from a signed expulsion order"):
            appointing.with_user(self.specialist).action_draft_references()
        for user in (self.teacher, self.archivist):
            with self.assertRaises(AccessError):
                self.order.with_user(user).action_draft_references()
        self.assertFalse(self._references())
