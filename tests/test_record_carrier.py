import base64

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

TESTING_RU = "Результаты тестирования в ходе электронного или дистанционного обучения"


@tagged("post_install", "-at_install")
class TestRecordCarrier(DpoCase):
    """Seed 003, 2.3: «К необязательным бумажным или электронным носителям индивидуального учета
    результатов освоения слушателями программ относятся результаты тестирования в ходе
    электронного или дистанционного обучения». Seed 004, 2.6: «Наличие и использование иных
    бумажных и электронных носителей индивидуального учета результатов освоения обучающимися
    образовательной программы определяется локальными актами». One mechanism for both: a carrier
    (configurable data, with the local act that introduced it) and its entries per enrolment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date="2026-03-02")
        cls.other_enrollment._change_state("enrolled", date="2026-04-06")
        # A second teacher of the group, who did not record the entries of the tests.
        cls.colleague = cls._user("t_colleague", "dpo_records.group_dpo_teacher")
        cls.group.teacher_ids = [(4, cls.colleague.id)]
        cls.testing = cls.env.ref("dpo_records.dpo_record_carrier_elearning_tests")
        cls.Entry = cls.env["dpo.record.carrier.entry"]
        cls.subject = cls.program.subject_ids[0]

    def _vals(self, **vals):
        return {
            "enrollment_id": self.enrollment.id,
            "carrier_id": self.testing.id,
            "subject_id": self.subject.id,
            "name": "Тест по модулю «Основы»",
            "date": "2026-03-05",
            "score": 18,
            "max_score": 20,
            "passed": True,
            **vals,
        }

    def _values(self, entry):
        entry.invalidate_recordset()
        return entry.read(["name", "date", "score", "max_score", "result", "passed", "carrier_id"])

    def _close_journal(self):
        lesson = self.env["dpo.lesson"].create(
            {
                "group_id": self.group.id,
                "date": "2026-03-03",
                "subject_id": self.subject.id,
                "hours": 2,
                "teacher_id": self.teacher.id,
            }
        )
        lesson.attendance_ids.write({"presence": "present"})
        self.group.with_user(self.head).action_close_journal()
        self.assertEqual(self.group.journal_state, "closed")

    def _card(self, enrollment=None):
        html = self._printed_html("dpo_records.action_report_attestation_card", enrollment or self.enrollment)
        return " ".join(html.split())

    # Seed 003, 2.3: the results of testing in e-learning are an optional electronic carrier

    def test_testing_in_elearning_is_an_optional_electronic_carrier(self):
        self.assertEqual(self.testing.with_context(lang="ru_RU").name, TESTING_RU)
        self.assertEqual((self.testing.medium, self.testing.optional), ("electronic", True))
        # The teacher of the group records a learner's test result: kept with the enrolment.
        vals = self._vals()
        del vals["carrier_id"]
        entry = self.Entry.with_user(self.teacher).create(vals)
        self.assertEqual(entry.carrier_id, self.testing, "the carrier of testing is the default")
        self.assertEqual((entry.recorded_by_id, entry.source, entry.percent), (self.teacher, "manual", 90.0))
        self.assertTrue(entry.recorded_on)
        self.assertEqual(self.Entry.search([("enrollment_id", "=", self.enrollment.id)]), entry)
        self.assertEqual(self.Entry.search([("learner_id", "=", self.learner.id)]), entry)
        # The learner's attestation card prints the carrier as a short section of its own.
        card = self._card()
        self.assertIn("Иные носители индивидуального учета", card)
        section = card.split("Иные носители индивидуального учета", 1)[1]
        for text in (TESTING_RU, "05.03.2026", "Тест по модулю «Основы»", "Основы", "18 из 20 (90 %)", "да"):
            self.assertIn(text, section)
        # Optional: a learner without entries has a complete card without the section.
        self.assertNotIn("Иные носители индивидуального учета", self._card(self.second_enrollment))

    # Seed 004, 2.6: other carriers as the centre's local acts determine

    def test_local_act_introduces_a_carrier_of_the_record(self):
        Carrier = self.env["dpo.record.carrier"]
        vals = {
            "name": "Дневник производственной практики",
            "medium": "paper",
            "optional": False,
            "act_name": "Положение о практической подготовке слушателей",
            "act_number": "7-О",
            "act_date": "2025-12-01",
        }
        # The director configures carriers; the others only read them.
        with self.assertRaises(AccessError):
            Carrier.with_user(self.specialist).create(vals)
        self.assertFalse(Carrier.search([("name", "=", vals["name"])]))
        diary = Carrier.with_user(self.director).create(vals)
        self.assertEqual(diary.company_id, self.company)
        self.assertIn(diary, Carrier.with_user(self.teacher).search([]))
        entry = self.Entry.with_user(self.specialist).create(
            self._vals(carrier_id=diary.id, name="Отчет о практике", score=0, max_score=0, result="зачтено")
        )
        self.assertEqual(entry.recorded_by_id, self.specialist)
        section = self._card().split("Иные носители индивидуального учета", 1)[1]
        for text in (
            "Дневник производственной практики",
            "Положение о практической подготовке слушателей № 7-О от 01.12.2025",
            "Отчет о практике",
            "зачтено",
        ):
            self.assertIn(text, section)
        # A carrier holding entries is archived, not deleted; archived, it takes no new entries
        # by default and is still printed with its entries.
        with self.assertRefused(UserError, "archive it instead"):
            diary.with_user(self.director).unlink()
        self.assertTrue(diary.exists())
        diary.with_user(self.director).action_archive()
        self.assertNotIn(diary, Carrier.search([]))
        self.assertIn("Дневник производственной практики", self._card())
        # A carrier of another company is not used in this one.
        other_company = self.env["res.company"].create({"name": "Другой центр"})
        foreign = Carrier.create({"name": "Журнал другого центра", "company_id": other_company.id})
        count = self.Entry.search_count([])
        with self.assertRefused(UserError, "carrier_id: 'Журнал другого центра'"):
            self.Entry.with_user(self.specialist).create(self._vals(carrier_id=foreign.id))
        self.assertEqual(self.Entry.search_count([]), count)

    # Who corrects an entry, and when

    def test_entry_corrected_only_by_who_recorded_it_or_a_specialist(self):
        entry = self.Entry.with_user(self.teacher).create(self._vals())
        before = self._values(entry)
        # Another teacher of the same group reads it but neither corrects nor deletes it.
        self.assertEqual(entry.with_user(self.colleague).read(["name"])[0]["name"], "Тест по модулю «Основы»")
        with self.assertRefused(AccessError, "recorded by .*only they or a programme specialist"):
            entry.with_user(self.colleague).write({"score": 20})
        with self.assertRefused(AccessError, "recorded by .*only they or a programme specialist"):
            entry.with_user(self.colleague).unlink()
        self.assertEqual(self._values(entry), before)
        # Who recorded it corrects it; so does a specialist.
        entry.with_user(self.teacher).write({"score": 19})
        entry.with_user(self.specialist).write({"result": "зачтено"})
        self.assertEqual((entry.score, entry.result), (19.0, "зачтено"))
        # A teacher of another group neither reads the entry nor records one for the group.
        with self.assertRaises(AccessError):
            entry.with_user(self.teacher_other).read(["name"])
        count = self.Entry.search_count([])
        with self.assertRaises(AccessError):
            self.Entry.with_user(self.teacher_other).create(self._vals())
        # The archivist reads, and changes nothing.
        self.assertTrue(entry.with_user(self.archivist).read(["name"]))
        with self.assertRaises(AccessError):
            entry.with_user(self.archivist).write({"score": 1})
        self.assertEqual((self.Entry.search_count([]), self._values(entry)[0]["score"]), (count, 19.0))
        # Deleted by who recorded it while the journal is open.
        entry.with_user(self.teacher).unlink()
        self.assertFalse(entry.exists())

    def test_entries_immutable_once_the_journal_is_closed(self):
        entry = self.Entry.with_user(self.teacher).create(
            self._vals(file=base64.b64encode(b"%PDF-1.4 protocol of the test").decode(), file_name="test.pdf")
        )
        self._close_journal()
        before = self._values(entry)
        count = self.Entry.search_count([])
        closed = "journal of group T-01 is closed: the entries of its optional carriers are kept unchanged"
        for user in (self.teacher, self.specialist, self.head, self.director):
            with self.assertRefused(UserError, closed):
                entry.with_user(user).write({"score": 20})
            with self.assertRefused(UserError, closed):
                entry.with_user(user).unlink()
        # Whatever the path: as superuser, a new entry, or the file's attachment.
        with self.assertRefused(UserError, closed):
            entry.sudo().write({"passed": False})
        with self.assertRefused(UserError, closed):
            self.Entry.with_user(self.specialist).create(self._vals(name="Повторный тест"))
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", entry._name), ("res_id", "=", entry.id), ("res_field", "=", "file")]
        )
        self.assertTrue(attachment)
        with self.assertRaises(AccessError):
            attachment.with_user(self.specialist).write({"datas": base64.b64encode(b"forged")})
        with self.assertRaises(AccessError):
            attachment.with_user(self.specialist).unlink()
        self.assertEqual(self._values(entry), before)
        self.assertEqual(self.Entry.search_count([]), count)
        self.assertEqual(base64.b64decode(entry.file), b"%PDF-1.4 protocol of the test")
        # Reopened by the head with a reason, the entries are corrected again.
        self.group.with_user(self.head)._reopen_journal("Результат теста пересчитан в СДО")
        entry.with_user(self.teacher).write({"score": 20})
        self.assertEqual(entry.score, 20.0)

    # What the application sets is never given by a client

    def test_who_when_and_how_recorded_cannot_be_forged(self):
        count = self.Entry.search_count([])
        forged = (
            {"source": "import"},
            {"import_file": "moodle.csv"},
            {"recorded_by_id": self.colleague.id},
            {"recorded_on": "2026-03-01 10:00:00"},
        )
        for vals in forged:
            with self.assertRefused(UserError, "set by the application"):
                self.Entry.with_user(self.teacher).create(self._vals(**vals))
        with self.assertRefused(UserError, "takes no default value from the client"):
            self.Entry.with_user(self.teacher).with_context(default_import_file="moodle.csv").create(
                self._vals()
            )
        self.assertEqual(self.Entry.search_count([]), count)
        # A default sent in the context unlocks nothing either.
        entry = self.Entry.with_user(self.teacher).with_context(default_source="import").create(self._vals())
        self.assertEqual((entry.source, entry.import_file), ("manual", False))
        for vals in forged:
            with self.assertRefused(UserError, "set by the application"):
                entry.with_user(self.specialist).write(vals)
        with self.assertRefused(UserError, "stays with its learner"):
            entry.with_user(self.specialist).write({"enrollment_id": self.second_enrollment.id})
        entry.invalidate_recordset()
        self.assertEqual(
            (entry.source, entry.import_file, entry.recorded_by_id, entry.enrollment_id),
            ("manual", False, self.teacher, self.enrollment),
        )

    def test_bad_entries_refused(self):
        count = self.Entry.search_count([])
        third = self.env["dpo.learner"].create({"last_name": "Орлова", "first_name": "Вера"})
        draft = self.env["dpo.enrollment"].create({"learner_id": third.id, "group_id": self.group.id})
        foreign_subject = (
            self.env["dpo.program"]
            .create(
                {
                    "name": "Другая программа",
                    "program_kind": "pk",
                    "hours": 16,
                    "subject_ids": [(0, 0, {"name": "Чужой", "hours": 16})],
                }
            )
            .subject_ids
        )
        for vals, message in (
            ({"enrollment_id": draft.id}, "not enrolled yet"),
            ({"date": "2026-03-20"}, r"outside the training of group T-01 \(02.03.2026 – 13.03.2026\)"),
            ({"score": 21}, r"above its maximum"),
            ({"score": -1, "max_score": 0}, "cannot be negative"),
            ({"subject_id": foreign_subject.id}, "not in the curriculum"),
        ):
            with self.assertRefused(ValidationError, message):
                self.Entry.with_user(self.specialist).create(self._vals(**vals))
        with freeze_time("2026-03-04"), self.assertRefused(ValidationError, "in the future"):
            self.Entry.with_user(self.specialist).create(self._vals(date="2026-03-05"))
        self.assertEqual(self.Entry.search_count([]), count)
