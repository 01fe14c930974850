from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .test_signed_document import SignedDocumentCase

# A year without documents in the tests and the demo data.
FRESH_YEAR = 2024


@tagged("post_install", "-at_install")
class TestNumbering(SignedDocumentCase):
    def _counter(self, kind, year=2026):
        return self.env["dpo.numbering"].search(
            [("company_id", "=", self.company.id), ("kind", "=", kind), ("year", "=", year)]
        )

    def _order_of(self, year, user=None, group_name=None):
        """A signable enrolment order dated in `year`, for a group of that year."""
        group = self.env["dpo.group"].create(
            {
                "name": group_name or f"N-{year}",
                "program_id": self.program.id,
                "date_start": f"{year}-02-05",
                "date_end": f"{year}-02-16",
            }
        )
        enrollment = self.env["dpo.enrollment"].create({"learner_id": self.learner.id, "group_id": group.id})
        return self.env["dpo.order"].create(
            {
                "order_type": "enroll",
                "group_id": group.id,
                "date": f"{year}-02-01",
                "line_ids": [Command.create({"enrollment_id": enrollment.id})],
            }
        )

    def _set_start(self, kind, year, number, user=None):
        with Form(self.env["dpo.numbering.start"].with_user(user or self.director)) as form:
            form.kind = kind
            form.year = year
            form.number_start = number
            form.reason = "Нумерация продолжает бумажный журнал регистрации"
        return form.record.action_apply()

    def test_nobody_writes_the_counter(self):
        order = self._draft_order()
        order.with_user(self.director).action_sign()
        counter = self._counter("order.enroll")
        number = counter.number_next
        for vals in ({"number_next": 1}, {"number_next": number + 5}, {"number_start": 7}, {"year": 2030}):
            with self.subTest(vals=vals), self.assertRefused(UserError, "moves only by signing"):
                counter.with_user(self.director).write(vals)
        with self.assertRefused(UserError, "moves only by signing"):
            counter.with_user(self.specialist).write({"number_next": 1})
        with self.assertRefused(UserError, "created by signing"):
            self.env["dpo.numbering"].with_user(self.director).sudo().create(
                {"company_id": self.company.id, "kind": "order.enroll", "year": 2030, "number_next": 5}
            )
        counter.invalidate_recordset()
        self.assertEqual(counter.number_next, number)
        self.assertEqual(counter.next_name, f"{number}-ОУ/2026")
        # The letters are the director's to choose.
        counter.with_user(self.director).letters = "ЗЧ"
        self.assertEqual(counter.next_name, f"{number}-ЗЧ/2026")

    def test_first_number_of_a_fresh_year_set_and_recorded(self):
        self.assertFalse(self._counter("order.enroll", FRESH_YEAR))
        with self.assertRefused(AccessError, r"\(dpo\.numbering\.start\)"):
            self._set_start("order.enroll", FRESH_YEAR, 40, user=self.specialist)
        self._set_start("order.enroll", FRESH_YEAR, 40)
        counter = self._counter("order.enroll", FRESH_YEAR)
        self.assertEqual((counter.number_start, counter.number_next), (40, 40))
        entry = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.numbering"), ("res_id", "=", counter.id)]
        )
        self.assertEqual(entry.user_id, self.director)
        self.assertEqual((entry.old_value, entry.new_value), ("1", "40"))
        self.assertIn("бумажный журнал", entry.reason)
        # Before any number is used, it may be set again.
        self._set_start("order.enroll", FRESH_YEAR, 41)
        order = self._order_of(FRESH_YEAR)
        order.with_user(self.director).action_sign()
        self.assertEqual(order.name, f"41-ОУ/{FRESH_YEAR}")
        with self.assertRefused(UserError, "already given"):
            self._set_start("order.enroll", FRESH_YEAR, 1)
        counter.invalidate_recordset()
        self.assertEqual((counter.number_start, counter.number_next), (41, 42))
        self.assertEqual(
            self.env["dpo.correction"].search_count(
                [("res_model", "=", "dpo.numbering"), ("res_id", "=", counter.id)]
            ),
            2,
        )

    def test_first_number_refused_once_a_number_of_the_year_is_used(self):
        protocol = self._draft_protocol()
        protocol.with_user(self.specialist).action_sign()
        counter = self._counter("protocol")
        number = counter.number_next
        with self.assertRefused(UserError, "already given"):
            self._set_start("protocol", 2026, 1)
        counter.invalidate_recordset()
        self.assertEqual(counter.number_next, number)
        self.assertEqual(counter.next_name, f"2026/{number:03d}")

    def test_rolled_back_signing_returns_its_number(self):
        number = self._next_enrol_number()
        good = self._draft_order()
        bad = self._draft_order(date="2026-03-02", line_ids=[])  # no learners: refused after `good`
        with self.assertRefused(UserError, "has no learners"):
            (good | bad).with_user(self.director).action_sign()
        self._assert_unsigned(good)
        self.assertEqual(self._next_enrol_number(), number)
        good.with_user(self.director).action_sign()
        self.assertEqual(good.name, number)

    def test_signing_twice_loses_no_protocol_number(self):
        first, second = self._draft_protocol(), self._draft_protocol()
        first.with_user(self.specialist).action_sign()
        number = int(first.name.split("/")[1])
        with self.assertRefused(UserError, "is already signed"):
            first.with_user(self.specialist).action_sign()
        second.with_user(self.specialist).action_sign()
        self.assertEqual(second.name, f"2026/{number + 1:03d}")

    def test_counters_move_past_numbers_already_used(self):
        """An upgraded database (counters of older versions lived elsewhere) or numbers that came
        from outside: the engine continues after the highest number its documents carry."""
        first = self._order_of(FRESH_YEAR)
        first.with_user(self.director).action_sign()
        second = self._order_of(FRESH_YEAR + 1)
        second.with_user(self.director).action_sign()
        counter = self._counter("order.enroll", FRESH_YEAR)
        self.assertEqual(first.name, f"1-ОУ/{FRESH_YEAR}")
        # What an upgrade from 18.0.1.0.0 finds: a counter that knows nothing of the signed order.
        self.env.cr.execute("UPDATE dpo_numbering SET number_next = 1 WHERE id = %s", [counter.id])
        counter.invalidate_recordset()
        self.env["dpo.numbering"]._sync_with_used_numbers()
        self.assertEqual(counter.number_next, 2)
        third = self._order_of(FRESH_YEAR, group_name=f"N-{FRESH_YEAR}-b")
        third.with_user(self.director).action_sign()
        self.assertEqual(third.name, f"2-ОУ/{FRESH_YEAR}")
        # A counter already ahead is left where it is.
        self.env["dpo.numbering"]._sync_with_used_numbers()
        self.assertEqual(counter.number_next, 3)
