import base64
import hashlib

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_signed_document import SignedDocumentCase

KEPT = "is a kept copy of a signed document"
FORGED_PDF = base64.b64encode(b"%PDF-1.4 forged").decode()


@tagged("post_install", "-at_install")
class TestSignedCopies(SignedDocumentCase):
    def _assert_copy_kept(self, document, user):
        copy = document.signed_copy_id
        raw, checksum = copy.raw, copy.checksum
        self.assertEqual(document.signed_copy_sha256, hashlib.sha256(raw).hexdigest())
        attempts = {
            "overwrite": {"datas": FORGED_PDF},
            "overwrite raw": {"raw": b"forged"},
            "move to a draft": {"res_id": self._draft_order().id, "res_model": "dpo.order"},
            "detach": {"res_model": False, "res_id": False},
            "turn into a link": {"type": "url", "url": "https://example.com/forged.pdf"},
        }
        for label, vals in attempts.items():
            with self.subTest(label), self.assertRefused(UserError, KEPT):
                copy.with_user(user).write(vals)
        with self.assertRefused(UserError, KEPT):
            copy.with_user(user).unlink()
        # Odoo's own uninstall key, sent by a client, unlocks nothing.
        with self.assertRefused(UserError, KEPT):
            copy.with_user(user).with_context(_force_unlink=True).unlink()
        copy.invalidate_recordset()
        self.assertTrue(copy.exists())
        self.assertEqual((copy.raw, copy.checksum), (raw, checksum))
        self.assertEqual((copy.res_model, copy.res_id), (document._name, document.id))
        self.assertEqual(document.signed_copy_sha256, hashlib.sha256(copy.raw).hexdigest())

    def test_stored_copy_of_signed_order_kept(self):
        self._assert_copy_kept(self._signed_order(), self.specialist)

    def test_stored_copy_of_signed_statement_kept(self):
        self._assert_copy_kept(self._signed_statement(), self.specialist)

    def test_stored_copy_of_signed_protocol_kept(self):
        self._assert_copy_kept(self._signed_protocol(), self.specialist)

    def test_attachments_of_a_draft_may_change(self):
        order = self._draft_order()
        attachment = self.env["ir.attachment"].create(
            {"name": "Заявление.pdf", "raw": b"%PDF-1.4 draft", "res_model": "dpo.order", "res_id": order.id}
        )
        attachment.with_user(self.specialist).write({"datas": FORGED_PDF})
        self.assertEqual(attachment.raw, b"%PDF-1.4 forged")
        attachment.with_user(self.specialist).unlink()
        self.assertFalse(attachment.exists())

    def test_second_scan_kept_beside_the_first(self):
        order = self._signed_order()
        order.with_user(self.specialist).write({"scan_file": "JVBERi0xLjQK", "scan_filename": "скан.pdf"})
        first = order.scan_ids
        self.assertEqual(first.dpo_scan_sha256, hashlib.sha256(b"%PDF-1.4\n").hexdigest())
        self.assertEqual(first.create_uid, self.specialist)
        order.with_user(self.specialist).write({"scan_file": FORGED_PDF, "scan_filename": "скан-2.pdf"})
        order.invalidate_recordset()
        self.assertEqual(len(order.scan_ids), 2)
        self.assertIn(first, order.scan_ids)
        second = order.scan_ids - first
        self.assertEqual(second.dpo_scan_sha256, hashlib.sha256(b"%PDF-1.4 forged").hexdigest())
        self.assertEqual(order.scan_sha256, second.dpo_scan_sha256)
        self.assertEqual(order.scan_count, 2)
        # The first stays as it was: neither replaced, nor deleted, nor given another checksum.
        with self.assertRefused(UserError, KEPT):
            first.with_user(self.specialist).write({"datas": FORGED_PDF})
        with self.assertRefused(UserError, KEPT):
            first.with_user(self.specialist).unlink()
        with self.assertRefused(UserError, "checksum of a scan cannot be changed"):
            first.with_user(self.specialist).write({"dpo_scan_sha256": second.dpo_scan_sha256})
        with self.assertRefused(UserError, "is signed and cannot be changed"):
            order.with_user(self.specialist).write({"scan_ids": [(3, first.id)]})
        first.invalidate_recordset()
        self.assertEqual(first.raw, b"%PDF-1.4\n")
        self.assertEqual(first.dpo_scan_sha256, hashlib.sha256(b"%PDF-1.4\n").hexdigest())

    def test_scan_added_only_through_its_signed_document(self):
        order = self._signed_order()
        with self.assertRefused(UserError, "added only through its signed document"):
            self.env["ir.attachment"].with_user(self.specialist).create(
                {
                    "name": "скан.pdf",
                    "raw": b"%PDF-1.4 forged",
                    "res_model": "dpo.order",
                    "res_id": order.id,
                    "dpo_scan_sha256": "0" * 64,
                }
            )
        draft = self._draft_order()
        with self.assertRefused(UserError, "added once"):
            draft.with_user(self.specialist).write({"scan_file": "JVBERi0xLjQK", "scan_filename": "скан.pdf"})
        self.assertFalse(order.scan_ids)
        self.assertFalse(draft.scan_ids)


@tagged("post_install", "-at_install")
class TestPrintedCopies(SignedDocumentCase):
    """Real PDFs (wkhtmltopdf, past the test mode's HTML) and printing without Russian."""

    def _assert_real_pdf(self, document):
        raw = document.signed_copy_id.raw
        self.assertTrue(raw.startswith(b"%PDF"), raw[:40])
        self.assertEqual(document.signed_copy_sha256, hashlib.sha256(raw).hexdigest())

    def test_signed_order_kept_as_real_pdf(self):
        self._assert_real_pdf(self._signed_order(force_report_rendering=True))

    def test_signed_statement_kept_as_real_pdf(self):
        self._assert_real_pdf(self._signed_statement(force_report_rendering=True))

    def test_signed_protocol_kept_as_real_pdf(self):
        self._assert_real_pdf(self._signed_protocol(force_report_rendering=True))

    def test_signing_without_russian(self):
        # A database without Russian: English only, as Odoo installs it.
        self.env.cr.execute("UPDATE res_partner SET lang = 'en_US'")
        self.env.cr.execute("UPDATE res_lang SET active = (code = 'en_US') WHERE code IN ('en_US', 'ru_RU')")
        self.env.registry.clear_cache()
        self.env.invalidate_all()
        self.assertFalse(self.env["res.lang"]._lang_get("ru_RU"))
        self.assertEqual(self.env["res.lang"]._dpo_print_lang(), "en_US")
        protocol = self._signed_protocol()
        self.assertIn(b"2026/", protocol.signed_copy_id.raw)
        for document in (protocol, self._signed_order(), self._signed_statement()):
            self.assertEqual(document.state, "signed")
            raw = document.signed_copy_id.raw
            self.assertEqual(document.signed_copy_sha256, hashlib.sha256(raw).hexdigest())
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        self.assertIn(protocol.name, card)
        journal = self._printed_html("dpo_records.action_report_journal", self.group)
        self.assertIn("T-01", journal)
