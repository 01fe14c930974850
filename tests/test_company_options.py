from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

LAW_TITLES = {
    "certificate_pk": "Удостоверение о повышении квалификации",
    "diploma_pp": "Диплом о профессиональной переподготовке",
    "certificate_profession": "Свидетельство о профессии рабочего, должности служащего",
    "reference": "Справка об обучении",
}


class CompanyOptionsCase(DpoCase):
    def _save_settings(self, **values):
        """The director saves the education settings, as in Обучение → Configuration → Settings."""
        settings = self.env["dpo.config.settings"].with_user(self.director).create({})
        settings.write(values)
        settings.action_save()
        self.company.invalidate_recordset()


@tagged("post_install", "-at_install")
class TestStatementsPassFailOnly(CompanyOptionsCase):
    """Seed 004, 2.4: «Ведомости оформляются преподавателями с указанием соответствующей отметки
    (зачтено, не зачтено)». Where a centre's regulation says so, its statements record only
    зачтено / не зачтено, whatever the programme's scale and the form (a company option)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment._change_state("enrolled", date="2026-03-02")
        cls.exam_subject = cls.program.subject_ids.filtered(lambda s: s.attestation_form == "exam")
        cls.sheet = cls.env["dpo.attestation.sheet"].create(
            {
                "group_id": cls.group.id,
                "subject_id": cls.exam_subject.id,
                "form": "exam",
                "date": "2026-03-10",
                "examiner_ids": [(6, 0, cls.teacher.ids)],
            }
        )
        cls.line = cls.sheet.line_ids

    def test_off_by_default_the_programme_scale_applies(self):
        self.assertFalse(self.env["res.company"].create({"name": "Центр Б"}).dpo_statement_pass_fail_only)
        self.line.with_user(self.teacher).write({"result": "5"})
        self.assertEqual(self.line.result, "5")

    def test_grade_refused_on_a_pass_fail_only_statement(self):
        self._save_settings(dpo_statement_pass_fail_only=True)
        self.assertTrue(self.company.dpo_statement_pass_fail_only)
        line = self.line.with_user(self.teacher)
        with self.assertRefused(
            ValidationError, r"Result «5 \(excellent\)» of Иванов Пётр Сергеевич is refused"
        ):
            line.write({"result": "5"})
        with self.assertRefused(ValidationError, "ведомости .* фиксируют только «зачтено» или «не зачтено»"):
            line.with_context(lang="ru_RU").write({"result": "4"})
        self.line.invalidate_recordset()
        self.assertFalse(self.line.result)
        # Зачтено on an exam is what the centre's statements record.
        line.write({"result": "pass"})
        self.sheet.with_user(self.teacher).action_sign()
        self.assertEqual((self.sheet.state, self.line.passed), ("signed", True))

    def test_option_set_after_filling_refuses_signing(self):
        self.line.with_user(self.teacher).write({"result": "4"})
        self._save_settings(dpo_statement_pass_fail_only=True)
        with self.assertRefused(ValidationError, "record only «pass» or «fail»"):
            self.sheet.with_user(self.teacher).action_sign()
        self.sheet.invalidate_recordset()
        self.assertEqual(self.sheet.state, "draft")
        self.assertFalse(self.sheet.signed_copy_id)


@tagged("post_install", "-at_install")
class TestDocumentTitles(CompanyOptionsCase):
    """Seed 000, 2.7 words the document «диплом о дополнительном профессиональном образовании»;
    the law names an удостоверение for upskilling and a диплом for retraining. The law's title is
    the default; a centre renames the printed title of each kind, never the kind FIS FRDO gets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})

    def test_law_titles_by_default(self):
        company_b = self.env["res.company"].create({"name": "Центр Б"})
        for kind, title in LAW_TITLES.items():
            with self.subTest(kind=kind):
                self.assertEqual(self.company._dpo_document_title(kind), title)
                self.assertEqual(company_b._dpo_document_title(kind), title)
        with self.assertRaises(ValueError):
            self.company._dpo_document_title("diploma_fake")

    def test_director_renames_the_printed_title_not_the_kind(self):
        title = "Диплом о дополнительном профессиональном образовании"
        self._save_settings(dpo_title_certificate_pk=title)
        self.assertEqual(self.company._dpo_document_title("certificate_pk"), title)
        self.assertEqual(self.company._dpo_document_title("diploma_pp"), LAW_TITLES["diploma_pp"])
        # The kind of the document (what FIS FRDO receives) stays the law's.
        self.assertEqual(self.program.document_kind, "certificate_pk")
        # The protocol's decision prints the centre's title.
        self.enrollment._change_state("enrolled", date="2026-03-02")
        for subject in self.program.subject_ids:
            self._signed_sheet(subject, {self.enrollment: "pass"}, "2026-03-10")
        commission = self._appoint_commission("2026-01-01", "2026-12-31")
        protocol = self.env["dpo.protocol"].create(
            {"group_id": self.group.id, "commission_id": commission.id, "date": "2026-03-13"}
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.action_sign()
        self.assertEqual(protocol.line_ids.decision, "certificate_pk")
        html = " ".join(self._printed_html("dpo_records.action_report_protocol", protocol).split())
        self.assertIn(f"и выдать «{title}»: Иванов Пётр Сергеевич", html)
        # Emptied, the title is the law's again.
        self._save_settings(dpo_title_certificate_pk="  ")
        self.assertEqual(self.company._dpo_document_title("certificate_pk"), LAW_TITLES["certificate_pk"])

    def test_only_the_director_renames(self):
        with self.assertRefused(AccessError, "res.company|Company"):
            self.company.with_user(self.head).write({"dpo_title_certificate_pk": "Сертификат"})
        with self.assertRefused(AccessError, "dpo.config.settings"):
            self.env["dpo.config.settings"].with_user(self.specialist).create(
                {"dpo_title_diploma_pp": "Сертификат"}
            )
        self.company.invalidate_recordset()
        self.assertEqual(self.company._dpo_document_title("certificate_pk"), LAW_TITLES["certificate_pk"])
        self.assertEqual(self.company._dpo_document_title("diploma_pp"), LAW_TITLES["diploma_pp"])
