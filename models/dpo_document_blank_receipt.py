from odoo import fields, models

from .dpo_program import DOCUMENT_KINDS


class DpoDocumentBlankReceipt(models.Model):
    """The act by which the centre received a range of blanks of one kind and series."""

    _name = "dpo.document.blank.receipt"
    _description = "Receipt of Document Blanks"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(string="Act Number", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    document_kind = fields.Selection(DOCUMENT_KINDS, required=True)
    series = fields.Char(size=20)
    number_from = fields.Char(string="From Number", required=True)
    number_to = fields.Char(string="To Number", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Received")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
    )
    blank_ids = fields.One2many("dpo.document.blank", "receipt_id", string="Blanks", readonly=True)
