import base64
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VALID_SNILS
from .frdo_common import OTHER_SNILS, FrdoCase

HEADER = [
    "Рег. №",
    "Вид документа",
    "Серия бланка",
    "Номер бланка",
    "Дата выдачи",
    "ФИО",
    "Дата рождения",
    "Пол",
    "СНИЛС",
    "Наименование программы",
    "Вид программы",
    "Объем часов",
    "Год начала обучения",
    "Год окончания обучения",
    "Примечание",
]
GOOD_ROWS = [
    [
        "0007/2025",
        "Удостоверение о повышении квалификации",
        None,
        "000101",
        date(2025, 3, 20),
        "Иванов Пётр Сергеевич",
        date(1990, 5, 1),
        "Муж",
        VALID_SNILS,
        "Охрана труда",
        "Повышение квалификации",
        40,
        2025,
        2025,
        "выдан лично",
    ],
    [
        "0003/2025",
        "Диплом о профессиональной переподготовке",
        "ПП",
        "000102",
        date(2025, 2, 10),
        "Кузнецова Ольга Ивановна",
        date(1985, 1, 2),
        "Жен",
        OTHER_SNILS,
        "Менеджмент",
        "Профессиональная переподготовка",
        260,
        "01.09.2024",
        "31.01.2025",
        None,
    ],
    [
        "0002/2024",
        "Справка об обучении",
        None,
        None,
        "15.12.2024",
        "Кузнецова Ольга Ивановна",
        date(1985, 1, 2),
        "ж",
        "12345678964",
        "Охрана труда",
        "ПК",
        40,
        2024,
        2024,
        None,
    ],
]
COUNTED = (
    "dpo.document",
    "dpo.learner",
    "dpo.program",
    "dpo.group",
    "dpo.enrollment",
    "dpo.numbering",
    "dpo.correction",
    "res.partner",
)


