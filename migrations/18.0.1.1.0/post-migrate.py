"""18.0.1.1.0: one numbering engine (dpo.numbering) replaces the order counters
(dpo.order.sequence) and the protocols' ir.sequence of 18.0.1.0.0."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    # The letters the director chose for each order type and year, with their counters.
    cr.execute("SELECT to_regclass('dpo_order_sequence')")
    if cr.fetchone()[0]:
        cr.execute(
            """INSERT INTO dpo_numbering
                   (company_id, kind, year, letters, number_start, number_next,
                    create_uid, create_date, write_uid, write_date)
               SELECT company_id, 'order.' || order_type, year, prefix, 1, number_next,
                      %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
                 FROM dpo_order_sequence
               ON CONFLICT (company_id, kind, year) DO NOTHING""",
            [SUPERUSER_ID, SUPERUSER_ID],
        )
    # Protocols were numbered by ir.sequence: every counter continues after the numbers used.
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dpo.numbering"]._sync_with_used_numbers()
