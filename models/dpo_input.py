"""Values refused with a clear message before the ORM stores them, for every model of this addon
(models/base.py calls these functions from `create` and `write`).

1. Values the database or the ORM would refuse with a raw error (`check_values`).

PostgreSQL refuses an over-long value in an indexed column («index row requires … bytes»)
or in a sized one, an impossible date («date/time field value out of range») and an integer
beyond 32 bits; Python refuses a date string that does not parse («day is out of range for
month»). Both reach the user as a raw error. `check_values` looks at the values as RPC sends
them, before the ORM converts and stores them: `base` calls it for every model of this addon
(models/base.py), and the learner calls it first, since it writes its partner before that.

2. Values of fields the application computes (`check_computed_fields`): a field that is
computed or related and readonly. Written through the ORM, a stored one keeps the forged value
until it is recomputed (a flag, a learner's name, a company), and an inherited one writes
through to its parent. Fields declared `readonly=False` on purpose stay writable.

3. Defaults sent in the context (`check_context_defaults`): Odoo stores a `default_<field>`
key of the context like a value, readonly or not, so a client could create a record already
signed, completed or closed.

2 and 3 are refused for every user but the superuser: the code of this addon sets such fields
itself in `sudo()`, and `sudo()` from a user's environment drops the context's `default_` keys.
"""

from odoo import fields
from odoo.exceptions import UserError, ValidationError

# A Char without `size` may hold this many characters; a Text or an Html this many.
CHAR_MAX_LENGTH = 1000
TEXT_MAX_LENGTH = 100_000
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
_DATE_PARSERS = {"date": fields.Date.to_date, "datetime": fields.Datetime.to_datetime}


def _shorten(value, length=40):
    return value if len(value) <= length else f"{value[:length]}…"


def check_values(model, vals):
    """Raise a ValidationError for the first value of `vals` (as given to `create` or
    `write` of `model`) that is too long, an impossible date or an out-of-range integer."""
    env = model.env
    for name, value in vals.items():
        field = model._fields.get(name)
        if field is None or value is None or value is False:
            continue
        if field.type in ("char", "text", "html") and isinstance(value, str):
            limit = field.size or (CHAR_MAX_LENGTH if field.type == "char" else TEXT_MAX_LENGTH)
            if len(value) > limit:
                raise ValidationError(
                    env._(
                        "«%(field)s» takes at most %(max)s characters; %(length)s were given.",
                        field=field._description_string(env),
                        max=limit,
                        length=len(value),
                    )
                )
        elif field.type in _DATE_PARSERS and isinstance(value, str):
            try:
                _DATE_PARSERS[field.type](value)
            except ValueError:
                raise ValidationError(
                    env._(
                        "«%(field)s»: «%(value)s» is not a valid date.",
                        field=field._description_string(env),
                        value=_shorten(value),
                    )
                ) from None
        elif (
            field.type == "integer"
            and isinstance(value, int)
            and not isinstance(value, bool)
            and not INTEGER_MIN <= value <= INTEGER_MAX
        ):
            raise ValidationError(
                env._(
                    "«%(field)s»: %(value)s is out of range.",
                    field=field._description_string(env),
                    value=_shorten(str(value)),
                )
            )


def _is_computed(field):
    return bool(field.compute or field.related) and field.readonly


def check_computed_fields(model, vals):
    """Raise a UserError naming the fields of `vals` that are computed or related and readonly."""
    refused = [field for field in map(model._fields.get, vals) if field is not None and _is_computed(field)]
    if refused:
        env = model.env
        raise UserError(
            env._(
                "%(fields)s cannot be written: computed from the other values of the record and the "
                "records it is linked to.",
                fields=", ".join(f"«{field._description_string(env)}»" for field in refused),
            )
        )


def check_context_defaults(model, vals):
    """Raise a UserError for a `default_<field>` key of the context that would give a value to a
    readonly field of `model` missing from `vals` (as given to `create`). Keys of non-stored
    fields, or of fields given in `vals`, change nothing: they are left alone, since a parent's
    keys also reach the lines it creates (`default_order_type` of an order reaches its lines)."""
    env = model.env
    for key in env.context:
        if not key.startswith("default_"):
            continue
        field = model._fields.get(key[8:])
        if field is None or field.name in vals or not field.readonly:
            continue
        if field.store or field.inherited:
            raise UserError(
                env._(
                    "«%(field)s» is set by the application and takes no default value from the "
                    "client (%(key)s).",
                    field=field._description_string(env),
                    key=key,
                )
            )
