import base64
import hashlib
import os
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .archive_common import ArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveFixity(ArchiveCase):
    """Electronic copies (seed 002, 2.2): the printed copy kept on signing and every scan of the
    signed original are listed on the record's case with their SHA-256, marked as derived from
    the paper original where the line says paper is mandatory; the scheduled fixity check finds
    a damaged or missing copy, tells the archivist and repairs nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The nomenclature names who answers for the protocols: the archivist is told.
        cls.line_protocols.responsible_user_id = cls.archivist
        cls._sign_statements()
        cls.protocol = cls._signed_protocol()
        cls.case = (
            cls.env["dpo.archive.case.entry"]
            .search([("res_model", "=", "dpo.protocol"), ("res_id", "=", cls.protocol.id)])
            .case_id
        )

    def _add_scan(self):
        # Random content: the scan's file is its own (the filestore shares equal contents).
        raw = b"%PDF-1.4 scan " + os.urandom(16).hex().encode()
        self.protocol.with_user(self.specialist).write(
            {"scan_file": base64.b64encode(raw), "scan_filename": "Протокол (скан).pdf"}
        )
        scan = self.protocol.scan_ids.sorted("id")[-1]
        return scan, raw

    def _check(self, days=0):
        with freeze_time(fields.Datetime.now() + timedelta(days=days)):
            return self.env["dpo.archive.case"]._cron_check_fixity()

    def _fixity_activities(self):
        return self.case.activity_ids.filtered(lambda a: a.summary == "Electronic copy damaged or missing")

    def test_copies_listed_with_their_sha256(self):
        copy = self.protocol.signed_copy_id
        self.assertTrue(copy)
        case = self.case.with_user(self.archivist)
        self.assertEqual(case.copy_ids, copy)
        self.assertEqual(case.copy_ids.dpo_sha256, self.protocol.signed_copy_sha256)
        self.assertEqual(case.copy_ids.dpo_sha256, hashlib.sha256(copy.raw).hexdigest())
        scan, raw = self._add_scan()
        case.invalidate_recordset()
        self.assertEqual(case.copy_ids, copy | scan)
        self.assertEqual(scan.with_user(self.archivist).dpo_sha256, hashlib.sha256(raw).hexdigest())
        self.assertEqual(case.copy_count, 2)
        # Protocols are kept on paper: their electronic copies are derived from it.
        self.assertTrue(case.copies_derived)
        self.assertIn("electronic copies derived from the paper original", case._print_note())
        # Not where paper is not mandatory.
        orders = self._case_of(self.enroll_order)
        self.assertFalse(orders.copies_derived)
        self.assertEqual(orders.copy_ids, self.enroll_order.signed_copy_id)

    def test_fixity_check_finds_a_tampered_scan_and_repairs_nothing(self):
        scan, raw = self._add_scan()
        self._check()
        self.assertEqual(self.case.fixity_state, "ok")
        self.assertFalse(self._fixity_activities())
        # Someone rewrites the stored file behind Odoo's back.
        path = scan._full_path(scan.store_fname)
        with open(path, "wb") as stored:
            stored.write(b"%PDF-1.4 tampered")
        # Checked again a week later.
        self._check(days=8)
        self.case.invalidate_recordset()
        self.assertEqual(self.case.fixity_state, "failed")
        self.assertIn("Протокол (скан).pdf", self.case.fixity_note)
        self.assertIn(hashlib.sha256(b"%PDF-1.4 tampered").hexdigest(), self.case.fixity_note)
        activity = self._fixity_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.archivist)
        # Nothing silently fixed: the scan's bytes and its recorded checksum are as found.
        scan.invalidate_recordset()
        self.assertEqual(scan.dpo_scan_sha256, hashlib.sha256(raw).hexdigest())
        with open(path, "rb") as stored:
            self.assertEqual(stored.read(), b"%PDF-1.4 tampered")
        # Found again next week, the archivist is not told twice.
        self._check(days=16)
        self.assertEqual(len(self._fixity_activities()), 1)
        self.assertEqual(self.case.fixity_state, "failed")

    def test_fixity_check_finds_a_missing_file(self):
        copy = self.protocol.signed_copy_id
        self.env.cr.execute(
            "UPDATE ir_attachment SET store_fname = %s WHERE id = %s",
            ["ab/missing-" + os.urandom(8).hex(), copy.id],
        )
        copy.invalidate_recordset()
        self._check()
        self.assertEqual(self.case.fixity_state, "failed")
        self.assertIn("the file is missing", self.case.fixity_note)
        self.assertTrue(self._fixity_activities())

    def test_fixity_check_finds_a_copy_gone_from_the_database(self):
        # The record still holds the checksum of its copy, whose attachment row was deleted in SQL.
        self.env.cr.execute("DELETE FROM ir_attachment WHERE id = %s", [self.protocol.signed_copy_id.id])
        self.env.invalidate_all()
        self._check()
        self.assertEqual(self.case.fixity_state, "failed")
        self.assertIn("the electronic copy is missing", self.case.fixity_note)

    def test_fixity_check_runs_in_batches_and_resumes(self):
        cases = self.env["dpo.archive.case"].search([])
        self.assertGreater(len(cases), 2)
        done = self.env["dpo.archive.case"]._cron_check_fixity(batch_size=2)
        self.assertEqual(done, len(cases))
        self.assertTrue(all(cases.mapped("fixity_date")))
        # Checked cases leave the job until their check is a week old.
        self.assertEqual(self._check(), 0)
        self.assertEqual(self._check(days=8), len(cases))

    def test_client_cannot_write_the_outcome_of_a_check(self):
        scan, _raw = self._add_scan()
        with open(scan._full_path(scan.store_fname), "wb") as stored:
            stored.write(b"%PDF-1.4 tampered again")
        self._check()
        self.assertEqual(self.case.fixity_state, "failed")
        with self.assertRefused(UserError, "are set by the archive itself"):
            self.case.with_user(self.archivist).write({"fixity_state": "ok", "fixity_note": False})
        self.assertEqual(self.case.fixity_state, "failed")
