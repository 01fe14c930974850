import base64
import hashlib

from odoo import api, fields, models

# Put in the context only by `_store_signed_copy`; no client can send this object over RPC,
# so the guards of signed documents can let exactly this write through.
SIGNED_COPY_WRITE = object()


class DpoSignedCopyMixin(models.AbstractModel):
    """A document signed on paper (order, statement, protocol): its status, who signed it and
    when, and its electronic copies.

    On signing, the printed form is rendered and kept as an attachment with its SHA-256, the
    electronic copy derived from the paper original; the scan of the signed original can be
    uploaded later, and its SHA-256 is kept too, so that either file can be verified.
    """

    _name = "dpo.signed.copy.mixin"
    _description = "Signed Document Copies"

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
    scan_file = fields.Binary(string="Scan of the Signed Original", attachment=True, copy=False)
    scan_filename = fields.Char(copy=False)
    scan_sha256 = fields.Char(
        string="Scan SHA-256", compute="_compute_scan_sha256", store=True, readonly=True, copy=False
    )

    @api.depends("scan_file")
    def _compute_scan_sha256(self):
        for record in self:
            raw = base64.b64decode(record.scan_file) if record.scan_file else b""
            record.scan_sha256 = hashlib.sha256(raw).hexdigest() if raw else False

    def _store_signed_copy(self, report_ref):
        """Render `report_ref` for each record and attach it with its checksum."""
        if not self.env.registry.ready:
            # Documents signed while the module loads (demo data) have no HTTP server from
            # which wkhtmltopdf could fetch the styles: they are printed later on demand.
            return
        report = self.env["ir.actions.report"].sudo()
        for record in self:
            content, _kind = report._render_qweb_pdf(report_ref, record.ids)
            filename = f"{record.display_name}.pdf".replace("/", "-")
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": filename,
                        "raw": content,
                        "res_model": record._name,
                        "res_id": record.id,
                        "mimetype": "application/pdf",
                    }
                )
            )
            record.sudo().with_context(dpo_signed_copy=SIGNED_COPY_WRITE).write(
                {"signed_copy_id": attachment.id, "signed_copy_sha256": hashlib.sha256(content).hexdigest()}
            )

    def _is_signed_copy_write(self):
        return self.env.context.get("dpo_signed_copy") is SIGNED_COPY_WRITE
