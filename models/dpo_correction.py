from odoo import api, fields, models
from odoo.exceptions import UserError

from .dpo_uninstall import is_module_uninstall
from .grading import format_number

# Field types whose shown value depends on the reader's language.
RAW_TYPES = ("selection", "boolean", "float")


def _to_raw(field, value):
    if field.type not in RAW_TYPES:
        return False
    if field.type == "boolean":
        return "1" if value else "0"
    return "" if value is False or value is None else str(value)


def _from_raw(field, raw):
    if field.type == "boolean":
        return raw == "1"
    if field.type == "float":
        return float(raw) if raw else False
    return raw or False


class DpoCorrection(models.Model):
    """Append-only ledger of corrections to the individual record.

    A paper journal is corrected by writing the right value and the correcting teacher's
    signature (seed 000, 2.5); here every change of a recorded journal cell, or of a signed
    statement's or protocol's line, is kept with the old and new value, the reason, who and
    when. Nobody writes or deletes an entry, not even the director or the superuser.
    """

    _name = "dpo.correction"
    _description = "Correction"
    _check_company_auto = True
    _order = "date desc, id desc"

    res_model = fields.Char(string="Document Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", required=True, readonly=True, index=True
    )
    record_name = fields.Char(string="Record", readonly=True)
    group_id = fields.Many2one(
        "dpo.group", readonly=True, index="btree_not_null", ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )
    field_name = fields.Char(string="Field", required=True, readonly=True)
    field_label = fields.Char(readonly=True)
    # The values as shown to the corrector, kept as written; the raw values (a selection's key,
    # a number) let every reader see them in their own language (`old_text`, `new_text`).
    old_value = fields.Char(string="Old Value as Written", readonly=True)
    new_value = fields.Char(string="New Value as Written", readonly=True)
    old_raw = fields.Char(string="Old Value (Raw)", readonly=True)
    new_raw = fields.Char(string="New Value (Raw)", readonly=True)
    field_text = fields.Char(string="Changed Field", compute="_compute_texts")
    old_text = fields.Char(string="Old Value", compute="_compute_texts")
    new_text = fields.Char(string="New Value", compute="_compute_texts")
    reason = fields.Text(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Corrected By", required=True, readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    def write(self, vals):
        if self:
            raise UserError(self.env._("The correction ledger is append-only: an entry cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if is_module_uninstall(self.env):
            return
        raise UserError(self.env._("The correction ledger is append-only: an entry cannot be deleted."))

    @api.depends_context("lang")
    @api.depends("res_model", "field_name", "field_label", "old_value", "new_value", "old_raw", "new_raw")
    def _compute_texts(self):
        for entry in self:
            model = self.env.get(entry.res_model) if entry.res_model in self.env else None
            field = model._fields.get(entry.field_name) if model is not None else None
            entry.field_text = field._description_string(self.env) if field else entry.field_label
            for raw, label, text in (
                ("old_raw", "old_value", "old_text"),
                ("new_raw", "new_value", "new_text"),
            ):
                if field is not None and field.type in RAW_TYPES and entry[raw] is not False:
                    entry[text] = self._display_value(model, entry.field_name, _from_raw(field, entry[raw]))
                else:
                    entry[text] = entry[label]

    @api.model
    def _display_value(self, record, field_name, value):
        """`value` of `record`'s field as this environment's language writes it."""
        field = record._fields[field_name]
        if field.type == "selection" and value:
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if field.type == "float" and value is not False and value is not None:
            return format_number(self.env, value)
        return "" if value is False or value is None else str(value)

    @api.model
    def _record(self, records, field_name, old, new, reason):
        """Append one entry per record for a change of `field_name` from `old` to `new`."""
        if not (reason or "").strip():
            raise UserError(self.env._("A correction needs a reason."))
        vals_list = []
        for record in records:
            if record._name == "dpo.group":  # a journal's own change (reopening)
                group = record
            else:
                group = record.group_id if "group_id" in record._fields else self.env["dpo.group"]
            vals_list.append(
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "record_name": record.display_name,
                    "group_id": group.id,
                    "company_id": (
                        record.company_id if "company_id" in record._fields else self.env.company
                    ).id,
                    "field_name": field_name,
                    "field_label": record._fields[field_name]._description_string(self.env),
                    "old_value": self._display_value(record, field_name, old),
                    "new_value": self._display_value(record, field_name, new),
                    "old_raw": _to_raw(record._fields[field_name], old),
                    "new_raw": _to_raw(record._fields[field_name], new),
                    "reason": reason.strip(),
                    "user_id": self.env.uid,
                }
            )
        return self.sudo().create(vals_list)
