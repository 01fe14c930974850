from odoo import fields, models


class DpoDocumentImportError(models.TransientModel):
    """What is wrong with one row of the imported book, found by the dry run."""

    _name = "dpo.document.import.error"
    _description = "Error in the Imported Issuance Book"
    _inherit = "dpo.table.import.error.mixin"

    import_id = fields.Many2one("dpo.document.import", required=True, ondelete="cascade", index=True)
