import os

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

MODULE_DIR = os.path.dirname(os.path.dirname(__file__))


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_term_translated_to_russian(self):
        terms = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, ["dpo_records"]
            )
            if module == "dpo_records" and source.strip()
        }
        po = polib.pofile(os.path.join(MODULE_DIR, "i18n", "ru.po"))
        translated = {entry.msgid for entry in po if entry.msgstr.strip() and "fuzzy" not in entry.flags}
        missing = sorted(terms - translated)
        self.assertFalse(missing, f"{len(missing)} terms lack a Russian translation: {missing[:20]}")

    def test_placeholders_kept_in_translation(self):
        po = polib.pofile(os.path.join(MODULE_DIR, "i18n", "ru.po"))
        for entry in po.translated_entries():
            for placeholder in ("%(", "%s"):
                self.assertEqual(entry.msgid.count(placeholder), entry.msgstr.count(placeholder), entry.msgid)
