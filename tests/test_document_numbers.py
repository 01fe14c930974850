import psycopg2.errors

from odoo.exceptions import UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .frdo_common import FrdoCase
from .test_document import DocumentCase
from .test_document_import import GOOD_ROWS, HEADER

BORNE = "are already borne by"


@tagged("post_install", "-at_install")
class TestDocumentSeriesNumber(DocumentCase):
    """A kind printed without blanks (here the удостоверение) has no stock whose constraint keeps
    its numbers apart: the series and number of its documents are unique in the company for each
    kind, refused with a clear message and by the database."""

    def _draft(self, kind="certificate_pk", enrollment=None):
        return self.Document.create(
            {
                "enrollment_id": (enrollment or self.enrollment).id,
                "protocol_id": self.protocol.id,
                "document_kind": kind,
                "issue_date": self.today,
            }
        )

    def _assert_number(self, document, series, number):
        document.invalidate_recordset()
        self.assertEqual((document.series or False, document.number or False), (series, number))

    def test_number_of_an_issued_document_refused_on_a_draft(self):
        certificate, _reference = self._issued()
        # Printed without a blank: the number is the registration number.
        self.assertEqual(certificate.number, certificate.name)
        draft = self._draft()
        with self.assertRefused(ValidationError, f"Series and number {certificate.number} {BORNE}"):
            draft.with_user(self.specialist).write({"number": certificate.number})
        self._assert_number(draft, False, False)
        # The same number with another series is another document's; so is another kind's.
        draft.with_user(self.specialist).write({"series": "А", "number": certificate.number})
        self._assert_number(draft, "А", certificate.number)
        other_kind = self._draft("reference", self.second_enrollment)
        other_kind.with_user(self.specialist).write({"number": certificate.number})
        self._assert_number(other_kind, False, certificate.number)
        # Issuing keeps the number typed on the draft; the next draft cannot take it.
        draft.with_user(self.specialist).action_issue()
        self._assert_number(draft, "А", certificate.number)
        third = self._draft()
        with self.assertRefused(ValidationError, f"Series and number А {certificate.number} {BORNE}"):
            third.with_user(self.specialist).write({"series": "А", "number": certificate.number})
        self._assert_number(third, False, False)

    def test_cancelled_document_keeps_its_number_used(self):
        certificate, _reference = self._issued()
        certificate.with_user(self.specialist).action_cancel("Ошибка в фамилии")
        draft = self._draft()
        with self.assertRefused(ValidationError, BORNE):
            draft.with_user(self.specialist).write({"number": certificate.number})
        self._assert_number(draft, False, False)

    def test_two_drafts_with_the_same_number_refused(self):
        first, second = self._draft(), self._draft()
        first.with_user(self.specialist).write({"series": "ПК", "number": "000777"})
        with self.assertRefused(ValidationError, f"Series and number ПК 000777 {BORNE}"):
            second.with_user(self.specialist).write({"series": "ПК", "number": "000777"})
        self._assert_number(second, False, False)
        third = self._draft()
        with self.assertRefused(ValidationError, f"Series and number ПК 000778 {BORNE}"):
            (second | third).with_user(self.specialist).write({"series": "ПК", "number": "000778"})
        self._assert_number(second, False, False)
        self._assert_number(third, False, False)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_number_borne_twice(self):
        certificate, _reference = self._issued()
        draft = self._draft()
        with self.assertRaises(psycopg2.errors.ExclusionViolation) as capture, self.env.cr.savepoint():
            self.env.cr.execute(
                "UPDATE dpo_document SET series = NULL, number = %s WHERE id = %s",
                [certificate.number, draft.id],
            )
        # What a client reaching the database through RPC reads instead of PostgreSQL's words.
        error = _as_validation_error(self.env, capture.exception)
        self.assertIn(
            "A document of this kind with this series and number already exists in this company.", str(error)
        )
        self._assert_number(draft, False, False)
        # Drafts without a number are many.
        self.assertFalse(self._draft().number)
        self.assertFalse(self._draft().number)


@tagged("post_install", "-at_install")
class TestImportSeriesNumber(FrdoCase):
    """A row of the historical book printed without a blank bears its registration number as its
    number: the dry run reports it when a document of the same kind already bears that number,
    instead of an import the database would refuse."""

    def test_number_borne_by_a_document_reported_by_the_dry_run(self):
        self._issued_document(kind="certificate_pk", number="0007/2025", issue_date="2026-03-20")
        row = list(GOOD_ROWS[0])
        row[HEADER.index("Номер бланка")] = None  # printed without a blank, registration number 0007/2025
        wizard = (
            self.env["dpo.document.import"]
            .with_user(self.specialist)
            .create({"file": self._book([row], HEADER), "filename": "book.xlsx"})
        )
        wizard.action_read_columns()
        before = self.env["dpo.document"].search_count([])
        wizard.action_dry_run()
        self.assertEqual(len(wizard.error_ids), 1)
        self.assertEqual(
            wizard.error_ids.message,
            "Printed without a blank, the document would bear its registration number 0007/2025 as its "
            "number: another document of this kind in the company already bears it.",
        )
        with self.assertRefused(UserError, "1 row.*nothing was imported"):
            wizard.action_import()
        self.assertEqual(self.env["dpo.document"].search_count([]), before)
