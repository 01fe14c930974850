from odoo import fields, models

from .dpo_nomenclature_item import CARRIERS

CASE_STATES = [
    ("open", "Open"),
    ("closed", "Closed"),
    ("expired", "Expired"),
    ("in_act", "In a Destruction Act"),
    ("destroyed", "Destroyed"),
]


class DpoArchiveCase(models.Model):
    """An archival case (дело): the records of one nomenclature line for one year, group or
    learner, with where its paper lies and until when it is kept."""

    _name = "dpo.archive.case"
    _description = "Archival Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, index, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    nomenclature_item_id = fields.Many2one(
        "dpo.nomenclature.item", required=True, index=True, ondelete="restrict", check_company=True
    )
    index = fields.Char(related="nomenclature_item_id.index", store=True)
    title = fields.Char(required=True)
    year = fields.Integer(required=True, index=True)
    group_id = fields.Many2one("dpo.group", index="btree_not_null", ondelete="restrict", check_company=True)
    learner_id = fields.Many2one(
        "dpo.learner", index="btree_not_null", ondelete="restrict", check_company=True
    )
    entry_ids = fields.One2many("dpo.archive.case.entry", "case_id")
    date_first = fields.Date(help="Date of the first document of the case.")
    date_last = fields.Date(help="Date of the last document of the case.")
    document_count = fields.Integer()
    sheet_count = fields.Integer(help="Number of sheets of the paper case.")
    carrier = fields.Selection(CARRIERS)
    location_room = fields.Char(string="Room")
    location_rack = fields.Char(string="Rack")
    location_box = fields.Char(string="Box")
    state = fields.Selection(
        CASE_STATES, required=True, default="open", readonly=True, tracking=True, index=True
    )
    date_closed = fields.Date(readonly=True)
    retention_until = fields.Date(
        readonly=True, index=True, help="The case may be destroyed after this date."
    )
    legal_hold = fields.Boolean(tracking=True)
    legal_hold_reason = fields.Char(tracking=True)
