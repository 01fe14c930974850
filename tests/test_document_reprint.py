from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_document import DocumentCase

# What a reprint must leave as it was: the book's row but for the blank.
KEPT = (
    "name",
    "book_sequence",
    "issue_date",
    "state",
    "document_kind",
    "recipient_last_name",
    "recipient_first_name",
    "recipient_patronymic",
    "recipient_snils",
    "program_name",
    "program_hours",
    "study_date_start",
    "study_date_end",
    "signed_by_id",
    "signed_date",
)


@tagged("post_install", "-at_install")
class TestDocumentReprint(DocumentCase):
    """«Reprint on a New Blank»: an issued удостоверение misprinted on its blank is printed on a
    new available blank of the same kind; the old blank is spoiled with the reason, the
    registration number and everything else stay, the book's row shows the new blank and the
    ledger keeps the change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # DocumentCase's helper, run once for the class: three blanks of series 77 ПК in stock.
        cls.blanks = DocumentCase._use_blanks(cls, series="77 ПК")
        cls.certificate.with_user(cls.specialist).action_issue()

    def _kept(self, document):
        document.invalidate_recordset()
        return {name: document[name] for name in KEPT}

    def _wizard(self, user=None, lang=None, **values):
        context = {"active_model": "dpo.document", "active_id": self.certificate.id}
        if lang:
            context["lang"] = lang
        return (
            self.env["dpo.document.reprint"]
            .with_user(user or self.specialist)
            .with_context(**context)
            .create(values)
        )

    def _ledger(self):
        return self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.document"), ("res_id", "=", self.certificate.id)]
        )

    def _assert_unchanged(self, kept, copy):
        self.assertEqual(self._kept(self.certificate), kept)
        self.assertEqual(self.certificate.blank_id, self.blanks[0])
        self.assertEqual((self.certificate.series, self.certificate.number), ("77 ПК", "000101"))
        self.blanks.invalidate_recordset()
        self.assertEqual(self.blanks.mapped("state"), ["used", "available", "available"])
        self.assertFalse(self.blanks[0].spoil_reason)
        self.assertEqual(self.certificate.signed_copy_id, copy)
        self.assertFalse(self._ledger())

    def test_reprint_on_the_next_blank(self):
        self.assertEqual(self.certificate.blank_id, self.blanks[0])
        kept = self._kept(self.certificate)
        first_copy = self.certificate.signed_copy_id
        self.assertTrue(first_copy)
        wizard = self._wizard(lang="ru_RU")
        # The reason the registrar gives most often is offered, in Russian.
        self.assertEqual(wizard.reason, "Испорчен при заполнении")
        self.assertEqual(wizard.old_blank_id, self.blanks[0])
        wizard.action_reprint()

        self.certificate.invalidate_recordset()
        self.assertEqual(self._kept(self.certificate), kept)
        self.assertEqual(self.certificate.blank_id, self.blanks[1])
        self.assertEqual((self.certificate.series, self.certificate.number), ("77 ПК", "000102"))
        self.blanks.invalidate_recordset()
        old, new = self.blanks[0], self.blanks[1]
        self.assertEqual(
            (old.state, old.spoil_reason, old.document_id),
            ("spoiled", "Испорчен при заполнении", self.certificate),
        )
        self.assertEqual((new.state, new.document_id), ("used", self.certificate))
        self.assertEqual(self.certificate.spoiled_blank_ids, old)
        # The ledger keeps the change of blank with its reason, who and when.
        entry = self._ledger()
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.field_name, entry.old_value, entry.new_value, entry.reason, entry.user_id),
            ("blank_id", "77 ПК 000101", "77 ПК 000102", "Испорчен при заполнении", self.specialist),
        )
        # The electronic copy is kept anew; the first one stays attached to the document.
        self.assertNotEqual(self.certificate.signed_copy_id, first_copy)
        self.assertTrue(first_copy.exists())
        self.assertEqual(first_copy.res_id, self.certificate.id)
        # The book's row shows the new blank and the misprinted one it replaces.
        html = self._printed_html("dpo_records.action_report_dpo_document_book", self.certificate)
        self.assertIn("77 ПК 000102 (взамен испорченного 77 ПК 000101)", html)
        self.assertEqual(html.count(f'data-number="{self.certificate.name}"'), 1)

    def test_reprint_on_a_chosen_blank(self):
        self._wizard(blank_id=self.blanks[2].id, reason="Опечатка в отчестве").action_reprint()
        self.assertEqual(self.certificate.blank_id, self.blanks[2])
        self.assertEqual(self.blanks[1].state, "available")
        self.assertEqual(self.blanks[0].spoil_reason, "Опечатка в отчестве")

    def test_blank_of_another_kind_refused(self):
        kept, copy = self._kept(self.certificate), self.certificate.signed_copy_id
        diploma_blank = self._use_blanks("diploma_pp", "500", "500")
        with self.assertRefused(ValidationError, "Blank 500 is a blank of another kind of document"):
            self._wizard(blank_id=diploma_blank.id).action_reprint()
        self._assert_unchanged(kept, copy)
        self.assertEqual(diploma_blank.state, "available")

    def test_used_blank_refused(self):
        kept, copy = self._kept(self.certificate), self.certificate.signed_copy_id
        # The other learner's document took the next blank.
        other = self.Document.create(
            {
                "enrollment_id": self.enrollment.id,
                "protocol_id": self.protocol.id,
                "document_kind": "certificate_pk",
            }
        )
        other.with_user(self.specialist).action_issue()
        self.assertEqual(other.blank_id, self.blanks[1])
        with self.assertRefused(ValidationError, "Blank 77 ПК 000102 is used: take an available blank"):
            self.certificate.with_user(self.specialist).action_reprint("Испорчен", self.blanks[1])
        # Its own misprinted blank neither.
        with self.assertRefused(UserError, "Blank 77 ПК 000101 is used: take an available blank"):
            self.certificate.with_user(self.specialist).action_reprint("Испорчен", self.blanks[0])
        self.assertEqual(self._kept(self.certificate), kept)
        self.assertEqual(self.certificate.blank_id, self.blanks[0])
        self.assertEqual(self.certificate.signed_copy_id, copy)
        self.assertEqual(self.blanks[0].state, "used")
        self.assertEqual(other.blank_id, self.blanks[1])
        self.assertFalse(self._ledger())

    def test_no_reason_refused(self):
        kept, copy = self._kept(self.certificate), self.certificate.signed_copy_id
        for reason in (False, "", "   "):
            with self.assertRefused(UserError, "Give the reason why the blank is spoiled"):
                self._wizard(reason=reason).action_reprint()
        self._assert_unchanged(kept, copy)

    def test_no_stock_refused(self):
        kept, copy = self._kept(self.certificate), self.certificate.signed_copy_id
        (self.blanks[1] | self.blanks[2]).with_user(self.specialist).action_spoil("Не для теста")
        with self.assertRefused(UserError, "1 blanks of «Certificate of Upskilling» are needed and 0"):
            self._wizard().action_reprint()
        self.assertEqual(self._kept(self.certificate), kept)
        self.assertEqual(self.blanks[0].state, "used")
        self.assertEqual(self.certificate.signed_copy_id, copy)

    def test_only_the_registrar_reprints_an_issued_document_on_a_blank(self):
        kept, copy = self._kept(self.certificate), self.certificate.signed_copy_id
        for user in (self.teacher, self.archivist):
            with self.assertRefused(AccessError, "issues documents|dpo.document"):
                self.certificate.with_user(user).action_reprint("Испорчен")
        with self.assertRefused(AccessError, "dpo.document.reprint"):
            self._wizard(user=self.archivist)
        # A draft, a document printed without a blank and one reported to FRDO are not reprinted.
        with self.assertRefused(UserError, "Only an issued document is reprinted"):
            self.reference.with_user(self.specialist).action_reprint("Испорчен")
        self.reference.with_user(self.specialist).action_issue()
        with self.assertRefused(UserError, "is not printed on a blank"):
            self.reference.with_user(self.specialist).action_reprint("Испорчен")
        self._assert_unchanged(kept, copy)
        self.certificate._mark_exported(self.env["ir.attachment"].create({"name": "ФРДО.xlsx", "raw": b"x"}))
        with self.assertRefused(UserError, "was reported to FIS FRDO with blank 77 ПК 000101"):
            self.certificate.with_user(self.specialist).action_reprint("Испорчен")
        self.assertEqual(self.certificate.blank_id, self.blanks[0])
        self.assertFalse(self._ledger())
