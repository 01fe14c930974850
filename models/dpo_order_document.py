from odoo import models


class DpoOrder(models.Model):
    """A signed expulsion order's «Draft References»: the references of training of its learners
    (see dpo.document)."""

    _inherit = "dpo.order"

    def action_draft_references(self):
        self.ensure_one()
        self.env["dpo.document"]._draft_from_expulsion(self)
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_document_action")
        action["domain"] = [
            ("enrollment_id", "in", self.line_ids.enrollment_id.ids),
            ("document_kind", "=", "reference"),
        ]
        action["context"] = {"search_default_groupby_year": 0}
        return action
