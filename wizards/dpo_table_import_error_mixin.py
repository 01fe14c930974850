from odoo import fields, models


class DpoTableImportErrorMixin(models.AbstractModel):
    """What is wrong with one row of an imported table, found by the dry run. The inheriting
    model links it to its wizard (`import_id`)."""

    _name = "dpo.table.import.error.mixin"
    _description = "Error in an Imported Table"
    _order = "row_number, id"

    row_number = fields.Integer(string="Row", readonly=True)
    message = fields.Text(string="Error", readonly=True)
