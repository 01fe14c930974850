from odoo import fields, models


class DpoFrdoExportError(models.TransientModel):
    """Why FIS FRDO would reject one document of an export: the wizard lists these instead of
    producing a file."""

    _name = "dpo.frdo.export.error"
    _description = "FIS FRDO Export Error"
    _order = "id"

    export_id = fields.Many2one("dpo.frdo.export", required=True, ondelete="cascade", index=True)
    document_id = fields.Many2one("dpo.document", required=True, ondelete="cascade")
    registration_number = fields.Char(related="document_id.name", string="Registration Number")
    recipient_name = fields.Char(related="document_id.recipient_name", string="Recipient")
    issue_date = fields.Date(related="document_id.issue_date")
    message = fields.Text(required=True)
