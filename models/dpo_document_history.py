from odoo import fields, models


class DpoDocument(models.Model):
    """Documents of a centre's historical issuance book, loaded as issued with their original
    registration numbers, blanks and dates (wizards/dpo_document_import.py)."""

    _inherit = "dpo.document"

    imported = fields.Boolean(
        string="Imported from the Historical Book",
        readonly=True,
        copy=False,
        help="Issued before the centre used this system; loaded from its issuance book.",
    )

    def _get_signing_fields(self):
        # Set only when the import creates the document.
        return super()._get_signing_fields() | {"imported"}
