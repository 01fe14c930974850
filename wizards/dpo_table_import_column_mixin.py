from odoo import api, fields, models


class DpoTableImportColumnMixin(models.AbstractModel):
    """One column of an imported table and what it holds (none: ignored). The inheriting
    model links it to its wizard (`import_id`) and lists what a column may hold
    (`_selection_target`)."""

    _name = "dpo.table.import.column.mixin"
    _description = "Column of an Imported Table"
    _order = "sequence"

    sequence = fields.Integer(string="Column", readonly=True)
    header = fields.Char(string="Header in the File", readonly=True)
    sample = fields.Char(string="First Value", readonly=True)
    target = fields.Selection(selection="_selection_target", string="Imported As")

    @api.model
    def _selection_target(self):
        return []

    def _target_label(self):
        self.ensure_one()
        return dict(self._selection_target()).get(self.target, self.target)
