from odoo import fields, models

from .dpo_program import DOCUMENT_KINDS


class DpoDocumentBlank(models.Model):
    """A blank form of a document (бланк строгой отчетности), received by an act and used by
    one issued document, or spoiled with a reason."""

    _name = "dpo.document.blank"
    _description = "Document Blank"
    _inherit = ["mail.thread"]
    _order = "document_kind, series, number"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    document_kind = fields.Selection(DOCUMENT_KINDS, required=True)
    series = fields.Char(size=20)
    number = fields.Char(required=True, size=40)
    state = fields.Selection(
        [("available", "Available"), ("used", "Used"), ("spoiled", "Spoiled")],
        string="Status",
        required=True,
        default="available",
        readonly=True,
        tracking=True,
    )
    spoil_reason = fields.Text(readonly=True, tracking=True)
    receipt_id = fields.Many2one(
        "dpo.document.blank.receipt",
        string="Receipt Act",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    document_id = fields.Many2one("dpo.document", readonly=True, check_company=True)

    _sql_constraints = [
        (
            "blank_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (company_id, document_kind, series, number)",
            "A blank with this series and number already exists in this company.",
        ),
    ]
