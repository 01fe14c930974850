from odoo import api, fields, models
from odoo.tools import SQL

from .dpo_order import ORDER_TYPES

DEFAULT_PREFIXES = {"organize": "ОД", "enroll": "ОУ", "complete": "ОК", "expel": "ОТ", "commission": "К"}


class DpoOrderSequence(models.Model):
    """Counter of order numbers per company, order type and calendar year.

    Signing locks the counter's row (SELECT … FOR UPDATE) until the transaction ends, so two
    directors signing at once get consecutive numbers: the second waits, and a number is used
    only when its order is committed signed, which keeps the numbering gap-free.
    """

    _name = "dpo.order.sequence"
    _description = "Order Numbering"
    _order = "company_id, year desc, order_type"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    order_type = fields.Selection(ORDER_TYPES, required=True, readonly=True)
    year = fields.Integer(required=True, readonly=True, aggregator=None)
    prefix = fields.Char(
        string="Suffix",
        help="Letters printed after the number, e.g. «ОУ» gives «12-ОУ/2026».",
    )
    number_next = fields.Integer(string="Next Number", required=True, default=1, readonly=True)

    _sql_constraints = [
        (
            "company_type_year_uniq",
            "UNIQUE(company_id, order_type, year)",
            "Orders are numbered once per year.",
        ),
    ]

    @api.depends("order_type", "year")
    def _compute_display_name(self):
        labels = dict(self._fields["order_type"]._description_selection(self.env))
        for sequence in self:
            sequence.display_name = f"{labels.get(sequence.order_type, '')} {sequence.year}"

    @api.model
    def _next_number(self, company, order_type, date):
        """Take the next number of `order_type` in the company and year of `date`, locking the
        counter until the transaction ends."""
        year = date.year
        previous = self.sudo().search(
            [("company_id", "=", company.id), ("order_type", "=", order_type), ("year", "<", year)],
            order="year desc",
            limit=1,
        )
        prefix = previous.prefix if previous else DEFAULT_PREFIXES[order_type]
        uid = self.env.uid
        self.env.cr.execute(
            SQL(
                """INSERT INTO dpo_order_sequence
                       (company_id, order_type, year, prefix, number_next,
                        create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, %s, %s, 1, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                   ON CONFLICT (company_id, order_type, year) DO NOTHING""",
                company.id,
                order_type,
                year,
                prefix,
                uid,
                uid,
            )
        )
        self.env.cr.execute(
            SQL(
                """SELECT id, number_next, prefix FROM dpo_order_sequence
                    WHERE company_id = %s AND order_type = %s AND year = %s
                      FOR UPDATE""",
                company.id,
                order_type,
                year,
            )
        )
        sequence_id, number, prefix = self.env.cr.fetchone()
        self.env.cr.execute(
            SQL(
                "UPDATE dpo_order_sequence SET number_next = number_next + 1, write_uid = %s, "
                "write_date = now() at time zone 'UTC' WHERE id = %s",
                uid,
                sequence_id,
            )
        )
        self.browse(sequence_id).invalidate_recordset(["number_next", "prefix"])
        return f"{number}-{prefix}/{year}" if prefix else f"{number}/{year}"
