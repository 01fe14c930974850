from odoo import api
from odoo.tests import tagged
from odoo.tools import mute_logger

from .concurrency import CommittedDataCase

# A year no other test uses: the documents of this test are committed, then removed.
YEAR = 2004


def _issue(env, document_id):
    document = env["dpo.document"].browse(document_id)
    document.action_issue()
    return document.name


@tagged("post_install", "-at_install")
class TestDocumentConcurrency(CommittedDataCase):
    """Two registrars issue documents at the same time, each in their own transaction: the
    registration numbers are distinct and consecutive, none is lost."""

    years = (YEAR,)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.registrar_id = env.ref("base.user_admin").id
            commission, group = cls._commit_groups(
                env, YEAR, "Программа для теста одновременной выдачи", ["ВЫД-1"], ["Антон", "Борис", "Вадим"]
            )
            protocol = env["dpo.protocol"].create(
                {"group_id": group.id, "commission_id": commission.id, "date": f"{YEAR}-06-01"}
            )
            protocol.line_ids.write({"result": "passed", "grade": "5"})
            protocol.action_sign()
            documents = env["dpo.document"]._draft_from_protocol(protocol)
            documents.write({"issue_date": f"{YEAR}-06-02"})
            cls.document_ids = documents.sorted(lambda d: d.learner_id.first_name).ids
            cls.records = {"dpo.document": documents.ids, "dpo.protocol": protocol.ids, **cls.records}

    @mute_logger("odoo.sql_db")
    def test_two_registrars_get_consecutive_numbers(self):
        first_id, second_id, third_id = self.document_ids
        first_name, result = self._while_another_runs(self.registrar_id, _issue, first_id, second_id)
        self.assertEqual(first_name, f"0001/{YEAR}")
        self.assertEqual(result.get("name"), f"0002/{YEAR}")
        # A double click on «Issue» while the first is still running loses no number.
        name, result = self._while_another_runs(self.registrar_id, _issue, third_id, third_id)
        self.assertEqual(name, f"0003/{YEAR}")
        self.assertRegex(result.get("error", ""), "is already issued")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            documents = env["dpo.document"].browse(self.document_ids)
            self.assertEqual(documents.mapped("state"), ["issued"] * 3)
            self.assertEqual(documents.mapped("book_sequence"), [1, 2, 3])
            counter = env["dpo.numbering"].search([("kind", "=", "document"), ("year", "=", YEAR)])
            self.assertEqual(counter.number_next, 4)
