from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import JournalCase

# Measured: loading the grid, and saving a lesson (Odoo flushes the cells' UPDATE by 100
# rows: 13 queries for 30 learners, 14 for 150), whatever the number of learners. Loading reads
# the company's time zone once for «today» (the edit window is counted in it).
GRID_DATA_QUERIES = 13
GRID_SAVE_QUERIES = 14


@tagged("post_install", "-at_install")
class TestJournalGrid(JournalCase):
    """The journal grid's server side: dpo.group.dpo_journal_data (what the grid shows, with
    each lesson's editability for the user) and dpo.group.dpo_journal_save (one call per save,
    through the cells' own rules and the correction ledger), for every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_lesson = cls._lesson("2026-03-04", cls.teacher_other)

    def _values(self, *cells):
        """The stored presence and mark of `cells`, read again from the database."""
        cells = self.env["dpo.attendance"].union(*cells)
        cells.invalidate_recordset()
        return [(cell.presence, cell.mark) for cell in cells]

    def _ledger(self, *cells):
        ids = [cell.id for cell in cells]
        return self.env["dpo.correction"].search(
            [("res_model", "=", "dpo.attendance"), ("res_id", "in", ids)]
        )

    def _access(self, user, group=None):
        data = (group or self.group).with_user(user).dpo_journal_data()
        return {lesson["id"]: lesson for lesson in data["lessons"]}

    # ------------------------------------------------------------------ dpo_journal_data

    @freeze_time("2026-03-04")
    def test_data_shows_the_grid_and_what_the_teacher_may_write(self):
        self._cell(self.lesson).write({"presence": "late", "mark": "4"})
        data = self.group.with_user(self.teacher).dpo_journal_data()
        self.assertEqual(data["group"], {"id": self.group.id, "name": "T-01", "journal_state": "open"})
        self.assertEqual(data["today"], "2026-03-04")
        self.assertEqual(
            [learner["name"] for learner in data["learners"]], ["Иванов Пётр Сергеевич", "Петрова Мария"]
        )
        self.assertEqual([mark for mark, _label in data["marks"]], ["5", "4", "3", "2"])
        self.assertEqual([key for key, _label in data["presences"]], ["present", "absent", "excused", "late"])
        lessons = {lesson["id"]: lesson for lesson in data["lessons"]}
        self.assertEqual(
            {key: lessons[self.lesson.id][key] for key in ("date", "time", "subject", "teacher", "editable")},
            {
                "date": "2026-03-03",
                "time": "9:00",
                "subject": "Основы",
                "teacher": self.teacher.name,
                "editable": True,
            },
        )
        colleague = lessons[self.other_lesson.id]
        self.assertFalse(colleague["editable"])
        self.assertIn(self.teacher_other.name, colleague["note"])
        cells = {
            (lesson_id, enrollment_id): (presence, mark)
            for _id, lesson_id, enrollment_id, presence, mark in data["cells"]
        }
        self.assertEqual(len(cells), 4)
        self.assertEqual(cells[(self.lesson.id, self.enrollment.id)], ("late", "4"))
        self.assertEqual(cells[(self.other_lesson.id, self.second_enrollment.id)], (False, False))

    def test_data_tells_each_role_why_a_lesson_is_read_only_or_needs_a_reason(self):
        with freeze_time("2026-03-20"):
            teacher = self._access(self.teacher)[self.lesson.id]
            self.assertEqual((teacher["editable"], teacher["reason_required"]), (False, False))
            self.assertIn("closed on 10.03.2026", teacher["note"])
            specialist = self._access(self.specialist)[self.lesson.id]
            self.assertEqual((specialist["editable"], specialist["reason_required"]), (True, True))
            self.assertIn("needs a reason", specialist["note"])
        with freeze_time("2026-03-04"):
            self.assertEqual(self._access(self.specialist)[self.lesson.id]["reason_required"], False)
            archivist = self._access(self.archivist)
            self.assertFalse(any(lesson["editable"] for lesson in archivist.values()))
            self.assertIn("reads the journal only", archivist[self.lesson.id]["note"])
        self.group.lesson_ids.attendance_ids.write({"presence": "present"})
        self.group.with_user(self.head).action_close_journal()
        with freeze_time("2026-03-04"):
            for user in (self.teacher, self.specialist):
                closed = self._access(user)[self.lesson.id]
                self.assertFalse(closed["editable"], user.login)
                self.assertIn("only the head of department", closed["note"])
            head = self._access(self.head)[self.lesson.id]
            self.assertEqual((head["editable"], head["reason_required"]), (True, True))

    def test_data_refused_to_a_teacher_of_another_group(self):
        with self.assertRefused(AccessError, "dpo.group|Study Group|Учебная группа"):
            self.other_group.with_user(self.teacher).dpo_journal_data()

    def test_data_on_a_pass_fail_programme_offers_pass_and_fail(self):
        self.program.grading_scale = "pass_fail"
        data = self.group.with_user(self.teacher).dpo_journal_data()
        self.assertEqual([mark for mark, _label in data["marks"]], ["pass", "fail"])

    def _group_of(self, size, lessons=5):
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
        for day in range(lessons):
            self._lesson(f"2026-03-{3 + day:02d}", self.teacher, group)
        self.env.flush_all()
        self.env.invalidate_all()
        return group

    @freeze_time("2026-03-04")
    def test_data_costs_the_same_for_30_and_150_learners(self):
        self._group_of(1).with_user(self.teacher).dpo_journal_data()  # the user's rules, cached
        for size in (30, 150):
            group = self._group_of(size).with_user(self.teacher)
            with self.subTest(size=size), self.assertQueryCount(GRID_DATA_QUERIES):
                data = group.dpo_journal_data()
            self.assertEqual(len(data["cells"]), size * 5)
            self.env.invalidate_all()

    # ------------------------------------------------------------------ dpo_journal_save

    @freeze_time("2026-03-04")
    def test_teacher_saves_a_lesson_in_one_call_without_ledger(self):
        first, second = self._cell(self.lesson), self._cell(self.lesson, self.second_enrollment)
        saved = self.group.with_user(self.teacher).dpo_journal_save(
            [{"id": first.id, "presence": "present", "mark": "5"}, {"id": second.id, "presence": "absent"}]
        )
        self.assertEqual(sorted(saved), sorted([[first.id, "present", "5"], [second.id, "absent", False]]))
        self.assertEqual(self._values(first, second), [("present", "5"), ("absent", False)])
        self.assertFalse(self._ledger(first, second), "the first recording of a lesson is not a correction")

    @freeze_time("2026-03-04")
    def test_correction_needs_the_reason_and_only_corrections_go_to_the_ledger(self):
        recorded, empty = self._cell(self.lesson), self._cell(self.lesson, self.second_enrollment)
        recorded.write({"presence": "absent"})
        group = self.group.with_user(self.teacher)
        batch = [{"id": recorded.id, "presence": "excused"}, {"id": empty.id, "presence": "present"}]
        with self.assertRefused(UserError, "1 of the changes correct recorded cells"):
            group.dpo_journal_save(batch)
        # A plain context key is not a reason.
        with self.assertRefused(UserError, "1 of the changes correct recorded cells"):
            group.with_context(dpo_correction_reason="forged").dpo_journal_save(batch)
        with self.assertRefused(UserError, "1 of the changes correct recorded cells"):
            group.dpo_journal_save(batch, "   ")
        self.assertEqual(self._values(recorded, empty), [("absent", False), (False, False)])
        self.assertFalse(self._ledger(recorded, empty))

        group.dpo_journal_save(batch, " Справка о болезни ")
        self.assertEqual(self._values(recorded, empty), [("excused", False), ("present", False)])
        correction = self._ledger(recorded, empty)
        self.assertEqual(len(correction), 1)
        self.assertEqual(
            (
                correction.res_id,
                correction.old_value,
                correction.new_value,
                correction.reason,
                correction.user_id,
            ),
            (recorded.id, "Absent", "Excused", "Справка о болезни", self.teacher),
        )

    @freeze_time("2026-03-04")
    def test_invalid_values_refused_and_nothing_changed(self):
        first, second = self._cell(self.lesson), self._cell(self.lesson, self.second_enrollment)
        group = self.group.with_user(self.teacher)
        valid = {"id": first.id, "presence": "present"}
        self.other_enrollment._change_state("enrolled", date="2026-04-06")
        foreign = self._cell(
            self._lesson("2026-04-07", self.teacher_other, self.other_group), self.other_enrollment
        )
        for bad, exception, message in (
            ({"id": second.id, "presence": "maybe"}, UserError, "«maybe» is not a presence"),
            ({"id": second.id, "mark": "pass"}, ValidationError, "«Pass» is not on the grading scale"),
            ({"id": second.id, "mark": "7"}, ValidationError, "«7» is not on the grading scale"),
            ({"id": second.id, "note": "x"}, UserError, "cannot read"),
            ({"id": second.id}, UserError, "cannot read"),
            ({"id": str(second.id), "presence": "present"}, UserError, "cannot read"),
            ("present", UserError, "cannot read"),
            ({"id": foreign.id, "presence": "present"}, UserError, "not in the journal of group T-01"),
            ({"id": 0, "presence": "present"}, UserError, "not in the journal of group T-01"),
        ):
            with self.subTest(bad=bad), self.assertRefused(exception, message):
                group.dpo_journal_save([valid, bad])
            self.assertEqual(self._values(first, second), [(False, False), (False, False)])
        with self.assertRefused(UserError, "reason of a correction is a text"):
            group.dpo_journal_save([valid], ["reason"])
        self.assertEqual(self._values(first), [(False, False)])

    @freeze_time("2026-03-04")
    def test_pass_fail_marks_on_a_pass_fail_programme(self):
        self.program.grading_scale = "pass_fail"
        cell = self._cell(self.lesson)
        group = self.group.with_user(self.teacher)
        with self.assertRefused(ValidationError, "«5 \\(excellent\\)» is not on the grading scale"):
            group.dpo_journal_save([{"id": cell.id, "mark": "5"}])
        self.assertEqual(self._values(cell), [(False, False)])
        group.dpo_journal_save([{"id": cell.id, "mark": "pass"}])
        self.assertEqual(self._values(cell), [(False, "pass")])

    def test_read_only_cells_refused_by_the_server(self):
        own, colleague = self._cell(self.lesson), self._cell(self.other_lesson)
        with freeze_time("2026-03-04"):
            # A colleague's lesson, even alongside a cell of one's own.
            with self.assertRefused(AccessError, "a teacher fills only their own lessons"):
                self.group.with_user(self.teacher).dpo_journal_save(
                    [{"id": own.id, "presence": "present"}, {"id": colleague.id, "presence": "present"}]
                )
            # The archivist only reads.
            with self.assertRefused(AccessError, "own lessons|Journal Cell|Клетка журнала"):
                self.group.with_user(self.archivist).dpo_journal_save([{"id": own.id, "presence": "present"}])
        # Past the edit window: not the teacher; the specialist with a reason only.
        with freeze_time("2026-03-11"):
            with self.assertRefused(AccessError, "closed on 10.03.2026"):
                self.group.with_user(self.teacher).dpo_journal_save([{"id": own.id, "presence": "present"}])
            with self.assertRefused(UserError, "1 of the changes correct recorded cells or are late entries"):
                self.group.with_user(self.specialist).dpo_journal_save(
                    [{"id": own.id, "presence": "present"}]
                )
        self.assertEqual(self._values(own, colleague), [(False, False), (False, False)])
        with freeze_time("2026-03-11"):
            self.group.with_user(self.specialist).dpo_journal_save(
                [{"id": own.id, "presence": "present"}], "Журнал заполнен по табелю"
            )
        self.assertEqual(self._values(own), [("present", False)])
        self.assertEqual(self._ledger(own).reason, "Журнал заполнен по табелю")

    def test_closed_journal_corrected_by_the_head_only_with_a_reason(self):
        self.group.lesson_ids.attendance_ids.write({"presence": "present"})
        self.group.with_user(self.head).action_close_journal()
        cell = self._cell(self.lesson)
        with freeze_time("2026-03-04"):
            for user in (self.teacher, self.specialist):
                with (
                    self.subTest(user=user.login),
                    self.assertRefused(AccessError, "is closed: only the head"),
                ):
                    self.group.with_user(user).dpo_journal_save(
                        [{"id": cell.id, "presence": "absent"}], "Ошибка"
                    )
            with self.assertRefused(UserError, "give the reason"):
                self.group.with_user(self.head).dpo_journal_save([{"id": cell.id, "presence": "absent"}])
            self.assertEqual(self._values(cell), [("present", False)])
            self.group.with_user(self.head).dpo_journal_save(
                [{"id": cell.id, "presence": "absent"}], "Ошибка"
            )
        self.assertEqual(self._values(cell), [("absent", False)])
        self.assertEqual((self._ledger(cell).reason, self._ledger(cell).user_id), ("Ошибка", self.head))

    @freeze_time("2026-03-04")
    def test_saving_a_lesson_costs_the_same_for_30_and_150_learners(self):
        warm_up = self._group_of(1, lessons=1).with_user(self.teacher)  # the user's rules, cached
        warm_up.dpo_journal_save([{"id": warm_up.lesson_ids.attendance_ids.id, "presence": "present"}])
        for size in (30, 150):
            group = self._group_of(size, lessons=1)
            cells = group.lesson_ids.attendance_ids
            changes = [
                {"id": cell.id, "presence": "absent" if index % 5 == 0 else "present", "mark": "5"}
                for index, cell in enumerate(cells)
            ]
            group = group.with_user(self.teacher)
            with self.subTest(size=size), self.assertQueryCount(GRID_SAVE_QUERIES):
                group.dpo_journal_save(changes)
                self.env.flush_all()
            self.assertEqual(set(cells.mapped("presence")), {"present", "absent"})
            self.env.invalidate_all()
