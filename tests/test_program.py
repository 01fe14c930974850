from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestProgram(DpoCase):
    def test_document_follows_kind(self):
        self.assertEqual(self.program.document_kind, "certificate_pk")
        self.program.write({"program_kind": "po_prep"})
        self.assertEqual(self.program.document_kind, "certificate_profession")

    def test_pk_below_16_hours_refused(self):
        count = self.env["dpo.program"].search_count([])
        with self.assertRefused(ValidationError, "at least 16 hours"):
            self.env["dpo.program"].create({"name": "Short", "program_kind": "pk", "hours": 8})
        self.assertEqual(self.env["dpo.program"].search_count([]), count)

    def test_pp_below_250_hours_refused(self):
        with self.assertRefused(ValidationError, "at least 250 hours"):
            self.program.write({"program_kind": "pp"})
        self.program.invalidate_recordset()
        self.assertEqual(self.program.program_kind, "pk")

    def test_subject_hours_must_add_up(self):
        with self.assertRefused(ValidationError, "adds up to 30 hours, but the programme has 40"):
            self.program.write({"subject_ids": [(1, self.program.subject_ids[0].id, {"hours": 6})]})
        self.program.invalidate_recordset()
        self.assertEqual(self.program.subject_hours, 40)

    def test_programme_hours_must_match_curriculum(self):
        with self.assertRefused(ValidationError, "adds up to 40 hours, but the programme has 48"):
            self.program.write({"hours": 48})
        self.program.invalidate_recordset()
        self.assertEqual(self.program.hours, 40)

    def test_moving_hours_between_lines_in_one_save(self):
        first, second = self.program.subject_ids
        self.program.write({"subject_ids": [(1, first.id, {"hours": 24}), (1, second.id, {"hours": 16})]})
        self.assertEqual((first.hours, second.hours), (24, 16))

    def test_subject_written_directly_is_checked(self):
        with self.assertRefused(ValidationError, "adds up to 44 hours"):
            self.env["dpo.program.subject"].create(
                {"program_id": self.program.id, "name": "Extra", "hours": 4}
            )
        self.assertEqual(len(self.program.subject_ids), 2)
        with self.assertRefused(ValidationError, "adds up to 24 hours"):
            self.program.subject_ids[0].unlink()
        self.assertEqual(len(self.program.subject_ids), 2)

    def test_programme_without_curriculum_allowed(self):
        program = self.env["dpo.program"].create({"name": "Draft", "program_kind": "pp", "hours": 256})
        self.assertEqual(program.document_kind, "diploma_pp")
        self.assertEqual(program.subject_hours, 0)

    def test_refusal_message_in_russian(self):
        self.assertTrue(self.env["res.lang"]._lang_get("ru_RU"), "the test database is made with Russian")
        env_ru = self.env(context=dict(self.env.context, lang="ru_RU"))
        with self.assertRefused(ValidationError, "не менее 16 часов"):
            env_ru["dpo.program"].create({"name": "Short", "program_kind": "pk", "hours": 8})

    def test_client_context_key_does_not_skip_curriculum_check(self):
        """Issue 9 item 16: `dpo_program_write` sent by a client changes nothing."""
        Subject = (
            self.env["dpo.program.subject"].with_user(self.specialist).with_context(dpo_program_write=True)
        )
        first, second = self.program.subject_ids
        with self.assertRefused(ValidationError, "adds up to 44 hours, but the programme has 40"):
            Subject.create({"program_id": self.program.id, "name": "Extra", "hours": 4})
        with self.assertRefused(ValidationError, "adds up to 30 hours, but the programme has 40"):
            Subject.browse(first.id).write({"hours": 6})
        with self.assertRefused(ValidationError, "adds up to 24 hours, but the programme has 40"):
            Subject.browse(first.id).unlink()
        program = self.program.with_user(self.specialist).with_context(dpo_program_write=True)
        with self.assertRefused(ValidationError, "adds up to 40 hours, but the programme has 48"):
            program.write({"hours": 48})
        self.program.invalidate_recordset()
        self.assertEqual((self.program.hours, self.program.subject_hours), (40, 40))
        self.assertEqual(self.program.subject_ids, first | second)
        self.assertEqual(first.hours, 16)

    def test_line_moved_from_another_programme_checks_both(self):
        other = self.env["dpo.program"].create(
            {
                "name": "Другая",
                "program_kind": "pk",
                "hours": 16,
                "subject_ids": [(0, 0, {"name": "Всё", "hours": 16})],
            }
        )
        moved = self.program.subject_ids[0]
        with self.assertRefused(ValidationError, "«Охрана труда» adds up to 24 hours"):
            other.with_user(self.specialist).write(
                {"hours": 32, "subject_ids": [(4, moved.id)]},
            )
        self.assertEqual(moved.program_id, self.program)
        self.assertEqual(other.subject_hours, 16)
