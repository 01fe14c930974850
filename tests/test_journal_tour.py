from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestJournalTour(HttpCase, DpoCase):
    """The journal as a teacher uses it in the browser: one save marks a whole lesson, and a
    recorded cell is changed only through the correction wizard, with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.teacher.lang = "ru_RU"  # the tours read Russian labels
        today = fields.Date.context_today(cls.env["dpo.group"])
        cls.group.write({"date_start": today - timedelta(days=3), "date_end": today + timedelta(days=10)})
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date=cls.group.date_start)
        cls.group.action_start()
        cls.lesson = cls.env["dpo.lesson"].create(
            {
                "group_id": cls.group.id,
                "date": today,
                "subject_id": cls.program.subject_ids[0].id,
                "hours": 2,
                "teacher_id": cls.teacher.id,
            }
        )

    def _corrections(self):
        domain = [("res_model", "=", "dpo.attendance"), ("res_id", "in", self.lesson.attendance_ids.ids)]
        return self.env["dpo.correction"].search(domain)

    def _presence(self):
        self.lesson.attendance_ids.invalidate_recordset()
        return {cell.learner_name: cell.presence for cell in self.lesson.attendance_ids}

    def test_teacher_fills_lesson_in_one_save_then_corrects_with_reason(self):
        self.start_tour(
            f"/odoo/action-dpo_records.dpo_group_action/{self.group.id}",
            "dpo_records_journal_fill",
            login=self.teacher.login,
        )
        self.assertEqual(self._presence(), {"Иванов Пётр Сергеевич": "present", "Петрова Мария": "absent"})
        self.assertFalse(self._corrections(), "the first recording of a lesson is not a correction")

        self.start_tour(
            f"/odoo/action-dpo_records.dpo_lesson_action/{self.lesson.id}",
            "dpo_records_journal_correct",
            login=self.teacher.login,
        )
        self.assertEqual(self.lesson.topic, "Вводное занятие")
        self.assertEqual(self._presence()["Петрова Мария"], "excused")
        correction = self._corrections()
        self.assertEqual(len(correction), 1)
        self.assertEqual(correction.reason, "Справка о болезни")
        self.assertEqual(correction.user_id, self.teacher)
