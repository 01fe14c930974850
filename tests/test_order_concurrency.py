from odoo import api
from odoo.tests import tagged
from odoo.tools import mute_logger

from .concurrency import CommittedDataCase

# A year no other test uses: the orders of this test are committed, then removed.
YEAR = 2001
# Another year no other test uses, for the protocols (their commission order is numbered too).
PROTOCOL_YEAR = 2002


def _sign(model):
    def sign(env, record_id):
        record = env[model].browse(record_id)
        record.action_sign()
        return record.name

    return sign


@tagged("post_install", "-at_install")
class TestOrderConcurrency(CommittedDataCase):
    """Two directors sign at the same time, each in their own transaction."""

    years = (YEAR,)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
            cls.records = {"dpo.commission": [], "dpo.order": orders.ids, "res.partner": chair.ids}

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.records["dpo.commission"] = (
                env["dpo.commission"].search([("order_id", "in", cls.order_ids)]).ids
            )
        return super()._remove_committed_data()

    @mute_logger("odoo.sql_db")
    def test_concurrent_signing_gives_consecutive_numbers(self):
        first_id, second_id = self.order_ids
        first_name, result = self._while_another_runs(
            self.director_id, _sign("dpo.order"), first_id, second_id
        )
        self.assertEqual(first_name, f"1-К/{YEAR}")
        self.assertEqual(result.get("name"), f"2-К/{YEAR}")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            orders = env["dpo.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["signed", "signed"])
            self.assertEqual(sorted(orders.mapped("name")), [f"1-К/{YEAR}", f"2-К/{YEAR}"])


@tagged("post_install", "-at_install")
class TestProtocolConcurrency(CommittedDataCase):
    """Protocols signed at the same time, and a double click on «Sign», each in its own
    transaction: the numbers stay consecutive and none is lost."""

    years = (PROTOCOL_YEAR,)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.signer_id = env.ref("base.user_admin").id
            commission, groups = cls._commit_groups(
                env,
                PROTOCOL_YEAR,
                "Программа для теста одновременной подписи",
                [f"ОДН-{index}" for index in range(4)],
                ["Антон", "Борис", "Вадим", "Глеб"],
            )
            protocols = env["dpo.protocol"].create(
                [
                    {"group_id": group.id, "commission_id": commission.id, "date": f"{PROTOCOL_YEAR}-06-01"}
                    for group in groups
                ]
            )
            protocols.line_ids.write({"result": "passed"})
            cls.records = {"dpo.protocol": protocols.ids, **cls.records}
            cls.protocol_ids = protocols.ids

    def _number(self, name):
        year, number = name.split("/")
        self.assertEqual(year, str(PROTOCOL_YEAR))
        return int(number)

    @mute_logger("odoo.sql_db")
    def test_concurrent_protocols_get_consecutive_numbers(self):
        first_id, second_id = self.protocol_ids[:2]
        first_name, result = self._while_another_runs(
            self.signer_id, _sign("dpo.protocol"), first_id, second_id
        )
        self.assertEqual(self._number(result.get("name")), self._number(first_name) + 1)

    @mute_logger("odoo.sql_db")
    def test_double_click_loses_no_number(self):
        protocol_id, next_id = self.protocol_ids[2:]
        name, result = self._while_another_runs(
            self.signer_id, _sign("dpo.protocol"), protocol_id, protocol_id
        )
        self.assertRegex(result.get("error", ""), "is already signed")
        self._in_new_transaction(self.signer_id, lambda env: _sign("dpo.protocol")(env, next_id), result)
        self.assertEqual(self._number(result["name"]), self._number(name) + 1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            protocols = env["dpo.protocol"].browse(self.protocol_ids)
            signed = protocols.filtered(lambda p: p.state == "signed")
            numbers = sorted(self._number(name) for name in signed.mapped("name"))
            self.assertEqual(numbers, list(range(1, len(numbers) + 1)), "numbers from 1 without a gap")
