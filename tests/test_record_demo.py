from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestRecordDemo(DpoCase):
    """The Russian demo shows the record beside the results: awards, a statement of current
    control, self-study reports and a portfolio work reviewed by a teacher and an employer."""

    def test_demo_awards_reports_portfolio_installed(self):
        ref = self.env.ref
        awards = self.env["dpo.award"].search([("learner_id.email", "=like", "learner%@example.ru")])
        self.assertGreaterEqual(len(awards.learner_id), 2)
        self.assertEqual(awards.recorded_by_id, ref("dpo_records.user_demo_specialist"))
        current = ref("dpo_records.dpo_sheet_demo_pp_current")
        self.assertEqual((current.kind, current.state), ("current", "signed"))
        report = ref("dpo_records.dpo_self_study_report_demo_pk")
        self.assertEqual(
            (report.state, report.reviewer_id), ("reviewed", ref("dpo_records.user_demo_teacher"))
        )
        work = ref("dpo_records.dpo_portfolio_item_demo_pp")
        self.assertTrue(work.locked)
        self.assertEqual(work.sheet_line_id.sheet_id, current)
        self.assertEqual(set(work.review_ids.mapped("author_role")), {"teacher", "employer"})
