"""Tests of concurrent transactions (two people signing or issuing at once).

Their data are committed in setUpClass, since each transaction runs in its own cursor, and
removed at the end as Odoo's uninstall removes signed records (their guards refuse anybody else).
"""

import threading
import time

import psycopg2.errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .common import remove_archive_entries, thread_environment


class CommittedDataCase(BaseCase):
    """`cls.records` (model → ids, removed in that order) and the years in `cls.years` whose
    counters are removed are what the test class committed."""

    years = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.records = {}
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {MODULE_UNINSTALL_FLAG: True})
            # Signed records filed themselves into the cases of the (demo's) nomenclature.
            remove_archive_entries(env, {model: ids for model, ids in cls.records.items() if ids})
            for model, ids in cls.records.items():
                records = env[model].with_context(active_test=False).browse(ids).exists()
                domain = [("res_model", "=", model), ("res_id", "in", records.ids)]
                env["ir.attachment"].search(domain).unlink()
                records.unlink()
            if cls.years:
                cr.execute("DELETE FROM dpo_numbering WHERE year IN %s", [tuple(cls.years)])

    @classmethod
    def _commit_groups(cls, env, year, title, group_names, learner_names):
        """A programme, a signed attestation commission of `year`, groups named `group_names`
        and learners named `learner_names` enrolled in turn into them, recorded for removal."""
        program = env["dpo.program"].create(
            {
                "name": title,
                "program_kind": "pk",
                "hours": 16,
                "subject_ids": [Command.create({"name": "Модуль", "hours": 16, "attestation_form": "none"})],
            }
        )
        chair = env["res.partner"].create({"name": f"Председатель: {title}"})
        order = env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": f"{year}-01-10",
                "commission_kind": "attestation",
                "commission_chair_id": chair.id,
                "commission_secretary_id": env.ref("base.user_admin").partner_id.id,
                "commission_date_from": f"{year}-01-10",
            }
        )
        order.action_sign()
        groups = env["dpo.group"].create(
            [
                {
                    "name": name,
                    "program_id": program.id,
                    "date_start": f"{year}-05-06",
                    "date_end": f"{year}-05-31",
                }
                for name in group_names
            ]
        )
        learners = env["dpo.learner"].create(
            [{"last_name": "Тестов", "first_name": name} for name in learner_names]
        )
        enrollments = env["dpo.enrollment"].create(
            [
                {"learner_id": learner.id, "group_id": groups[index % len(groups)].id}
                for index, learner in enumerate(learners)
            ]
        )
        enrollments._change_state("enrolled", date=f"{year}-05-06")
        cls.records.update(
            {
                "dpo.commission": order.commission_id.ids,
                "dpo.order": order.ids,
                "dpo.enrollment": enrollments.ids,
                "dpo.learner": learners.ids,
                "res.partner": (learners.partner_id | chair).ids,
                "dpo.group": groups.ids,
                "dpo.program": program.ids,
            }
        )
        return order.commission_id, groups

    def _in_new_transaction(self, uid, action, result):
        """`action(env)` in a new transaction, its result in `result["name"]`, retried on a
        serialization failure as Odoo's RPC does; a refusal goes to `result["error"]`."""
        for _attempt in range(5):
            with self.registry.cursor() as cr:
                env = thread_environment(cr, uid, self.registry)
                try:
                    result["name"] = action(env)
                    return  # leaving the block commits
                except psycopg2.errors.SerializationFailure:
                    cr.rollback()
                    result["retries"] = result.get("retries", 0) + 1
                except UserError as error:
                    cr.rollback()
                    result["error"] = str(error)
                    return

    def _while_another_runs(self, uid, action, first_id, second_id):
        """`action(env, first_id)`; while that transaction is open, `action(env, second_id)` in
        another, which must wait for the counter's lock. Returns the first result and the
        second's `result` dict."""
        result = {}
        with self.registry.cursor() as cr1:
            first = action(api.Environment(cr1, uid, {}), first_id)
            thread = threading.Thread(
                target=self._in_new_transaction, args=(uid, lambda env: action(env, second_id), result)
            )
            thread.start()
            time.sleep(1)
            self.assertTrue(thread.is_alive(), "the second transaction waits for the counter's lock")
        # leaving the block committed the first transaction and released the lock
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        return first, result
