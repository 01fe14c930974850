from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dpo_records.models import frdo_template

from .frdo_common import FrdoCase


@tagged("post_install", "-at_install")
class TestFrdoExport(FrdoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po_program = cls.env["dpo.program"].create(
            {
                "name": "Электромонтер",
                "program_kind": "po_prep",
                "hours": 160,
                "qualification_name": "Электромонтер",
            }
        )
        cls.po_group = cls.env["dpo.group"].create(
            {
                "name": "ПО-01",
                "program_id": cls.po_program.id,
                "date_start": "2026-02-02",
                "date_end": "2026-03-13",
            }
        )
        cls.po_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.other_learner.id, "group_id": cls.po_group.id}
        )

    def _export(self, user=None, **values):
        wizard = (
            self.env["dpo.frdo.export"]
            .with_user(user or self.specialist)
            .create({"date_from": "2026-03-01", "date_to": "2026-03-31", **values})
        )
        wizard.action_export()
        return wizard

    def test_file_has_the_template_headers_in_order_and_formats(self):
        document = self._issued_document(number="000123", series=False)
        wizard = self._export()
        self.assertEqual(wizard.state, "done")
        sheets, rows = self._xlsx(wizard.attachment_id)
        self.assertEqual(sheets, ["Шаблон"])
        self.assertEqual(len(rows[0]), 40)
        self.assertEqual(rows[0], [header for header, _cell in frdo_template.DPO_TEMPLATE])
        self.assertEqual(rows[0][0], "Вид документа")
        self.assertEqual(rows[0][-1], "Номер документа для изменения")
        self.assertEqual(len(rows), 2)
        row = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(row["Вид документа"], "Удостоверение о повышении квалификации")
        self.assertEqual(row["Статус документа"], "Оригинал")
        self.assertEqual(row["Подтверждение утраты"], "Нет")
        self.assertEqual(row["Серия документа"], "нет")
        self.assertEqual(row["Номер документа"], "000123")
        self.assertEqual(row["Дата выдачи документа"], "20.03.2026")
        self.assertEqual(row["Регистрационный номер"], document.name)
        self.assertEqual(row["Дата рождения получателя"], "01.05.1990")
        self.assertEqual(row["Пол получателя"], "Муж")
        self.assertEqual(row["СНИЛС"], "112-233-445 95")
        self.assertEqual(row["Гражданство получателя (код страны по ОКСМ)"], "643")
        self.assertEqual(row["Форма обучения"], "Очная")
        self.assertEqual(row["Источник финансирования обучения"], "Платное обучение")
        self.assertEqual(row["Год начала обучения"], 2026)
        self.assertEqual(row["Срок обучения, часов"], 40)
        self.assertEqual(row["Уровень образования ВО/СПО"], "Высшее образование")
        self.assertEqual(row["Фамилия, указанная в дипломе о ВО или СПО"], "Иванов")
        self.assertIsNone(row["Регистрационный N (оригинала)"])

    def test_vocational_template_has_35_columns_and_profession(self):
        self._issued_document(
            kind="certificate_profession",
            enrollment=self.po_enrollment,
            number="77",
            series="ПО",
            program_kind="po_prep",
            program_name="Электромонтер",
            qualification_name="Электромонтер по ремонту",
            profession_rank="3 разряд",
            recipient_last_name="Сидорова",
            recipient_first_name="Анна",
            recipient_patronymic=False,
            recipient_gender="female",
            recipient_snils="123-456-789 64",
            education_level=False,
        )
        self._issued_document(number="000124")  # an удостоверение: not in the vocational file
        wizard = self._export(template="po")
        _sheets, rows = self._xlsx(wizard.attachment_id)
        self.assertEqual(rows[0], [header for header, _cell in frdo_template.PO_TEMPLATE])
        self.assertEqual(len(rows[0]), 35)
        self.assertEqual(len(rows), 2)
        row = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(row["Вид документа"], "Свидетельство о профессии рабочего, должности служащего")
        self.assertEqual(
            row[frdo_template.PO_PROGRAM_HEADER],
            "Профессиональная подготовка по профессиям рабочих, должностям служащих",
        )
        self.assertEqual(
            row["Наименование профессии рабочего, должности служащего"], "Электромонтер по ремонту"
        )
        self.assertEqual(row["Присвоенный разряд, класс, категория"], "3 разряд")
        self.assertEqual(row["Пол получателя"], "Жен")
        self.assertEqual(row["Серия документа"], "ПО")
        self.assertIsNone(row["Отчество получателя"])

    def test_exported_documents_record_the_date_and_the_file(self):
        first = self._issued_document(number="1")
        second = self._issued_document(number="2", issue_date="2026-03-21")
        outside = self._issued_document(number="3", issue_date="2026-04-02")
        with freeze_time("2026-04-03"):
            wizard = self._export()
        self.assertEqual(wizard.document_count, 2)
        for document in first | second:
            self.assertEqual(document.frdo_export_date, date(2026, 4, 3))
            self.assertEqual(document.frdo_export_attachment_id, wizard.attachment_id)
        self.assertFalse(outside.frdo_export_date)
        # Exported documents stay out of the next export of not yet exported ones.
        again = (
            self.env["dpo.frdo.export"]
            .with_user(self.specialist)
            .create({"date_from": "2026-03-01", "date_to": "2026-04-30"})
        )
        again.action_export()
        _sheets, rows = self._xlsx(again.attachment_id)
        self.assertEqual([row[8] for row in rows[1:]], [outside.name])

    def test_bad_snils_is_reported_and_no_file_made(self):
        good = self._issued_document(number="1")
        bad = self._issued_document(number="2", recipient_snils="112-233-445 96")
        attachments = self.env["ir.attachment"].search_count([])
        wizard = self._export()
        self.assertEqual(wizard.state, "errors")
        self.assertFalse(wizard.attachment_id)
        self.assertEqual(wizard.error_ids.document_id, bad)
        self.assertRegex(wizard.error_ids.message, "112-233-445 96.*checksum")
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        self.assertFalse((good | bad).filtered("frdo_export_date"))
        self.assertFalse((good | bad).frdo_export_attachment_id)

    def test_errors_read_in_russian(self):
        self._issued_document(number="1", recipient_snils="112-233-445 96", recipient_last_name="Ивaнов")
        wizard = (
            self.env["dpo.frdo.export"]
            .with_user(self.specialist)
            .with_context(lang="ru_RU")
            .create({"date_from": "2026-03-01", "date_to": "2026-03-31"})
        )
        wizard.action_export()
        self.assertRegex(wizard.error_ids.message, "СНИЛС «112-233-445 96»: неверная контрольная сумма")
        self.assertRegex(wizard.error_ids.message, "латинские буквы a, похожие на кириллические")

    def test_latin_lookalike_and_spaces_in_names_are_reported(self):
        # «Иванов» with a Latin «a», «Пётр» with a doubled space, a non-breaking space.
        latin = self._issued_document(number="1", recipient_last_name="Ивaнов")
        spaces = self._issued_document(number="2", recipient_first_name="Анна  Мария")
        nbsp = self._issued_document(number="3", recipient_patronymic="Сергеевна\xa0Ли")
        wizard = self._export()
        self.assertEqual(wizard.state, "errors")
        self.assertFalse(wizard.attachment_id)
        messages = {line.document_id: line.message for line in wizard.error_ids}
        self.assertRegex(messages[latin], "Latin letters a ")
        self.assertRegex(messages[spaces], "doubled spaces")
        self.assertRegex(messages[nbsp], "non-breaking space")
        self.assertFalse((latin | spaces | nbsp).filtered("frdo_export_date"))

    def test_lengths_dates_citizenship_and_required_fields_are_checked(self):
        document = self._issued_document(
            number="1",
            recipient_last_name="Б" * 51,
            recipient_citizenship_code="RU",
            recipient_birth_date=date(2027, 1, 1),
            funding=False,
        )
        document._write_signing({"name": "Р" * 31})
        wizard = self._export()
        self.assertFalse(wizard.attachment_id)
        message = wizard.error_ids.filtered(lambda line: line.document_id == document).message
        self.assertRegex(message, "Registration number .* longer than 30")
        self.assertRegex(message, "Last name .* longer than 50")
        self.assertRegex(message, "citizenship code «RU»")
        self.assertRegex(message, "birth date 01.01.2027")
        self.assertRegex(message, "Funding is missing")

    def test_registration_numbers_differing_only_in_case_are_reported(self):
        first = self._issued_document(number="1")
        second = self._issued_document(number="2")
        first._write_signing({"name": "12-АБ/2026"})
        second._write_signing({"name": "12-аб/2026"})
        wizard = self._export()
        self.assertEqual(wizard.error_ids.document_id, first | second)
        self.assertRegex(wizard.error_ids[0].message, "borne by another document")

    def test_teacher_and_archivist_cannot_export(self):
        self._issued_document(number="1")
        for user in (self.teacher, self.archivist):
            with self.assertRefused(AccessError, r"\(dpo\.frdo\.export\)"):
                self.env["dpo.frdo.export"].with_user(user).create({"date_from": "2026-03-01"})
        wizard = self.env["dpo.frdo.export"].with_user(self.specialist).create({"date_from": "2026-03-01"})
        with self.assertRefused(AccessError, "Only the registrar"):
            wizard.with_user(self.archivist).action_export()
        self.assertFalse(self.env["dpo.document"].search([("frdo_export_date", "!=", False)]))


