import base64
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .dpo_signed_document_mixin import _ADDING_SCAN, is_module_uninstall

# What makes an attachment the file it is and the document it belongs to: refused on the
# attachments of a signed document (the name, description or access token may change).
FILE_FIELDS = frozenset(("datas", "raw", "db_datas", "store_fname", "url", "type"))
OWNER_FIELDS = frozenset(("res_model", "res_id", "res_field"))


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    dpo_scan_sha256 = fields.Char(
        string="Scan SHA-256",
        readonly=True,
        copy=False,
        help="Set on a scan of a signed paper original when it is added; the scan is kept as long "
        "as its document.",
    )

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
        if is_module_uninstall(self.env):
            return
        locked = self._dpo_signed_document_attachments()
        if locked:
            raise UserError(locked._dpo_locked_message())
