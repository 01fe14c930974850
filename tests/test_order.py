import hashlib
import re
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DpoCase

REPORT = "dpo_records.action_report_dpo_order"


class OrderCase(DpoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third_learner = cls.env["dpo.learner"].create(
            {"last_name": "Кузнецова", "first_name": "Ольга", "patronymic": "Ивановна", "gender": "female"}
        )
        cls.third_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.third_learner.id, "group_id": cls.group.id}
        )

    def _order(self, order_type, enrollments, user=None, **vals):
        """Draft an order as the programme specialist (or `user`)."""
        line_vals = vals.pop("lines", None) or [{"enrollment_id": e.id} for e in enrollments]
        return (
            self.env["dpo.order"]
            .with_user(user or self.specialist)
            .create(
                {
                    "order_type": order_type,
                    "group_id": self.group.id,
                    "date": "2026-03-01",
                    "line_ids": [Command.create(line) for line in line_vals],
                    **vals,
                }
            )
        )

    def _sign(self, order):
        order.with_user(self.director).action_sign()
        return order

    def _enrol(self, *enrollments):
        return self._sign(self._order("enroll", self.env["dpo.enrollment"].concat(*enrollments)))

    def _counter(self, order_type, year=2026):
        counter = self.env["dpo.numbering"].search(
            [("company_id", "=", self.company.id), ("kind", "=", f"order.{order_type}"), ("year", "=", year)]
        )
        return counter.number_next if counter else 1


