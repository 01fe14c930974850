from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

from .company_date import company_today
from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# Module-private token of the act's own drawing up: a client cannot send this object over RPC.
_RECORDING = object()
# Kept this many years when the company's nomenclature has no line for these acts (152-ФЗ:
# the act and the extract of the event log are kept three years from the destruction).
DEFAULT_RETENTION_YEARS = 3
# The information system whose records are destroyed (Приказ РКН № 179: «наименование
# информационной системы персональных данных»).
INFORMATION_SYSTEM = "Информационная система «ДПО: учет результатов обучения и архив» (Odoo)"
REASONS = [
    ("retention", "Retention Periods Expired"),
    ("consent_withdrawn", "Consent to Processing Withdrawn"),
    ("not_needed", "Purpose of Processing Achieved"),
]
METHODS = [
    ("deletion", "Deletion of the Records from the Information System"),
    ("anonymization", "Anonymisation of the Learner's Data in the Information System"),
    ("deletion_anonymization", "Deletion of the Records and Anonymisation of the Learner's Data"),
]


class DpoPersonalDataAct(models.Model):
    """Act on the destruction of personal data (152-ФЗ; Приказ Роскомнадзора от 28.10.2022
    № 179): the operator, the subjects, the categories of data destroyed, the information
    system, the method, the reason, the date and who destroyed them, with the extract of the
    system's event log (one line per subject). Drawn up by the execution of a destruction act
    or by the anonymisation of learners, locked at once (the signed document mechanism, kept as
    a PDF with its SHA-256), kept for its own period (3 years by default), never deleted but
    by a later executed destruction act."""

    _name = "dpo.personal.data.act"
    _description = "Personal Data Destruction Act"
    _inherit = ["mail.thread", "dpo.signed.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _signed_state = "done"
    _signed_report = "dpo_records.action_report_personal_data_act"

    name = fields.Char(string="Number", readonly=True, copy=False)
    state = fields.Selection(selection_add=[("done", "Drawn Up")], ondelete={"done": "set default"})
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date = fields.Date(string="Destroyed On", required=True, readonly=True)
    operator_name = fields.Char(string="Operator", readonly=True)
    operator_address = fields.Char(readonly=True)
    information_system = fields.Char(readonly=True)
    method = fields.Selection(METHODS, readonly=True)
    reason = fields.Selection(REASONS, readonly=True)
    destruction_act_id = fields.Many2one(
        "dpo.destruction.act", readonly=True, index="btree_not_null", ondelete="restrict", check_company=True
    )
    destroyed_by_id = fields.Many2one("res.users", readonly=True)
    destroyed_by_name = fields.Char(string="Name of Who Destroyed", readonly=True)
    destroyed_by_position = fields.Char(string="Position of Who Destroyed", readonly=True)
    line_ids = fields.One2many("dpo.personal.data.act.line", "act_id", string="Subjects", readonly=True)
    subject_count = fields.Integer(compute="_compute_subject_count", string="Number of Subjects")
    retention_until = fields.Date(string="Kept Until", readonly=True)

    _sql_constraints = [
        (
            "name_company_uniq",
            "UNIQUE(name, company_id)",
            "A personal data act with this number already exists.",
        ),
    ]

    def _compute_subject_count(self):
        for act in self:
            act.subject_count = len(act.line_ids)

    @api.depends("name", "date")
    def _compute_display_name(self):
        for act in self:
            act.display_name = self.env._(
                "Personal Data Destruction Act No. %(number)s of %(date)s",
                number=act.name or self.env._("draft"),
                date=act.date.strftime("%d.%m.%Y") if act.date else "",
            )

    # Guards: drawn up only by `_record`, locked at once, deleted only by an executed act.

    def _refuse_by_hand(self):
        raise UserError(
            self.env._(
                "An act on the destruction of personal data is drawn up by the execution of a "
                "destruction act or by anonymisation, and kept as it was made."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("dpo_personal_data_act") is not _RECORDING:
            self._refuse_by_hand()
        return super().create(vals_list)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_destroyed(self):
        if not (is_module_uninstall(self.env) or is_destroying(self.env)):
            raise UserError(self._signed_unlink_message())

    def copy(self, default=None):
        if self:
            self._refuse_by_hand()
        return super().copy(default)

    def _get_numbering(self):
        self.ensure_one()
        return self.company_id, "personal_data_act", self.date

    def _signed_write_message(self):
        return self.env._("%(act)s is drawn up: it cannot be changed.", act=self[:1].display_name)

    def _signed_unlink_message(self):
        return self.env._(
            "%(act)s is kept for its own period: it is destroyed only by a destruction act.",
            act=self[:1].display_name,
        )

    def _get_archive_record_type(self):
        return "personal_data_act"

    def _get_archive_group(self):
        return self.env["dpo.group"]  # an act files into the case of its year

    # Drawing up

    @api.model
    def _record(self, company, subjects, reason, destruction_act=None, user=None):
        """Draw up the act for `subjects` — [{"learner": learner, "name": name before
        anonymisation, "categories": [category labels], "anonymized": bool}] — destroyed for
        `reason` by `user` (by default the current user), number it and keep it."""
        user = user or self.env.user
        today = company_today(company)
        anonymized = any(subject["anonymized"] for subject in subjects)
        deleted = any(not subject["anonymized"] or subject.get("deleted") for subject in subjects)
        method = (
            "deletion_anonymization"
            if anonymized and deleted
            else ("anonymization" if anonymized else "deletion")
        )
        address = ", ".join(
            part for part in (company.zip, company.city, company.street, company.street2) if part
        )
        now = fields.Datetime.now()
        act = (
            self.sudo()
            .with_context(dpo_personal_data_act=_RECORDING)
            .create(
                {
                    "company_id": company.id,
                    "date": today,
                    "operator_name": company.name,
                    "operator_address": address or False,
                    "information_system": INFORMATION_SYSTEM,
                    "method": method,
                    "reason": reason,
                    "destruction_act_id": destruction_act.id if destruction_act else False,
                    "destroyed_by_id": user.id,
                    "destroyed_by_name": user.name,
                    "destroyed_by_position": user.partner_id.function or False,
                    "retention_until": self._retention_until_for(company, today),
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "sequence": index,
                                "learner_id": subject["learner"].id,
                                "subject_name": subject["name"],
                                "categories": "; ".join(subject["categories"]),
                                "anonymized": subject["anonymized"],
                                "event_datetime": now,
                            },
                        )
                        for index, subject in enumerate(subjects, start=1)
                    ],
                }
            )
        )
        act.with_user(user)._mark_signed()
        act._store_signed_copy()
        return act.with_env(self.env)

    def _action_open(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_personal_data_act_action")
        if len(self) == 1:
            action.update(res_id=self.id, views=[(False, "form")], view_mode="form")
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action

    @api.model
    def _retention_until_for(self, company, day):
        item = self.env["dpo.nomenclature.item"]._find_for(company, "personal_data_act")
        until = item._retention_until(day) if item else False
        return until or date(day.year + DEFAULT_RETENTION_YEARS, 12, 31)
