from odoo import fields


def company_today(company):
    """Today as the training centre counts it: in the time zone of `company`'s partner
    (res.company has no time zone of its own in 18.0), in UTC when it has none.

    Never the client's: `fields.Date.context_today` reads the `tz` of the context, which any
    client may send, and then the user's preference, which every user sets; either would
    stretch a deadline such as the teachers' edit window by a day."""
    tz = company.sudo().partner_id.tz or "UTC"
    return fields.Date.context_today(company.with_context(tz=tz))
