import logging

from odoo.tests import tagged

from .common import DpoCase

_logger = logging.getLogger(__name__)

# Queries of one «Issue» of a batch: a fixed part (counters, the book's last date, the templates,
# the blanks, and since the archive, filing the batch into the issuance book's case: 6) and a part
# per document (its frozen data, number, tracking message, kept copy).
ISSUE_OVERHEAD = 51
ISSUE_PER_DOCUMENT = 12


@tagged("post_install", "-at_install")
class TestDocumentQueries(DpoCase):
    """Issuing 10 or 30 documents costs the same queries per document plus a fixed part."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.short = cls.env["dpo.program"].create(
            {
                "name": "Пожарная безопасность",
                "program_kind": "pk",
                "hours": 16,
                "subject_ids": [
                    (0, 0, {"name": "Пожарный минимум", "hours": 16, "attestation_form": "none"})
                ],
            }
        )
        # Printed on blanks, which issuing takes from the stock.
        cls.env["dpo.document.template"]._get(cls.company, "certificate_pk").uses_blanks = True
        receipt = cls.env["dpo.document.blank.receipt"].create(
            {
                "name": "Акт",
                "document_kind": "certificate_pk",
                "series": "ТЕСТ",
                "number_from": "01",
                "number_to": "50",
            }
        )
        receipt.action_receive()
        cls.batches = {size: cls._drafts_for(size) for size in (1, 10, 30)}

    @classmethod
    def _drafts_for(cls, size):
        group = cls.env["dpo.group"].create(
            {
                "name": f"ПБ-{size}",
                "program_id": cls.short.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-13",
            }
        )
        learners = cls.env["dpo.learner"].create(
            [{"last_name": "Тестов", "first_name": f"Слушатель{'а' * (i % 7)}"} for i in range(size)]
        )
        enrollments = cls.env["dpo.enrollment"].create(
            [{"learner_id": learner.id, "group_id": group.id} for learner in learners]
        )
        enrollments._change_state("enrolled", date="2026-03-02")
        commission = cls._appoint_commission_for(group, "2026-01-01", "2026-12-31")
        protocol = cls.env["dpo.protocol"].create(
            {"group_id": group.id, "commission_id": commission.id, "date": "2026-03-13"}
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.action_sign()
        drafts = cls.env["dpo.document"].with_user(cls.specialist)._draft_from_protocol(protocol)
        return drafts

    def _issue(self, size, budget=True):
        documents = self.batches[size]
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        if budget:
            with self.assertQueryCount(default=ISSUE_OVERHEAD + size * ISSUE_PER_DOCUMENT):
                documents.with_user(self.specialist).action_issue()
                self.env.flush_all()
        else:
            documents.with_user(self.specialist).action_issue()
            self.env.flush_all()
        self.assertEqual(set(documents.mapped("state")), {"issued"})
        return self.cr.sql_log_count - before

    def test_issue_query_budget_per_document(self):
        self._issue(1, budget=False)  # warms the caches (templates, report views) as a server has them
        ten = self._issue(10)
        thirty = self._issue(30)
        # What 20 more documents cost, per document, stays within the budget per document.
        self.assertLessEqual((thirty - ten) / 20, ISSUE_PER_DOCUMENT, f"10 documents: {ten}, 30: {thirty}")
        _logger.info("Issuing documents: 10 cost %s queries, 30 cost %s", ten, thirty)
