from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def is_module_uninstall(env):
    """Whether `env` is Odoo uninstalling a module. Odoo marks that with a plain context key
    (`_force_unlink`), which any client could send over RPC, and skips every
    `@api.ondelete(at_uninstall=False)` guard when it is there: the guards of this addon are
    declared `at_uninstall=True` and let only the superuser's uninstall through with this."""
    return env.su and bool(env.context.get(MODULE_UNINSTALL_FLAG))
