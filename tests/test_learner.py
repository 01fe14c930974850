from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import VALID_SNILS, DpoCase


@tagged("post_install", "-at_install")
class TestLearner(DpoCase):
    def _create(self, **vals):
        return self.env["dpo.learner"].create({"last_name": "Петров", "first_name": "Илья", **vals})

    def test_full_name_and_normalisation(self):
        learner = self._create(patronymic="Ильич\xa0 ", snils="02345678955")
        self.assertEqual(learner.name, "Петров Илья Ильич")
        self.assertEqual(learner.partner_id.name, "Петров Илья Ильич")
        self.assertEqual(learner.snils, "023-456-789 55")
        learner.write({"last_name": "Петров-Водкин"})
        self.assertEqual(learner.partner_id.name, "Петров-Водкин Илья Ильич")
        self.assertEqual(learner.partner_id.company_id, self.company)

    def test_citizenship_oksm_code_from_pycountry(self):
        self.assertEqual(self.learner.citizenship_id, self.env.ref("base.ru"))
        self.assertEqual(self.learner.citizenship_code, "643")
        self.assertEqual(self.env.ref("base.kz").oksm_code, "398")
        self.assertEqual(self.env.ref("base.by").oksm_code, "112")

    def test_snils_wrong_checksum_refused(self):
        count = self.env["dpo.learner"].search_count([])
        with self.assertRefused(ValidationError, "wrong checksum"):
            self._create(snils="112-233-445 96")
        self.assertEqual(self.env["dpo.learner"].search_count([]), count)

    def test_snils_malformed_refused(self):
        for bad in ("112-233-445", "11223344595X", "abc-def-ghi jk"):
            with self.subTest(bad=bad), self.assertRefused(ValidationError, "must have 11 digits"):
                self._create(snils=bad)
        with self.assertRefused(ValidationError, "must have 11 digits"):
            self.learner.write({"snils": "1234"})
        self.learner.invalidate_recordset()
        self.assertEqual(self.learner.snils, VALID_SNILS)

    def test_snils_duplicate_in_company_refused(self):
        with self.assertRefused(ValidationError, "already exists in this company"):
            self._create(snils="11223344595")
        self.assertEqual(self.env["dpo.learner"].search_count([("snils", "=", VALID_SNILS)]), 1)

    def test_snils_same_in_other_company_allowed(self):
        other = self.env["res.company"].create({"name": "Другой центр"})
        learner = self._create(snils=VALID_SNILS, company_id=other.id)
        self.assertEqual(learner.company_id, other)

    def test_latin_lookalike_letters_refused(self):
        # "Иванoв" with a Latin "o", what FRDO checkers reject.
        with self.assertRefused(ValidationError, "only Cyrillic letters"):
            self._create(last_name="Иван\u006fв")
        self.assertFalse(self.env["dpo.learner"].search([("first_name", "=", "Илья")]))

    def test_name_too_long_refused(self):
        with self.assertRefused(ValidationError, "longer than 50"):
            self._create(patronymic="о" * 51)

    def test_birth_date_in_future_refused(self):
        with self.assertRefused(ValidationError, "must be in the past"):
            self.learner.write({"birth_date": "2999-01-01"})
        self.learner.invalidate_recordset()
        self.assertEqual(str(self.learner.birth_date), "1990-05-01")

    def test_consent_withdrawal_before_consent_refused(self):
        with self.assertRefused(ValidationError, "cannot be withdrawn before"):
            self.learner.write({"consent_date": "2026-02-01", "consent_withdrawn_date": "2026-01-15"})
        self.learner.invalidate_recordset()
        self.assertFalse(self.learner.consent_date)

    def test_learner_with_enrolment_cannot_be_deleted(self):
        with self.assertRefused(UserError, "cannot be deleted"):
            self.learner.unlink()
        self.assertTrue(self.learner.exists())
        learner = self._create()
        learner.unlink()
        self.assertFalse(learner.exists())
