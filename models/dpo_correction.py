from odoo import api, fields, models
from odoo.exceptions import UserError

from .dpo_uninstall import is_module_uninstall


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
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(readonly=True)
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

    @api.model
    def _display_value(self, record, field_name, value):
        field = record._fields[field_name]
        if field.type == "selection" and value:
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
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
                    "reason": reason.strip(),
                    "user_id": self.env.uid,
                }
            )
        return self.sudo().create(vals_list)
