import threading
import time

import psycopg2.errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import remove_archive_entries, thread_environment

# A year no other test uses: the orders of this test are committed, then removed.
YEAR = 2001


@tagged("post_install", "-at_install")
class TestOrderConcurrency(BaseCase):
    """Two directors sign at the same time, each in their own transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.director_id = env.ref("base.user_admin").id
            chair = env["res.partner"].create({"name": "Председатель для теста"})
            orders = env["dpo.order"].create(
                [
                    {
                        "order_type": "commission",
                        "date": f"{YEAR}-06-01",
                        "commission_kind": "expert",
                        "commission_chair_id": chair.id,
                        "commission_secretary_id": env.ref("base.partner_admin").id,
                        "commission_date_from": f"{YEAR}-06-01",
                    }
                ]
                * 2
            )
            cls.order_ids = orders.ids
            cls.chair_id = chair.id
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        # Signed orders are immutable through the ORM on purpose: remove the test's rows directly.
        with cls.registry.cursor() as cr:
            ids = tuple(cls.order_ids)
            cr.execute("DELETE FROM dpo_commission WHERE order_id IN %s", [ids])
            # The signed orders filed themselves into the archive (the demo's nomenclature).
            cr.execute(
                "DELETE FROM dpo_archive_case_entry WHERE res_model = 'dpo.order' AND res_id IN %s "
                "RETURNING case_id",
                [ids],
            )
            case_ids = tuple({row[0] for row in cr.fetchall()})
            if case_ids:
                cr.execute(
                    "DELETE FROM dpo_archive_case WHERE id IN %s "
                    "AND id NOT IN (SELECT case_id FROM dpo_archive_case_entry)",
                    [case_ids],
                )
            cr.execute("DELETE FROM ir_attachment WHERE res_model = 'dpo.order' AND res_id IN %s", [ids])
            cr.execute("DELETE FROM mail_message WHERE model = 'dpo.order' AND res_id IN %s", [ids])
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'dpo.order' AND res_id IN %s", [ids])
            cr.execute("DELETE FROM dpo_order WHERE id IN %s", [ids])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [cls.chair_id])
            cr.execute("DELETE FROM dpo_numbering WHERE year = %s", [YEAR])

    def _sign_with_retry(self, order_id, result):
        """Sign in a new transaction, retrying on a serialization failure as Odoo's RPC does."""
        for _attempt in range(5):
            with self.registry.cursor() as cr:
                env = thread_environment(cr, self.director_id, self.registry)
                try:
                    env["dpo.order"].browse(order_id).action_sign()
                    result["name"] = env["dpo.order"].browse(order_id).name
                    return  # leaving the block commits
                except psycopg2.errors.SerializationFailure:
                    cr.rollback()
                    result["retries"] = result.get("retries", 0) + 1

    @mute_logger("odoo.sql_db")
    def test_concurrent_signing_gives_consecutive_numbers(self):
        first_id, second_id = self.order_ids
        result = {}
        with self.registry.cursor() as cr1:
            env1 = api.Environment(cr1, self.director_id, {})
            env1["dpo.order"].browse(first_id).action_sign()
            first_name = env1["dpo.order"].browse(first_id).name
            # The second director signs while the first transaction is still open.
            thread = threading.Thread(target=self._sign_with_retry, args=(second_id, result))
            thread.start()
            time.sleep(1)
            self.assertTrue(thread.is_alive(), "the second signing waits for the counter's lock")
        # leaving the block committed the first signing and released the lock
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        self.assertEqual(first_name, f"1-К/{YEAR}")
        self.assertEqual(result.get("name"), f"2-К/{YEAR}")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            orders = env["dpo.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["signed", "signed"])
            self.assertEqual(sorted(orders.mapped("name")), [f"1-К/{YEAR}", f"2-К/{YEAR}"])


# Another year no other test uses, for the protocols (their commission order is numbered too).
PROTOCOL_YEAR = 2002


@tagged("post_install", "-at_install")
class TestProtocolConcurrency(BaseCase):
    """Protocols signed at the same time, and a double click on «Sign», each in its own
    transaction: the numbers stay consecutive and none is lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._remove_committed_data)
        cls.records = {}
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.signer_id = env.ref("base.user_admin").id
            program = env["dpo.program"].create(
                {
                    "name": "Программа для теста одновременной подписи",
                    "program_kind": "pk",
                    "hours": 16,
                    "subject_ids": [
                        Command.create({"name": "Модуль", "hours": 16, "attestation_form": "none"})
                    ],
                }
            )
            chair = env["res.partner"].create({"name": "Председатель для теста"})
            order = env["dpo.order"].create(
                {
                    "order_type": "commission",
                    "date": f"{PROTOCOL_YEAR}-01-10",
                    "commission_kind": "attestation",
                    "commission_chair_id": chair.id,
                    "commission_secretary_id": env.ref("base.user_admin").partner_id.id,
                    "commission_date_from": f"{PROTOCOL_YEAR}-01-10",
                }
            )
            order.action_sign()
            groups = env["dpo.group"].create(
                [
                    {
                        "name": f"ОДН-{index}",
                        "program_id": program.id,
                        "date_start": f"{PROTOCOL_YEAR}-05-06",
                        "date_end": f"{PROTOCOL_YEAR}-05-31",
                    }
                    for index in range(4)
                ]
            )
            learners = env["dpo.learner"].create(
                [{"last_name": "Тестов", "first_name": name} for name in ("Антон", "Борис", "Вадим", "Глеб")]
            )
            enrollments = env["dpo.enrollment"].create(
                [
                    {"learner_id": learner.id, "group_id": group.id}
                    for learner, group in zip(learners, groups, strict=True)
                ]
            )
            enrollments._change_state("enrolled", date=f"{PROTOCOL_YEAR}-05-06")
            commission = order.commission_id
            protocols = env["dpo.protocol"].create(
                [
                    {"group_id": group.id, "commission_id": commission.id, "date": f"{PROTOCOL_YEAR}-06-01"}
                    for group in groups
                ]
            )
            protocols.line_ids.write({"result": "passed"})
            cls.records = {
                "dpo.protocol": protocols.ids,
                "dpo.commission": order.commission_id.ids,
                "dpo.order": order.ids,
                "dpo.enrollment": enrollments.ids,
                "dpo.learner": learners.ids,
                "res.partner": (learners.partner_id | chair).ids,
                "dpo.group": groups.ids,
                "dpo.program": program.ids,
            }
            cls.protocol_ids = protocols.ids

    @classmethod
    def _remove_committed_data(cls):
        # Signed documents refuse deletion but for the superuser uninstalling a module: clean
        # up as Odoo's uninstall would.
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"_force_unlink": True})
            remove_archive_entries(env, cls.records)
            for model, ids in cls.records.items():
                records = env[model].with_context(active_test=False).browse(ids).exists()
                domain = [("res_model", "=", model), ("res_id", "in", records.ids)]
                env["ir.attachment"].search(domain).unlink()
                records.unlink()
            cr.execute("DELETE FROM dpo_numbering WHERE year = %s", [PROTOCOL_YEAR])

    def _sign_with_retry(self, protocol_id, result):
        """Sign in a new transaction, retrying on a serialization failure as Odoo's RPC does."""
        for _attempt in range(5):
            with self.registry.cursor() as cr:
                env = thread_environment(cr, self.signer_id, self.registry)
                try:
                    env["dpo.protocol"].browse(protocol_id).action_sign()
                    result["name"] = env["dpo.protocol"].browse(protocol_id).name
                    return  # leaving the block commits
                except psycopg2.errors.SerializationFailure:
                    cr.rollback()
                    result["retries"] = result.get("retries", 0) + 1
                except UserError as error:
                    cr.rollback()
                    result["error"] = str(error)
                    return

    def _sign_while_another_signs(self, first_id, second_id):
        """Sign `first_id`; while that transaction is open, sign `second_id` in another."""
        result = {}
        with self.registry.cursor() as cr1:
            env1 = api.Environment(cr1, self.signer_id, {})
            env1["dpo.protocol"].browse(first_id).action_sign()
            first_name = env1["dpo.protocol"].browse(first_id).name
            thread = threading.Thread(target=self._sign_with_retry, args=(second_id, result))
            thread.start()
            time.sleep(1)
            self.assertTrue(thread.is_alive(), "the second signing waits for the counter's lock")
        # leaving the block committed the first signing and released the lock
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        return first_name, result

    def _number(self, name):
        year, number = name.split("/")
        self.assertEqual(year, str(PROTOCOL_YEAR))
        return int(number)

    @mute_logger("odoo.sql_db")
    def test_concurrent_protocols_get_consecutive_numbers(self):
        first_id, second_id = self.protocol_ids[:2]
        first_name, result = self._sign_while_another_signs(first_id, second_id)
        self.assertEqual(self._number(result.get("name")), self._number(first_name) + 1)

    @mute_logger("odoo.sql_db")
    def test_double_click_loses_no_number(self):
        protocol_id, next_id = self.protocol_ids[2:]
        name, result = self._sign_while_another_signs(protocol_id, protocol_id)
        self.assertRegex(result.get("error", ""), "is already signed")
        self._sign_with_retry(next_id, result)
        self.assertEqual(self._number(result["name"]), self._number(name) + 1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            protocols = env["dpo.protocol"].browse(self.protocol_ids)
            signed = protocols.filtered(lambda p: p.state == "signed")
            numbers = sorted(self._number(name) for name in signed.mapped("name"))
            self.assertEqual(numbers, list(range(1, len(numbers) + 1)), "numbers from 1 without a gap")
