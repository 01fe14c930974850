import hashlib
from datetime import timedelta

import psycopg2.errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models.company_date import company_today
from .common import DpoCase

ISSUED_LOCKED = "is issued: only its delivery may still be recorded"
FORGED = "are set only by issuing it and by its own actions"
NOT_DELETED = "cannot be deleted, only cancelled"


class DocumentCase(DpoCase):
    """Group T-01: Иванов passed the final attestation, Петрова failed; the protocol is signed
    and its documents are drafted (an удостоверение and a справка)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.learner.write(
            {
                "education_level": "higher",
                "education_doc_series": "1077",
                "education_doc_number": "0123456",
                "citizenship_id": cls.env.ref("base.ru").id,
            }
        )
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.enrollments._change_state("enrolled", date="2026-03-02")
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        for subject in cls.program.subject_ids:
            cls._signed_sheet(subject, {cls.enrollment: "pass", cls.second_enrollment: "pass"}, "2026-03-10")
        cls.protocol = cls.env["dpo.protocol"].create(
            {"group_id": cls.group.id, "commission_id": cls.commission.id, "date": "2026-03-13"}
        )
        cls.protocol._set_results(
            {"result": "passed", "grade": "5"},
            {cls.second_enrollment.id: {"result": "failed", "grade": "2"}},
        )
        cls.protocol.with_user(cls.specialist).action_sign()
        # Printed without blanks unless a test receives some (the demo prints on blanks).
        cls.env["dpo.document.template"]._get(cls.company, "certificate_pk").uses_blanks = False
        cls.Document = cls.env["dpo.document"].with_user(cls.specialist)
        cls.drafts = cls.Document._draft_from_protocol(cls.protocol)
        cls.certificate = cls.drafts.filtered(lambda d: d.enrollment_id == cls.enrollment)
        cls.reference = cls.drafts - cls.certificate
        # Issued today: the demo database's book already holds documents of this year.
        cls.today = company_today(cls.company)
        cls.drafts.write({"issue_date": cls.today})
        cls.year = cls.today.year

    def _counter_next(self, year=None):
        year = year or self.year
        counter = self.env["dpo.numbering"].search(
            [("company_id", "=", self.company.id), ("kind", "=", "document"), ("year", "=", year)]
        )
        return counter.number_next if counter else 1

    def _issued(self):
        self.drafts.with_user(self.specialist).action_issue()
        return self.certificate, self.reference

    def _use_blanks(self, kind="certificate_pk", first="000101", last="000103", series=False):
        # Without a series the test's blanks come before the demo's in the stock.
        template = self.env["dpo.document.template"]._get(self.company, kind)
        template.with_user(self.director).write({"uses_blanks": True})
        # Only the test's blanks in stock: the demo's are spoiled.
        self.env["dpo.document.blank"].search(
            [("document_kind", "=", kind), ("state", "=", "available")]
        ).action_spoil("Не для теста")
        receipt = (
            self.env["dpo.document.blank.receipt"]
            .with_user(self.specialist)
            .create(
                {
                    "name": f"Акт {kind}",
                    "date": "2026-02-01",
                    "document_kind": kind,
                    "series": series,
                    "number_from": first,
                    "number_to": last,
                }
            )
        )
        receipt.action_receive()
        return receipt.blank_ids.sorted("number")


@tagged("post_install", "-at_install")
class TestDocumentIssue(DocumentCase):
    def test_protocol_drafts_the_programme_document_and_a_reference(self):
        self.assertEqual(self.certificate.document_kind, "certificate_pk")
        self.assertEqual(self.reference.document_kind, "reference")
        self.assertEqual(self.reference.enrollment_id, self.second_enrollment)
        self.assertEqual(set(self.drafts.mapped("state")), {"draft"})
        self.assertEqual(self.drafts.protocol_id, self.protocol)
        # Drafting again adds nothing for learners who have their document already.
        self.assertFalse(self.Document._draft_from_protocol(self.protocol))
        action = self.protocol.with_user(self.specialist).action_draft_documents()
        self.assertEqual(self.env["dpo.document"].search(action["domain"]), self.drafts)

    def test_drafting_needs_a_signed_protocol(self):
        draft = self.env["dpo.protocol"].create(
            {"group_id": self.group.id, "commission_id": self.commission.id, "date": "2026-03-14"}
        )
        with self.assertRefused(UserError, "Sign the protocol before drafting its documents"):
            self.Document._draft_from_protocol(draft)

    def test_issue_numbers_in_book_order_and_freezes_the_data(self):
        start = self._counter_next()
        certificate, reference = self._issued()
        self.assertEqual(certificate.state, "issued")
        self.assertEqual(reference.state, "issued")
        # Same issue date: the book follows the recipients' names (Иванов, then Петрова).
        self.assertEqual(certificate.name, f"{start:04d}/{self.year}")
        self.assertEqual(reference.name, f"{start + 1:04d}/{self.year}")
        self.assertEqual(certificate.registration_number, certificate.name)
        self.assertEqual((certificate.book_sequence, reference.book_sequence), (start, start + 1))
        self.assertEqual(certificate.signed_by_id, self.specialist)
        # Printed without a blank: the document's number is its registration number.
        self.assertEqual(certificate.number, certificate.name)
        self.assertEqual(
            (
                certificate.recipient_last_name,
                certificate.recipient_first_name,
                certificate.recipient_patronymic,
                certificate.recipient_snils,
                certificate.recipient_citizenship_code,
                certificate.recipient_gender,
            ),
            ("Иванов", "Пётр", "Сергеевич", "112-233-445 95", "643", "male"),
        )
        self.assertEqual(str(certificate.recipient_birth_date), "1990-05-01")
        self.assertEqual(
            (certificate.program_name, certificate.program_kind, certificate.program_hours),
            ("Охрана труда", "pk", 40),
        )
        self.assertEqual((certificate.study_form, certificate.funding), ("full_time", "paid"))
        self.assertEqual(str(certificate.study_date_start), "2026-03-02")
        self.assertEqual(
            (certificate.education_level, certificate.education_doc_series, certificate.education_doc_number),
            ("higher", "1077", "0123456"),
        )
        self.assertEqual(certificate.frdo_deadline, self.today + timedelta(days=30))
        self.assertEqual((certificate.delivery_status, certificate.frdo_status), ("to_deliver", "to_export"))
        # The electronic copy is kept with its checksum.
        for document in (certificate, reference):
            self.assertTrue(document.signed_copy_id)
            self.assertEqual(
                document.signed_copy_sha256, hashlib.sha256(document.signed_copy_id.raw).hexdigest()
            )
        self.assertEqual(self._counter_next(), start + 2)

    def test_reference_lists_subjects_with_hours_and_results(self):
        _certificate, reference = self._issued()
        rows = reference._reference_subjects()
        self.assertEqual(
            [(row["name"], row["hours"]) for row in rows],
            [("Основы", 16), ("Практика", 24), ("Final attestation", False)],
        )
        self.assertEqual(rows[0]["result"], "Pass")
        self.assertEqual(rows[-1]["result"], "2 (unsatisfactory)")
        html = self._printed_html("dpo_records.action_report_dpo_document", reference)
        self.assertIn("СПРАВКА ОБ ОБУЧЕНИИ", html)
        for name in ("Основы", "Практика", "Петрова"):
            self.assertIn(name, html)

    def test_issued_data_stays_when_the_learner_and_programme_change(self):
        certificate, _reference = self._issued()
        self.learner.write({"last_name": "Смирнов", "snils": "000-000-001 00"})
        self.program.write({"name": "Охрана труда (новая редакция)"})
        certificate.invalidate_recordset()
        self.assertEqual(certificate.recipient_last_name, "Иванов")
        self.assertEqual(certificate.recipient_name, "Иванов Пётр Сергеевич")
        self.assertEqual(certificate.recipient_snils, "112-233-445 95")
        self.assertEqual(certificate.program_name, "Охрана труда")
        html = self._printed_html("dpo_records.action_report_dpo_document", certificate)
        self.assertIn(">Иванов<", html)
        self.assertIn(">Пётр Сергеевич<", html)
        self.assertNotIn("Смирнов", html)

    def test_real_pdf_of_an_issued_document(self):
        self.certificate.with_user(self.specialist).with_context(force_report_rendering=True).action_issue()
        raw = self.certificate.signed_copy_id.raw
        self.assertTrue(raw.startswith(b"%PDF"))
        self.assertEqual(self.certificate.signed_copy_sha256, hashlib.sha256(raw).hexdigest())

    def test_issuing_many_at_once_keeps_each_copy(self):
        """One-sheet documents of a batch are printed in one run and split per document; the
        reference is printed on its own."""
        second = self.Document.create(
            {
                "enrollment_id": self.enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "certificate_pk",
            }
        )
        documents = self.drafts | second
        documents.with_user(self.specialist).with_context(force_report_rendering=True).action_issue()
        self.assertEqual(len(documents.signed_copy_id), 3)
        for document in documents:
            raw = document.signed_copy_id.raw
            self.assertTrue(raw.startswith(b"%PDF"))
            self.assertEqual(document.signed_copy_sha256, hashlib.sha256(raw).hexdigest())
        for certificate in self.certificate | second:
            self.assertIn(b"/Count 1", certificate.signed_copy_id.raw, "one sheet per document")
        self.assertNotEqual(self.certificate.signed_copy_sha256, second.signed_copy_sha256)

    def test_book_html_holds_every_issued_row(self):
        certificate, reference = self._issued()
        reference.with_user(self.specialist).write(
            {"delivery_method": "post", "dispatch_date": self.today, "tracking_number": "80099912345678"}
        )
        certificate.with_user(self.specialist).action_cancel("Ошибка в отчестве")
        html = self._printed_html("dpo_records.action_report_dpo_document_book", self.drafts)
        for document in (certificate, reference):
            self.assertIn(f'data-number="{document.name}"', html)
        self.assertIn("КНИГА", html)
        self.assertIn("Том 1", html)
        self.assertIn("2026", html)
        self.assertIn(f"Почтой России {self.today:%d.%m.%Y}, квитанция № 80099912345678", html)
        self.assertIn("АННУЛИРОВАН", html)
        self.assertIn("Ошибка в отчестве", html)
        self.assertRegex(html, r"зарегистрировано документов: <strong>2</strong>")
        self.assertIn("Лист 2 из 2", html)

    def test_book_wizard_prints_the_year(self):
        self._issued()
        wizard = (
            self.env["dpo.document.book.print"].with_user(self.specialist).create({"year": 2026, "volume": 3})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "dpo_records.report_document_book")
        self.assertLessEqual(set(self.drafts.ids), set(action["context"]["active_ids"]))
        values = self.env["report.dpo_records.report_document_book"]._get_report_values(
            self.drafts.ids, {"volume": 3, "year": 2026}
        )
        self.assertEqual((values["volume"], values["count"]), (3, 2))


@tagged("post_install", "-at_install")
class TestDocumentRefusals(DocumentCase):
    """Bad input refused clearly, as the registrar would send it, with nothing changed."""

    def _assert_draft(self, document, counter_next):
        document.invalidate_recordset()
        self.assertEqual(document.state, "draft")
        self.assertFalse(document.name)
        self.assertFalse(document.recipient_last_name)
        self.assertFalse(document.signed_copy_id)
        self.assertEqual(self._counter_next(), counter_next)

    def test_issuing_without_a_signed_protocol_refused(self):
        start = self._counter_next()
        draft_protocol = self.env["dpo.protocol"].create(
            {"group_id": self.group.id, "commission_id": self.commission.id, "date": "2026-03-14"}
        )
        self.certificate.write({"protocol_id": draft_protocol.id})
        with self.assertRefused(UserError, "is not signed: documents are issued only on a signed protocol"):
            self.certificate.with_user(self.specialist).action_issue()
        self._assert_draft(self.certificate, start)
        self.certificate.write({"protocol_id": False})
        with self.assertRefused(UserError, "has no signed final attestation protocol"):
            self.certificate.with_user(self.specialist).action_issue()
        self._assert_draft(self.certificate, start)

    def test_programme_document_for_a_learner_who_failed_refused(self):
        start = self._counter_next()
        forged = self.Document.create(
            {
                "enrollment_id": self.second_enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "certificate_pk",
                "issue_date": self.today,
            }
        )
        with self.assertRefused(UserError, "did not pass the final attestation.*only a reference"):
            forged.with_user(self.specialist).action_issue()
        self._assert_draft(forged, start)
        # Nor a document the programme does not give.
        with self.assertRefused(ValidationError, "gives «Certificate of Upskilling», not «Diploma"):
            self.certificate.write({"document_kind": "diploma_pp"})
        self.assertEqual(self.certificate.document_kind, "certificate_pk")

    def test_blank_used_or_of_another_kind_refused(self):
        blanks = self._use_blanks()
        diploma_blank = self._use_blanks("diploma_pp", "500", "500")
        self.certificate.with_user(self.specialist).action_issue()
        self.assertEqual(self.certificate.blank_id, blanks[0])
        self.assertEqual((self.certificate.series, self.certificate.number), (False, "000101"))
        self.assertEqual((blanks[0].state, blanks[0].document_id), ("used", self.certificate))
        second = self.Document.create(
            {
                "enrollment_id": self.second_enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "reference",
                "issue_date": self.today,
            }
        )
        another = self.Document.create(
            {
                "enrollment_id": self.enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "certificate_pk",
            }
        )
        with self.assertRefused(ValidationError, "Blank 000101 is used: take an available blank"):
            another.write({"blank_id": blanks[0].id})
        with self.assertRefused(ValidationError, "is a blank of another kind of document"):
            another.write({"blank_id": diploma_blank.id})
        with self.assertRefused(ValidationError, "is a blank of another kind of document"):
            second.write({"blank_id": blanks[1].id})
        # A kind printed on blanks takes its series and number from the blank only.
        with self.assertRefused(UserError, "are those of its blank"):
            another.write({"series": "ПК", "number": "000101"})
        another.invalidate_recordset()
        self.assertFalse(another.blank_id)
        self.assertFalse(another.number)
        self.assertEqual(blanks[1].state, "available")
        # A blank used by another document meanwhile is refused on issue too.
        another.write({"blank_id": blanks[1].id})
        blanks[1]._mark_used({blanks[1]: self.certificate})
        with self.assertRefused(ValidationError, "Blank 000102 is used"):
            another.with_user(self.specialist).action_issue()
        self.assertEqual(another.state, "draft")

    def test_no_blank_left_refused(self):
        self._use_blanks(first="7", last="7")
        self.certificate.with_user(self.specialist).action_issue()
        third = self.Document.create(
            {
                "enrollment_id": self.enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "certificate_pk",
            }
        )
        with self.assertRefused(
            UserError, "1 blanks of «Certificate of Upskilling» are needed and 0 are available"
        ):
            third.with_user(self.specialist).action_issue()
        self.assertEqual(third.state, "draft")

    @mute_logger("odoo.sql_db")
    def test_duplicate_registration_number_or_blank_refused_by_the_database(self):
        blanks = self._use_blanks()
        certificate, reference = self._issued()
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                "UPDATE dpo_document SET name = %s WHERE id = %s", [certificate.name, reference.id]
            )
        second_certificate = self.Document.create(
            {
                "enrollment_id": self.enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "certificate_pk",
            }
        )
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                "UPDATE dpo_document SET blank_id = %s WHERE id = %s", [blanks[0].id, second_certificate.id]
            )
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                """INSERT INTO dpo_document_blank (company_id, document_kind, series, number, state)
                   VALUES (%s, 'certificate_pk', NULL, '000101', 'available')""",
                [self.company.id],
            )
        # The same through the registrar's screens: a second receipt of the same blanks.
        receipt = (
            self.env["dpo.document.blank.receipt"]
            .with_user(self.specialist)
            .create(
                {
                    "name": "Акт 2",
                    "document_kind": "certificate_pk",
                    "number_from": "000103",
                    "number_to": "000110",
                }
            )
        )
        with self.assertRefused(UserError, "Blank 000103 was already received"):
            receipt.action_receive()
        self.assertEqual(receipt.state, "draft")
        self.assertEqual(
            self.env["dpo.document.blank"].search_count([("receipt_id.name", "=", "Акт certificate_pk")]), 3
        )

    def test_post_or_courier_without_tracking_number_refused(self):
        certificate, _reference = self._issued()
        for method in ("post", "courier"):
            with (
                self.subTest(method),
                self.assertRefused(ValidationError, "give the dispatch date and the number"),
            ):
                certificate.with_user(self.specialist).write(
                    {"delivery_method": method, "dispatch_date": self.today}
                )
        with self.assertRefused(ValidationError, "number and the date of the power of attorney"):
            certificate.with_user(self.specialist).write({"delivery_method": "proxy"})
        certificate.invalidate_recordset()
        self.assertFalse(certificate.delivery_method)
        self.assertFalse(certificate.dispatch_date)
        # With the receipt's number the dispatch is recorded, later its delivery.
        certificate.with_user(self.specialist).write(
            {"delivery_method": "post", "dispatch_date": self.today, "tracking_number": "80099912345678"}
        )
        self.assertEqual(certificate.delivery_status, "in_transit")
        certificate.with_user(self.specialist).write({"delivery_confirmed_date": self.today})
        self.assertEqual((certificate.delivery_status, certificate.delivered), ("delivered", True))

    def test_frozen_data_of_an_issued_document_refused(self):
        certificate, _reference = self._issued()
        fields_read = [
            "name",
            "recipient_last_name",
            "program_name",
            "program_hours",
            "issue_date",
            "state",
            "number",
        ]
        before = certificate.read(fields_read)[0]
        attempts = {
            "recipient_last_name": "Петров",
            "program_name": "Другая программа",
            "program_hours": 72,
            "name": "9999/2026",
            "state": "draft",
            "issue_date": self.today - timedelta(days=1),
            "number": "1",
            "enrollment_id": self.second_enrollment.id,
            "frdo_export_date": self.today,
            "signed_copy_sha256": "0" * 64,
        }
        for field, value in attempts.items():
            for user in (self.specialist, self.director):
                with self.subTest(field=field, user=user.login), self.assertRefused(UserError, ISSUED_LOCKED):
                    certificate.with_user(user).write({field: value})
        certificate.invalidate_recordset()
        self.assertEqual(certificate.read(fields_read)[0], before)

    def test_frozen_data_of_a_draft_refused(self):
        """Frozen data come only from the learner and the programme, at issue."""
        for field, value in {
            "recipient_last_name": "Подставной",
            "program_hours": 500,
            "frdo_lost": True,
        }.items():
            with self.subTest(field), self.assertRefused(UserError, FORGED):
                self.certificate.with_user(self.specialist).write({field: value})
        self.certificate.invalidate_recordset()
        self.assertFalse(self.certificate.recipient_last_name)
        self.assertFalse(self.certificate.program_hours)

    def test_forged_values_refused_on_create_and_copy(self):
        attempts = {
            "name": "0001/2026",
            "state": "issued",
            "recipient_last_name": "Подставной",
            "status": "duplicate",
            "original_id": self.certificate.id,
        }
        for field, value in attempts.items():
            with self.subTest(field), self.assertRefused(UserError, FORGED):
                self.Document.create(
                    {"enrollment_id": self.enrollment.id, "document_kind": "certificate_pk", field: value}
                )
        # A client's context default of the status: refused by the guard of every model's
        # context defaults, before the document's own.
        with self.assertRefused(UserError, r"takes no default value from the client \(default_state\)"):
            self.Document.with_context(default_state="issued").create(
                {"enrollment_id": self.enrollment.id, "document_kind": "certificate_pk"}
            )
        certificate, _reference = self._issued()
        copy = certificate.with_user(self.specialist).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.name or copy.recipient_last_name or copy.number or copy.signed_copy_id)

    def test_deleting_an_issued_or_cancelled_document_refused(self):
        certificate, reference = self._issued()
        reference.with_user(self.specialist).action_cancel("Выдана ошибочно")
        for document in (certificate, reference):
            with self.subTest(document.state), self.assertRefused(UserError, NOT_DELETED):
                document.with_user(self.director).unlink()
            with self.assertRefused(UserError, NOT_DELETED):
                document.with_user(self.director).with_context(_force_unlink=True).unlink()
            self.assertTrue(document.exists())
        draft = self.Document.create({"enrollment_id": self.enrollment.id, "document_kind": "certificate_pk"})
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_cancel_keeps_the_number_and_needs_a_reason(self):
        certificate, reference = self._issued()
        with self.assertRefused(UserError, "Give the reason why the document is cancelled"):
            certificate.with_user(self.specialist).action_cancel("  ")
        self.assertEqual(certificate.state, "issued")
        certificate.with_user(self.specialist).action_cancel("Ошибка в фамилии")
        self.assertEqual((certificate.state, certificate.cancel_reason), ("cancelled", "Ошибка в фамилии"))
        self.assertTrue(certificate.name)
        self.assertEqual(certificate.cancelled_by_id, self.specialist)
        with self.assertRefused(UserError, "Only an issued document can be cancelled"):
            certificate.with_user(self.specialist).action_cancel("Ещё раз")
        # The number stays used: the next document gets the next one.
        redo = self.Document.create(
            {
                "enrollment_id": self.enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "certificate_pk",
            }
        )
        redo.with_user(self.specialist).action_issue()
        self.assertEqual(redo.book_sequence, reference.book_sequence + 1)

    def test_issue_date_in_the_future_or_out_of_book_order_refused(self):
        self.certificate.with_user(self.specialist).action_issue()
        self.reference.write({"issue_date": self.today - timedelta(days=1)})
        with self.assertRefused(UserError, f"already has a document issued on {self.today:%d.%m.%Y}"):
            self.reference.with_user(self.specialist).action_issue()
        self.reference.write({"issue_date": "2099-01-01"})
        with self.assertRefused(UserError, "cannot be issued on a future date"):
            self.reference.with_user(self.specialist).action_issue()
        self.reference.write({"issue_date": "2026-03-12"})
        with self.assertRefused(UserError, "before its basis of 13.03.2026"):
            self.reference.with_user(self.specialist).action_issue()
        self.assertEqual(self.reference.state, "draft")

    def test_issuing_twice_refused(self):
        self.certificate.with_user(self.specialist).action_issue()
        with self.assertRefused(UserError, "is already issued"):
            self.certificate.with_user(self.specialist).action_issue()


@tagged("post_install", "-at_install")
class TestDocumentDuplicate(DocumentCase):
    def test_duplicate_copies_the_original_and_marks_it_lost(self):
        certificate, _reference = self._issued()
        self.learner.write({"last_name": "Смирнов"})
        duplicate = certificate.with_user(self.specialist).action_make_duplicate("lost")
        self.assertTrue(certificate.frdo_lost)
        self.assertFalse(certificate.frdo_exchanged)
        self.assertEqual(
            (duplicate.status, duplicate.original_id, duplicate.state), ("duplicate", certificate, "draft")
        )
        self.program.write({"name": "Новая редакция"})
        duplicate.with_user(self.specialist).action_issue()
        self.assertEqual(duplicate.state, "issued")
        self.assertNotEqual(duplicate.name, certificate.name)
        # The original's programme and study, the recipient's present surname.
        self.assertEqual((duplicate.program_name, duplicate.program_hours), ("Охрана труда", 40))
        self.assertEqual(duplicate.recipient_last_name, "Смирнов")
        self.assertEqual(certificate.recipient_last_name, "Иванов")
        self.assertEqual(certificate.duplicate_ids, duplicate)
        html = self._printed_html("dpo_records.action_report_dpo_document_book", certificate | duplicate)
        self.assertIn("Дубликат", html)
        self.assertIn(f"оригинал рег. № {certificate.name}", html)
        self.assertIn(f"Оригинал утрачен, выдан дубликат рег. № {duplicate.name}", html)

    def test_exchanged_original_then_destroyed(self):
        certificate, _reference = self._issued()
        wizard = (
            self.env["dpo.document.duplicate"]
            .with_user(self.specialist)
            .create({"document_id": certificate.id, "reason": "exchanged"})
        )
        action = wizard.action_make_duplicate()
        duplicate = self.env["dpo.document"].browse(action["res_id"])
        self.assertEqual(duplicate.original_id, certificate)
        self.assertTrue(certificate.frdo_exchanged)
        certificate.with_user(self.specialist).action_confirm_destroyed()
        self.assertTrue(certificate.frdo_destroyed)

    def test_duplicate_only_of_an_issued_original(self):
        with self.assertRefused(UserError, "A duplicate is made of an issued original only"):
            self.certificate.with_user(self.specialist).action_make_duplicate("lost")
        self.assertFalse(self.certificate.frdo_lost)


@tagged("post_install", "-at_install")
class TestDocumentBlanks(DocumentCase):
    def test_receipt_adds_blanks_and_issuing_takes_the_next(self):
        blanks = self._use_blanks()
        self.assertEqual(blanks.mapped("number"), ["000101", "000102", "000103"])
        self.assertEqual(set(blanks.mapped("state")), {"available"})
        self.assertEqual(blanks.receipt_id.state, "done")
        with self.assertRefused(UserError, "A received act is kept as it is"):
            blanks.receipt_id.with_user(self.specialist).write({"number_to": "000200"})
        blanks[0].with_user(self.specialist).action_spoil("Замят в принтере")
        self.certificate.with_user(self.specialist).action_issue()
        self.assertEqual(self.certificate.blank_id, blanks[1])
        self.assertEqual(blanks[0].state, "spoiled")
        self.assertEqual(blanks[0].spoil_reason, "Замят в принтере")

    def test_blank_bookkeeping_refused_by_hand(self):
        blanks = self._use_blanks()
        with self.assertRefused(UserError, "only by being used for an issued document or spoiled"):
            blanks[0].with_user(self.specialist).write({"state": "used"})
        with self.assertRefused(UserError, "Blanks are added only by receiving them"):
            self.env["dpo.document.blank"].with_user(self.specialist).create(
                {"document_kind": "certificate_pk", "number": "1"}
            )
        with self.assertRefused(AccessError, r"\(dpo\.document\.blank\)"):
            blanks[0].with_user(self.director).unlink()
        with self.assertRefused(UserError, "a blank is never deleted"):
            blanks[0].sudo().unlink()
        with self.assertRefused(UserError, "Give the reason why the blank is spoiled"):
            blanks[0].with_user(self.specialist).action_spoil("")
        with self.assertRefused(UserError, "An act is received only with «Receive»"):
            self.env["dpo.document.blank.receipt"].with_user(self.specialist).create(
                {
                    "name": "A",
                    "document_kind": "certificate_pk",
                    "number_from": "1",
                    "number_to": "2",
                    "state": "done",
                }
            )
        self.certificate.with_user(self.specialist).action_issue()
        with self.assertRefused(UserError, "only an unused blank is spoiled"):
            blanks[0].with_user(self.specialist).action_spoil("Испорчен")
        self.assertEqual(blanks[0].state, "used")

    def test_receipt_range_checked(self):
        Receipt = self.env["dpo.document.blank.receipt"].with_user(self.specialist)
        with self.assertRefused(ValidationError, "ends before it starts"):
            Receipt.create(
                {"name": "A", "document_kind": "diploma_pp", "number_from": "10", "number_to": "9"}
            )
        with self.assertRefused(ValidationError, "written in digits"):
            Receipt.create(
                {"name": "A", "document_kind": "diploma_pp", "number_from": "1A", "number_to": "9"}
            )


@tagged("post_install", "-at_install")
class TestDocumentAccess(DocumentCase):
    def test_roles(self):
        certificate, _reference = self._issued()
        with self.assertRefused(AccessError, r"\(dpo\.document\)"):
            certificate.with_user(self.teacher).read(["name"])
        with self.assertRefused(AccessError, r"\(dpo\.document\)"):
            self.env["dpo.document"].with_user(self.teacher).create(
                {"enrollment_id": self.enrollment.id, "document_kind": "certificate_pk"}
            )
        # The archivist reads the book and the learner's documents, changes nothing.
        self.assertEqual(certificate.with_user(self.archivist).name, certificate.name)
        self.assertEqual(self.learner.with_user(self.archivist).document_count, 1)
        with self.assertRefused(AccessError, r"\(dpo\.document\)"):
            certificate.with_user(self.archivist).write({"signature_received": True})
        with self.assertRefused(AccessError, "Only a programme specialist"):
            self.reference.with_user(self.archivist).action_cancel("x")
        # The registrar (a specialist) records the delivery of an issued document.
        certificate.with_user(self.specialist).write(
            {"delivery_method": "in_person", "signature_received": True}
        )
        self.assertEqual(certificate.delivery_status, "delivered")
        self.assertEqual(self.enrollment.with_user(self.specialist).document_count, 1)
        action = self.learner.with_user(self.specialist).action_view_documents()
        self.assertEqual(self.env["dpo.document"].search(action["domain"]), certificate)

    def test_other_company_sees_nothing(self):
        self._issued()
        other = self.env["res.company"].create({"name": "Другой центр"})
        stranger = new_test_user(
            self.env,
            login="t_other_registrar",
            groups="base.group_user,dpo_records.group_dpo_specialist",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.env["dpo.document"].with_user(stranger).search([]))
        with self.assertRefused(AccessError, r"\(dpo\.document\)"):
            self.certificate.with_user(stranger).read(["name"])
        with self.assertRefused(AccessError, r"\(dpo\.document\)"):
            self.reference.with_user(stranger).action_cancel("чужой")
        self.assertEqual(self.reference.state, "issued")


@tagged("post_install", "-at_install")
class TestDocumentNumberFormat(DocumentCase):
    def test_director_sets_the_format_before_the_year_starts(self):
        Numbering = self.env["dpo.numbering"].with_user(self.director)
        counter = Numbering._set_start(self.company, "document", 2090, 1, "Формат книги 2090 года")
        counter.with_user(self.director).write({"number_format": "ДПО-{year}-{number:05d}"})
        self.assertEqual(counter.next_name, "ДПО-2090-00001")
        for bad in ("{number}", "{number}/{year}/{oops}", "{number:q}/{year}"):
            with self.subTest(bad), self.assertRefused(ValidationError, "number format"):
                counter.with_user(self.director).write({"number_format": bad})
        with self.assertRefused(AccessError, r"\(dpo\.numbering\)"):
            counter.with_user(self.specialist).write({"number_format": "{number}-{year}"})
        self.assertEqual(counter.number_format, "ДПО-{year}-{number:05d}")

    def test_format_of_a_year_already_numbered_refused(self):
        self._issued()
        counter = self.env["dpo.numbering"].search([("kind", "=", "document"), ("year", "=", self.year)])
        with self.assertRefused(UserError, "were already given: their format changes only with a new year"):
            counter.with_user(self.director).write({"number_format": "{year}-{number}"})
        self.assertFalse(counter.number_format)
