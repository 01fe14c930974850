import base64
import io
from datetime import datetime

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VALID_SNILS, DpoCase

# A quiz export of a Moodle-like system: the first name column holds the patronymic too, the
# date has its time, the score a decimal comma.
HEADER = "Фамилия;Имя;СНИЛС;Тест;Завершено;Оценка;Максимальный балл;Зачтено;Комментарий"
GOOD_ROWS = [
    f"Иванов;Пётр Сергеевич;{VALID_SNILS};Итоговый тест;05.03.2026 10:15;18;20;да;Без замечаний",
    "Петрова;Мария;;Итоговый тест;6 марта 2026 г., 11:40;7,5;10;нет;",
]


def _csv(*rows):
    return base64.b64encode("\n".join((HEADER, *rows)).encode("utf-8"))


@tagged("post_install", "-at_install")
class TestRecordCarrierImport(DpoCase):
    """Seed 003, 2.3: «результаты тестирования в ходе электронного или дистанционного обучения»
    taken from the e-learning system: «Импорт результатов тестирования СДО» on a group reads an
    xlsx or csv export, maps its columns by their header names, lists the errors per row in a
    dry run that changes nothing, and imports in one transaction, refused while any row is
    wrong (one mechanism with the import of the historical issuance book)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date="2026-03-02")
        cls.other_enrollment._change_state("enrolled", date="2026-04-06")
        cls.Entry = cls.env["dpo.record.carrier.entry"]
        cls.testing = cls.env.ref("dpo_records.dpo_record_carrier_elearning_tests")

    def _wizard(self, file, filename="moodle.csv", user=None):
        wizard = (
            self.env["dpo.record.carrier.import"]
            .with_user(user or self.teacher)
            .with_context(default_group_id=self.group.id)
            .create({"file": file, "filename": filename})
        )
        wizard.action_read_columns()
        return wizard

    def _entries(self):
        return self.Entry.search([("group_id", "=", self.group.id)])

    def test_columns_mapped_by_header_names(self):
        wizard = self._wizard(_csv(*GOOD_ROWS))
        self.assertEqual(wizard.carrier_id, self.testing)
        self.assertEqual(
            {column.header: column.target for column in wizard.column_ids},
            {
                "Фамилия": "last_name",
                "Имя": "first_name",
                "СНИЛС": "snils",
                "Тест": "name",
                "Завершено": "date",
                "Оценка": "score",
                "Максимальный балл": "max_score",
                "Зачтено": "passed",
                "Комментарий": "result",
            },
        )

    def test_teacher_imports_results_in_one_transaction(self):
        wizard = self._wizard(_csv(*GOOD_ROWS))
        wizard.action_dry_run()
        self.assertEqual((wizard.state, wizard.row_count, wizard.error_count), ("checked", 2, 0))
        self.assertFalse(self._entries(), "the dry run records nothing")
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        entries = self._entries()
        self.assertEqual(wizard.entry_ids, entries)
        by_learner = {entry.enrollment_id: entry for entry in entries}
        ivanov, petrova = by_learner[self.enrollment], by_learner[self.second_enrollment]
        self.assertRecordValues(
            ivanov | petrova,
            [
                {"name": "Итоговый тест", "score": 18.0, "max_score": 20.0, "passed": True},
                {"name": "Итоговый тест", "score": 7.5, "max_score": 10.0, "passed": False},
            ],
        )
        self.assertEqual(str(ivanov.date), "2026-03-05")
        self.assertEqual(str(petrova.date), "2026-03-06")
        self.assertEqual(ivanov.result, "Без замечаний")
        self.assertEqual(entries.carrier_id, self.testing)
        self.assertEqual(set(entries.mapped("source")), {"import"})
        self.assertEqual(set(entries.mapped("import_file")), {"moodle.csv"})
        self.assertEqual(entries.recorded_by_id, self.teacher)
        # The same results imported again are refused: each is already recorded.
        again = self._wizard(_csv(*GOOD_ROWS))
        again.action_dry_run()
        self.assertEqual(again.error_count, 2)
        self.assertIn("already has «Итоговый тест» of 05.03.2026", again.error_ids[0].message)
        with self.assertRefused(UserError, "2 row.*nothing was imported"):
            again.action_import()
        self.assertEqual(self._entries(), entries)

    def test_dry_run_lists_the_errors_per_row_and_nothing_is_imported(self):
        rows = [
            GOOD_ROWS[0],
            "Сидорова;Анна;;Итоговый тест;06.03.2026;15;20;да;",
            "Петрова;Мария;;Итоговый тест;31.02.2026;15;20;да;",
            "Петрова;Мария;;Тест 2;10.01.2027;15;20;да;",
            "Петрова;Мария;;Тест 3;10.04.2026;15;20;да;",
            "Петрова;Мария;;Тест 4;06.03.2026;пятнадцать;20;да;",
            "Петрова;Мария;;Тест 5;06.03.2026;25;20;может быть;",
            f"Иванов;Пётр Сергеевич;{VALID_SNILS};Итоговый тест;05.03.2026;18;20;да;",
            "Петрова;Мария;;" + "Т" * 1001 + ";06.03.2026;15;20;да;",
        ]
        wizard = self._wizard(_csv(*rows))
        wizard.action_dry_run()
        errors = {}
        for error in wizard.error_ids:
            errors.setdefault(error.row_number, []).append(error.message)
        self.assertEqual(sorted(errors), [3, 4, 5, 6, 7, 8, 9, 10])
        expected = {
            3: "No learner of group T-01 is named Сидорова Анна",
            4: "«31.02.2026» is not a date",
            5: "10.01.2027 is in the future",
            6: "The date 10.04.2026 is outside the training of group T-01 (02.03.2026 – 13.03.2026)",
            7: "«пятнадцать» is not a number",
            8: "«может быть» is not recognised",
            9: "The same result is on row 2",
            10: "«Test» takes at most 1000 characters; 1001 were given",
        }
        for row, text in expected.items():
            self.assertTrue(any(text in message for message in errors[row]), (row, errors[row]))
        self.assertTrue(any("above the maximum" in message for message in errors[8]))
        self.assertEqual(wizard.error_count, 8)
        with self.assertRefused(UserError, "8 row.*nothing was imported"):
            wizard.action_import()
        self.assertFalse(self._entries())

    def test_xlsx_with_full_names_and_percent(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["ФИО", "Тест", "Дата", "Процент", "Результат"])
        sheet.append(
            ["Иванов Пётр Сергеевич", "Промежуточный тест", datetime(2026, 3, 4, 9, 30), 90, "зачтено"]
        )
        sheet.append(["петрова мария", "Промежуточный тест", datetime(2026, 3, 4, 9, 45), 40, "не зачтено"])
        output = io.BytesIO()
        workbook.save(output)
        wizard = self._wizard(base64.b64encode(output.getvalue()), filename="sdo.xlsx", user=self.specialist)
        wizard.action_dry_run()
        self.assertEqual(wizard.error_count, 0, wizard.error_ids.mapped("message"))
        wizard.action_import()
        self.assertRecordValues(
            wizard.entry_ids.sorted(lambda entry: entry.learner_id.last_name),
            [
                {"enrollment_id": self.enrollment.id, "score": 90.0, "max_score": 100.0, "passed": True},
                {
                    "enrollment_id": self.second_enrollment.id,
                    "score": 40.0,
                    "max_score": 100.0,
                    "passed": False,
                },
            ],
        )
        self.assertEqual(wizard.entry_ids.recorded_by_id, self.specialist)

    def test_import_refused_outside_the_teachers_groups_and_in_a_closed_journal(self):
        # A teacher of another group, and the archivist, import nothing into group T-01.
        wizard = (
            self.env["dpo.record.carrier.import"]
            .with_user(self.teacher_other)
            .create({"group_id": self.group.id, "file": _csv(*GOOD_ROWS), "filename": "moodle.csv"})
        )
        with self.assertRefused(AccessError, "Only a teacher of group T-01 or a programme specialist"):
            wizard.action_read_columns()
        with self.assertRefused(AccessError, "Only a teacher of group T-01 or a programme specialist"):
            wizard.action_import()
        with self.assertRaises(AccessError):
            self.env["dpo.record.carrier.import"].with_user(self.archivist).create(
                {"group_id": self.group.id, "file": _csv(*GOOD_ROWS), "filename": "moodle.csv"}
            )
        # Another user's wizard, with the group's learners, is not read.
        with self.assertRaises(AccessError):
            wizard.with_user(self.teacher).read(["row_count"])
        # A closed journal takes no results.
        ready = self._wizard(_csv(*GOOD_ROWS))
        ready.action_dry_run()
        lesson = self.env["dpo.lesson"].create(
            {
                "group_id": self.group.id,
                "date": "2026-03-03",
                "subject_id": self.program.subject_ids[0].id,
                "hours": 2,
                "teacher_id": self.teacher.id,
            }
        )
        lesson.attendance_ids.write({"presence": "present"})
        self.group.with_user(self.head).action_close_journal()
        with self.assertRefused(UserError, "journal of group T-01 is closed"):
            ready.action_import()
        self.assertFalse(self._entries())

    def test_missing_columns_refused(self):
        file = base64.b64encode("Фамилия;Имя;Группа\nИванов;Пётр;T-01\n".encode())
        wizard = self._wizard(file)
        with self.assertRefused(
            UserError, "Map a column to each of: Test, Date, Score / Percent / Pass / Result in Words"
        ):
            wizard.action_dry_run()
        self.assertFalse(wizard.error_ids)


@tagged("post_install", "-at_install")
class TestRecordCarrierDemo(DpoCase):
    """The Russian demo holds a test result imported from the e-learning system's export."""

    def test_demo_test_result_imported(self):
        entry = self.env["dpo.record.carrier.entry"].search([("import_file", "=", "moodle_ot-26-01.csv")])
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.learner_id, self.env.ref("dpo_records.dpo_learner_demo_01"))
        self.assertEqual(entry.carrier_id, self.env.ref("dpo_records.dpo_record_carrier_elearning_tests"))
        self.assertEqual(
            (entry.source, entry.recorded_by_id, entry.score, entry.max_score, entry.passed),
            ("import", self.env.ref("dpo_records.user_demo_teacher"), 18.0, 20.0, True),
        )
