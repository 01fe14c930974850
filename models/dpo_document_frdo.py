import threading
from datetime import timedelta

from odoo import api, fields, models

from . import frdo_template
from .company_date import company_today

# Documents whose FRDO deadline is this close (or past) and that are not exported yet get a
# reminder for the registrar.
FRDO_REMINDER_DAYS = 7
CRON_BATCH = 200


class DpoDocument(models.Model):
    """The FIS FRDO side of an issued document: its row in the register's template and the
    reminder before the deadline."""

    _inherit = "dpo.document"

    frdo_reminder_date = fields.Date(
        string="FRDO Reminder Sent On",
        readonly=True,
        copy=False,
        help="The registrar was reminded of the FRDO deadline on this day (once per document).",
    )

    def _get_signing_fields(self):
        # Written only by the reminder below, through the mechanism's own path.
        return super()._get_signing_fields() | {"frdo_reminder_date"}

    def _frdo_values(self):
        """The document's values a row of the FRDO template is made of."""
        self.ensure_one()
        values = {name: self[name] for name in frdo_template.DOCUMENT_FIELDS}
        original = self.original_id
        values["original"] = (
            {name: original[name] for name in frdo_template.DOCUMENT_FIELDS} if original else None
        )
        return values

    # The reminder

    @api.model
    def _frdo_reminder_domain(self, limit_date):
        return [
            ("state", "=", "issued"),
            ("frdo_export_date", "=", False),
            ("frdo_reminder_date", "=", False),
            ("frdo_deadline", "<=", limit_date),
        ]

    def _frdo_registrar(self):
        """Who reports the document: the user who issued it while they are a specialist of its
        company, else the company's first specialist."""
        self.ensure_one()
        issuer = self.signed_by_id
        if (
            issuer.active
            and self.company_id in issuer.company_ids
            and issuer.has_group("dpo_records.group_dpo_specialist")
        ):
            return issuer
        specialists = self.env.ref("dpo_records.group_dpo_specialist").sudo().users
        return specialists.filtered(lambda user: user.active and self.company_id in user.company_ids).sorted(
            "id"
        )[:1]

    @api.model
    def _cron_frdo_deadline_reminders(self, batch_size=CRON_BATCH):
        """A to-do for the registrar on every issued document not exported to FIS FRDO whose
        deadline is at most FRDO_REMINDER_DAYS away (or past), once per document: a reminded
        document leaves the domain, so the job can stop and resume anywhere."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        companies = self.env["res.company"].sudo().search([])
        horizon = max(company_today(company) for company in companies) + timedelta(days=FRDO_REMINDER_DAYS)
        documents = self.sudo().search(self._frdo_reminder_domain(horizon), order="frdo_deadline, id")
        today = {company: company_today(company) for company in documents.company_id}
        documents = documents.filtered(
            lambda d: d.frdo_deadline <= today[d.company_id] + timedelta(days=FRDO_REMINDER_DAYS)
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        done = 0
        for start in range(0, len(documents), batch_size):
            batch = documents[start : start + batch_size]
            reminded = self.browse()
            for document in batch:
                registrar = document._frdo_registrar()
                if not registrar:
                    continue  # nobody to tell yet: tried again tomorrow
                document.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=registrar.id,
                    date_deadline=document.frdo_deadline,
                    summary=self.env._("Report to FIS FRDO"),
                    note=self.env._(
                        "Document %(number)s issued on %(date)s must be reported to FIS FRDO by "
                        "%(deadline)s.",
                        number=document.name,
                        date=document.issue_date.strftime("%d.%m.%Y"),
                        deadline=document.frdo_deadline.strftime("%d.%m.%Y"),
                    ),
                )
                reminded |= document
            reminded._write_signing({"frdo_reminder_date": fields.Date.today()})
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(documents) - done)
            if auto_commit:
                # Each batch of reminders is kept even if a later batch fails (never under test).
                self.env.cr.commit()  # pylint: disable=invalid-commit
