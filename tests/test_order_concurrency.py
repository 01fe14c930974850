import threading
import time

import psycopg2.errors

from odoo import api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import thread_environment

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
            cr.execute("DELETE FROM ir_attachment WHERE res_model = 'dpo.order' AND res_id IN %s", [ids])
            cr.execute("DELETE FROM mail_message WHERE model = 'dpo.order' AND res_id IN %s", [ids])
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'dpo.order' AND res_id IN %s", [ids])
            cr.execute("DELETE FROM dpo_order WHERE id IN %s", [ids])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [cls.chair_id])
            cr.execute("DELETE FROM dpo_order_sequence WHERE year = %s", [YEAR])

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
