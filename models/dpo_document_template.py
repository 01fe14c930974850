from odoo import Command, api, fields, models

from .dpo_program import DOCUMENT_KINDS

# Where each item goes on the centre's blank, in millimetres from the sheet's top left corner:
# (item, top, left, width, font size, bold, align). A4 landscape: the blank's left and right pages.
_SPREAD_COMMON = [
    ("company_name", 62, 15, 118, 11, False, "center"),
    ("series_number", 112, 15, 118, 14, True, "center"),
    ("registration_number", 140, 75, 58, 11, False, "left"),
    ("city", 150, 75, 58, 11, False, "left"),
    ("issue_date", 160, 75, 58, 11, False, "left"),
    ("recipient_last_name", 40, 160, 125, 16, True, "center"),
    ("recipient_first_names", 50, 160, 125, 16, True, "center"),
    ("study_period", 65, 160, 125, 11, False, "center"),
    ("company_name", 80, 160, 125, 11, False, "center"),
    ("program_name", 105, 160, 125, 13, True, "center"),
]
DEFAULT_LINES = {
    "certificate_pk": [*_SPREAD_COMMON, ("program_hours", 135, 215, 30, 12, False, "center")],
    "diploma_pp": [
        *_SPREAD_COMMON,
        ("program_hours", 130, 215, 30, 12, False, "center"),
        ("qualification_name", 150, 160, 125, 13, True, "center"),
    ],
    "certificate_profession": [
        *_SPREAD_COMMON,
        ("qualification_name", 125, 160, 125, 13, True, "center"),
        ("profession_rank", 140, 160, 125, 12, False, "center"),
    ],
    "reference": [],
}
# Kinds printed on the centre's blanks by default: none; the director turns blanks on.
DEFAULT_ORIENTATION = {"reference": "portrait"}


class DpoDocumentTemplate(models.Model):
    """How the centre prints one kind of document: whether it takes a blank from the stock, and
    where each item goes on the blank (fitted by the centre to its blank forms)."""

    _name = "dpo.document.template"
    _description = "Print Layout of a Document Kind"
    _order = "company_id, document_kind"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    document_kind = fields.Selection(DOCUMENT_KINDS, required=True, readonly=True)
    uses_blanks = fields.Boolean(
        string="Printed on Blanks",
        help="Issuing takes the next available blank of this kind from the stock; its series and number "
        "become the document's.",
    )
    orientation = fields.Selection(
        [("landscape", "A4 Landscape"), ("portrait", "A4 Portrait")], required=True, default="landscape"
    )
    city = fields.Char(help="City printed on the document; the company's city when empty.")
    show_frame = fields.Boolean(
        string="Print the Blank's Outline",
        help="For test prints on plain paper: the outline of the blank and its fold are printed too.",
    )
    line_ids = fields.One2many("dpo.document.template.line", "template_id", string="Items", copy=True)

    _sql_constraints = [
        (
            "company_kind_uniq",
            "UNIQUE(company_id, document_kind)",
            "A kind of document has one layout per company.",
        )
    ]

    @api.depends("document_kind", "company_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["document_kind"]._description_selection(self.env))
        for template in self:
            template.display_name = kinds.get(template.document_kind, "")

    @api.model
    def _default_vals(self, company, kind):
        return {
            "company_id": company.id,
            "document_kind": kind,
            "orientation": DEFAULT_ORIENTATION.get(kind, "landscape"),
            "line_ids": [
                Command.create(
                    {
                        "item": item,
                        "top_mm": top,
                        "left_mm": left,
                        "width_mm": width,
                        "font_size": size,
                        "bold": bold,
                        "align": align,
                    }
                )
                for item, top, left, width, size, bold, align in DEFAULT_LINES.get(kind, [])
            ],
        }

    @api.model
    def _get_many(self, keys, create=True):
        """{(company, kind): template} for the (company, kind) pairs, made from the defaults when
        missing (every company gets its layouts the first time it prints or issues); without
        `create`, a missing one is an empty template (no blanks, no items)."""
        keys = {(company, kind) for company, kind in keys if company and kind}
        templates = self.sudo().search([("company_id", "in", list({company.id for company, _kind in keys}))])
        found = {(template.company_id, template.document_kind): template for template in templates}
        missing = [key for key in keys if key not in found]
        if missing and not create:
            found.update((key, self.browse()) for key in missing)
        elif missing:
            created = self.sudo().create([self._default_vals(company, kind) for company, kind in missing])
            found.update(zip(missing, created, strict=True))
        return {key: found[key].with_env(self.env) for key in keys}

    @api.model
    def _get(self, company, kind):
        return self._get_many({(company, kind)})[company, kind]

    def _city(self):
        self.ensure_one()
        return self.city or self.company_id.city or ""
