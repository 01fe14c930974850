import importlib.util
from pathlib import Path

from odoo import Command
from odoo.tests import tagged

from .common import DpoCase

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _load(version):
    path = MIGRATIONS / version / "post-migrate.py"
    spec = importlib.util.spec_from_file_location(f"dpo_records_migrate_{version.replace('.', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrations(DpoCase):
    def test_18_0_1_2_0_removes_contact_creation_left_by_the_specialist_role(self):
        migration = _load("18.0.1.2.0")
        partner_manager = self.env.ref("base.group_partner_manager")
        # What 18.0.1.0.0 left: the specialist role had given «Contact Creation».
        self.specialist.groups_id = [Command.link(partner_manager.id)]
        # A user whose other group gives it keeps it: a group of the database that implies it.
        sales = self.env["res.groups"].create(
            {"name": "Contacts Desk", "implied_ids": [Command.link(partner_manager.id)]}
        )
        desk = self._user("t_desk", "dpo_records.group_dpo_specialist")
        desk.groups_id = [Command.link(sales.id)]
        admin = self.env.ref("base.user_admin")
        admin_had_it = partner_manager in admin.groups_id

        migration.migrate(self.env.cr, "18.0.1.1.0")

        self.assertNotIn(partner_manager, self.specialist.groups_id)
        self.assertIn(partner_manager, desk.groups_id)
        self.assertEqual(partner_manager in admin.groups_id, admin_had_it)
        self.assertFalse(self.specialist.with_user(self.specialist).has_group("base.group_partner_manager"))

    def test_18_0_1_2_0_does_nothing_on_a_fresh_install(self):
        migration = _load("18.0.1.2.0")
        partner_manager = self.env.ref("base.group_partner_manager")
        self.specialist.groups_id = [Command.link(partner_manager.id)]
        migration.migrate(self.env.cr, None)
        self.assertIn(partner_manager, self.specialist.groups_id)
