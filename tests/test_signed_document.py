from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

# The refusal of a value only the signing writes, on any document.
FORGED = "set only by its signing"


class SignedDocumentCase(DpoCase):
    """An enrolment order, a statement and a protocol of group T-01, all drafts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date="2026-03-02")
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        cls.subject = cls.program.subject_ids.filtered(lambda s: s.attestation_form == "exam")
        for subject in cls.program.subject_ids:
            cls._signed_sheet(subject, {cls.enrollment: "pass", cls.second_enrollment: "pass"}, "2026-03-10")
        learner = cls.env["dpo.learner"].create({"last_name": "Орлова", "first_name": "Вера"})
        cls.draft_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": learner.id, "group_id": cls.group.id}
        )

    def _draft_order(self, user=None, **vals):
        return (
            self.env["dpo.order"]
            .with_user(user or self.specialist)
            .create(
                {
                    "order_type": "enroll",
                    "group_id": self.group.id,
                    "date": "2026-03-01",
                    "line_ids": [Command.create({"enrollment_id": self.draft_enrollment.id})],
                    **vals,
                }
            )
        )

    def _appoint(self, chair, group):
        """An attestation commission for `group` chaired by `chair`, appointed by a signed order."""
        order = self.env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": "2026-01-01",
                "group_id": group.id,
                "commission_kind": "attestation",
                "commission_chair_id": chair.id,
                "commission_secretary_id": self.secretary.id,
                "commission_member_ids": [Command.set(self.member.ids)],
                "commission_date_from": "2026-01-01",
                "commission_date_to": "2026-12-31",
            }
        )
        order.with_user(self.director).action_sign()
        return order.commission_id

    def _draft_statement(self):
        return self.env["dpo.attestation.sheet"].create(
            {
                "group_id": self.group.id,
                "subject_id": self.subject.id,
                "form": "exam",
                "date": "2026-03-11",
                "examiner_ids": [Command.set(self.teacher.ids)],
            }
        )

    def _draft_protocol(self, **vals):
        protocol = self.env["dpo.protocol"].create(
            {
                "group_id": self.group.id,
                "commission_id": self.commission.id,
                "date": "2026-03-13",
                "final_form": "exam",
                **vals,
            }
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        return protocol

    def _signed_order(self, **context):
        order = self._draft_order()
        order.with_user(self.director).with_context(**context).action_sign()
        return order

    def _signed_statement(self, **context):
        sheet = self._draft_statement()
        sheet._set_results({"result": "5"})
        sheet.with_user(self.teacher).with_context(**context).action_sign()
        return sheet

    def _signed_protocol(self, **context):
        protocol = self._draft_protocol()
        protocol.with_user(self.specialist).with_context(**context).action_sign()
        return protocol

    def _next_enrol_number(self):
        counter = self.env["dpo.numbering"].search(
            [("company_id", "=", self.company.id), ("kind", "=", "order.enroll"), ("year", "=", 2026)]
        )
        return f"{counter.number_next if counter else 1}-ОУ/2026"

    def _assert_unsigned(self, document):
        document.invalidate_recordset()
        self.assertEqual(document.state, "draft")
        self.assertFalse(document.signed_by_id)
        self.assertFalse(document.signed_date)
        self.assertFalse(document.signed_copy_id)
        if document._signed_number_field:
            self.assertFalse(document[document._signed_number_field])


@tagged("post_install", "-at_install")
class TestForgedSigning(SignedDocumentCase):
    def test_specialist_cannot_write_a_signed_order(self):
        order = self._draft_order()
        forged = {"state": "signed", "name": "2-ОТ/2026", "signed_by_id": self.director.id}
        with self.assertRefused(UserError, FORGED):
            order.with_user(self.specialist).write(forged)
        more = {"signed_date": "2026-03-01 10:00:00", "signed_copy_sha256": "0" * 64}
        for field, value in {**forged, **more}.items():
            with self.subTest(field=field), self.assertRefused(UserError, FORGED):
                order.with_user(self.specialist).write({field: value})
        self._assert_unsigned(order)
        self.assertEqual(self.draft_enrollment.state, "draft")
        # The director still signs it, with the number the counter gives.
        number = self._next_enrol_number()
        order.with_user(self.director).action_sign()
        self.assertEqual(order.name, number)
        self.assertEqual(order.signed_by_id, self.director)

    def test_specialist_cannot_create_a_signed_order(self):
        count = self.env["dpo.order"].search_count([])
        forged = {"state": "signed", "name": "2-ОТ/2026", "signed_by_id": self.director.id}
        with self.assertRefused(UserError, FORGED):
            self._draft_order(**forged)
        # Defaults sent in the client's context are refused as well (models/base.py).
        context = {"default_state": "signed", "default_signed_by_id": self.director.id}
        with self.assertRefused(UserError, "takes no default value from the client"):
            self.env["dpo.order"].with_user(self.specialist).with_context(**context).create(
                {"order_type": "organize", "group_id": self.group.id, "date": "2026-03-01"}
            )
        self.assertEqual(self.env["dpo.order"].search_count([]), count)

    def test_typed_number_refused_and_does_not_block_signing(self):
        number = self._next_enrol_number()
        with self.assertRefused(UserError, FORGED):
            self._draft_order(name=number)
        self.assertFalse(self.env["dpo.order"].search([("name", "=", number)]))
        order = self._draft_order()
        order.with_user(self.director).action_sign()
        self.assertEqual(order.name, number)

    def test_copy_is_a_draft_without_number(self):
        order = self._draft_order()
        order.with_user(self.director).action_sign()
        duplicate = order.with_user(self.specialist).copy()
        self.assertEqual(duplicate.state, "draft")
        self.assertFalse(duplicate.name)
        self.assertFalse(duplicate.signed_by_id)
        self.assertFalse(duplicate.signed_copy_id)
        self.assertEqual(duplicate.line_ids.enrollment_id, self.draft_enrollment)
        count = self.env["dpo.order"].search_count([])
        with self.assertRefused(UserError, FORGED):
            order.with_user(self.specialist).copy(
                {"state": "signed", "name": "2-ОТ/2026", "signed_by_id": self.director.id}
            )
        self.assertEqual(self.env["dpo.order"].search_count([]), count)

    def test_teacher_cannot_write_a_signed_statement(self):
        sheet = self._draft_statement()
        with self.assertRefused(UserError, FORGED):
            sheet.with_user(self.teacher).write({"state": "signed", "signed_by_id": self.director.id})
        self._assert_unsigned(sheet)
        self.assertEqual(set(sheet.line_ids.mapped("result")), {False})
        with self.assertRefused(UserError, FORGED):
            self.env["dpo.attestation.sheet"].with_user(self.specialist).create(
                {"group_id": self.group.id, "subject_id": self.subject.id, "form": "exam", "state": "signed"}
            )

    def test_specialist_cannot_write_a_signed_protocol(self):
        protocol = self._draft_protocol()
        with self.assertRefused(UserError, FORGED):
            protocol.with_user(self.specialist).write(
                {"state": "signed", "signed_by_id": self.director.id, "name": "2026/001"}
            )
        self._assert_unsigned(protocol)
        self.assertFalse(self.enrollments.filtered("final_result"))

    def test_signed_documents_not_deleted_with_a_client_uninstall_key(self):
        # Odoo skips `at_uninstall=False` guards on this context key, which a client can send.
        order = self._draft_order()
        order.with_user(self.director).action_sign()
        sheet = self.env["dpo.attestation.sheet"].search(
            [("group_id", "=", self.group.id), ("state", "=", "signed")], limit=1
        )
        context = {"_force_unlink": True}
        with self.assertRefused(UserError, "cannot be deleted"):
            order.with_user(self.specialist).with_context(**context).unlink()
        with self.assertRefused(UserError, "is signed and cannot be changed"):
            order.line_ids.with_user(self.specialist).with_context(**context).unlink()
        with self.assertRefused(UserError, "cannot be deleted"):
            sheet.with_user(self.specialist).with_context(**context).unlink()
        self.assertTrue(order.exists())
        self.assertTrue(order.line_ids.exists())
        self.assertTrue(sheet.exists())

    def test_is_signed_locked(self):
        order = self._draft_order()
        self.assertFalse(order._is_signed_locked())
        order.with_user(self.director).action_sign()
        self.assertTrue(order._is_signed_locked())


@tagged("post_install", "-at_install")
class TestOrderLinesFollowTheOrder(SignedDocumentCase):
    def test_signed_order_lines_unchanged_through_parent_commands(self):
        order = self._draft_order()
        order.with_user(self.director).action_sign()
        line = order.line_ids
        draft = self._draft_order(line_ids=[])
        message = "is signed and cannot be changed"
        attempts = {
            "create from the signed order": (
                order,
                {"line_ids": [Command.create({"enrollment_id": self.enrollment.id})]},
            ),
            "update from the signed order": (order, {"line_ids": [Command.update(line.id, {"basis": "X"})]}),
            "delete from the signed order": (order, {"line_ids": [Command.delete(line.id)]}),
            "link into a draft order": (draft, {"line_ids": [Command.link(line.id)]}),
            "update from a draft order": (draft, {"line_ids": [Command.update(line.id, {"basis": "X"})]}),
            "set on a draft order": (draft, {"line_ids": [Command.set(line.ids)]}),
        }
        for label, (target, vals) in attempts.items():
            with self.subTest(label), self.assertRefused(UserError, message):
                target.with_user(self.specialist).write(vals)
        draft_line = self.env["dpo.order.line"].create(
            {"order_id": draft.id, "enrollment_id": self.enrollment.id}
        )
        with self.assertRefused(UserError, message):
            draft_line.with_user(self.specialist).write({"order_id": order.id})
        with self.assertRefused(UserError, message):
            line.with_user(self.specialist).write({"order_id": draft.id})
        order.invalidate_recordset()
        self.assertEqual(order.line_ids, line)
        self.assertFalse(line.basis)
        self.assertEqual(draft_line.order_id, draft)


@tagged("post_install", "-at_install")
class TestProtocolSigner(SignedDocumentCase):
    def test_chair_who_is_only_a_teacher_signs(self):
        chair_user = self._user("t_chair", "dpo_records.group_dpo_teacher")
        self.group.teacher_ids = [Command.link(chair_user.id)]
        commission = self._appoint(chair_user.partner_id, self.group)
        protocol = self._draft_protocol(commission_id=commission.id)
        protocol.with_user(chair_user).action_sign()
        self.assertEqual(protocol.state, "signed")
        self.assertEqual(protocol.signed_by_id, chair_user)
        self.assertRegex(protocol.name, r"^2026/\d{3}$")
        self.assertEqual(set(self.enrollments.mapped("final_result")), {"passed"})
        with self.assertRaises(AccessError):
            self.enrollment.with_user(chair_user).write({"funding": "budget"})

    def test_commission_of_another_group_refused(self):
        # The choice is refused on the field (the signing checks it again for documents made
        # before that constraint existed).
        foreign = self._appoint(self.chair, self.other_group)
        self.assertEqual(foreign.group_id, self.other_group)
        message = r"is appointed for group T-02 and cannot examine group T-01"
        Protocol = self.env["dpo.protocol"].with_user(self.specialist)
        with self.assertRefused(ValidationError, message):
            Protocol.create({"group_id": self.group.id, "commission_id": foreign.id, "date": "2026-03-13"})
        protocol = self._draft_protocol()
        with self.assertRefused(ValidationError, message):
            protocol.with_user(self.specialist).write({"commission_id": foreign.id})
        self.assertEqual(protocol.commission_id, self.commission)
        self._assert_unsigned(protocol)
        with self.assertRefused(ValidationError, message):
            self.env["dpo.attestation.sheet"].with_user(self.specialist).create(
                {
                    "group_id": self.group.id,
                    "kind": "final",
                    "form": "exam",
                    "date": "2026-03-13",
                    "commission_id": foreign.id,
                }
            )
        self.assertFalse(self.env["dpo.attestation.sheet"].search([("commission_id", "=", foreign.id)]))