@tagged("post_install", "-at_install")
class TestDocumentImport(FrdoCase):
    def _counts(self):
        env = self.env(context={"active_test": False})
        return {model: env[model].sudo().search_count([]) for model in COUNTED}

    def _wizard(self, rows, header=None, filename="book.xlsx", user=None):
        file = self._book(rows, header or HEADER) if filename.endswith(".xlsx") else rows
        wizard = (
            self.env["dpo.document.import"]
            .with_user(user or self.specialist)
            .create({"file": file, "filename": filename})
        )
        wizard.action_read_columns()
        return wizard

    def test_default_mapping_by_header_names(self):
        wizard = self._wizard(GOOD_ROWS)
        mapping = {column.header: column.target for column in wizard.column_ids}
        self.assertEqual(mapping["Рег. №"], "name")
        self.assertEqual(mapping["ФИО"], "recipient_full_name")
        self.assertEqual(mapping["Год окончания обучения"], "study_date_end")
        self.assertEqual(mapping["Объем часов"], "program_hours")
        self.assertFalse(mapping["Примечание"])

    def test_dry_run_changes_nothing(self):
        wizard = self._wizard(GOOD_ROWS)
        before = self._counts()
        wizard.action_dry_run()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(wizard.row_count, 3)
        self.assertEqual(wizard.error_count, 0, wizard.error_ids.mapped("message"))
        self.assertEqual(self._counts(), before)

    def test_bad_rows_are_reported_and_the_import_refused(self):
        used = self._issued_document(number="555")
        future = date.today() + timedelta(days=10)
        bad_snils, in_future, number_used = (list(row) for row in (GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]))
        bad_snils[8] = "112-233-445 96"
        in_future[4] = future
        number_used[0], number_used[3], number_used[8] = used.name, "000999", None
        wizard = self._wizard([bad_snils, in_future, number_used])
        before = self._counts()
        wizard.action_dry_run()
        errors = {}
        for line in wizard.error_ids:
            errors.setdefault(line.row_number, []).append(line.message)
        self.assertEqual(sorted(errors), [2, 3, 4])
        self.assertRegex(" ".join(errors[2]), "112-233-445 96.*checksum")
        self.assertRegex(" ".join(errors[3]), f"Issue Date {future:%d.%m.%Y} is in the future")
        self.assertRegex(" ".join(errors[4]), f"{used.name} is already used")
        self.assertEqual(self._counts(), before)
        with self.assertRefused(UserError, "3 row.*nothing was imported"):
            wizard.action_import()
        self.assertEqual(self._counts(), before)

    def test_rows_repeating_a_number_or_a_blank_are_reported(self):
        repeated = list(GOOD_ROWS[1])
        repeated[3] = GOOD_ROWS[1][3]
        repeated[0] = "0004/2025"
        wizard = self._wizard([GOOD_ROWS[1], repeated, GOOD_ROWS[1]])
        wizard.action_dry_run()
        messages = wizard.error_ids.mapped(lambda line: (line.row_number, line.message))
        self.assertIn((3, "The same blank is on row 2."), messages)
        self.assertIn((4, "The same registration number is on row 2."), messages)

    def test_import_loads_issued_documents_and_numbering_continues(self):
        wizard = self._wizard(GOOD_ROWS)
        wizard.action_dry_run()
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        documents = wizard.document_ids
        self.assertEqual(sorted(documents.mapped("name")), ["0002/2024", "0003/2025", "0007/2025"])
        by_name = {document.name: document for document in documents}
        certificate = by_name["0007/2025"]
        self.assertEqual(certificate.state, "issued")
        self.assertTrue(certificate.imported)
        self.assertEqual(certificate.document_kind, "certificate_pk")
        self.assertEqual(certificate.number, "000101")
        self.assertEqual(certificate.issue_date, date(2025, 3, 20))
        self.assertEqual(certificate.learner_id, self.learner, "matched by SNILS")
        self.assertEqual(certificate.program_id, self.program)
        self.assertEqual(certificate.recipient_snils, VALID_SNILS)
        self.assertEqual(certificate.study_date_start, date(2025, 1, 1))
        self.assertEqual(certificate.study_date_end, date(2025, 3, 20))
        diploma = by_name["0003/2025"]
        self.assertEqual((diploma.series, diploma.recipient_gender), ("ПП", "female"))
        self.assertEqual(diploma.study_date_start, date(2024, 9, 1))
        reference = by_name["0002/2024"]
        self.assertEqual(reference.document_kind, "reference")
        self.assertEqual(reference.learner_id, diploma.learner_id, "one learner per person of the book")
        self.assertEqual(diploma.learner_id.snils, OTHER_SNILS)
        self.assertEqual(diploma.learner_id.last_name, "Кузнецова")
        # An imported document is issued: frozen, never deleted.
        with self.assertRefused(UserError, "is issued: only its delivery"):
            certificate.with_user(self.specialist).write({"recipient_last_name": "Петров"})
        # Old documents get duplicates as new ones do.
        duplicate = certificate.with_user(self.specialist).action_make_duplicate("lost")
        self.assertEqual((duplicate.original_id, duplicate.status), (certificate, "duplicate"))
        self.assertTrue(certificate.frdo_lost)
        # The next document of 2025 continues after the highest number imported in 2025.
        self.assertEqual(self._issued_document(issue_date="2025-06-01", number="9").name, "0008/2025")
        self.assertEqual(self._issued_document(issue_date="2024-12-20", number="10").name, "0003/2024")
        counter = self.env["dpo.numbering"].search([("kind", "=", "document"), ("year", "=", 2025)])
        ledger = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.numbering"), ("res_id", "=", counter.id)]
        )
        self.assertEqual(len(ledger), 1)
        self.assertRegex(ledger.reason, "book.xlsx")

    def test_imported_enrolments_read_as_the_study_ended(self):
        """The old book's documents hang on archived programmes made for the book and finished
        groups; their enrolments read as completed (a programme's document) or expelled (a
        reference alone), on the book's dates of study, so that nobody deletes them or moves
        them to another learner or group as a draft enrolment could be."""
        wizard = self._wizard(GOOD_ROWS)
        wizard.action_dry_run()
        wizard.action_import()
        by_name = {document.name: document for document in wizard.document_ids}
        certificate, diploma, reference = by_name["0007/2025"], by_name["0003/2025"], by_name["0002/2024"]
        self.assertFalse(diploma.program_id.active, "a programme made for the book is archived")
        self.assertEqual(set(wizard.document_ids.group_id.mapped("state")), {"done"})
        for document, state in ((certificate, "completed"), (diploma, "completed"), (reference, "expelled")):
            enrollment = document.enrollment_id
            self.assertEqual(enrollment.state, state, document.name)
            self.assertEqual(
                (enrollment.date_enrolled, enrollment.date_exit),
                (document.study_date_start, document.study_date_end),
            )
            self.assertFalse(enrollment.enroll_order_id or enrollment.exit_order_id)
        self.assertEqual(
            reference.enrollment_id.exit_reason, "Reference of training in the historical issuance book"
        )
        enrollment = certificate.enrollment_id
        with self.assertRefused(UserError, "Only draft enrolments can be deleted"):
            enrollment.with_user(self.specialist).unlink()
        with self.assertRefused(UserError, "cannot change once the learner is enrolled"):
            enrollment.with_user(self.specialist).write({"learner_id": self.other_learner.id})
        self.assertEqual(certificate.learner_id, self.learner)
        self.assertEqual(enrollment.state, "completed")

    def test_import_of_a_csv_file_with_the_register_headers(self):
        header = (
            "Регистрационный номер;Вид документа;Номер документа;Дата выдачи документа;Фамилия получателя;"
        )
        header += (
            "Имя получателя;Наименование дополнительной профессиональной программы;Срок обучения, часов;СНИЛС"
        )
        row = "15/2023;Удостоверение о повышении квалификации;000777;01.06.2023;Орлов;Игорь;"
        row += "Пожарная безопасность;72;"
        content = f"{header}\n{row}\n".encode("cp1251")
        wizard = self._wizard(base64.b64encode(content), filename="book.csv")
        wizard.action_dry_run()
        self.assertEqual(wizard.error_count, 0, wizard.error_ids.mapped("message"))
        wizard.action_import()
        self.assertEqual(wizard.document_ids.name, "15/2023")
        self.assertEqual(wizard.document_ids.learner_id.name, "Орлов Игорь")

    def test_teacher_and_archivist_cannot_import(self):
        before = self._counts()
        for user in (self.teacher, self.archivist):
            with self.assertRefused(AccessError, r"\(dpo\.document\.import\)"):
                self.env["dpo.document.import"].with_user(user).create(
                    {"file": self._book(GOOD_ROWS, HEADER), "filename": "book.xlsx"}
                )
        self.assertEqual(self._counts(), before)
