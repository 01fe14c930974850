from odoo import api, models

from . import dpo_input


class Base(models.AbstractModel):
    """Every model of this addon refuses, with a clear message, before the ORM stores them:
    impossible values, values of the fields it computes, and context defaults of its readonly
    fields (see dpo_input); the models of other addons are left alone."""

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        if self._original_module == "dpo_records":
            # Defaults sent in the context (`default_<field>`) are stored like values.
            defaults = {
                key[8:]: value
                for key, value in self.env.context.items()
                if key.startswith("default_") and key[8:] in self._fields
            }
            for vals in vals_list:
                if not self.env.su:
                    dpo_input.check_computed_fields(self, vals)
                    dpo_input.check_context_defaults(self, vals)
                dpo_input.check_values(self, {**defaults, **vals})
        return super().create(vals_list)

    def write(self, vals):
        if self._original_module == "dpo_records":
            if not self.env.su:
                dpo_input.check_computed_fields(self, vals)
            dpo_input.check_values(self, vals)
        return super().write(vals)
