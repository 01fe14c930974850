from odoo import api, fields, models


class DpoRecordCarrierImportColumn(models.TransientModel):
    """One column of the imported results and what it holds (none: ignored)."""

    _name = "dpo.record.carrier.import.column"
    _description = "Column of the Imported Test Results"
    _order = "sequence"

    import_id = fields.Many2one("dpo.record.carrier.import", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(string="Column", readonly=True)
    header = fields.Char(string="Header in the File", readonly=True)
    sample = fields.Char(string="First Value", readonly=True)
    target = fields.Selection(selection="_selection_target", string="Imported As")

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

    def _target_label(self):
        self.ensure_one()
        return dict(self._selection_target()).get(self.target, self.target)
