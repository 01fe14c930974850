from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .dpo_document_blank import _BLANK
from .dpo_program import DOCUMENT_KINDS

# Module-private token of «Receive», the one way an act becomes received.
_RECEIVING = object()
# A receipt brings at most this many blanks (a printing house's batch is a few hundred).
MAX_BLANKS = 10000


class DpoDocumentBlankReceipt(models.Model):
    """The act by which the centre received a range of blanks of one kind and series; receiving
    it adds the blanks to the stock. A received act is kept as it is."""

    _name = "dpo.document.blank.receipt"
    _description = "Receipt of Document Blanks"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Act Number", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    document_kind = fields.Selection(DOCUMENT_KINDS, required=True, tracking=True)
    series = fields.Char(size=20, tracking=True)
    number_from = fields.Char(string="From Number", required=True, tracking=True)
    number_to = fields.Char(string="To Number", required=True, tracking=True)
    blank_count = fields.Integer(compute="_compute_blank_count", string="Number of Blanks")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Received")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    blank_ids = fields.One2many("dpo.document.blank", "receipt_id", string="Blanks", readonly=True)

    @api.depends("number_from", "number_to")
    def _compute_blank_count(self):
        for receipt in self:
            try:
                receipt.blank_count = len(receipt._numbers())
            except ValidationError:
                receipt.blank_count = 0

    def _numbers(self):
        """The blank numbers of the range, zero-padded to the width of the first number."""
        self.ensure_one()
        first, last = (self.number_from or "").strip(), (self.number_to or "").strip()
        if not (first.isdigit() and last.isdigit()):
            raise ValidationError(self.env._("The numbers of a range of blanks are written in digits."))
        if int(last) < int(first):
            raise ValidationError(self.env._("The range of blanks ends before it starts."))
        if int(last) - int(first) + 1 > MAX_BLANKS:
            raise ValidationError(
                self.env._("A receipt act brings at most %(max)s blanks: split the range.", max=MAX_BLANKS)
            )
        width = len(first)
        return [str(number).zfill(width) for number in range(int(first), int(last) + 1)]

    @api.constrains("number_from", "number_to")
    def _check_range(self):
        for receipt in self:
            receipt._numbers()

    def _state_message(self):
        return self.env._("An act is received only with «Receive», which adds its blanks.")

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(self._state_message())
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and self.env.context.get("dpo_blank_receipt") is not _RECEIVING:
            raise UserError(self._state_message())
        if self.filtered(lambda receipt: receipt.state == "done") and not {
            "message_main_attachment_id"
        }.issuperset(vals):
            raise UserError(
                self.env._("A received act is kept as it is: record the next delivery with a new act.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda receipt: receipt.state == "done"):
            raise UserError(self.env._("A received act and its blanks are kept: it cannot be deleted."))

    def action_receive(self):
        """Add the blanks of the range to the stock."""
        if not self.env.user.has_group("dpo_records.group_dpo_specialist"):
            raise AccessError(self.env._("Only a programme specialist (the registrar) receives blanks."))
        self.check_access("write")
        Blank = self.env["dpo.document.blank"].sudo().with_context(dpo_document_blank=_BLANK)
        for receipt in self:
            if receipt.state != "draft":
                raise UserError(self.env._("Act %(act)s is already received.", act=receipt.name))
            numbers = receipt._numbers()
            series = (receipt.series or "").strip() or False
            existing = Blank.search(
                [
                    ("company_id", "=", receipt.company_id.id),
                    ("document_kind", "=", receipt.document_kind),
                    ("series", "=", series),
                    ("number", "in", numbers),
                ],
                limit=1,
            )
            if existing:
                raise UserError(
                    self.env._(
                        "Blank %(blank)s was already received (act %(act)s): check the range.",
                        blank=existing.display_name,
                        act=existing.receipt_id.name,
                    )
                )
            Blank.create(
                [
                    {
                        "company_id": receipt.company_id.id,
                        "document_kind": receipt.document_kind,
                        "series": series,
                        "number": number,
                        "receipt_id": receipt.id,
                    }
                    for number in numbers
                ]
            )
            receipt.with_context(dpo_blank_receipt=_RECEIVING).write({"state": "done"})
        return True

    def action_view_blanks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_document_blank_action")
        action["domain"] = [("receipt_id", "=", self.id)]
        return action
