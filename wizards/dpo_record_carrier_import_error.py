from odoo import fields, models


class DpoRecordCarrierImportError(models.TransientModel):
    """What is wrong with one row of the imported results, found by the dry run."""

    _name = "dpo.record.carrier.import.error"
    _description = "Error in the Imported Test Results"
    _inherit = "dpo.table.import.error.mixin"

    import_id = fields.Many2one("dpo.record.carrier.import", required=True, ondelete="cascade", index=True)
