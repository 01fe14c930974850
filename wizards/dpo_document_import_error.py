from odoo import fields, models


class DpoDocumentImportError(models.TransientModel):
    """What is wrong with one row of the imported book, found by the dry run."""

    _name = "dpo.document.import.error"
    _description = "Error in the Imported Issuance Book"
    _order = "row_number, id"

    import_id = fields.Many2one("dpo.document.import", required=True, ondelete="cascade", index=True)
    row_number = fields.Integer(string="Row", readonly=True)
    message = fields.Text(string="Error", readonly=True)
