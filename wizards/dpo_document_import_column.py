from odoo import api, fields, models


class DpoDocumentImportColumn(models.TransientModel):
    """One column of the imported book and the field it fills (none: ignored)."""

    _name = "dpo.document.import.column"
    _description = "Column of the Imported Issuance Book"
    _inherit = "dpo.table.import.column.mixin"

    import_id = fields.Many2one("dpo.document.import", required=True, ondelete="cascade", index=True)

    @api.model
    def _selection_target(self):
        return [
            ("name", self.env._("Registration Number")),
            ("document_kind", self.env._("Document Kind")),
            ("series", self.env._("Blank Series")),
            ("number", self.env._("Blank Number")),
            ("issue_date", self.env._("Issue Date")),
            ("recipient_full_name", self.env._("Full Name (last, first, patronymic)")),
            ("recipient_last_name", self.env._("Last Name")),
            ("recipient_first_name", self.env._("First Name")),
            ("recipient_patronymic", self.env._("Patronymic")),
            ("recipient_birth_date", self.env._("Birth Date")),
            ("recipient_gender", self.env._("Gender")),
            ("recipient_snils", self.env._("SNILS")),
            ("recipient_citizenship_code", self.env._("Citizenship (OKSM code)")),
            ("program_kind", self.env._("Programme Kind")),
            ("program_name", self.env._("Programme Title")),
            ("program_hours", self.env._("Hours")),
            ("qualification_name", self.env._("Qualification / Profession")),
            ("profession_rank", self.env._("Rank / Class")),
            ("professional_area", self.env._("Area of Professional Activity")),
            ("study_date_start", self.env._("Study Start (date or year)")),
            ("study_date_end", self.env._("Study End (date or year)")),
            ("study_form", self.env._("Form of Study")),
            ("funding", self.env._("Funding")),
            ("education_level", self.env._("Education Level")),
            ("education_doc_last_name", self.env._("Surname in Education Document")),
            ("education_doc_series", self.env._("Education Document Series")),
            ("education_doc_number", self.env._("Education Document Number")),
        ]
