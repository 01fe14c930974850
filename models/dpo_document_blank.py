from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .dpo_program import DOCUMENT_KINDS
from .dpo_signed_document_mixin import is_module_uninstall

# Module-private token of the blanks' own bookkeeping: received by an act, used by an issued
# document, spoiled with a reason. A client cannot send this object over RPC.
_BLANK = object()
# Chatter bookkeeping, which any reader of a blank may cause.
MAIL_FIELDS = frozenset(("message_main_attachment_id", "activity_ids"))


class DpoDocumentBlank(models.Model):
    """A blank form of a document (бланк строгой отчетности), received by an act and used by
    one issued document, or spoiled with a reason. Blanks are accounted for, never deleted or
    edited: only receiving, issuing and spoiling change them."""

    _name = "dpo.document.blank"
    _description = "Document Blank"
    _inherit = ["mail.thread"]
    _order = "document_kind, series, number"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    document_kind = fields.Selection(DOCUMENT_KINDS, required=True, readonly=True)
    series = fields.Char(size=20, readonly=True)
    number = fields.Char(required=True, size=40, readonly=True)
    state = fields.Selection(
        [("available", "Available"), ("used", "Used"), ("spoiled", "Spoiled")],
        string="Status",
        required=True,
        default="available",
        readonly=True,
        tracking=True,
    )
    spoil_reason = fields.Text(readonly=True, tracking=True)
    spoiled_date = fields.Date(string="Spoiled On", readonly=True)
    receipt_id = fields.Many2one(
        "dpo.document.blank.receipt",
        string="Receipt Act",
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    document_id = fields.Many2one("dpo.document", readonly=True, index="btree_not_null", check_company=True)

    _sql_constraints = [
        (
            "blank_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (company_id, document_kind, series, number)",
            "A blank with this series and number already exists in this company.",
        ),
    ]

    @api.depends("series", "number")
    def _compute_display_name(self):
        for blank in self:
            blank.display_name = " ".join(part for part in (blank.series, blank.number) if part)

    def _is_bookkeeping(self):
        return self.env.context.get("dpo_document_blank") is _BLANK

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_bookkeeping():
            raise UserError(
                self.env._("Blanks are added only by receiving them with a receipt act (Blanks → Receipts).")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_bookkeeping() and not MAIL_FIELDS.issuperset(vals):
            raise UserError(
                self.env._(
                    "A blank changes only by being used for an issued document or spoiled with a reason "
                    "(«Spoil»)."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if not is_module_uninstall(self.env):
            raise UserError(
                self.env._(
                    "Blanks are strictly accounted for: a blank is never deleted, a wrong one is spoiled."
                )
            )

    def _bookkeeping_write(self, vals):
        return self.sudo().with_context(dpo_document_blank=_BLANK).write(vals)

    @api.model
    def _mark_used(self, documents_by_blank):
        """Mark blanks used by the documents issued on them ({blank: document})."""
        # No chatter message per blank: the issued document names its blank.
        for blank, document in documents_by_blank.items():
            blank.with_context(tracking_disable=True)._bookkeeping_write(
                {"state": "used", "document_id": document.id}
            )

    def action_spoil(self, reason):
        """Spoil available blanks (misprinted, damaged, lost), with the reason."""
        if not self.env.user.has_group("dpo_records.group_dpo_specialist"):
            raise AccessError(self.env._("Only a programme specialist (the registrar) spoils blanks."))
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why the blank is spoiled."))
        for blank in self:
            if blank.state != "available":
                raise UserError(
                    self.env._(
                        "Blank %(blank)s is not available: only an unused blank is spoiled (a document "
                        "issued on a blank is cancelled instead).",
                        blank=blank.display_name,
                    )
                )
        self._bookkeeping_write(
            {
                "state": "spoiled",
                "spoil_reason": reason.strip(),
                "spoiled_date": fields.Date.context_today(self),
            }
        )
        return True

    def action_open_spoil(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Spoil Blanks"),
            "res_model": "dpo.document.blank.spoil",
            "view_mode": "form",
            "target": "new",
            "context": {"default_blank_ids": self.ids},
        }
