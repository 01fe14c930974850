from odoo import api, fields, models
from odoo.exceptions import UserError


class DpoDocumentBookPrint(models.TransientModel):
    """Print one volume of the issuance book: every document issued (or cancelled) in the year,
    in the order of registration numbers."""

    _name = "dpo.document.book.print"
    _description = "Print the Issuance Book"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    volume = fields.Integer(
        required=True, default=1, help="Volume (том) of the book printed on the title page."
    )

    @api.constrains("volume", "year")
    def _check_values(self):
        for wizard in self:
            if wizard.volume < 1 or not 1900 < wizard.year < 2200:
                raise UserError(self.env._("Give a real year and a volume number from 1."))

    def action_print(self):
        self.ensure_one()
        documents = self.env["dpo.document"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("issue_year", "=", self.year),
                ("state", "!=", "draft"),
            ]
        )
        if not documents:
            raise UserError(self.env._("No document was issued in %(year)s.", year=self.year))
        action = self.env.ref("dpo_records.action_report_dpo_document_book").report_action(
            documents, data={"volume": self.volume, "year": self.year}
        )
        action["close_on_report_download"] = True
        return action
