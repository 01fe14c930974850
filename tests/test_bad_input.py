from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import VALID_SNILS, DpoCase

HUGE = "А" * 1_000_000


@tagged("post_install", "-at_install")
class TestBadInput(DpoCase):
    """Issue 9 item 15: impossible values are refused with a clear message, as the specialist
    who reproduced them would send them through RPC, and nothing is stored."""

    def setUp(self):
        super().setUp()
        self.Learner = self.env["dpo.learner"].with_user(self.specialist)
        self.learner_count = self.env["dpo.learner"].search_count([])

    def _assert_no_new_learner(self):
        self.assertEqual(self.env["dpo.learner"].search_count([]), self.learner_count)

    def test_snils_in_unicode_digits_refused(self):
        arabic_indic = VALID_SNILS.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        full_width = VALID_SNILS.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        for snils in (arabic_indic, full_width):
            with self.subTest(snils=snils), self.assertRefused(ValidationError, "must have 11 digits"):
                self.Learner.create({"last_name": "Двойников", "first_name": "Иван", "snils": snils})
        self._assert_no_new_learner()
        self.assertFalse(self.env["dpo.learner"].search([("last_name", "=", "Двойников")]))
        self.assertEqual(self.env["dpo.learner"].search_count([("snils", "=", VALID_SNILS)]), 1)

    def test_snils_of_zeros_refused(self):
        with self.assertRefused(ValidationError, "never issued"):
            self.Learner.create({"last_name": "Нулев", "first_name": "Иван", "snils": "000-000-000 00"})
        with self.assertRefused(ValidationError, "never issued"):
            self.learner.with_user(self.specialist).write({"snils": "00000000000"})
        self._assert_no_new_learner()
        self.learner.invalidate_recordset()
        self.assertEqual(self.learner.snils, VALID_SNILS)

    def test_duplicate_snils_refused_clearly(self):
        with self.assertRefused(ValidationError, "already exists in this company"):
            self.Learner.create({"last_name": "Двойников", "first_name": "Иван", "snils": "11223344595"})
        with self.assertRefused(ValidationError, "already exists in this company"):
            self.other_learner.with_user(self.specialist).write({"snils": VALID_SNILS})
        self._assert_no_new_learner()
        self.assertFalse(self.other_learner.snils)

    def test_blank_names_refused(self):
        with self.assertRefused(ValidationError, "cannot be blank"):
            self.Learner.create({"last_name": "   ", "first_name": "Иван"})
        with self.assertRefused(ValidationError, "cannot be blank"):
            self.Learner.create({"last_name": "Пустов", "first_name": "\xa0 \xa0"})
        with self.assertRefused(ValidationError, "cannot be blank"):
            self.learner.with_user(self.specialist).write({"last_name": "  "})
        self._assert_no_new_learner()
        self.learner.invalidate_recordset()
        self.assertEqual(self.learner.last_name, "Иванов")
        self.assertEqual(self.learner.partner_id.name, "Иванов Пётр Сергеевич")

    def test_implausible_birth_dates_refused(self):
        today = fields.Date.today()
        for birth_date in (
            "1800-01-01",
            "1899-12-31",
            today - relativedelta(years=1),
            today - relativedelta(years=13),
        ):
            with self.subTest(birth_date=birth_date), self.assertRefused(ValidationError, "must be between"):
                self.Learner.create({"last_name": "Древний", "first_name": "Иван", "birth_date": birth_date})
        with self.assertRefused(ValidationError, "must be between"):
            self.learner.with_user(self.specialist).write({"birth_date": "1800-05-01"})
        self._assert_no_new_learner()
        self.learner.invalidate_recordset()
        self.assertEqual(str(self.learner.birth_date), "1990-05-01")
        fourteen = self.Learner.create(
            {"last_name": "Юный", "first_name": "Иван", "birth_date": today - relativedelta(years=14)}
        )
        self.assertTrue(fourteen.birth_date)

    def test_implausible_order_dates_refused(self):
        Order = self.env["dpo.order"].with_user(self.specialist)
        count = self.env["dpo.order"].search_count([])
        too_late = fields.Date.today() + relativedelta(years=1, days=1)
        for date in ("1900-03-01", "1999-12-31", too_late):
            with self.subTest(date=date), self.assertRefused(ValidationError, "must be dated between"):
                Order.create({"order_type": "enroll", "date": date, "group_id": self.group.id})
        self.assertEqual(self.env["dpo.order"].search_count([]), count)
        order = Order.create({"order_type": "enroll", "date": "2026-03-01", "group_id": self.group.id})
        with self.assertRefused(ValidationError, "must be dated between"):
            order.write({"date": "1900-03-01"})
        order.invalidate_recordset()
        self.assertEqual(str(order.date), "2026-03-01")

    def test_huge_text_refused_clearly(self):
        attempts = {
            "learner": lambda: self.Learner.create({"last_name": HUGE, "first_name": "Иван"}),
            "learner email": lambda: self.Learner.create(
                {"last_name": "Иванов", "first_name": "Иван", "email": HUGE}
            ),
            "learner write": lambda: self.learner.with_user(self.specialist).write({"first_name": HUGE}),
            "programme": lambda: (
                self.env["dpo.program"]
                .with_user(self.specialist)
                .create({"name": HUGE, "program_kind": "pk", "hours": 16})
            ),
            "curriculum line": lambda: self.program.with_user(self.specialist).write(
                {"subject_ids": [(1, self.program.subject_ids[0].id, {"name": HUGE})]}
            ),
            "group": lambda: (
                self.env["dpo.group"]
                .with_user(self.specialist)
                .create(
                    {
                        "name": HUGE,
                        "program_id": self.program.id,
                        "date_start": "2026-05-04",
                        "date_end": "2026-05-15",
                    }
                )
            ),
            "order": lambda: (
                self.env["dpo.order"]
                .with_user(self.specialist)
                .create({"order_type": "enroll", "group_id": self.group.id, "basis": HUGE})
            ),
        }
        for label, attempt in attempts.items():
            with self.subTest(label), self.assertRefused(ValidationError, "takes at most [0-9]+ characters"):
                attempt()
        self._assert_no_new_learner()
        self.learner.invalidate_recordset()
        self.assertEqual(self.learner.first_name, "Пётр")
        self.assertEqual(self.program.subject_ids[0].name, "Основы")
        self.assertFalse(self.env["dpo.program"].search([("name", "=", HUGE)]))
        self.assertFalse(
            self.env["dpo.group"].search([("program_id", "=", self.program.id), ("name", "like", "ААА")])
        )

    def test_impossible_dates_refused_clearly(self):
        order = self.env["dpo.order"].create(
            {"order_type": "enroll", "date": "2026-03-01", "group_id": self.group.id}
        )
        attempts = {
            "learner": lambda: self.Learner.create(
                {"last_name": "Февральский", "first_name": "Иван", "birth_date": "2026-02-30"}
            ),
            "learner write": lambda: self.learner.with_user(self.specialist).write(
                {"birth_date": "1990-13-01"}
            ),
            "group": lambda: (
                self.env["dpo.group"]
                .with_user(self.specialist)
                .create(
                    {
                        "name": "T-30",
                        "program_id": self.program.id,
                        "date_start": "2026-02-30",
                        "date_end": "2026-03-13",
                    }
                )
            ),
            "group write": lambda: self.group.with_user(self.specialist).write({"date_end": "2026-02-30"}),
            "order": lambda: (
                self.env["dpo.order"]
                .with_user(self.specialist)
                .create({"order_type": "enroll", "group_id": self.group.id, "date": "2026-02-30"})
            ),
            "order write": lambda: order.with_user(self.specialist).write({"date": "2026-02-30"}),
            "order default": lambda: (
                self.env["dpo.order"]
                .with_user(self.specialist)
                .with_context(default_date="2026-02-30")
                .create({"order_type": "enroll", "group_id": self.group.id})
            ),
        }
        for label, attempt in attempts.items():
            with self.subTest(label), self.assertRefused(ValidationError, "is not a valid date"):
                attempt()
        self._assert_no_new_learner()
        self.assertFalse(self.env["dpo.group"].search([("name", "=", "T-30")]))
        self.env.invalidate_all()
        self.assertEqual(str(self.learner.birth_date), "1990-05-01")
        self.assertEqual(str(self.group.date_end), "2026-03-13")
        self.assertEqual(str(order.date), "2026-03-01")

    def test_integer_out_of_range_refused_clearly(self):
        with self.assertRefused(ValidationError, "out of range"):
            self.program.with_user(self.specialist).write({"hours": 10**12})
        self.program.invalidate_recordset()
        self.assertEqual(self.program.hours, 40)