@tagged("post_install", "-at_install")
class TestFrdoDeadlineReminder(FrdoCase):
    def test_one_activity_per_document_nearing_the_deadline_never_twice(self):
        self.company.dpo_frdo_deadline_days = 30
        today = date(2026, 4, 20)
        near = self._issued_document(issue_date=today - timedelta(days=25), number="1")
        overdue = self._issued_document(issue_date=today - timedelta(days=40), number="2")
        far = self._issued_document(issue_date=today - timedelta(days=5), number="3")
        exported = self._issued_document(issue_date=today - timedelta(days=26), number="4")
        exported._write_signing({"frdo_export_date": today - timedelta(days=1)})
        todo = self.env.ref("mail.mail_activity_data_todo")

        def activities(document):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "dpo.document"),
                    ("res_id", "=", document.id),
                    ("activity_type_id", "=", todo.id),
                ]
            )

        with freeze_time(today):
            self.env["dpo.document"]._cron_frdo_deadline_reminders()
        self.assertEqual(len(activities(near)), 1)
        self.assertEqual(activities(near).user_id, self.specialist)
        self.assertEqual(activities(near).date_deadline, near.frdo_deadline)
        self.assertEqual(len(activities(overdue)), 1)
        self.assertFalse(activities(far))
        self.assertFalse(activities(exported))
        # Done or not, a reminded document is never reminded again.
        activities(overdue).action_feedback(feedback="Reported")
        with freeze_time(today + timedelta(days=1)):
            self.env["dpo.document"]._cron_frdo_deadline_reminders()
        self.assertEqual(len(activities(near)), 1)
        self.assertFalse(activities(overdue))
        self.assertFalse(activities(far))
        # Later the far one nears its deadline and gets its own reminder.
        with freeze_time(today + timedelta(days=20)):
            self.env["dpo.document"]._cron_frdo_deadline_reminders()
        self.assertEqual(len(activities(far)), 1)
        self.assertEqual(len(activities(near)), 1)

    def test_reminder_goes_to_a_company_specialist_when_the_issuer_is_not_one(self):
        self.company.dpo_frdo_deadline_days = 30
        former = self._user("t_former_registrar", "dpo_records.group_dpo_specialist")
        document = self._issued_document(issue_date=date(2026, 3, 1), number="1", user=former)
        former.active = False
        with freeze_time("2026-03-28"):
            self.env["dpo.document"]._cron_frdo_deadline_reminders()
        specialists = self.env.ref("dpo_records.group_dpo_specialist").users.filtered(
            lambda user: self.company in user.company_ids
        )
        self.assertIn(document.activity_ids.user_id, specialists)
        self.assertEqual(len(document.activity_ids), 1)