@tagged("post_install", "-at_install")
class TestOrderFlow(OrderCase):
    def test_enrol_then_complete_only_through_signed_orders(self):
        order = self._order("enroll", self.enrollment + self.third_enrollment, basis="Договоры, заявления")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.name)
        self.assertEqual(self.enrollment.state, "draft", "a draft order changes nothing")
        self._sign(order)
        self.assertEqual(order.state, "signed")
        self.assertRegex(order.name, r"^\d+-ОУ/2026$")
        self.assertEqual(order.signed_by_id, self.director)
        for enrollment in self.enrollment + self.third_enrollment:
            self.assertEqual(enrollment.state, "enrolled")
            self.assertEqual(enrollment.enroll_order_id, order)
            self.assertEqual(str(enrollment.date_enrolled), "2026-03-01")

        complete = self._order("complete", self.enrollment, date="2026-03-13")
        self._sign(complete)
        self.assertRegex(complete.name, r"^\d+-ОК/2026$")
        self.assertEqual(self.enrollment.state, "completed")
        self.assertEqual(self.enrollment.exit_order_id, complete)
        self.assertEqual(str(self.enrollment.date_exit), "2026-03-13")
        self.assertEqual(self.third_enrollment.state, "enrolled")

    def test_expel_with_reason(self):
        self._enrol(self.enrollment, self.third_enrollment)
        order = self._order(
            "expel",
            None,
            date="2026-03-05",
            lines=[
                {"enrollment_id": self.enrollment.id, "reason": "plan_failure"},
                {
                    "enrollment_id": self.third_enrollment.id,
                    "reason": "other",
                    "reason_text": "Призыв на службу",
                },
            ],
        )
        self._sign(order)
        self.assertRegex(order.name, r"^\d+-ОТ/2026$")
        self.assertEqual(self.enrollment.state, "expelled")
        self.assertEqual(self.enrollment.exit_reason, "Failure to Fulfil the Curriculum")
        self.assertEqual(self.enrollment.exit_order_id, order)
        self.assertEqual(self.third_enrollment.exit_reason, "Призыв на службу")

    def test_numbering_per_type_and_year_with_configurable_letters(self):
        first = self._enrol(self.enrollment)
        second = self._enrol(self.third_enrollment)
        number = int(first.name.split("-")[0])
        self.assertEqual(second.name, f"{number + 1}-ОУ/2026")
        self.env["dpo.enrollment"].create({"learner_id": self.other_learner.id, "group_id": self.group.id})
        last_year = self.env["dpo.group"].create(
            {
                "name": "T-2025",
                "program_id": self.program.id,
                "date_start": "2025-02-03",
                "date_end": "2025-02-14",
            }
        )
        old = self.env["dpo.enrollment"].create({"learner_id": self.learner.id, "group_id": last_year.id})
        old_order = self._order("enroll", old, group_id=last_year.id, date="2025-02-01")
        self._sign(old_order)
        self.assertEqual(old_order.name, "1-ОУ/2025", "each year starts from 1")

        counter = self.env["dpo.numbering"].search(
            [("company_id", "=", self.company.id), ("kind", "=", "order.enroll"), ("year", "=", 2026)]
        )
        counter.with_user(self.director).letters = "ЗЧ"
        with self.assertRefused(AccessError, r"\(dpo\.numbering\)"):
            counter.with_user(self.specialist).letters = "XX"
        third_learner = self.env["dpo.learner"].create({"last_name": "Орлов", "first_name": "Иван"})
        third = self.env["dpo.enrollment"].create({"learner_id": third_learner.id, "group_id": self.group.id})
        self.assertEqual(self._enrol(third).name, f"{number + 2}-ЗЧ/2026")

    def test_signed_copy_stored_with_checksum(self):
        order = self._enrol(self.enrollment)
        self.assertTrue(order.signed_copy_id)
        self.assertEqual(order.signed_copy_id.res_model, "dpo.order")
        self.assertEqual(order.signed_copy_id.res_id, order.id)
        self.assertEqual(order.signed_copy_sha256, hashlib.sha256(order.signed_copy_id.raw).hexdigest())

    def test_signing_is_tracked_in_chatter(self):
        # Tracking starts once the draft is committed, and is written when the signing is.
        order = self._order("enroll", self.enrollment)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self._sign(order)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [("mail_message_id.model", "=", "dpo.order"), ("mail_message_id.res_id", "=", order.id)]
        )
        tracked = tracked.filtered(lambda t: t.field_id.name == "state")
        self.assertTrue(tracked)
        self.assertEqual(tracked[0].new_value_char, "Signed")

    def test_draft_orders_from_group_in_one_click(self):
        wizard = (
            self.env["dpo.group.order.draft"]
            .with_user(self.specialist)
            .create({"group_id": self.group.id, "order_type": "enroll", "date": "2026-03-01"})
        )
        self.assertEqual(wizard.enrollment_ids, self.enrollment + self.third_enrollment)
        action = wizard.action_create_order()
        order = self.env["dpo.order"].browse(action["res_id"])
        self.assertEqual(order.order_type, "enroll")
        self.assertEqual(order.line_ids.enrollment_id, self.enrollment + self.third_enrollment)
        self._sign(order)

        # Only those who passed (or await their result) are put in the completion order.
        self.third_enrollment._set_final_result("failed")
        wizard = (
            self.env["dpo.group.order.draft"]
            .with_user(self.specialist)
            .create({"group_id": self.group.id, "order_type": "complete", "date": "2026-03-13"})
        )
        order = self.env["dpo.order"].browse(wizard.action_create_order()["res_id"])
        self.assertEqual(order.line_ids.enrollment_id, self.enrollment)
        self._sign(order)
        self.assertEqual(self.enrollment.state, "completed")
        self.assertEqual(self.third_enrollment.state, "enrolled")

    def test_teacher_and_archivist_read_orders_only(self):
        order = self._enrol(self.enrollment)
        self.assertEqual(order.with_user(self.teacher).name, order.name)
        self.assertEqual(order.with_user(self.archivist).name, order.name)
        self.assertFalse(order.with_user(self.teacher_other).search([("id", "=", order.id)]))
        # the enrolment form shows its order to the teacher of the group
        data = self.enrollment.with_user(self.teacher).web_read(
            {"enroll_order_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(data[0]["enroll_order_id"]["id"], order.id)


@tagged("post_install", "-at_install")
class TestOrderRefusals(OrderCase):
    def _assert_unsigned(self, order, *enrollments, state="draft"):
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.name)
        for enrollment in enrollments:
            enrollment.invalidate_recordset()
            self.assertEqual(enrollment.state, state)

    def test_sign_without_lines_refused(self):
        order = self._order("enroll", self.env["dpo.enrollment"])
        counter = self._counter("enroll")
        with self.assertRefused(UserError, "has no learners"):
            self._sign(order)
        self._assert_unsigned(order)
        self.assertEqual(self._counter("enroll"), counter, "no number is used")

    def test_enrol_already_enrolled_refused(self):
        self._enrol(self.enrollment)
        order = self._order("enroll", self.enrollment + self.third_enrollment)
        with self.assertRefused(UserError, "Иванов Пётр Сергеевич is already enrolled in group T-01"):
            self._sign(order)
        self._assert_unsigned(order)
        self.assertEqual(self.third_enrollment.state, "draft", "the other learner is not enrolled either")

    def test_complete_or_expel_not_enrolled_refused(self):
        for order_type, extra in (("complete", {}), ("expel", {"reason": "own_wish"})):
            order = self._order(order_type, None, lines=[{"enrollment_id": self.enrollment.id, **extra}])
            with (
                self.subTest(order_type=order_type),
                self.assertRefused(UserError, "is not enrolled in group T-01"),
            ):
                self._sign(order)
            self._assert_unsigned(order, self.enrollment)
            self.assertFalse(self.enrollment.exit_order_id)

    def test_expel_without_reason_refused(self):
        self._enrol(self.enrollment)
        order = self._order("expel", None, lines=[{"enrollment_id": self.enrollment.id, "reason": "other"}])
        with self.assertRefused(UserError, "Give the reason"):
            self._sign(order)
        self._assert_unsigned(order, self.enrollment, state="enrolled")

    def test_order_dated_after_today_refused(self):
        tomorrow = fields.Date.context_today(self.env["dpo.order"]) + timedelta(days=1)
        self.group.date_end = tomorrow + timedelta(days=30)
        order = self._order("enroll", self.enrollment, date=tomorrow)
        with self.assertRefused(UserError, "cannot be dated later than today"):
            self._sign(order)
        self._assert_unsigned(order, self.enrollment)

    def test_enrolment_order_after_group_end_refused(self):
        order = self._order("enroll", self.enrollment, date="2026-03-14")
        with self.assertRefused(UserError, r"cannot be dated after the end of group T-01 \(13.03.2026\)"):
            self._sign(order)
        self._assert_unsigned(order, self.enrollment)

    def test_signed_order_immutable_for_every_role(self):
        order = self._enrol(self.enrollment)
        name, line = order.name, order.line_ids
        for user in (self.specialist, self.head, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "is signed and cannot be changed"):
                    order.with_user(user).write({"date": "2026-02-27"})
                with self.assertRefused(UserError, "is signed and cannot be changed"):
                    order.with_user(user).write({"name": "999-ОУ/2026"})
                with self.assertRefused(UserError, "is signed and cannot be changed"):
                    line.with_user(user).write({"basis": "Другое"})
                with self.assertRefused(UserError, "is signed and cannot be changed"):
                    line.with_user(user).unlink()
                with self.assertRefused(UserError, "is signed and cannot be changed"):
                    self.env["dpo.order.line"].with_user(user).create(
                        {"order_id": order.id, "enrollment_id": self.third_enrollment.id}
                    )
                with self.assertRefused(UserError, "cannot be deleted"):
                    order.with_user(user).unlink()
        order.invalidate_recordset()
        self.assertEqual(order.name, name)
        self.assertEqual(str(order.date), "2026-03-01")
        self.assertEqual(order.line_ids, line)
        self.assertFalse(line.basis)
        self.assertEqual(self.enrollment.enroll_order_id, order)
        # signing it again is refused too
        with self.assertRefused(UserError, "is already signed"):
            self._sign(order)

    def test_teacher_cannot_create_orders(self):
        count = self.env["dpo.order"].search_count([])
        with self.assertRefused(AccessError, r"\(dpo\.order\)"):
            self._order("enroll", self.enrollment, user=self.teacher)
        with self.assertRefused(AccessError, r"\(dpo\.order\)"):
            self._order("enroll", self.enrollment, user=self.archivist)
        self.assertEqual(self.env["dpo.order"].search_count([]), count)

    def test_specialist_and_head_cannot_sign(self):
        order = self._order("enroll", self.enrollment)
        for user in (self.specialist, self.head):
            with self.subTest(user=user.login), self.assertRefused(AccessError, "Only the director can sign"):
                order.with_user(user).action_sign()
        self._assert_unsigned(order, self.enrollment)

    def test_enrollment_order_link_not_writable(self):
        order = self._enrol(self.enrollment)
        with self.assertRefused(UserError, "only when an order"):
            self.third_enrollment.with_user(self.director).write({"enroll_order_id": order.id})
        self.assertFalse(self.third_enrollment.enroll_order_id)


@tagged("post_install", "-at_install")
class TestOrderPrint(OrderCase):
    def _html(self, order):
        html = self._printed_html(REPORT, order)
        return re.sub(r"\s+", " ", html)

    def _assert_printed(self, order, title, names):
        html = self._html(order)
        self.assertIn(order.name, html)
        self.assertIn("ПРИКАЗ", html)
        self.assertIn(title, html)
        self.assertIn("ПРИКАЗЫВАЮ", html)
        self.assertIn(self.company.name, html)
        self.assertIn("Директор", html)
        self.assertIn(self.director.name, html)
        self.assertIn("С приказом ознакомлены", html)
        for name in names:
            self.assertIn(name, html)
        return html

    def test_printed_orders_of_each_type(self):
        enroll = self._enrol(self.enrollment, self.third_enrollment)
        html = self._assert_printed(
            enroll, "О зачислении слушателей", ["Иванов Пётр Сергеевич", "Кузнецова Ольга"]
        )
        self.assertIn("Охрана труда", html)
        self.assertIn("02.03.2026 – 13.03.2026", html)
        self.assertIn("40", html)

        complete = self._sign(self._order("complete", self.enrollment, date="2026-03-13"))
        self._assert_printed(complete, "Об окончании обучения", ["Иванов Пётр Сергеевич"])

        expel = self._sign(
            self._order(
                "expel",
                None,
                date="2026-03-05",
                lines=[{"enrollment_id": self.third_enrollment.id, "reason": "non_payment"}],
            )
        )
        html = self._assert_printed(expel, "Об отчислении слушателей", ["Кузнецова Ольга Ивановна"])
        self.assertIn("Неоплата", html)

        organize = self._sign(self._order("organize", self.env["dpo.enrollment"], date="2026-02-27"))
        self._assert_printed(organize, "Об организации обучения", [self.teacher.name, self.head.name])

        chair = self.env["res.partner"].create({"name": "Кузнецов Игорь Викторович"})
        secretary = self.env["res.partner"].create({"name": "Васильева Мария Игоревна"})
        commission = self._sign(
            self._order(
                "commission",
                self.env["dpo.enrollment"],
                lines=[],
                commission_chair_id=chair.id,
                commission_secretary_id=secretary.id,
                commission_date_from="2026-03-01",
                commission_date_to="2026-12-31",
            )
        )
        html = self._assert_printed(
            commission, "О составе аттестационной комиссии", [chair.name, secretary.name]
        )
        self.assertIn("Председатель", html)

    def test_draft_prints_without_number(self):
        html = self._html(self._order("enroll", self.enrollment))
        self.assertIn("________", html)
        self.assertIn("Иванов Пётр Сергеевич", html)

    def test_order_dates_are_never_in_future_in_demo(self):
        orders = self.env["dpo.order"].search([("state", "=", "signed")])
        self.assertTrue(all(order.date <= date.today() for order in orders))


@tagged("post_install", "-at_install")
class TestOrderForms(OrderCase):
    def test_specialist_drafts_an_order_in_the_form(self):
        with Form(self.env["dpo.order"].with_user(self.specialist)) as form:
            form.order_type = "enroll"
            form.group_id = self.group
            form.date = date(2026, 3, 1)
            with form.line_ids.new() as line:
                line.enrollment_id = self.enrollment
        order = form.record
        self.assertEqual(order.company_id, self.group.company_id)
        self.assertEqual(order.line_ids.learner_id, self.learner)
        self._sign(order)
        self.assertEqual(self.enrollment.state, "enrolled")

    def test_demo_group_completes_only_through_orders(self):
        group = self.env.ref("dpo_records.dpo_group_demo_pk", raise_if_not_found=False)
        if not group:
            self.skipTest("demo data is not installed")
        self.assertTrue(
            all(e.state == "enrolled" and e.enroll_order_id.state == "signed" for e in group.enrollment_ids)
        )
        wizard = (
            self.env["dpo.group.order.draft"]
            .with_user(self.env.ref("dpo_records.user_demo_specialist"))
            .create({"group_id": group.id, "order_type": "complete"})
        )
        order = self.env["dpo.order"].browse(wizard.action_create_order()["res_id"])
        # The demo protocol failed one learner: the completion order takes only those who passed.
        passed = group.enrollment_ids.filtered(lambda e: e.final_result == "passed")
        self.assertEqual(len(passed), len(group.enrollment_ids) - 1)
        self.assertEqual(order.line_ids.enrollment_id, passed)
        order.with_user(self.env.ref("dpo_records.user_demo_director")).action_sign()
        self.assertEqual(set(passed.mapped("state")), {"completed"})
        self.assertEqual(passed.exit_order_id, order)
        self.assertEqual((group.enrollment_ids - passed).state, "enrolled")


@tagged("post_install", "-at_install")
class TestOrderScan(DpoCase):
    def test_scan_of_signed_order_attached_with_checksum(self):
        order = self.env["dpo.order"].create(
            {
                "order_type": "enroll",
                "date": "2026-03-01",
                "group_id": self.group.id,
                "line_ids": [(0, 0, {"enrollment_id": self.enrollment.id})],
            }
        )
        order.with_user(self.director).action_sign()
        order.with_user(self.specialist).write({"scan_file": "JVBERi0xLjQK", "scan_filename": "scan.pdf"})
        self.assertEqual(order.scan_sha256, hashlib.sha256(b"%PDF-1.4\n").hexdigest())
        with self.assertRefused(UserError, "is signed and cannot be changed"):
            order.with_user(self.director).write({"basis": "Другое основание"})
        self.assertFalse(order.basis)
