from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestJournalIntegrity(JournalCase):
    """Issue 9, items 7, 8, 14 (the correction wizard) and 15 (groups and lessons): every
    attack made as the role that reproduced it, refused, and nothing changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spare = cls._lesson("2026-03-05", cls.teacher)

    def _ledger(self, records):
        return self.env["dpo.correction"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )

    def _close_journal(self):
        self.group.lesson_ids.attendance_ids.filtered(lambda c: not c.presence).write({"presence": "present"})
        self.group.with_user(self.head).action_close_journal()
        self.assertEqual(self.group.journal_state, "closed")

    def _plan(self, lesson):
        return (
            lesson.date,
            lesson.time_start,
            lesson.hours,
            lesson.teacher_id,
            lesson.subject_id,
            lesson.group_id,
        )

    # Item 7: lessons

    def test_lesson_with_recorded_cells_is_never_deleted(self):
        cell = self._cell(self.lesson)
        cell.write({"presence": "present"})
        lessons = self.env["dpo.lesson"].with_user(self.specialist)
        with self.assertRefused(UserError, "lesson of 03.03.2026 has recorded journal cells"):
            lessons.browse(self.lesson.id).unlink()
        with self.assertRefused(UserError, "lesson of 03.03.2026 has recorded journal cells"):
            self.group.with_user(self.specialist).write({"lesson_ids": [(2, self.lesson.id)]})
        with self.assertRefused(UserError, "A recorded journal cell is never deleted"):
            cell.sudo().unlink()
        self.assertTrue(self.lesson.exists())
        self.assertEqual(self.lesson.attendance_ids.exists(), self.lesson.attendance_ids)
        self.assertEqual(cell.presence, "present")
        # A lesson planned by mistake, its cells still empty, can go.
        lessons.browse(self.spare.id).unlink()
        self.assertFalse(self.spare.exists())

    def test_closed_journal_takes_no_new_lesson(self):
        self._close_journal()
        count = len(self.group.lesson_ids)
        with self.assertRefused(UserError, "journal of group T-01 is closed"):
            self._lesson_as(self.specialist, "2026-03-06")
        with self.assertRefused(UserError, "journal of group T-01 is closed"):
            self.group.with_user(self.specialist).write(
                {
                    "lesson_ids": [
                        (
                            0,
                            0,
                            {
                                "date": "2026-03-06",
                                "subject_id": self.subject.id,
                                "teacher_id": self.teacher.id,
                            },
                        )
                    ]
                }
            )
        with self.assertRefused(UserError, "journal of group T-01 is closed"):
            self.spare.with_user(self.specialist).copy()
        self.group.invalidate_recordset()
        self.assertEqual(len(self.group.lesson_ids), count)

    def _lesson_as(self, user, day):
        return (
            self.env["dpo.lesson"]
            .with_user(user)
            .create(
                {
                    "group_id": self.group.id,
                    "date": day,
                    "subject_id": self.subject.id,
                    "hours": 2,
                    "teacher_id": self.teacher.id,
                }
            )
        )

    def test_closed_journal_lesson_is_not_deleted(self):
        self._close_journal()
        for user in (self.specialist, self.head):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "journal of group T-01 is closed"),
            ):
                self.spare.with_user(user).unlink()
        self.assertTrue(self.spare.exists())
        self.assertEqual(len(self.spare.attendance_ids), 2)

    def test_closed_journal_lesson_does_not_change(self):
        self._close_journal()
        before = self._plan(self.lesson)
        for vals in (
            {"hours": 4},
            {"teacher_id": self.teacher_other.id},
            {"date": "2026-03-06"},
            {"time_start": 14.0},
            {"subject_id": self.program.subject_ids[1].id},
            {"topic": "Другая тема"},
        ):
            for user in (self.specialist, self.head):
                with self.subTest(vals=vals, user=user.login):
                    with self.assertRefused(UserError, "journal of group T-01 is closed"):
                        self.lesson.with_user(user).write(vals)
                    with self.assertRefused(UserError, "journal of group T-01 is closed"):
                        self.lesson.with_user(user)._write_with_reason(vals, "Перенос занятия")
        self.assertEqual(self._plan(self.lesson), before)
        self.assertFalse(self.lesson.topic)
        self.assertFalse(self._ledger(self.lesson))

    def test_recorded_lesson_plan_changes_only_with_a_reason(self):
        self._cell(self.lesson).write({"presence": "absent"})
        before = self._plan(self.lesson)
        for vals in (
            {"hours": 4},
            {"teacher_id": self.teacher_other.id},
            {"date": "2026-03-06"},
            {"time_start": 14.0},
            {"subject_id": self.program.subject_ids[1].id},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRefused(UserError, "has recorded journal cells: its plan changes only"),
            ):
                self.lesson.with_user(self.specialist).write(vals)
        self.assertEqual(self._plan(self.lesson), before)
        self.assertFalse(self._ledger(self.lesson))

        # «Change Lesson» asks for the reason and writes the ledger.
        action = self.lesson.with_user(self.specialist).action_change_plan()
        form = Form(
            self.env[action["res_model"]].with_user(self.specialist).with_context(**action["context"])
        )
        form.hours = 4
        form.teacher_id = self.teacher_other
        form.date = date(2026, 3, 6)
        form.reason = "Перенос по приказу о замене преподавателя"
        form.save().action_change()
        self.assertEqual(
            (self.lesson.hours, self.lesson.teacher_id, self.lesson.date),
            (4, self.teacher_other, date(2026, 3, 6)),
        )
        ledger = self._ledger(self.lesson)
        self.assertEqual(
            {(entry.field_name, entry.old_value, entry.new_value) for entry in ledger},
            {
                ("hours", "2", "4"),
                ("teacher_id", self.teacher.name, self.teacher_other.name),
                ("date", "03.03.2026", "06.03.2026"),
            },
        )
        self.assertEqual(set(ledger.mapped("reason")), {"Перенос по приказу о замене преподавателя"})
        self.assertEqual((ledger.user_id, ledger.group_id), (self.specialist, self.group))

    def test_change_lesson_is_for_planners_and_needs_a_reason(self):
        self._cell(self.lesson).write({"presence": "absent"})
        with self.assertRefused(AccessError, "changed by a programme specialist"):
            self.lesson.with_user(self.teacher)._write_with_reason({"hours": 4}, "Так удобнее")
        with self.assertRaises(AccessError):
            self.env["dpo.lesson.change"].with_user(self.teacher).create(
                {"lesson_id": self.lesson.id, "hours": 4, "reason": "Так удобнее"}
            )
        with self.assertRefused(UserError, "needs a reason"):
            self.lesson.with_user(self.specialist)._write_with_reason({"hours": 4}, "  ")
        self.assertEqual(self.lesson.hours, 2)
        self.assertFalse(self._ledger(self.lesson))

    def test_lesson_with_cells_never_changes_group(self):
        group = self.env["dpo.group"].create(
            {
                "name": "T-05",
                "program_id": self.program.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-13",
            }
        )
        for lesson in (self.lesson, self.spare):
            with self.subTest(lesson=lesson.display_name):
                with self.assertRefused(UserError, "keeps its group"):
                    lesson.with_user(self.specialist).write({"group_id": group.id})
                with self.assertRefused(UserError, "keeps its group"):
                    lesson.with_user(self.specialist)._write_with_reason({"group_id": group.id}, "Ошибка")
                self.assertEqual(lesson.group_id, self.group)
        self.assertFalse(group.lesson_ids)

    def test_unrecorded_lesson_is_replanned_freely(self):
        self.spare.with_user(self.specialist).write({"hours": 4, "teacher_id": self.teacher_other.id})
        self.assertEqual((self.spare.hours, self.spare.teacher_id), (4, self.teacher_other))
        self.assertFalse(self._ledger(self.spare))

    # Item 7: the journal's state

    def test_journal_state_is_never_written_directly(self):
        for user in (self.specialist, self.head):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "changes only with «Close Journal» and «Reopen Journal»"),
            ):
                self.group.with_user(user).write({"journal_state": "closed"})
        with self.assertRefused(UserError, "changes only with"):
            self.group.sudo().write({"journal_state": "closed"})
        self.assertEqual(self.group.journal_state, "open")
        self._close_journal()
        for user in (self.specialist, self.head):
            with self.subTest(user=user.login), self.assertRefused(UserError, "changes only with"):
                self.group.with_user(user).write({"journal_state": "open"})
        self.assertEqual(self.group.journal_state, "closed")
        count = self.env["dpo.group"].search_count([])
        with self.assertRefused(UserError, "changes only with"):
            self.env["dpo.group"].with_user(self.specialist).create(
                {
                    "name": "T-06",
                    "program_id": self.program.id,
                    "date_start": "2026-03-02",
                    "date_end": "2026-03-13",
                    "journal_state": "closed",
                }
            )
        self.assertEqual(self.env["dpo.group"].search_count([]), count)

    def test_head_reopens_a_journal_with_a_reason(self):
        with self.assertRefused(UserError, "journal of group T-01 is not closed"):
            self.group.with_user(self.head).action_reopen_journal()
        self._close_journal()
        with self.assertRefused(AccessError, "Only the head of department reopens"):
            self.group.with_user(self.specialist).action_reopen_journal()
        with self.assertRefused(AccessError, "Only the head of department reopens"):
            self.group.with_user(self.specialist)._reopen_journal("Пропущено занятие")
        with self.assertRaises(AccessError):
            self.env["dpo.group.journal.reopen"].with_user(self.specialist).create(
                {"group_id": self.group.id, "reason": "Пропущено занятие"}
            )
        with self.assertRefused(UserError, "needs a reason"):
            self.group.with_user(self.head)._reopen_journal(" ")
        self.assertEqual(self.group.journal_state, "closed")
        self.assertFalse(self._ledger(self.group))

        action = self.group.with_user(self.head).action_reopen_journal()
        form = Form(self.env[action["res_model"]].with_user(self.head).with_context(**action["context"]))
        form.reason = "Не внесено занятие 06.03"
        form.save().action_reopen()
        self.assertEqual(self.group.journal_state, "open")
        entry = self._ledger(self.group)
        self.assertEqual(
            (entry.field_name, entry.old_value, entry.new_value, entry.reason, entry.user_id, entry.group_id),
            ("journal_state", "Closed", "Open", "Не внесено занятие 06.03", self.head, self.group),
        )
        # Reopened, the journal is closed again only when every lesson is marked.
        self._lesson("2026-03-06", self.teacher)
        with self.assertRefused(UserError, "1 lessons are not marked"):
            self.group.with_user(self.head).action_close_journal()

    # Item 8: cells

    def test_note_follows_the_cell_rules(self):
        cell = self._cell(self.lesson).with_user(self.teacher)
        with freeze_time("2026-03-11"), self.assertRefused(AccessError, "closed on 10.03.2026"):
            cell.write({"note": "Опоздал на 10 минут"})
        self.assertFalse(cell.note)
        with freeze_time("2026-03-04"):
            with self.assertRaises(AccessError):
                self._cell(self.lesson).with_user(self.teacher_other).write({"note": "Чужая отметка"})
            cell.write({"note": "Опоздал на 10 минут"})
            with self.assertRefused(UserError, "Changing a recorded journal cell is a correction"):
                cell.write({"note": "Ушел с занятия"})
            self.assertEqual(cell.note, "Опоздал на 10 минут")
            self._close_journal()
            with self.assertRefused(AccessError, "is closed: only the head"):
                cell.write({"note": "Ушел с занятия"})
        self.assertEqual(cell.note, "Опоздал на 10 минут")
        self.assertFalse(self._ledger(cell))

    def test_edit_window_counted_in_the_company_time_zone(self):
        cell = self._cell(self.lesson).with_user(self.teacher)
        # 11.03 06:00 UTC is still 10.03 in Etc/GMT+12: the client's zone does not stretch the window.
        with freeze_time("2026-03-11 06:00:00"):
            with self.assertRefused(AccessError, "closed on 10.03.2026"):
                cell.with_context(tz="Etc/GMT+12").write({"presence": "present"})
            self.teacher.tz = "Etc/GMT+12"
            with self.assertRefused(AccessError, "closed on 10.03.2026"):
                cell.write({"presence": "present"})
            with self.assertRefused(AccessError, "closed on 10.03.2026"):
                self.lesson.with_user(self.teacher).with_context(tz="Etc/GMT+12").write({"topic": "Поздно"})
        self.assertFalse(cell.presence)
        self.assertFalse(self.lesson.topic)
        # The company's own zone decides: in Vladivostok 10.03 15:00 UTC is already 11.03.
        self.company.partner_id.tz = "Asia/Vladivostok"
        with freeze_time("2026-03-10 15:00:00"), self.assertRefused(AccessError, "closed on 10.03.2026"):
            cell.with_context(tz="UTC").write({"presence": "present"})
        self.assertFalse(cell.presence)
        with freeze_time("2026-03-10 13:00:00"):
            cell.with_context(tz="Pacific/Kiritimati").write({"presence": "present"})
        self.assertEqual(cell.presence, "present")

    def test_client_context_key_unlocks_nothing(self):
        cell = self._cell(self.lesson)
        key = {"dpo_correction_reason": "Справка"}
        with freeze_time("2026-03-20"), self.assertRefused(UserError, "give the reason of the late entry"):
            cell.with_user(self.specialist).with_context(**key).write({"presence": "absent"})
        self.assertFalse(cell.presence)
        with freeze_time("2026-03-04"):
            cell.with_user(self.teacher).write({"presence": "absent"})
            with self.assertRefused(UserError, "Changing a recorded journal cell is a correction"):
                cell.with_user(self.teacher).with_context(**key).write({"presence": "excused"})
            self._close_journal()
            with self.assertRefused(UserError, "only with a reason"):
                cell.with_user(self.head).with_context(**key).write({"presence": "excused"})
        self.assertEqual(cell.presence, "absent")
        self.assertFalse(self._ledger(cell))
        # The server's own path records the reason.
        cell.with_user(self.head)._write_with_reason({"presence": "excused"}, "Справка о болезни")
        self.assertEqual((cell.presence, self._ledger(cell).reason), ("excused", "Справка о болезни"))

    def test_cell_keeps_its_lesson_and_learner(self):
        cell = self._cell(self.lesson)
        cell.write({"presence": "present"})
        for vals in (
            {"lesson_id": self.spare.id},
            {"enrollment_id": self.other_enrollment.id},
            {"hours": 1000},
            {"lesson_date": "2026-03-06"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRefused(UserError, "Only the presence, the mark and the note"),
            ):
                cell.with_user(self.specialist).write(vals)
        self.assertEqual((cell.lesson_id, cell.enrollment_id), (self.lesson, self.enrollment))
        self.assertEqual((self.lesson.hours, self.lesson.date), (2, date(2026, 3, 3)))

    def test_cells_are_made_by_the_journal_only(self):
        empty = self._cell(self.spare)
        empty.unlink()
        with self.assertRaises(AccessError):
            self.env["dpo.attendance"].with_user(self.specialist).create(
                {"lesson_id": self.spare.id, "enrollment_id": self.enrollment.id, "presence": "present"}
            )
        self.assertFalse(self._cell(self.spare))

    # Item 14 (first half): the correction wizard

    def test_correction_wizard_refuses_cells_the_user_may_not_correct(self):
        self.other_enrollment._change_state("enrolled", date="2026-04-06")
        other_group_cell = self._lesson("2026-04-07", self.teacher_other, self.other_group).attendance_ids
        colleague_cell = self._cell(self._lesson("2026-03-04", self.teacher_other))
        company_b = self.env["res.company"].create({"name": "Центр Б"})
        program_b = self.env["dpo.program"].create(
            {
                "name": "Программа Б",
                "program_kind": "pk",
                "hours": 16,
                "company_id": company_b.id,
                "subject_ids": [(0, 0, {"name": "Основы", "hours": 16})],
            }
        )
        group_b = self.env["dpo.group"].create(
            {
                "name": "B-01",
                "company_id": company_b.id,
                "program_id": program_b.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-13",
                "teacher_ids": [(6, 0, self.teacher.ids)],
            }
        )
        learner_b = self.env["dpo.learner"].create(
            {"last_name": "Орлов", "first_name": "Иван", "company_id": company_b.id}
        )
        enrollment_b = self.env["dpo.enrollment"].create({"learner_id": learner_b.id, "group_id": group_b.id})
        enrollment_b._change_state("enrolled", date="2026-03-02")
        company_b_cell = (
            self.env["dpo.lesson"]
            .create(
                {
                    "group_id": group_b.id,
                    "date": "2026-03-03",
                    "subject_id": program_b.subject_ids.id,
                    "hours": 2,
                    "teacher_id": self.teacher.id,
                }
            )
            .attendance_ids
        )
        wizards = self.env["dpo.attendance.correct"]
        count = wizards.search_count([])
        for cell in (other_group_cell, colleague_cell, company_b_cell):
            with self.subTest(cell=cell.learner_name):
                with self.assertRefused(AccessError, "not a journal cell you may correct"):
                    wizards.with_user(self.teacher).create({"attendance_id": cell.id, "reason": "x"})
                with self.assertRaises(AccessError):
                    wizards.with_user(self.teacher).with_context(active_id=cell.id).create({"reason": "x"})
        own = wizards.with_user(self.teacher).create(
            {"attendance_id": self._cell(self.lesson).id, "reason": "x"}
        )
        with self.assertRefused(AccessError, "not a journal cell you may correct"):
            own.write({"attendance_id": other_group_cell.id})
        self.assertEqual(own.attendance_id, self._cell(self.lesson))
        self.assertEqual(wizards.search_count([]), count + 1)
        # Nobody reads another user's wizard (and the learner's name on it).
        theirs = wizards.with_user(self.teacher_other).create(
            {"attendance_id": other_group_cell.id, "reason": "x"}
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.teacher).read(["learner_name"])

    # Item 15: bad input

    def test_group_dates_within_plausible_bounds(self):
        count = self.env["dpo.group"].search_count([])
        far = date.today() + relativedelta(years=10, days=1)
        for start, end, message in (
            ("1900-01-01", "3000-12-31", "cannot start before 01.01.2000"),
            ("1999-12-31", "2000-03-01", "cannot start before 01.01.2000"),
            (far - relativedelta(months=1), far, "cannot end after"),
            ("2026-01-12", "2031-01-13", "lasts at most 5 years"),
        ):
            with self.subTest(start=start, end=end), self.assertRefused(ValidationError, message):
                self.env["dpo.group"].with_user(self.specialist).create(
                    {"name": "T-07", "program_id": self.program.id, "date_start": start, "date_end": end}
                )
        self.assertEqual(self.env["dpo.group"].search_count([]), count)
        with self.assertRefused(ValidationError, "cannot start before 01.01.2000"):
            self.other_group.with_user(self.specialist).write({"date_start": "1900-01-01"})
        with self.assertRefused(ValidationError, "lesson of 05.03.2026 is outside"):
            self.group.with_user(self.specialist).write({"date_end": "2026-03-04"})
        self.assertEqual(
            (self.other_group.date_start, self.group.date_end), (date(2026, 4, 6), date(2026, 3, 13))
        )
        # A five-year extramural programme still fits.
        group = (
            self.env["dpo.group"]
            .with_user(self.specialist)
            .create(
                {
                    "name": "T-08",
                    "program_id": self.program.id,
                    "date_start": "2026-01-12",
                    "date_end": "2031-01-12",
                }
            )
        )
        self.assertTrue(group)

    def test_lesson_time_and_hours_within_plausible_bounds(self):
        count = self.env["dpo.lesson"].search_count([])
        for vals, message in (
            (
                {"time_start": 37.0},
                "starts between 00:00 and 24:00; the lesson of 06.03.2026 starts at 37:00",
            ),
            ({"time_start": -1.0}, "starts between 00:00 and 24:00"),
            ({"hours": 1000}, "from 1 to 12 academic hours"),
            ({"hours": 13}, "from 1 to 12 academic hours"),
        ):
            with self.subTest(vals=vals), self.assertRefused(ValidationError, message):
                self.env["dpo.lesson"].with_user(self.specialist).create(
                    {
                        "group_id": self.group.id,
                        "date": "2026-03-06",
                        "subject_id": self.subject.id,
                        "teacher_id": self.teacher.id,
                        **vals,
                    }
                )
        for vals, message in (
            ({"time_start": 37.0}, "starts between 00:00 and 24:00"),
            ({"hours": 1000}, "from 1 to 12 academic hours"),
            ({"hours": 0}, "from 1 to 12 academic hours"),
        ):
            with self.subTest(vals=vals), self.assertRefused(ValidationError, message):
                self.spare.with_user(self.specialist).write(vals)
        self.assertEqual(self.env["dpo.lesson"].search_count([]), count)
        self.assertEqual((self.spare.time_start, self.spare.hours), (9.0, 2))
        for name in ("hours_per_day", "lesson_hours"):
            with self.subTest(field=name):
                wizard = Form(
                    self.env["dpo.group.lesson.plan"]
                    .with_user(self.specialist)
                    .with_context(active_id=self.group.id)
                )
                setattr(wizard, name, 24)
                with self.assertRefused(ValidationError, "at most 12 academic hours"):
                    wizard.save()
