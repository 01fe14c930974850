from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestDirectorSettings(DpoCase):
    """The director opens Обучение → Configuration → Settings and saves the company's
    education settings, without Administration rights; nobody else does (issue 9 item 21)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dpo_teacher_edit_days": 7, "dpo_frdo_deadline_days": 30})

    def _company_values(self):
        self.company.invalidate_recordset()
        return self.company.dpo_teacher_edit_days, self.company.dpo_frdo_deadline_days

    def test_director_is_not_an_administrator(self):
        for group in ("base.group_system", "base.group_erp_manager"):
            self.assertFalse(self.director.has_group(group), group)

    def test_director_sees_the_settings_menu_and_head_does_not(self):
        menu = self.env.ref("dpo_records.dpo_config_settings_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.director)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.head)._visible_menu_ids())
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.director)
            ._for_xml_id("dpo_records.dpo_config_settings_action")
        )
        self.assertEqual(action["res_model"], "dpo.config.settings")
        # The web client loads the form's view as the director.
        views = self.env["dpo.config.settings"].with_user(self.director).get_views([(False, "form")])
        self.assertIn("dpo_teacher_edit_days", views["models"]["dpo.config.settings"]["fields"])

    def test_director_opens_and_saves_the_settings(self):
        Settings = self.env["dpo.config.settings"].with_user(self.director)
        defaults = Settings.default_get(["company_id"])
        self.assertEqual(defaults["company_id"], self.company.id)
        settings = Settings.create({})
        self.assertEqual(
            settings.read(["dpo_teacher_edit_days", "dpo_frdo_deadline_days"])[0]["dpo_teacher_edit_days"], 7
        )
        self.assertEqual(settings.dpo_frdo_deadline_days, 30)
        settings.write({"dpo_teacher_edit_days": 3, "dpo_frdo_deadline_days": 60})
        settings.action_save()
        self.assertEqual(self._company_values(), (3, 60))
        # Opened again, the form shows what is stored on the company.
        self.assertEqual(Settings.create({}).dpo_teacher_edit_days, 3)

    def test_head_cannot_open_or_save_the_settings(self):
        with self.assertRefused(AccessError, "dpo.config.settings"):
            self.env["dpo.config.settings"].with_user(self.head).create({"dpo_teacher_edit_days": 1})
        settings = self.env["dpo.config.settings"].create({"dpo_teacher_edit_days": 1})
        with self.assertRefused(AccessError, "director|директор"):
            settings.with_user(self.head).action_save()
        with self.assertRefused(AccessError, "res.company|Company"):
            self.company.with_user(self.head).write({"dpo_teacher_edit_days": 1})
        self.assertEqual(self._company_values(), (7, 30))

    def test_director_cannot_write_other_company_fields(self):
        with self.assertRefused(AccessError, "res.company|Company"):
            self.company.with_user(self.director).write({"name": "Другой центр"})
        with self.assertRefused(AccessError, "res.company|Company"):
            self.company.with_user(self.director).write({"dpo_teacher_edit_days": 1})
        self.assertEqual(self._company_values(), (7, 30))

    def test_director_cannot_save_settings_of_a_company_not_theirs(self):
        company_b = self.env["res.company"].create({"name": "Центр Б"})
        with self.assertRefused(AccessError, r"res\.company"):
            self.env["dpo.config.settings"].with_user(self.director).create(
                {"company_id": company_b.id, "dpo_teacher_edit_days": 1}
            )
        self.assertEqual(company_b.dpo_teacher_edit_days, 7)

    def test_bad_values_refused_clearly(self):
        settings = self.env["dpo.config.settings"].with_user(self.director).create({})
        settings.dpo_teacher_edit_days = -1
        with self.assertRefused(ValidationError, "The teacher edit window cannot be negative"):
            settings.action_save()
        settings.write({"dpo_teacher_edit_days": 2, "dpo_frdo_deadline_days": 0})
        with self.assertRefused(ValidationError, "The FRDO deadline must be at least one day"):
            settings.action_save()
        # In Russian for a Russian-speaking director (the web client sends the user's language).
        settings = (
            self.env["dpo.config.settings"]
            .with_user(self.director)
            .with_context(lang="ru_RU")
            .create({"dpo_frdo_deadline_days": 0})
        )
        with self.assertRefused(ValidationError, "Срок передачи в ФРДО должен быть не меньше одного дня"):
            settings.action_save()
        self.assertEqual(self._company_values(), (7, 30))
