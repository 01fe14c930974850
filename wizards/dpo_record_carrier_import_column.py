from odoo import api, fields, models


class DpoRecordCarrierImportColumn(models.TransientModel):
    """One column of the imported results and what it holds (none: ignored)."""

    _name = "dpo.record.carrier.import.column"
    _description = "Column of the Imported Test Results"
    _inherit = "dpo.table.import.column.mixin"

    import_id = fields.Many2one("dpo.record.carrier.import", required=True, ondelete="cascade", index=True)

    @api.model
    def _selection_target(self):
        return [
            ("full_name", self.env._("Full Name (last, first, patronymic)")),
            ("last_name", self.env._("Last Name")),
            ("first_name", self.env._("First Name")),
            ("patronymic", self.env._("Patronymic")),
            ("snils", self.env._("SNILS")),
            ("name", self.env._("Test")),
            ("date", self.env._("Date")),
            ("score", self.env._("Score")),
            ("max_score", self.env._("Maximum Score")),
            ("percent", self.env._("Percent")),
            ("passed", self.env._("Pass")),
            ("result", self.env._("Result in Words")),
            ("subject", self.env._("Subject")),
        ]
