from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import JournalCase

# Measured: saving one lesson's cells, whatever the number of learners.
LESSON_SAVE_QUERIES = 37


@tagged("post_install", "-at_install")
class TestJournal(JournalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_lesson = cls._lesson("2026-03-04", cls.teacher_other)

    def test_cells_created_for_enrolled_learners(self):
        self.assertEqual(self.lesson.attendance_ids.enrollment_id, self.enrollment | self.second_enrollment)
        third = self.env["dpo.learner"].create({"last_name": "Зуев", "first_name": "Лев"})
        late = self.env["dpo.enrollment"].create({"learner_id": third.id, "group_id": self.group.id})
        self.assertEqual(len(self.lesson.attendance_ids), 2)
        late._change_state("enrolled")
        self.assertIn(late, self.lesson.attendance_ids.enrollment_id)

    @freeze_time("2026-03-04")
    def test_teacher_marks_own_lesson_first_time_without_reason(self):
        cell = self._cell(self.lesson).with_user(self.teacher)
        cell.write({"presence": "present", "mark": "5"})
        self.assertEqual((cell.presence, cell.mark), ("present", "5"))
        self.assertFalse(
            self.env["dpo.correction"].search(
                [("res_model", "=", "dpo.attendance"), ("res_id", "=", cell.id)]
            )
        )

    @freeze_time("2026-03-04")
    def test_correction_needs_reason_and_is_recorded(self):
        cell = self._cell(self.lesson).with_user(self.teacher)
        cell.write({"presence": "absent"})
        with self.assertRefused(UserError, "Changing a recorded journal cell is a correction"):
            cell.write({"presence": "excused"})
        self.assertEqual(cell.presence, "absent")
        cell._write_with_reason({"presence": "excused"}, "Справка о болезни")
        correction = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.attendance"), ("res_id", "=", cell.id)]
        )
        self.assertEqual(len(correction), 1)
        self.assertEqual((correction.old_value, correction.new_value), ("Absent", "Excused"))
        self.assertEqual(correction.reason, "Справка о болезни")
        self.assertEqual(correction.user_id, self.teacher)
        self.assertEqual(correction.group_id, self.group)

    def test_ledger_is_append_only_for_everyone(self):
        cell = self._cell(self.lesson)
        cell.write({"presence": "absent"})
        cell._write_with_reason({"presence": "present"}, "Ошибка ввода")
        correction = self.env["dpo.correction"].search(
            [("res_id", "=", cell.id), ("res_model", "=", "dpo.attendance")]
        )
        for user in (self.teacher, self.head, self.director):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    correction.with_user(user).write({"reason": "x"})
                with self.assertRaises(UserError):
                    correction.with_user(user).unlink()
        with self.assertRefused(UserError, "append-only"):
            correction.sudo().write({"reason": "x"})
        with self.assertRefused(UserError, "append-only"):
            correction.sudo().unlink()
        self.assertEqual(correction.reason, "Ошибка ввода")
        with self.assertRaises(AccessError):
            self.env["dpo.correction"].with_user(self.teacher).create(
                {"res_model": "dpo.attendance", "res_id": cell.id, "field_name": "presence", "reason": "x"}
            )

    @freeze_time("2026-03-04")
    def test_teacher_cannot_write_colleagues_lesson(self):
        cell = self._cell(self.other_lesson).with_user(self.teacher)
        with self.assertRaises(AccessError):
            cell.write({"presence": "present"})
        self.assertFalse(self._cell(self.other_lesson).presence)

    @freeze_time("2026-03-04")
    def test_teacher_writes_topic_and_cells_of_own_lesson_only(self):
        lesson = self.lesson.with_user(self.teacher)
        cell = self._cell(self.lesson)
        lesson.write({"topic": "Вводный инструктаж", "attendance_ids": [(1, cell.id, {"presence": "late"})]})
        self.assertEqual((self.lesson.topic, cell.presence), ("Вводный инструктаж", "late"))
        with self.assertRefused(AccessError, r"changed by a programme specialist"):
            lesson.write({"hours": 4, "topic": "Другая тема"})
        with self.assertRefused(AccessError, r"Дата|Date"):
            lesson.write({"date": "2026-03-05"})
        self.assertEqual((self.lesson.hours, self.lesson.topic), (2, "Вводный инструктаж"))
        with self.assertRaises(AccessError):
            self.other_lesson.with_user(self.teacher).write({"topic": "Чужая тема"})
        self.assertFalse(self.other_lesson.topic)
        with freeze_time("2026-03-11"), self.assertRefused(AccessError, "closed on 10.03.2026"):
            lesson.write({"topic": "Поздняя тема"})
        self.assertEqual(self.lesson.topic, "Вводный инструктаж")

    def test_teacher_cannot_write_after_edit_window(self):
        cell = self._cell(self.lesson).with_user(self.teacher)
        with (
            freeze_time("2026-03-11"),
            self.assertRefused(AccessError, "edit window of the lesson of 03.03.2026 closed on 10.03.2026"),
        ):
            cell.write({"presence": "present"})
        self.assertFalse(cell.presence)
        with freeze_time("2026-03-10"):
            cell.write({"presence": "present"})
        self.assertEqual(cell.presence, "present")

    def test_specialist_late_entry_needs_reason(self):
        cell = self._cell(self.lesson).with_user(self.specialist)
        with freeze_time("2026-03-20"):
            with self.assertRefused(UserError, "give the reason of the late entry"):
                cell.write({"presence": "present"})
            self.assertFalse(cell.presence)
            cell._write_with_reason({"presence": "present"}, "Журнал заполнен по табелю")
        self.assertEqual(cell.presence, "present")
        self.assertTrue(
            self.env["dpo.correction"].search(
                [("res_id", "=", cell.id), ("res_model", "=", "dpo.attendance")]
            )
        )

    def test_mark_outside_scale_refused(self):
        cell = self._cell(self.lesson)
        with self.assertRefused(ValidationError, "not on the grading scale"):
            cell.write({"mark": "pass"})
        self.assertFalse(cell.mark)
        cell.write({"mark": "4"})
        self.assertEqual(cell.mark, "4")

    def test_cell_for_learner_not_in_group_or_expelled_refused(self):
        with self.assertRefused(ValidationError, "is not a learner of group T-01"):
            self.env["dpo.attendance"].create(
                {"lesson_id": self.lesson.id, "enrollment_id": self.other_enrollment.id}
            )
        self.second_enrollment._change_state("expelled", date="2026-03-05", reason="Неоплата")
        later = self._lesson("2026-03-06", self.teacher)
        self.assertNotIn(self.second_enrollment, later.attendance_ids.enrollment_id)
        with self.assertRefused(ValidationError, "is not a learner of group T-01 on 06.03.2026"):
            self.env["dpo.attendance"].create(
                {"lesson_id": later.id, "enrollment_id": self.second_enrollment.id}
            )
        self.assertEqual(len(later.attendance_ids), 1)

    def test_lesson_outside_group_dates_refused(self):
        count = self.env["dpo.lesson"].search_count([])
        with self.assertRefused(ValidationError, "outside the training period of group T-01"):
            self._lesson("2026-03-20", self.teacher)
        self.assertEqual(self.env["dpo.lesson"].search_count([]), count)

    def test_close_journal_head_only_when_all_marked(self):
        with self.assertRefused(AccessError, "Only the head of department closes"):
            self.group.with_user(self.specialist).action_close_journal()
        with self.assertRefused(UserError, "2 lessons are not marked"):
            self.group.with_user(self.head).action_close_journal()
        self.assertEqual(self.group.journal_state, "open")
        self.group.lesson_ids.attendance_ids.write({"presence": "present"})
        self.group.with_user(self.head).action_close_journal()
        self.assertEqual(self.group.journal_state, "closed")
        cell = self._cell(self.lesson)
        with freeze_time("2026-03-04"):
            with self.assertRefused(AccessError, "is closed: only the head"):
                cell.with_user(self.teacher).write({"presence": "absent"})
            with self.assertRefused(AccessError, "is closed: only the head"):
                cell.with_user(self.specialist)._write_with_reason({"presence": "absent"}, "x")
            with self.assertRefused(UserError, "only with a reason"):
                cell.with_user(self.head).write({"presence": "absent"})
            self.assertEqual(cell.presence, "present")
            cell.with_user(self.head)._write_with_reason({"presence": "absent"}, "Ошибка при закрытии")
        self.assertEqual(cell.presence, "absent")

    def test_journal_check_by_head_notifies_teachers(self):
        # A centre where the head alone checks journals (see test_journal_check_setting.py).
        self.company.dpo_journal_checker = "head"
        with self.assertRefused(AccessError, "checked by the head of department only"):
            self.env["dpo.journal.check"].with_user(self.specialist).create({"group_id": self.group.id})
        check = (
            self.env["dpo.journal.check"]
            .with_user(self.head)
            .create({"group_id": self.group.id, "result": "remarks", "remarks": "Не указаны темы занятий"})
        )
        self.assertEqual(self.group.last_check_id, check)
        activities = self.group.activity_ids.filtered(lambda a: a.note and "темы" in a.note)
        self.assertEqual(activities.user_id, self.group.teacher_ids)

    @freeze_time("2026-03-10")
    def test_cron_reminds_teachers_once(self):
        self.group.action_start()
        self.env["dpo.lesson"]._cron_remind_unmarked_lessons()
        self.env["dpo.lesson"]._cron_remind_unmarked_lessons()
        self.assertEqual(len(self.lesson.activity_ids), 1)
        self.assertEqual(self.lesson.activity_ids.user_id, self.teacher)
        self.assertEqual(self.other_lesson.activity_ids.user_id, self.teacher_other)

    def test_plan_lessons_from_curriculum(self):
        group = self.env["dpo.group"].create(
            {
                "name": "T-03",
                "program_id": self.program.id,
                "date_start": "2026-05-04",
                "date_end": "2026-05-15",
                "teacher_ids": [(6, 0, self.teacher.ids)],
            }
        )
        wizard = Form(self.env["dpo.group.lesson.plan"].with_context(active_id=group.id)).save()
        wizard.action_plan()
        self.assertEqual(sum(group.lesson_ids.mapped("hours")), self.program.hours)
        for subject in self.program.subject_ids:
            self.assertEqual(
                sum(group.lesson_ids.filtered(lambda l, s=subject: l.subject_id == s).mapped("hours")),
                subject.hours,
            )
        self.assertTrue(all(lesson.date.weekday() < 5 for lesson in group.lesson_ids))
        short = self.env["dpo.group"].create(
            {
                "name": "T-04",
                "program_id": self.program.id,
                "date_start": "2026-05-04",
                "date_end": "2026-05-05",
                "teacher_ids": [(6, 0, self.teacher.ids)],
            }
        )
        wizard = Form(self.env["dpo.group.lesson.plan"].with_context(active_id=short.id)).save()
        with self.assertRefused(UserError, "does not fit into the period: 28 hours"):
            wizard.action_plan()
        self.assertFalse(short.lesson_ids)

    def test_totals(self):
        self._cell(self.lesson).write({"presence": "present", "mark": "5"})
        self._cell(self.other_lesson).write({"presence": "absent", "mark": "3"})
        self._cell(self.lesson, self.second_enrollment).write({"presence": "excused"})
        self.enrollment.invalidate_recordset()
        self.assertEqual(self.enrollment.hours_attended, 2)
        self.assertEqual(self.enrollment.attendance_rate, 50.0)
        self.assertEqual(self.enrollment.unexcused_absences, 1)
        self.assertEqual(self.enrollment.average_mark, 4.0)

    def test_printed_journal_and_excel(self):
        cell = self._cell(self.lesson)
        cell.write({"presence": "absent"})
        cell.with_user(self.head)._write_with_reason({"presence": "excused"}, "Справка о болезни")
        self.env["dpo.journal.check"].with_user(self.head).create(
            {"group_id": self.group.id, "result": "remarks", "remarks": "Заполнить темы"}
        )
        html = self._printed_html("dpo_records.action_report_journal", self.group)
        for text in (
            "ЖУРНАЛ УЧЕТА ЗАНЯТИЙ",
            "Иванов Пётр Сергеевич",
            "03.03",
            "Справка о болезни",
            "Исправленному верить",
            f"______________________ / {self.head.name} /",
            "Подпись преподавателя",
            "Заполнить темы",
        ):
            self.assertIn(text, html)
        export = self.env["dpo.journal.export"].create({"group_id": self.group.id})
        action = export.action_export()
        self.assertIn("/web/content/", action["url"])
        self.assertTrue(export.file)

    def _group_of(self, size):
        group = self.env["dpo.group"].create(
            {
                "name": f"Q-{size}",
                "program_id": self.program.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-13",
                "teacher_ids": [(6, 0, self.teacher.ids)],
            }
        )
        learners = self.env["dpo.learner"].create(
            [{"last_name": "Тестов", "first_name": "Слушатель"} for _i in range(size)]
        )
        self.env["dpo.enrollment"].create(
            [{"learner_id": learner.id, "group_id": group.id} for learner in learners]
        )._change_state("enrolled")
        lesson = self._lesson("2026-03-03", self.teacher, group)
        self.env.flush_all()
        self.env.invalidate_all()
        return group, lesson

    @freeze_time("2026-03-04")
    def test_saving_a_lesson_costs_the_same_for_30_and_150_learners(self):
        for size in (30, 150):
            group, lesson = self._group_of(size)
            cells = lesson.attendance_ids
            commands = [
                (1, cell.id, {"presence": "absent" if index % 5 == 0 else "present", "mark": "5"})
                for index, cell in enumerate(cells)
            ]
            group = group.with_user(self.teacher)
            with self.subTest(size=size), self.assertQueryCount(LESSON_SAVE_QUERIES):
                group.write({"attendance_ids": commands})
                self.env.flush_all()
            self.assertEqual(set(cells.mapped("presence")), {"present", "absent"})

    @freeze_time("2026-03-04")
    def test_teacher_corrects_a_cell_with_the_wizard(self):
        cell = self._cell(self.lesson)
        cell.with_user(self.teacher).write({"presence": "absent"})
        wizard = (
            self.env["dpo.attendance.correct"]
            .with_user(self.teacher)
            .with_context(active_id=cell.id)
            .create({"presence": "excused", "reason": "Справка о болезни"})
        )
        self.assertEqual(wizard.learner_name, "Иванов Пётр Сергеевич")
        wizard.action_correct()
        self.assertEqual(cell.presence, "excused")
        correction = self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.attendance"), ("res_id", "=", cell.id)]
        )
        self.assertEqual((correction.user_id, correction.reason), (self.teacher, "Справка о болезни"))
        # The wizard applies the same rules: not on a colleague's lesson.
        other = self._cell(self.other_lesson)
        other.write({"presence": "absent"})
        with self.assertRefused(AccessError, "not a journal cell you may correct"):
            self.env["dpo.attendance.correct"].with_user(self.teacher).with_context(
                active_id=other.id
            ).create({"presence": "present", "reason": "x"})
        self.assertEqual(other.presence, "absent")
