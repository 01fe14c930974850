from datetime import timedelta

from odoo.tests import HttpCase, tagged

from ..models.company_date import company_today
from .common import DpoCase


@tagged("post_install", "-at_install")
class TestDocumentTour(HttpCase, DpoCase):
    """In the browser: the registrar issues the documents of a signed protocol and prints the
    issuance book."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        today = company_today(cls.company)
        cls.group.write({"date_start": today - timedelta(days=12), "date_end": today - timedelta(days=1)})
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date=cls.group.date_start)
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        commission = cls._appoint_commission(today - timedelta(days=12), today + timedelta(days=30))
        for subject in cls.program.subject_ids:
            cls._signed_sheet(
                subject, {cls.enrollment: "pass", cls.second_enrollment: "pass"}, today - timedelta(days=2)
            )
        cls.protocol = cls.env["dpo.protocol"].create(
            {"group_id": cls.group.id, "commission_id": commission.id, "date": today - timedelta(days=1)}
        )
        cls.protocol._set_results(
            {"result": "passed", "grade": "5"},
            {cls.second_enrollment.id: {"result": "failed", "grade": "2"}},
        )
        cls.protocol.action_sign()
        # Printed without blanks here (the demo prints удостоверения on blanks from its stock).
        cls.env["dpo.document.template"]._get(cls.company, "certificate_pk").uses_blanks = False
        cls.specialist.lang = "ru_RU"  # the tour finds buttons and menus by their Russian labels

    def test_registrar_issues_the_documents_and_prints_the_book(self):
        self.start_tour(
            f"/odoo/action-dpo_records.dpo_protocol_action/{self.protocol.id}",
            "dpo_records_document_issue",
            login=self.specialist.login,
        )
        documents = self.env["dpo.document"].search([("protocol_id", "=", self.protocol.id)])
        self.assertEqual(len(documents), 2)
        self.assertEqual(set(documents.mapped("state")), {"issued"})
        self.assertTrue(all(documents.mapped("name")))
        self.assertEqual(set(documents.mapped("signed_by_id")), {self.specialist})
        certificate = documents.filtered(lambda d: d.enrollment_id == self.enrollment)
        self.assertEqual(certificate.document_kind, "certificate_pk")
        self.assertEqual((certificate.delivery_method, certificate.signature_received), ("in_person", True))
        self.assertEqual((documents - certificate).document_kind, "reference")
