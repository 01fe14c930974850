import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

REPORT_FILE = base64.b64encode("Отчет по самостоятельной работе: анализ рисков.".encode())


@tagged("post_install", "-at_install")
class TestSelfStudyReport(DpoCase):
    """Seed 004, 2.3: «отчетная документация по самостоятельной работе обучающихся» with the
    teacher's mark and review, printed on the learner's card («личные карточки обучающихся»)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.enrollment | cls.other_enrollment)._change_state("enrolled", date="2026-03-02")
        cls.subject = cls.program.subject_ids[0]
        cls.Report = cls.env["dpo.self.study.report"]

    def _upload(self, user=None, **vals):
        return self.Report.with_user(user or self.specialist).create(
            {
                "name": "Анализ профессиональных рисков",
                "enrollment_id": self.enrollment.id,
                "subject_id": self.subject.id,
                "file": REPORT_FILE,
                "file_name": "report.txt",
                **vals,
            }
        )

    def test_teacher_reviews_report_printed_on_card(self):
        report = self._upload(user=self.teacher)
        self.assertEqual(report.state, "submitted")
        report.with_user(self.teacher).write({"mark": "4", "review": "Риски описаны верно, мало примеров."})
        report.with_user(self.teacher).action_review()
        self.assertEqual(report.state, "reviewed")
        self.assertEqual(report.reviewer_id, self.teacher)
        self.assertEqual(report.review_date, fields.Date.context_today(report))
        self.assertEqual(base64.b64decode(report.file), base64.b64decode(REPORT_FILE))
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        for text in (
            "Отчеты по самостоятельной работе",
            self.subject.name,
            "Анализ профессиональных рисков",
            "4 (хорошо)",
            "Риски описаны верно, мало примеров.",
            self.teacher.name,
        ):
            self.assertIn(text, card)

    def test_mark_not_on_programme_scale_refused(self):
        report = self._upload()
        # The programme grades 5 / 4 / 3 / 2: «pass» is not on its scale.
        with self.assertRefused(
            ValidationError, "Mark «Pass» is not on the scale of programme «Охрана труда»; use: 5"
        ):
            report.with_user(self.teacher).write({"mark": "pass"})
        with self.assertRefused(ValidationError, "не входит в шкалу программы «Охрана труда»"):
            report.with_user(self.teacher).with_context(lang="ru_RU").write({"mark": "fail"})
        self.assertFalse(report.mark)
        count = self.Report.search_count([])
        with self.assertRefused(ValidationError, "is not on the scale of programme"):
            self._upload(mark="pass")
        self.assertEqual(self.Report.search_count([]), count)
        self.program.grading_scale = "pass_fail"
        report.with_user(self.teacher).write({"mark": "pass"})
        self.assertEqual(report.mark, "pass")

    def test_review_needs_mark_and_the_groups_teacher(self):
        report = self._upload()
        with self.assertRefused(UserError, "Give the mark of report"):
            report.with_user(self.teacher).action_review()
        report.mark = "5"
        with self.assertRaises(AccessError):
            report.with_user(self.teacher_other).action_review()
        self.assertEqual(report.state, "submitted")
        self.assertFalse(report.reviewer_id)

    def test_reviewer_and_status_cannot_be_forged(self):
        count = self.Report.search_count([])
        with self.assertRefused(UserError, "reviewed by its teacher with «Confirm Review»"):
            self._upload(mark="5", state="reviewed", reviewer_id=self.head.id)
        self.assertEqual(self.Report.search_count([]), count)
        report = self._upload(mark="5")
        for vals in ({"state": "reviewed"}, {"reviewer_id": self.teacher.id}, {"review_date": "2026-03-05"}):
            with self.subTest(vals=vals), self.assertRefused(UserError, "set only by «Confirm Review»"):
                report.with_user(self.director).write(vals)
        self.assertEqual(
            (report.state, report.reviewer_id.id, report.review_date), ("submitted", False, False)
        )

    def test_reviewed_report_kept_unchanged(self):
        report = self._upload(mark="5", review="Отлично")
        report.with_user(self.teacher).action_review()
        for user in (self.teacher, self.specialist, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "reviewed self-study report .* cannot change"):
                    report.with_user(user).write({"mark": "3"})
                with self.assertRefused(UserError, "cannot change"):
                    report.with_user(user).write({"file": base64.b64encode(b"other")})
        with self.assertRefused(UserError, "cannot be deleted"):
            report.with_user(self.specialist).unlink()
        # Nor around the model, through the stored file's attachment.
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", report._name), ("res_id", "=", report.id), ("res_field", "=", "file")]
        )
        self.assertEqual(len(attachment), 1)
        for user in (self.teacher, self.specialist):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    attachment.with_user(user).write({"datas": base64.b64encode(b"forged")})
                with self.assertRaises(AccessError):
                    attachment.with_user(user).unlink()
        self.assertEqual((report.mark, report.review), ("5", "Отлично"))
        self.assertEqual(base64.b64decode(report.file), base64.b64decode(REPORT_FILE))

    def test_teacher_sees_reports_of_own_groups_only(self):
        report = self._upload()
        other = self._upload(enrollment_id=self.other_enrollment.id)
        self.assertEqual(self.Report.with_user(self.teacher).search([]), report)
        self.assertEqual(self.Report.with_user(self.teacher_other).search([]), other)
        with self.assertRaises(AccessError):
            report.with_user(self.teacher_other).write({"mark": "5"})
        with self.assertRaises(AccessError):
            self._upload(user=self.teacher_other)
        mine = [("enrollment_id", "in", (self.enrollment | self.other_enrollment).ids)]
        self.assertEqual(self.Report.with_user(self.archivist).search(mine), report | other)
        with self.assertRaises(AccessError):
            report.with_user(self.archivist).write({"mark": "5"})
        self.assertFalse(report.mark)

    def test_report_without_file_or_moved_to_another_learner_refused(self):
        count = self.Report.search_count([])
        with self.assertRefused(ValidationError, "Upload the file of self-study report"):
            self._upload(file=False)
        self.assertEqual(self.Report.search_count([]), count)
        report = self._upload(user=self.teacher)
        # A teacher would otherwise move it to a learner of a group they do not teach.
        with self.assertRefused(UserError, "stays with the learner who handed it in"):
            report.with_user(self.teacher).write({"enrollment_id": self.other_enrollment.id})
        self.assertEqual(report.enrollment_id, self.enrollment)
