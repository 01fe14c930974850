import base64
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# Module-private tokens put in the context by this mechanism's own code. A client sends
# only JSON over RPC, never these objects, so a context key alone unlocks nothing.
# _SIGNING: the writes of the signing itself (status, number, signer, time, copies).
# _ADDING_SCAN: the creation of a scan attachment with its checksum (see ir_attachment.py).
_SIGNING = object()
_ADDING_SCAN = object()

# Fields of a signed document that may still be written: chatter bookkeeping and the upload
# of one more scan of the signed paper original (kept beside the others, never replacing them).
SIGNED_WRITABLE = frozenset(("message_main_attachment_id", "activity_ids", "scan_file", "scan_filename"))


class DpoSignedDocumentMixin(models.AbstractModel):
    """A document signed on paper (order, statement, protocol, and later issued documents and
    destruction acts): its status, number, signer, signing time and kept copies.

    Only `_mark_signed()` moves the status and writes the number, the signer and the time, and
    only `_store_signed_copy()` writes the electronic copy: `create` and `write` refuse those
    fields whatever the state, and once signed the document refuses every change but
    `_get_signed_writable_fields()` and cannot be deleted. On signing, the printed form is
    rendered and kept as an attachment with its SHA-256; scans of the signed original are added
    later, each kept with its own SHA-256. Attachments of a signed document are neither
    overwritten nor deleted (`ir_attachment.py`).
    """

    _name = "dpo.signed.document.mixin"
    _description = "Signed Document"
    # A signed document joins its archival case when it is signed (issue 12).
    _inherit = ["dpo.archivable.mixin"]

    # Set by the inheriting model: the field holding the number given at signing (False when
    # the document has no number of its own, like a statement), and its printed form.
    _signed_number_field = "name"
    _signed_report = None
    # The state a document reaches by signing («signed»; an issued document is «issued»).
    _signed_state = "signed"

    state = fields.Selection(
        [("draft", "Draft"), ("signed", "Signed")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    signed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    signed_date = fields.Datetime(string="Signed On", readonly=True, copy=False)
    signed_copy_id = fields.Many2one("ir.attachment", string="Electronic Copy", readonly=True, copy=False)
    signed_copy_sha256 = fields.Char(string="Electronic Copy SHA-256", readonly=True, copy=False)
    scan_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Scans of the Signed Original",
        domain=[("dpo_scan_sha256", "!=", False)],
        readonly=True,
        copy=False,
    )
    scan_count = fields.Integer(compute="_compute_scan_sha256", string="Scans")
    scan_sha256 = fields.Char(compute="_compute_scan_sha256", string="Latest Scan SHA-256")
    # The upload of one more scan: never stored here, each upload becomes an attachment.
    scan_file = fields.Binary(
        string="Add a Scan of the Signed Original",
        compute="_compute_scan_file",
        inverse="_inverse_scan_file",
        help="The new scan is kept beside the earlier ones, each with its SHA-256.",
    )
    scan_filename = fields.Char(compute="_compute_scan_file", inverse="_inverse_scan_file")

    @api.depends("scan_ids")
    def _compute_scan_sha256(self):
        for record in self:
            scans = record.scan_ids.sorted("id")
            record.scan_count = len(scans)
            record.scan_sha256 = scans[-1:].dpo_scan_sha256 or False

    def _compute_scan_file(self):
        for record in self:
            record.scan_file = False
            record.scan_filename = False

    def _inverse_scan_file(self):
        for record in self.filtered("scan_file"):
            record._add_scan(base64.b64decode(record.scan_file), record.scan_filename)

    # Declared by the inheriting models, overridable

    def _get_signing_fields(self):
        """Fields only the signing writes."""
        names = {"state", "signed_by_id", "signed_date", "signed_copy_id", "signed_copy_sha256", "scan_ids"}
        if self._signed_number_field:
            names.add(self._signed_number_field)
        return frozenset(names)

    def _get_signed_writable_fields(self):
        """Fields that may still be written once the document is signed."""
        return SIGNED_WRITABLE

    def _get_numbering(self):
        """(company, kind, date) of the number the signing gives, or False for no number."""
        return False

    def _is_signed_locked(self):
        """Whether the record (any of the records) is signed, hence locked."""
        return any(record.state != "draft" for record in self)

    def _signed_write_message(self):
        return self.env._("%(document)s is signed and cannot be changed.", document=self[:1].display_name)

    def _signed_unlink_message(self):
        return self.env._(
            "%(document)s is signed: it is part of the individual record and cannot be deleted.",
            document=self[:1].display_name,
        )

    def _already_signed_message(self):
        return self.env._("%(document)s is already signed.", document=self[:1].display_name)

    def _signing_fields_message(self):
        return self.env._(
            "The status, number, signer, signing time and copies of a document are set only by its "
            "signing; they cannot be entered or changed."
        )

    # Guards

    def _is_signing(self):
        return self.env.context.get("dpo_signed_document") is _SIGNING

    def _has_signing_values(self):
        stored = [name for name in self._get_signing_fields() if name not in ("state", "scan_ids")]
        return any(record.state != "draft" or any(record[name] for name in stored) for record in self)

    @api.model_create_multi
    def create(self, vals_list):
        signing = self._is_signing()
        if not signing:
            guarded = self._get_signing_fields()
            for vals in vals_list:
                if any(vals[name] and vals[name] != "draft" for name in guarded & vals.keys()):
                    raise UserError(self._signing_fields_message())
        records = super().create(vals_list)
        # Defaults (a client's `default_state` in the context, ir.default) are added after the
        # values above were checked: check what was created too.
        if not signing and records._has_signing_values():
            raise UserError(self._signing_fields_message())
        return records

    def write(self, vals):
        if not self._is_signing():
            locked = self.filtered(lambda record: record._is_signed_locked())
            if locked and not self._get_signed_writable_fields().issuperset(vals):
                raise UserError(locked._signed_write_message())
            if self._get_signing_fields() & vals.keys():
                raise UserError(self._signing_fields_message())
        return super().write(vals)

    # at_uninstall=True on purpose: Odoo skips `at_uninstall=False` guards on a plain context
    # key; `is_module_uninstall` lets only the superuser's uninstall through.
    @api.ondelete(at_uninstall=True)
    def _unlink_except_signed(self):
        locked = self.filtered(lambda record: record._is_signed_locked())
        if locked and not (is_module_uninstall(self.env) or is_destroying(self.env)):
            raise UserError(locked[:1]._signed_unlink_message())

    # The signing

    def _write_signing(self, vals):
        """Write the signing's own values (status, number, signer, copies, and what the
        signing itself links), whatever the rights of the signer: the caller has checked them."""
        return self.sudo().with_context(dpo_signed_document=_SIGNING).write(vals)

    def _mark_signed(self):
        """Sign the documents, in the signing transaction: take the number (if the document has
        one), set the status, the signer and the signing time. The one way a document becomes
        signed; the signing actions call it once they have checked who signs and what."""
        now = fields.Datetime.now()
        for record in self:
            if record._is_signed_locked():
                raise UserError(record._already_signed_message())
            vals = {"state": self._signed_state, "signed_by_id": self.env.uid, "signed_date": now}
            numbering = record._get_numbering()
            if numbering:
                company, kind, date = numbering
                vals[self._signed_number_field] = self.env["dpo.numbering"]._next_number(company, kind, date)
            record._write_signing(vals)
        # Signed, the documents join their archival cases, in the signing transaction.
        self._archive_file()
        return True

    def _store_signed_copy(self):
        """Render the printed form of each signed record and keep it as an attachment with its
        checksum."""
        if not self.env.registry.ready:
            # Documents signed while the module loads (demo data) have no HTTP server from
            # which wkhtmltopdf could fetch the styles: they are printed later on demand.
            return
        contents = self._render_signed_copies()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": f"{record.display_name}.pdf".replace("/", "-"),
                        "raw": contents[record.id],
                        "res_model": record._name,
                        "res_id": record.id,
                        "mimetype": "application/pdf",
                    }
                    for record in self
                ]
            )
        )
        for record, attachment in zip(self, attachments, strict=True):
            record._write_signing(
                {
                    "signed_copy_id": attachment.id,
                    "signed_copy_sha256": hashlib.sha256(contents[record.id]).hexdigest(),
                }
            )

    def _render_signed_copies(self):
        """The printed form of each record, {id: content}. One wkhtmltopdf run per record: the
        wkhtmltopdf of Debian (unpatched Qt) takes one input document per run, so Odoo's split
        of a batch works only for forms that print as one body (see dpo.document)."""
        report = self.env["ir.actions.report"].sudo()
        return {record.id: report._render_qweb_pdf(self._signed_report, record.ids)[0] for record in self}

    # The archive (dpo.archivable.mixin)

    def _get_archive_copies(self):
        """The printed copy kept on signing and the scans of the signed original."""
        return self.sudo().signed_copy_id | self.sudo().scan_ids

    def _archive_missing_copies(self):
        """A printed copy whose checksum was recorded but whose attachment is gone."""
        return [
            self.env._("«%(document)s»: the electronic copy is missing", document=record.display_name)
            for record in self.sudo()
            if record.signed_copy_sha256 and not record.signed_copy_id.exists()
        ]

    def _add_scan(self, raw, filename=None):
        """Keep one more scan of the signed paper original, beside the earlier ones, with its
        SHA-256. The caller has checked the user may write the document."""
        self.ensure_one()
        if not self._is_signed_locked():
            raise UserError(
                self.env._(
                    "A scan of the signed original is added once %(document)s is signed.",
                    document=self.display_name,
                )
            )
        if not raw:
            raise UserError(self.env._("The scan is empty."))
        return (
            self.env["ir.attachment"]
            .sudo()
            .with_context(dpo_signed_document=_ADDING_SCAN)
            .create(
                {
                    "name": filename or f"{self.display_name}.pdf".replace("/", "-"),
                    "raw": raw,
                    "res_model": self._name,
                    "res_id": self.id,
                    "dpo_scan_sha256": hashlib.sha256(raw).hexdigest(),
                }
            )
        )
