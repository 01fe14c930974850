import threading
import time

import psycopg2.errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import remove_archive_entries

# A year no other test uses: the documents of this test are committed, then removed.
YEAR = 2004


@tagged("post_install", "-at_install")
class TestDocumentConcurrency(BaseCase):
    """Two registrars issue documents at the same time, each in their own transaction: the
    registration numbers are distinct and consecutive, none is lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._remove_committed_data)
        cls.records = {}
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.registrar_id = env.ref("base.user_admin").id
            program = env["dpo.program"].create(
                {
                    "name": "Программа для теста одновременной выдачи",
                    "program_kind": "pk",
                    "hours": 16,
                    "subject_ids": [
                        Command.create({"name": "Модуль", "hours": 16, "attestation_form": "none"})
                    ],
                }
            )
            chair = env["res.partner"].create({"name": "Председатель для теста выдачи"})
            order = env["dpo.order"].create(
                {
                    "order_type": "commission",
                    "date": f"{YEAR}-01-10",
                    "commission_kind": "attestation",
                    "commission_chair_id": chair.id,
                    "commission_secretary_id": env.ref("base.user_admin").partner_id.id,
                    "commission_date_from": f"{YEAR}-01-10",
                }
            )
            order.action_sign()
            group = env["dpo.group"].create(
                {
                    "name": "ВЫД-1",
                    "program_id": program.id,
                    "date_start": f"{YEAR}-05-06",
                    "date_end": f"{YEAR}-05-31",
                }
            )
            learners = env["dpo.learner"].create(
                [{"last_name": "Тестов", "first_name": name} for name in ("Антон", "Борис", "Вадим")]
            )
            enrollments = env["dpo.enrollment"].create(
                [{"learner_id": learner.id, "group_id": group.id} for learner in learners]
            )
            enrollments._change_state("enrolled", date=f"{YEAR}-05-06")
            protocol = env["dpo.protocol"].create(
                {"group_id": group.id, "commission_id": order.commission_id.id, "date": f"{YEAR}-06-01"}
            )
            protocol.line_ids.write({"result": "passed", "grade": "5"})
            protocol.action_sign()
            documents = env["dpo.document"]._draft_from_protocol(protocol)
            documents.write({"issue_date": f"{YEAR}-06-02"})
            cls.document_ids = documents.sorted(lambda d: d.learner_id.first_name).ids
            cls.records = {
                "dpo.document": documents.ids,
                "dpo.protocol": protocol.ids,
                "dpo.commission": order.commission_id.ids,
                "dpo.order": order.ids,
                "dpo.enrollment": enrollments.ids,
                "dpo.learner": learners.ids,
                "res.partner": (learners.partner_id | chair).ids,
                "dpo.group": group.ids,
                "dpo.program": program.ids,
            }

    @classmethod
    def _remove_committed_data(cls):
        # Issued documents refuse deletion but for the superuser uninstalling a module: clean up
        # as Odoo's uninstall would.
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"_force_unlink": True})
            remove_archive_entries(env, cls.records)
            for model, ids in cls.records.items():
                records = env[model].with_context(active_test=False).browse(ids).exists()
                domain = [("res_model", "=", model), ("res_id", "in", records.ids)]
                env["ir.attachment"].search(domain).unlink()
                records.unlink()
            cr.execute("DELETE FROM dpo_numbering WHERE year = %s", [YEAR])

    def _issue_with_retry(self, document_id, result):
        """Issue in a new transaction, retrying on a serialization failure as Odoo's RPC does."""
        for _attempt in range(5):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, self.registrar_id, {})
                try:
                    env["dpo.document"].browse(document_id).action_issue()
                    result["name"] = env["dpo.document"].browse(document_id).name
                    return  # leaving the block commits
                except psycopg2.errors.SerializationFailure:
                    cr.rollback()
                    result["retries"] = result.get("retries", 0) + 1
                except UserError as error:
                    cr.rollback()
                    result["error"] = str(error)
                    return

    def _issue_while_another_issues(self, first_id, second_id):
        result = {}
        with self.registry.cursor() as cr1:
            env1 = api.Environment(cr1, self.registrar_id, {})
            env1["dpo.document"].browse(first_id).action_issue()
            first_name = env1["dpo.document"].browse(first_id).name
            thread = threading.Thread(target=self._issue_with_retry, args=(second_id, result))
            thread.start()
            time.sleep(1)
            self.assertTrue(thread.is_alive(), "the second registrar waits for the counter's lock")
        # leaving the block committed the first issue and released the lock
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        return first_name, result

    @mute_logger("odoo.sql_db")
    def test_two_registrars_get_consecutive_numbers(self):
        first_id, second_id, third_id = self.document_ids
        first_name, result = self._issue_while_another_issues(first_id, second_id)
        self.assertEqual(first_name, f"0001/{YEAR}")
        self.assertEqual(result.get("name"), f"0002/{YEAR}")
        # A double click on «Issue» while the first is still running loses no number.
        name, result = self._issue_while_another_issues(third_id, third_id)
        self.assertEqual(name, f"0003/{YEAR}")
        self.assertRegex(result.get("error", ""), "is already issued")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            documents = env["dpo.document"].browse(self.document_ids)
            self.assertEqual(documents.mapped("state"), ["issued"] * 3)
            self.assertEqual(documents.mapped("book_sequence"), [1, 2, 3])
            counter = env["dpo.numbering"].search([("kind", "=", "document"), ("year", "=", YEAR)])
            self.assertEqual(counter.number_next, 4)
