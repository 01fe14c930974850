from odoo.tests import tagged

from odoo.addons.dpo_records.models import snils

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestInstall(DpoCase):
    def test_demo_data_installed(self):
        env = self.env
        self.assertEqual(env.ref("dpo_records.dpo_program_demo_pk").hours, 72)
        self.assertEqual(len(env.ref("dpo_records.dpo_program_demo_pk").subject_ids), 4)
        self.assertEqual(len(env.ref("dpo_records.dpo_program_demo_pp").subject_ids), 6)
        self.assertEqual(env.ref("dpo_records.dpo_program_demo_po").document_kind, "certificate_profession")
        demo_learners = env["dpo.learner"].search([("email", "=like", "learner%@example.ru")])
        self.assertGreaterEqual(len(demo_learners), 15)
        self.assertTrue(all(snils.is_valid(learner.snils) for learner in demo_learners))
        for login in ("teacher", "specialist", "head", "archivist", "director"):
            user = env["res.users"].search([("login", "=", login)])
            self.assertTrue(user, login)
            self.assertEqual(user.lang, "ru_RU")
        self.assertTrue(env.ref("dpo_records.user_demo_teacher").has_group("dpo_records.group_dpo_teacher"))
        self.assertFalse(
            env.ref("dpo_records.user_demo_teacher").has_group("dpo_records.group_dpo_specialist")
        )

    def test_settings_defaults(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dpo_frdo_deadline_days, 30)
        self.assertEqual(settings.dpo_teacher_edit_days, 7)
        settings.dpo_frdo_deadline_days = 60
        settings.execute()
        self.assertEqual(self.company.dpo_frdo_deadline_days, 60)

    def test_snils_checksum_rules(self):
        self.assertTrue(snils.is_valid("112-233-445 95"))
        self.assertFalse(snils.is_valid("112-233-445 94"))
        # Numbers up to 001-001-998 predate checksums.
        self.assertTrue(snils.is_valid("001-001-998 00"))
        # A sum of 100 or 101 gives 00.
        self.assertEqual(snils.checksum("920000003"), 0)
        self.assertTrue(snils.is_valid("920-000-003 00"))
