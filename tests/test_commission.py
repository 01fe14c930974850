from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestCommission(DpoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.chair = Partner.create({"name": "Кузнецов Игорь Викторович"})
        cls.secretary = Partner.create({"name": "Васильева Мария Игоревна"})
        cls.member = Partner.create({"name": "Петрова Анна Сергеевна"})

    def _commission_order(self, **vals):
        return (
            self.env["dpo.order"]
            .with_user(self.specialist)
            .create(
                {
                    "order_type": "commission",
                    "date": "2026-02-20",
                    "group_id": self.group.id,
                    "commission_kind": "attestation",
                    "commission_chair_id": self.chair.id,
                    "commission_secretary_id": self.secretary.id,
                    "commission_member_ids": [(6, 0, self.member.ids)],
                    "commission_date_from": "2026-03-01",
                    "commission_date_to": "2026-06-30",
                    **vals,
                }
            )
        )

    def test_signed_order_appoints_the_commission(self):
        order = self._commission_order()
        order.with_user(self.director).action_sign()
        commission = order.commission_id
        self.assertTrue(commission)
        self.assertRegex(order.name, r"^\d+-К/2026$")
        self.assertEqual(commission.order_id, order)
        self.assertEqual(commission.kind, "attestation")
        self.assertEqual(commission.chair_id, self.chair)
        self.assertEqual(commission.secretary_id, self.secretary)
        self.assertEqual(commission.member_ids, self.member)
        self.assertEqual(commission.group_id, self.group)
        self.assertTrue(commission._check_valid_on(date(2026, 3, 10)))

    def test_commission_outside_validity_or_unappointed_refused(self):
        order = self._commission_order()
        order.with_user(self.director).action_sign()
        with self.assertRefused(UserError, r"is not valid on 01.07.2026"):
            order.commission_id._check_valid_on(date(2026, 7, 1))
        with self.assertRefused(UserError, r"is not valid on 28.02.2026"):
            order.commission_id._check_valid_on(date(2026, 2, 28))
        draft = (
            self.env["dpo.commission"]
            .with_user(self.specialist)
            .create({"chair_id": self.chair.id, "secretary_id": self.secretary.id, "date_from": "2026-01-01"})
        )
        with self.assertRefused(UserError, "has not been appointed by a signed order"):
            draft._check_valid_on(date(2026, 3, 10))

    def test_new_order_changes_the_composition(self):
        order = self._commission_order()
        order.with_user(self.director).action_sign()
        commission = order.commission_id
        with self.assertRefused(UserError, "changes only by a new signed order"):
            commission.with_user(self.director).write({"chair_id": self.member.id})
        self.assertEqual(commission.chair_id, self.chair)
        with self.assertRefused(UserError, "cannot be deleted"):
            commission.with_user(self.director).unlink()
        change = self._commission_order(
            commission_id=commission.id,
            commission_chair_id=self.member.id,
            commission_member_ids=[(6, 0, [])],
        )
        change.with_user(self.director).action_sign()
        self.assertEqual(commission.chair_id, self.member)
        self.assertEqual(commission.order_id, change)
        self.assertFalse(commission.member_ids)

    def test_commission_without_chair_or_secretary_refused(self):
        Commission = self.env["dpo.commission"].with_user(self.specialist)
        count = Commission.search_count([])
        with self.assertRefused(ValidationError, "needs a chair and a secretary"):
            Commission.create({"secretary_id": self.secretary.id, "date_from": "2026-01-01"})
        with self.assertRefused(ValidationError, "needs a chair and a secretary"):
            Commission.create({"chair_id": self.chair.id, "date_from": "2026-01-01"})
        self.assertEqual(Commission.search_count([]), count)

        order = self._commission_order(commission_secretary_id=False)
        with self.assertRefused(ValidationError, "needs a chair and a secretary"):
            order.with_user(self.director).action_sign()
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.commission_id)
        self.assertEqual(Commission.search_count([]), count)

    def test_teacher_reads_commissions_only(self):
        order = self._commission_order()
        order.with_user(self.director).action_sign()
        self.assertEqual(order.commission_id.with_user(self.teacher).chair_id, self.chair)
        with self.assertRefused(AccessError, r"\(dpo\.commission\)"):
            self.env["dpo.commission"].with_user(self.teacher).create(
                {"chair_id": self.chair.id, "secretary_id": self.secretary.id}
            )

    def test_other_company_orders_and_commissions_hidden(self):
        other = self.env["res.company"].create({"name": "Другой центр"})
        with self.assertRefused(AccessError, r"\(dpo\.order\)"):
            self._commission_order(group_id=False, company_id=other.id)
        order = self._commission_order(group_id=False).sudo()
        order.company_id = other
        order.action_sign()
        self.assertEqual(order.commission_id.company_id, other)
        self.assertFalse(self.env["dpo.order"].with_user(self.director).search([("id", "=", order.id)]))
        self.assertFalse(
            self.env["dpo.commission"].with_user(self.director).search([("id", "=", order.commission_id.id)])
        )

    def test_commission_cannot_be_appointed_by_hand(self):
        order = self._commission_order()
        order.with_user(self.director).action_sign()
        commission = (
            self.env["dpo.commission"]
            .with_user(self.specialist)
            .create({"chair_id": self.chair.id, "secretary_id": self.secretary.id, "date_from": "2026-03-01"})
        )
        for user in (self.specialist, self.director):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "Only a signed commission order"),
            ):
                commission.with_user(user).with_context(dpo_commission_appointing=True).write(
                    {"order_id": order.id}
                )
        self.assertFalse(commission.order_id)
        with self.assertRefused(UserError, "Only a signed commission order"):
            self.env["dpo.commission"].with_user(self.director).create(
                {"chair_id": self.chair.id, "secretary_id": self.secretary.id, "order_id": order.id}
            )
        with self.assertRefused(UserError, "changes only by a new signed order"):
            order.commission_id.with_user(self.director).with_context(dpo_commission_appointing=True).write(
                {"chair_id": self.member.id}
            )
        self.assertEqual(order.commission_id.chair_id, self.chair)
