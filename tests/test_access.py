from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import VALID_SNILS, DpoCase


@tagged("post_install", "-at_install")
class TestAccess(DpoCase):
    def test_teacher_reads_only_own_groups(self):
        groups = self.env["dpo.group"].with_user(self.teacher).search([])
        self.assertIn(self.group, groups)
        self.assertNotIn(self.other_group, groups)
        with self.assertRaises(AccessError):
            self.other_group.with_user(self.teacher).read(["name"])
        with self.assertRaises(AccessError):
            self.other_enrollment.with_user(self.teacher).read(["state"])
        with self.assertRaises(AccessError):
            self.other_learner.with_user(self.teacher).read(["name"])

    def test_teacher_reads_learners_of_own_group_without_personal_data(self):
        learner = self.learner.with_user(self.teacher)
        self.assertEqual(learner.name, "Иванов Пётр Сергеевич")
        for field in ("snils", "birth_date", "consent_date"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                learner.read([field])
        self.assertNotIn("snils", learner.fields_get())

    def test_teacher_cannot_write(self):
        with self.assertRaises(AccessError):
            self.group.with_user(self.teacher).write({"name": "X"})
        with self.assertRaises(AccessError):
            self.learner.with_user(self.teacher).write({"first_name": "Иван"})
        with self.assertRaises(AccessError):
            self.env["dpo.program"].with_user(self.teacher).create(
                {"name": "X", "program_kind": "pk", "hours": 16}
            )

    def test_archivist_reads_but_cannot_write(self):
        self.assertEqual(self.learner.with_user(self.archivist).snils, VALID_SNILS)
        self.assertEqual(self.other_group.with_user(self.archivist).name, "T-02")
        with self.assertRaises(AccessError):
            self.program.with_user(self.archivist).write({"name": "X"})
        with self.assertRaises(AccessError):
            self.learner.with_user(self.archivist).write({"first_name": "Иван"})
        self.assertEqual(self.program.name, "Охрана труда")

    def test_specialist_runs_records(self):
        program = self.program.with_user(self.specialist)
        program.write({"name": "Охрана труда (ред. 2)"})
        self.assertEqual(program.name, "Охрана труда (ред. 2)")
        self.assertEqual(self.learner.with_user(self.specialist).snils, VALID_SNILS)
        learner = (
            self.env["dpo.learner"]
            .with_user(self.specialist)
            .create({"last_name": "Новикова", "first_name": "Ольга"})
        )
        self.assertEqual(learner.company_id, self.company)

    def test_specialist_of_company_a_cannot_read_company_b(self):
        company_b = self.env["res.company"].create({"name": "Центр Б"})
        learner_b = self.env["dpo.learner"].create(
            {"last_name": "Орлов", "first_name": "Иван", "company_id": company_b.id}
        )
        program_b = self.env["dpo.program"].create(
            {"name": "Программа Б", "program_kind": "pk", "hours": 16, "company_id": company_b.id}
        )
        specialist_a = self.specialist
        self.assertNotIn(learner_b, self.env["dpo.learner"].with_user(specialist_a).search([]))
        with self.assertRaises(AccessError):
            learner_b.with_user(specialist_a).read(["name"])
        with self.assertRaises(AccessError):
            program_b.with_user(specialist_a).read(["name"])
        # The partner behind the learner is not readable either.
        with self.assertRaises(AccessError):
            learner_b.partner_id.with_user(specialist_a).read(["name"])

    def test_roles_imply_each_other(self):
        self.assertTrue(self.director.has_group("dpo_records.group_dpo_head"))
        self.assertTrue(self.director.has_group("dpo_records.group_dpo_archivist"))
        self.assertTrue(self.head.has_group("dpo_records.group_dpo_specialist"))
        self.assertTrue(self.specialist.has_group("dpo_records.group_dpo_teacher"))
        self.assertFalse(self.archivist.has_group("dpo_records.group_dpo_teacher"))
        self.assertFalse(self.teacher.has_group("dpo_records.group_dpo_specialist"))
