from odoo import fields, models

PRINT_ITEMS = [
    ("company_name", "Organisation"),
    ("recipient_name", "Recipient's Full Name"),
    ("recipient_last_name", "Recipient's Surname"),
    ("recipient_first_names", "Recipient's Name and Patronymic"),
    ("study_period", "Period of Study"),
    ("program_name", "Programme Title"),
    ("program_hours", "Hours"),
    ("qualification_name", "Qualification / Profession"),
    ("profession_rank", "Rank / Class"),
    ("series_number", "Blank Series and Number"),
    ("registration_number", "Registration Number"),
    ("issue_date", "Issue Date"),
    ("city", "City"),
    ("text", "Fixed Text"),
]


class DpoDocumentTemplateLine(models.Model):
    """One item printed on a blank, at its place."""

    _name = "dpo.document.template.line"
    _description = "Item of a Print Layout"
    _order = "template_id, top_mm, left_mm, id"

    template_id = fields.Many2one("dpo.document.template", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True)
    item = fields.Selection(PRINT_ITEMS, required=True, default="text")
    text = fields.Char(help="Printed as it is, for a fixed text item.")
    top_mm = fields.Float(string="Top (mm)", digits=(5, 1))
    left_mm = fields.Float(string="Left (mm)", digits=(5, 1))
    width_mm = fields.Float(string="Width (mm)", digits=(5, 1), default=100)
    font_size = fields.Integer(string="Font Size (pt)", default=12)
    bold = fields.Boolean()
    align = fields.Selection(
        [("left", "Left"), ("center", "Centre"), ("right", "Right")], required=True, default="center"
    )

    _sql_constraints = [
        (
            "position_positive",
            "CHECK(top_mm >= 0 AND left_mm >= 0 AND width_mm > 0)",
            "Place items on the sheet.",
        ),
        ("font_size_positive", "CHECK(font_size BETWEEN 4 AND 72)", "Font sizes go from 4 to 72 pt."),
    ]

    def _value(self, document):
        """The text this item prints for `document`."""
        self.ensure_one()
        template = self.template_id
        item = self.item
        if item == "text":
            return self.text or ""
        if item == "company_name":
            return document.company_id.name or ""
        if item == "recipient_first_names":
            return " ".join(p for p in (document.recipient_first_name, document.recipient_patronymic) if p)
        if item == "study_period":
            start, end = document.study_date_start, document.study_date_end
            if not (start and end):
                return ""
            return f"с {start.strftime('%d.%m.%Y')} по {end.strftime('%d.%m.%Y')}"
        if item == "program_hours":
            return str(document.program_hours or "")
        if item == "series_number":
            return " ".join(p for p in (document.series, document.number) if p)
        if item == "issue_date":
            return document.issue_date.strftime("%d.%m.%Y") if document.issue_date else ""
        if item == "city":
            return template._city()
        return document[item] or ""
