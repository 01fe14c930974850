from odoo import api, models, tools
from odoo.osv import expression


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # ------------------------------------------------------------------------------------
    # Read side (issue 9 item 12): attachments of Binary fields with `groups`.
    #
    # Why Odoo 18 lets them through: reading an attachment (`search_read`, `read`, and the
    # `/web/content/<id>` route, which fetches the attachment's columns) goes only through
    # `ir.attachment._search`, which keeps attachments whose record the user may read and
    # never looks at `res_field`'s `groups`. Only `check()` asks `field.is_accessible`, and
    # `check()` runs on create, write and unlink, and on read for portal users and mail's
    # `_filter_attachment_access`, not for internal users' reads. `_search` hides field
    # attachments only when the domain names neither `id` nor `res_field` (it then adds
    # `res_field = False`): `[('res_field', '=', 'consent_file')]` or `[('id', '=', …)]`
    # reach them. So the field's groups are added to `_search` itself, the one path every
    # read takes.
    # ------------------------------------------------------------------------------------

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and self._dpo_may_return_field_attachments(domain):
            hidden = self._dpo_hidden_field_attachments_domain()
            if hidden:
                domain = expression.AND([domain, hidden])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _dpo_may_return_field_attachments(self, domain):
        """Whether the core `_search` keeps field attachments for `domain` (see above)."""
        return bool(self.env.context.get("skip_res_field_check")) or any(
            isinstance(term, (list, tuple)) and term[0] in ("id", "res_field") for term in domain
        )

    @api.model
    def _dpo_hidden_field_attachments_domain(self):
        """A domain excluding the attachments of the Binary fields the user may not read."""
        domain = []
        for model_name, field_name in self._dpo_guarded_binary_fields():
            if not self.env[model_name]._fields[field_name].is_accessible(self.env):
                domain = expression.AND(
                    [
                        domain,
                        ["!", "&", ("res_model", "=", model_name), ("res_field", "=", field_name)],
                    ]
                )
        return domain

    @api.model
    @tools.ormcache()
    def _dpo_guarded_binary_fields(self):
        """(model, field) of every Binary field kept in attachments and restricted to groups."""
        registry = self.env.registry
        return tuple(
            (model_name, field.name)
            for model_name in registry
            if not registry[model_name]._abstract
            for field in registry[model_name]._fields.values()
            if field.type == "binary" and field.attachment and field.store and field.groups
        )
