from odoo import fields, models


class DpoArchiveCaseEntry(models.Model):
    """A record filed in an archival case: which record, under which name and date. The entry
    outlives the record it names (a tombstone) once a destruction act has destroyed it."""

    _name = "dpo.archive.case.entry"
    _description = "Archival Case Entry"
    _order = "date, id"

    case_id = fields.Many2one("dpo.archive.case", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True, index=True)
    name = fields.Char(required=True, readonly=True, help="The record's name when it was filed.")
    date = fields.Date(readonly=True)
    sheet_count = fields.Integer()
