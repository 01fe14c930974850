from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .res_company import JOURNAL_CHECKERS

# The company settings this form edits; nothing else of res.company is reachable through it.
COMPANY_FIELDS = frozenset(
    (
        "dpo_teacher_edit_days",
        "dpo_frdo_deadline_days",
        "dpo_journal_checker",
        "dpo_statement_pass_fail_only",
        "dpo_title_certificate_pk",
        "dpo_title_diploma_pp",
        "dpo_title_certificate_profession",
        "dpo_title_reference",
    )
)


def _company_setting(field_class, *args, **kwargs):
    """A setting of this form: the company's value, computed from the chosen company and
    edited here, then written to the company by «Save» (`action_save`)."""
    return field_class(*args, compute="_compute_company_values", store=True, readonly=False, **kwargs)


class DpoConfigSettings(models.TransientModel):
    """The education settings of one company, for the director.

    Odoo's Settings app (res.config.settings) and writing res.company both need
    Administration rights over the whole database; the director gets this form of their own
    instead (its access is the Director role's), which writes these fields of their own
    companies and no other.
    """

    _name = "dpo.config.settings"
    _description = "Education Settings"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    dpo_teacher_edit_days = _company_setting(
        fields.Integer,
        string="Teacher Edit Window (days)",
        help="How many days after a lesson its teacher may still fill or change the journal "
        "cells; later changes need a programme specialist or the head.",
    )
    dpo_frdo_deadline_days = _company_setting(
        fields.Integer,
        string="FRDO Deadline (days)",
        help="Days after issue within which a document must be reported to FIS FRDO.",
    )
    dpo_journal_checker = _company_setting(
        fields.Selection,
        JOURNAL_CHECKERS,
        string="Journal Checks By",
        help="Who records the checks of the journals: the head of department, a programme "
        "specialist, or either. The director counts as a head of department.",
    )
    dpo_statement_pass_fail_only = _company_setting(
        fields.Boolean,
        string="Statements on Pass / Fail Only",
        help="Statements (current control, intermediate and final) record only «pass» or "
        "«fail», whatever the programme's scale and the form of attestation.",
    )
    dpo_title_certificate_pk = _company_setting(
        fields.Char,
        string="Upskilling",
        help="Title printed on the document of an upskilling programme. Empty: the title set by law.",
    )
    dpo_title_diploma_pp = _company_setting(
        fields.Char,
        string="Professional Retraining",
        help="Title printed on the document of a professional retraining programme. Empty: the "
        "title set by law.",
    )
    dpo_title_certificate_profession = _company_setting(
        fields.Char,
        string="Vocational Training",
        help="Title printed on the document of a vocational training programme. Empty: the title set by law.",
    )
    dpo_title_reference = _company_setting(
        fields.Char,
        string="Reference of Training",
        help="Title printed on the reference of training given to those who do not pass. Empty: "
        "the title set by law.",
    )

    dpo_nomenclature_preset_id = fields.Many2one(
        "dpo.nomenclature.preset",
        string="Nomenclature Preset",
        help="The regulation whose carriers and periods the company's nomenclature of files takes.",
    )

    @api.depends("company_id")
    def _compute_company_values(self):
        for settings in self:
            company = settings.company_id
            for name in COMPANY_FIELDS:
                settings[name] = company[name]

    @api.model_create_multi
    def create(self, vals_list):
        # The fields given are computed by no one (the ORM leaves the whole shared compute out):
        # the others take the company's values here, so that a client saving one setting never
        # empties the others. Read as the user: another company's settings are not theirs.
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            if COMPANY_FIELDS & vals.keys():
                for name in COMPANY_FIELDS:
                    vals.setdefault(name, company[name])
        return super().create(vals_list)

    @api.constrains("company_id")
    def _check_company_allowed(self):
        for settings in self:
            if settings.company_id not in self.env.user.company_ids:
                raise AccessError(
                    self.env._(
                        "You cannot change the settings of %(company)s.", company=settings.company_id.name
                    )
                )

    def action_save(self):
        """Write the settings on the company. The access rights of this form already limit it
        to the director; the company is written as superuser, only these fields."""
        self.ensure_one()
        if not self.env.user.has_group("dpo_records.group_dpo_manager"):
            raise AccessError(self.env._("Only the director changes the education settings."))
        self._check_company_allowed()
        if not self.dpo_journal_checker:
            raise ValidationError(self.env._("Choose who records the checks of the journals."))
        self.company_id.sudo().write({name: self[name] for name in COMPANY_FIELDS})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The education settings of %(company)s are saved.", company=self.company_id.name
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_apply_nomenclature_preset(self):
        """Open the preset wizard for the company and the chosen preset: it shows what changes
        and applies it (the director confirms there a period that shortens filed cases)."""
        self.ensure_one()
        self._check_company_allowed()
        if not self.dpo_nomenclature_preset_id:
            raise ValidationError(self.env._("Choose the preset of the nomenclature of files to apply."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dpo_records.dpo_nomenclature_preset_apply_action"
        )
        action["context"] = {
            "default_company_id": self.company_id.id,
            "default_preset_id": self.dpo_nomenclature_preset_id.id,
        }
        return action
