from odoo import api, fields, models


class DpoNomenclaturePresetApply(models.TransientModel):
    """Apply a preset to a company's nomenclature of files: shows what it would change; where it
    would shorten the retention of cases already filed, the director confirms with a reason."""

    _name = "dpo.nomenclature.preset.apply"
    _description = "Apply a Nomenclature Preset"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    preset_id = fields.Many2one("dpo.nomenclature.preset", required=True)
    preset_description = fields.Text(related="preset_id.description")
    changes = fields.Text(compute="_compute_changes")
    shortens = fields.Boolean(compute="_compute_changes")
    reason = fields.Text(help="Needed when the preset shortens the retention of cases already filed.")

    @api.depends("company_id", "preset_id")
    def _compute_changes(self):
        for wizard in self:
            if (
                not (wizard.company_id and wizard.preset_id)
                or wizard.company_id not in self.env.user.company_ids
            ):
                wizard.changes, wizard.shortens = False, False
                continue
            plan = wizard.preset_id._plan(wizard.company_id)
            wizard.changes = wizard.preset_id._plan_text(plan)
            wizard.shortens = any(step["shortens"] for step in plan)

    def action_apply(self):
        self.ensure_one()
        self.preset_id._apply_to(self.company_id, reason=self.reason)
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_nomenclature_item_action")
        action["domain"] = [("company_id", "=", self.company_id.id)]
        return action
