import base64
import hashlib
import os
from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression

from .dpo_destroying import is_destroying
from .dpo_signed_document_mixin import _ADDING_SCAN
from .dpo_uninstall import is_module_uninstall

# What makes an attachment the file it is and the document it belongs to: refused on the
# attachments of a signed document (the name, description or access token may change).
FILE_FIELDS = frozenset(("datas", "raw", "db_datas", "store_fname", "url", "type"))
OWNER_FIELDS = frozenset(("res_model", "res_id", "res_field"))


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # Write side (issue 9 item 11): the kept copies and scans of signed documents.

    dpo_scan_sha256 = fields.Char(
        string="Scan SHA-256",
        readonly=True,
        copy=False,
        help="Set on a scan of a signed paper original when it is added; the scan is kept as long "
        "as its document.",
    )

    # Archive side (issue 12 item 5): the SHA-256 each kept copy was recorded with, listed on
    # its archival case and checked again by the fixity check.
    dpo_sha256 = fields.Char(
        string="SHA-256",
        compute="_compute_dpo_sha256",
        help="The SHA-256 recorded when the copy was kept: the scan's own, or the one the signed "
        "document recorded for its printed copy.",
    )

    def _compute_dpo_sha256(self):
        recorded = {}
        by_model = defaultdict(set)
        for attachment in self.sudo():
            if not attachment.dpo_scan_sha256 and attachment.res_model and attachment.res_id:
                by_model[attachment.res_model].add(attachment.res_id)
        for model, ids in by_model.items():
            if model in self.env and "signed_copy_id" in self.env[model]._fields:
                for record in self.env[model].sudo().browse(sorted(ids)).exists():
                    if record.signed_copy_id:
                        recorded[record.signed_copy_id.id] = record.signed_copy_sha256
        for attachment in self:
            attachment.dpo_sha256 = attachment.sudo().dpo_scan_sha256 or recorded.get(attachment.id, False)

    def _dpo_fixity_problem(self):
        """What is wrong with the kept copy: its file missing or its content no longer the one
        whose SHA-256 was recorded; None when it is intact. Reads the stored bytes themselves,
        never Odoo's cached checksum, and changes nothing."""
        self.ensure_one()
        attachment = self.sudo()
        expected = attachment.dpo_sha256
        if not expected:
            return None
        if attachment.store_fname:
            path = attachment._full_path(attachment.store_fname)
            if not os.path.isfile(path):
                return self.env._("«%(file)s»: the file is missing", file=attachment.name)
            with open(path, "rb") as stored:
                raw = stored.read()
        else:
            raw = attachment.db_datas or b""
            if not raw:
                return self.env._("«%(file)s»: the file is missing", file=attachment.name)
        actual = hashlib.sha256(raw).hexdigest()
        if actual != expected:
            return self.env._(
                "«%(file)s»: SHA-256 %(actual)s instead of the recorded %(expected)s",
                file=attachment.name,
                actual=actual,
                expected=expected,
            )
        return None

    def _dpo_signed_document_attachments(self):
        """The attachments among `self` that belong to a signed document."""
        registry = self.env.registry
        signed_models = {
            name
            for name in registry.descendants(["dpo.signed.document.mixin"], "_inherit")
            if not registry[name]._abstract
        }
        ids_by_model = defaultdict(set)
        for attachment in self.sudo():
            if attachment.res_model in signed_models and attachment.res_id:
                ids_by_model[attachment.res_model].add(attachment.res_id)
        locked = set()
        for model, ids in ids_by_model.items():
            documents = self.env[model].sudo().browse(ids).exists()
            locked.update((model, document.id) for document in documents if document._is_signed_locked())
        return self.filtered(lambda a: (a.sudo().res_model, a.sudo().res_id) in locked)

    def _dpo_same_content(self, vals):
        """Whether `vals` rewrites each attachment with the bytes it already holds (Odoo's
        storage migration does so)."""
        if "raw" in vals:
            raw = vals["raw"] or b""
            raw = raw.encode() if isinstance(raw, str) else raw
        else:
            raw = base64.b64decode(vals.get("datas") or b"")
        checksum = self._compute_checksum(raw)
        return all(attachment.checksum == checksum for attachment in self.sudo())

    def _dpo_locked_message(self):
        return self.env._(
            "«%(file)s» is a kept copy of a signed document: it cannot be changed or deleted. "
            "Add a new scan beside it instead.",
            file=self[:1].sudo().name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("dpo_signed_document") is not _ADDING_SCAN and any(
            vals.get("dpo_scan_sha256") for vals in vals_list
        ):
            raise UserError(self.env._("A scan is added only through its signed document."))
        return super().create(vals_list)

    def write(self, vals):
        if "dpo_scan_sha256" in vals:
            raise UserError(self.env._("The checksum of a scan cannot be changed."))
        guarded = (FILE_FIELDS | OWNER_FIELDS) & vals.keys()
        if guarded and not is_module_uninstall(self.env):
            locked = self._dpo_signed_document_attachments()
            if locked and not (guarded <= {"datas", "raw"} and locked._dpo_same_content(vals)):
                raise UserError(locked._dpo_locked_message())
        return super().write(vals)

    # at_uninstall=True: see `_unlink_except_signed` of the signed document mixin.
    @api.ondelete(at_uninstall=True)
    def _unlink_except_signed_document_copy(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        locked = self._dpo_signed_document_attachments()
        if locked:
            raise UserError(locked._dpo_locked_message())

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
