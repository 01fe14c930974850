from freezegun import freeze_time

from odoo.tests import tagged

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestPrintLanguage(JournalCase):
    """A printed form reads in Russian whoever made the entries: a correction made in an English
    session prints its values in Russian, and scores print with a decimal comma."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teacher.lang = "en_US"

    @freeze_time("2026-03-04")
    def test_correction_made_in_english_prints_in_russian(self):
        cell = self._cell(self.lesson).with_user(self.teacher).with_context(lang="en_US")
        cell.write({"presence": "absent"})
        cell._write_with_reason({"presence": "excused"}, "Справка о болезни")
        correction = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.attendance"), ("res_id", "=", cell.id)]
        )
        # As the corrector saw it, kept as written...
        self.assertEqual((correction.old_value, correction.new_value), ("Absent", "Excused"))
        # ...and as each reader reads it.
        russian = correction.with_context(lang="ru_RU")
        labels = dict(
            self.env["dpo.attendance"]
            .with_context(lang="ru_RU")
            ._fields["presence"]
            ._description_selection(russian.env)
        )
        self.assertEqual((russian.old_text, russian.new_text), (labels["absent"], labels["excused"]))
        self.assertNotEqual(labels["absent"], "Absent")
        html = self._printed_html("dpo_records.action_report_journal", self.group)
        self.assertIn(labels["excused"], html)
        self.assertNotIn(">Excused<", html)
        self.assertNotIn(">Absent<", html)

    def test_score_prints_with_a_decimal_comma(self):
        sheet = self.env["dpo.attestation.sheet"].create(
            {
                "group_id": self.group.id,
                "subject_id": self.subject.id,
                "form": "testing",
                "date": "2026-03-10",
            }
        )
        sheet.line_ids.write({"result": "pass", "score": 86.5})
        html = self._printed_html("dpo_records.action_report_attestation_sheet", sheet)
        self.assertIn("86,5", html)
        self.assertNotIn("86.5", html)
        sheet.line_ids.score = 90
        html = self._printed_html("dpo_records.action_report_attestation_sheet", sheet)
        self.assertRegex(html, r">\s*90\s*<")
        self.assertNotIn("90,0", html)
