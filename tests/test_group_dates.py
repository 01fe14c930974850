from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestGroupDates(DpoCase):
    """A statement of current control is dated within the training of its group (seed 004, 2.3),
    and so is an entry of an optional carrier: changing the group's dates so that one of them,
    draft or signed, falls outside is refused, and nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment._change_state("enrolled", date="2026-03-02")
        cls.subject = cls.program.subject_ids[0]

    def _current(self, date, sign=False):
        sheet = self.env["dpo.attestation.sheet"].create(
            {
                "group_id": self.group.id,
                "kind": "current",
                "subject_id": self.subject.id,
                "form": "credit",
                "date": date,
            }
        )
        if sign:
            sheet.line_ids.write({"result": "pass"})
            sheet.action_sign()
        return sheet

    def _dates(self):
        self.group.invalidate_recordset()
        return str(self.group.date_start), str(self.group.date_end)

    def test_dates_refused_when_a_current_control_statement_falls_outside(self):
        self._current("2026-03-03", sign=True)
        self._current("2026-03-11")
        before = self._dates()
        for vals, message in (
            (
                {"date_end": "2026-03-10"},
                "cannot run from 02.03.2026 to 10.03.2026: the statement of current control",
            ),
            (
                {"date_start": "2026-03-04"},
                "cannot run from 04.03.2026 to 13.03.2026: the statement of current control",
            ),
            ({"date_start": "2026-03-05", "date_end": "2026-03-20"}, "dated 03.03.2026, outside that period"),
        ):
            with self.assertRefused(ValidationError, message):
                self.group.with_user(self.specialist).write(vals)
            self.assertEqual(self._dates(), before)
        # Dates that keep both statements within the training are taken.
        self.group.with_user(self.specialist).write({"date_start": "2026-03-03", "date_end": "2026-03-11"})
        self.assertEqual(self._dates(), ("2026-03-03", "2026-03-11"))

    def test_dates_refused_when_an_optional_carrier_entry_falls_outside(self):
        self.env["dpo.record.carrier.entry"].with_user(self.teacher).create(
            {
                "enrollment_id": self.enrollment.id,
                "name": "Входной тест",
                "date": "2026-03-02",
                "score": 10,
                "max_score": 10,
            }
        )
        before = self._dates()
        with self.assertRefused(
            ValidationError, "«Входной тест» of carrier .* is dated 02.03.2026, outside that period"
        ):
            self.group.with_user(self.specialist).write({"date_start": "2026-03-03"})
        self.assertEqual(self._dates(), before)
