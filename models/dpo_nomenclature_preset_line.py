from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dpo_nomenclature_item import (
    CARRIERS,
    CASE_RULES,
    RECORD_TYPES,
    RETENTION_KINDS,
    START_EVENTS,
    check_order_type,
    check_period,
)
from .dpo_order import ORDER_TYPES


class DpoNomenclaturePresetLine(models.Model):
    """A line of a preset: a carrier a regulation names, with the period, carrier and place it
    states. What the regulation leaves to the nomenclature of files stays empty (no period, no
    article): applying the preset gives the archivist a to-do to fill it in."""

    _name = "dpo.nomenclature.preset.line"
    _description = "Nomenclature Preset Line"
    _order = "preset_id, sequence, id"

    preset_id = fields.Many2one("dpo.nomenclature.preset", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    index = fields.Char(required=True, help="Index given to the line made in the company's nomenclature.")
    title = fields.Char(required=True, translate=True)
    record_type = fields.Selection(RECORD_TYPES, required=True)
    order_type = fields.Selection(ORDER_TYPES)
    retention_kind = fields.Selection(
        RETENTION_KINDS, help="Empty: the regulation leaves the period to the nomenclature of files."
    )
    retention_years = fields.Integer()
    min_retention_years = fields.Integer(string="At Least (Years)")
    start_event = fields.Selection(START_EVENTS, default="case_closed", required=True)
    epk = fields.Boolean(string="ЭПК")
    article = fields.Char(help="Article of the federal list, only where the regulation states it.")
    carrier = fields.Selection(CARRIERS, required=True, default="paper")
    paper_mandatory = fields.Boolean()
    responsible_position = fields.Char(translate=True)
    case_rule = fields.Selection(CASE_RULES, required=True, default="year")
    note = fields.Text(translate=True, help="The clauses of the regulation the line comes from.")

    @api.constrains("retention_kind", "retention_years", "min_retention_years")
    def _check_period(self):
        for line in self:
            check_period(
                self.env, line.title, line.retention_kind, line.retention_years, line.min_retention_years
            )

    @api.constrains("record_type", "order_type")
    def _check_order_type(self):
        for line in self:
            check_order_type(self.env, line.title, line.record_type, line.order_type)

    @api.constrains("preset_id", "record_type", "order_type")
    def _check_one_line_per_type(self):
        for line in self:
            key = (line.record_type, line.order_type)
            twins = line.preset_id.line_ids.filtered(
                lambda other, key=key: (other.record_type, other.order_type) == key
            )
            if len(twins) > 1:
                raise ValidationError(
                    self.env._(
                        "«%(line)s»: a preset has one line per record type (and type of order).",
                        line=line.title,
                    )
                )
