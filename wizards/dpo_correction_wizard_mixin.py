from odoo import api, fields, models
from odoo.exceptions import AccessError


class DpoCorrectionWizardMixin(models.AbstractModel):
    """A wizard correcting one recorded value with a reason: it opens on the record it corrects
    (`_target_field`, a many2one), shows that record's `_corrected_fields`, and takes only a
    record the user may correct (`_may_correct`), since it shows related fields read as superuser."""

    _name = "dpo.correction.wizard.mixin"
    _description = "Correction Wizard"

    _target_field = None
    _corrected_fields = ()

    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        comodel = self._fields[self._target_field].comodel_name
        target = self.env[comodel].browse(values.get(self._target_field) or self.env.context.get("active_id"))
        if target:
            values[self._target_field] = target.id
            values.update({name: target[name] for name in self._corrected_fields})
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_target_access()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        if self._target_field in vals:
            self._check_target_access()
        return result

    def _check_target_access(self):
        targets = self[self._target_field]
        if not self.env.su and (not self._may_correct(targets) or targets.company_id - self.env.companies):
            raise AccessError(self._refusal_message())

    def _may_correct(self, targets):
        return targets.has_access("write")

    def _refusal_message(self):
        raise NotImplementedError
