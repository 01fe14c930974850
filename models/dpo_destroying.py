"""The one path that deletes records kept in the archive: the execution of an approved
destruction act (models/dpo_destruction_act.py).

Journal cells, lessons, signed documents and their lines, kept copies and the other records of
the individual record refuse deletion (`@api.ondelete` guards). An executed act deletes the
electronic content of its expired cases through `destroying(env)`: the superuser's environment
with a module-private token in its context. A client sends only JSON over RPC, never this
object, so no context key a client could send unlocks a guard; and the token alone is not
enough, the environment must be the superuser's too (as `is_module_uninstall` requires).
"""

_DESTROYING = object()


def destroying(env):
    """The environment in which an executed destruction act deletes its cases' content (called
    only by the act's execution)."""
    return env(su=True, context=dict(env.context, dpo_destruction=_DESTROYING))


def is_destroying(env):
    """Whether `env` is an executed destruction act deleting the content of its cases."""
    return env.su and env.context.get("dpo_destruction") is _DESTROYING
