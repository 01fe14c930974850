from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestJournalTour(HttpCase, DpoCase):
    """The journal as a teacher uses it in the browser, on the journal grid: one save marks a
    whole lesson from the keyboard; a recorded cell is corrected in the grid with a reason
    asked once per save; a save the server refuses keeps what was typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.teacher.lang = "ru_RU"  # the tours read Russian labels
        today = fields.Date.context_today(cls.env["dpo.group"])
        cls.group.write({"date_start": today - timedelta(days=3), "date_end": today + timedelta(days=10)})
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date=cls.group.date_start)
        cls.group.action_start()
        cls.lesson, cls.next_lesson = cls.env["dpo.lesson"].create(
            [
                {
                    "group_id": cls.group.id,
                    "date": date,
                    "subject_id": cls.program.subject_ids[0].id,
                    "hours": 2,
                    "teacher_id": cls.teacher.id,
                }
                for date in (today, today + timedelta(days=1))
            ]
        )

    def _corrections(self):
        cells = self.group.lesson_ids.attendance_ids
        domain = [("res_model", "=", "dpo.attendance"), ("res_id", "in", cells.ids)]
        return self.env["dpo.correction"].search(domain)

    def _presence(self, lesson):
        lesson.attendance_ids.invalidate_recordset()
        return {cell.learner_name: cell.presence for cell in lesson.attendance_ids}

    def test_teacher_fills_lesson_in_one_save_then_corrects_with_reason(self):
        self.start_tour(
            f"/odoo/action-dpo_records.dpo_group_action/{self.group.id}",
            "dpo_records_journal_fill",
            login=self.teacher.login,
        )
        self.assertEqual(
            self._presence(self.lesson), {"Иванов Пётр Сергеевич": "present", "Петрова Мария": "absent"}
        )
        self.assertFalse(self._corrections(), "the first recording of a lesson is not a correction")

        self.start_tour(
            f"/odoo/action-dpo_records.dpo_group_action/{self.group.id}",
            "dpo_records_journal_correct",
            login=self.teacher.login,
        )
        self.assertEqual(self._presence(self.lesson)["Петрова Мария"], "excused")
        self.assertEqual(self._presence(self.next_lesson)["Иванов Пётр Сергеевич"], "present")
        # Both corrections, and only they, went to the ledger with the reason given once.
        corrections = self._corrections()
        self.assertEqual(
            sorted(corrections.mapped("res_id")),
            sorted(
                (
                    self._cell(self.lesson, self.second_enrollment)
                    | self._cell(self.next_lesson, self.enrollment)
                ).ids
            ),
        )
        self.assertEqual(set(corrections.mapped("field_name")), {"presence"})
        self.assertEqual(set(corrections.mapped("reason")), {"Справка о болезни"})
        self.assertEqual(corrections.user_id, self.teacher)

    def _cell(self, lesson, enrollment):
        return lesson.attendance_ids.filtered(lambda c: c.enrollment_id == enrollment)

    def test_teacher_writes_topic_of_own_lesson(self):
        self.start_tour(
            f"/odoo/action-dpo_records.dpo_lesson_action/{self.lesson.id}",
            "dpo_records_lesson_topic",
            login=self.teacher.login,
        )
        self.assertEqual(self.lesson.topic, "Вводное занятие")
