from odoo import api, models


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _dpo_print_lang(self):
        """The language of every printed form: Russian whenever the database has it, the user's
        language otherwise, so that printing (and signing, which keeps the printed copy) never
        depends on a language that is not loaded."""
        for code in ("ru_RU", self.env.context.get("lang"), self.env.user.lang):
            if code and self._get_code(code):
                return code
        return "en_US"
