"""18.0.1.2.0: the specialist role no longer implies «Contact Creation» (base.group_partner_manager)
since 18.0.1.1.0, but users who had the role kept the membership it gave them. Remove it where no
other group of the user implies it, so that learners' partners are not open to every specialist."""

import logging

from odoo import SUPERUSER_ID, Command, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    remove_partner_manager_from_specialists(env)


def remove_partner_manager_from_specialists(env):
    partner_manager = env.ref("base.group_partner_manager")
    administrator = env.ref("base.group_system")
    specialist = env.ref("dpo_records.group_dpo_specialist")
    users = env["res.users"].with_context(active_test=False).search([("groups_id", "in", specialist.ids)])
    cleaned = env["res.users"]
    for user in users:
        if partner_manager not in user.groups_id or administrator in user.groups_id:
            continue  # administrators manage contacts by their own right
        if partner_manager in (user.groups_id - partner_manager).trans_implied_ids:
            continue  # another of the user's groups gives it: not the role's leftover
        user.write({"groups_id": [Command.unlink(partner_manager.id)]})
        cleaned |= user
    if cleaned:
        _logger.info(
            "dpo_records: «Contact Creation» removed from %d specialists it came from the role only: %s",
            len(cleaned),
            ", ".join(cleaned.mapped("login")),
        )
    return cleaned
