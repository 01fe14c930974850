from odoo.exceptions import AccessError
from odoo.tests import tagged

from .frdo_common import FrdoCase
from .test_document_import import GOOD_ROWS, HEADER

BAD_SNILS = "112-233-445 00"


@tagged("post_install", "-at_install")
class TestDocumentWizardsPrivacy(FrdoCase):
    """The documents' wizards hold learners' data: the imported book (its file, the sample value
    of each column, the errors of its rows), the FRDO export's errors (names, СНИЛС) and file,
    the reason a document is cancelled. Each is read only by the user who made it: another
    registrar of the same company, or the head above them, reads none of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_specialist = cls._user("t_specialist_b", "dpo_records.group_dpo_specialist")
        row = list(GOOD_ROWS[0])
        row[HEADER.index("СНИЛС")] = BAD_SNILS
        book = cls._book([row], HEADER)
        cls.book = (
            cls.env["dpo.document.import"]
            .with_user(cls.specialist)
            .create({"file": book, "filename": "book.xlsx"})
        )
        cls.book.action_read_columns()
        cls.book.action_dry_run()
        # An export whose document the register would reject: the error names the recipient.
        cls._issued_document(recipient_snils=BAD_SNILS)
        cls.export = (
            cls.env["dpo.frdo.export"]
            .with_user(cls.specialist)
            .create({"date_from": "2026-03-01", "date_to": "2026-03-31"})
        )
        cls.export.action_export()

    def test_maker_reads_their_wizards(self):
        self.assertIn("Иванов Пётр Сергеевич", self.book.column_ids.mapped("sample"))
        self.assertTrue(self.book.error_ids)
        self.assertEqual(self.export.state, "errors")
        self.assertIn(BAD_SNILS, self.export.error_ids.message)
        self.assertIn(BAD_SNILS, "\n".join(self.book.error_ids.mapped("message")))

    def test_nobody_else_reads_them(self):
        records = {
            "dpo.document.import": (self.book, ["file", "filename"]),
            "dpo.document.import.column": (self.book.column_ids, ["header", "sample"]),
            "dpo.document.import.error": (self.book.error_ids, ["message"]),
            "dpo.frdo.export": (self.export, ["error_document_count"]),
            "dpo.frdo.export.error": (self.export.error_ids, ["message", "recipient_name"]),
        }
        for user in (self.other_specialist, self.head, self.director):
            for model, (records_, fields_) in records.items():
                with self.subTest(user=user.login, model=model):
                    self.assertTrue(records_)
                    with self.assertRaises(AccessError):
                        records_.with_user(user).read(fields_)
                    self.assertFalse(self.env[model].with_user(user).search([("id", "in", records_.ids)]))
        # The maker's wizards still hold their data, unchanged by the attempts.
        self.assertEqual(self.book.error_count, 1)
        self.assertEqual(self.export.error_document_count, 1)

    def test_cancel_reason_read_by_its_maker_only(self):
        document = self._issued_document(issue_date="2026-03-21")
        wizard = (
            self.env["dpo.document.cancel"]
            .with_user(self.specialist)
            .create({"document_ids": [(6, 0, document.ids)], "reason": "Ошибка в фамилии Иванов"})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.other_specialist).read(["reason"])
        with self.assertRaises(AccessError):
            wizard.with_user(self.other_specialist).action_cancel()
        self.assertEqual(document.state, "issued")
        self.assertEqual(wizard.reason, "Ошибка в фамилии Иванов")
