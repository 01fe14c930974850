from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VALID_SNILS
from .retention_common import RetentionCase

ANONYMOUS = "Обезличен Обезличен"


@tagged("post_install", "-at_install")
class TestAnonymization(RetentionCase):
    """152-ФЗ: a learner whose data no kept record needs any more is anonymised (names,
    contacts, СНИЛС, birth date, documents), and that is recorded in an act on the destruction
    of personal data; issued documents keep the data frozen in them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A learner of the centre's historical book: completed long ago, only the issued
        # certificate is left of the training.
        cls.former = cls.env["dpo.learner"].create(
            {
                "last_name": "Ковалева",
                "first_name": "Ирина",
                "patronymic": "Олеговна",
                "birth_date": "1985-07-14",
                "snils": "087-654-303 00",
                "email": "kovaleva@example.com",
                "phone": "+7 900 000-00-00",
                "education_doc_series": "1077",
                "education_doc_number": "0654321",
            }
        )
        former_group = cls.env["dpo.group"].create(
            {
                "name": "T-03",
                "program_id": cls.program.id,
                "date_start": "2026-04-06",
                "date_end": "2026-04-17",
                "teacher_ids": [(6, 0, cls.teacher.ids)],
            }
        )
        cls.former_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.former.id, "group_id": former_group.id}
        )
        cls.former_enrollment._change_state("enrolled", date="2026-04-06")
        cls.former_enrollment._change_state("completed", date="2026-04-17")
        cls.issued = (
            cls.env["dpo.document"]
            .with_user(cls.specialist)
            ._import_issued(
                [
                    {
                        "enrollment_id": cls.former_enrollment.id,
                        "document_kind": "certificate_pk",
                        "number": "И-0007",
                        "name": "И-2019-0007",
                        "issue_date": "2026-04-17",
                        "imported": True,
                        "recipient_last_name": "Ковалева",
                        "recipient_first_name": "Ирина",
                        "recipient_patronymic": "Олеговна",
                        "recipient_birth_date": "1985-07-14",
                        "recipient_snils": cls.former.snils,
                        "program_name": cls.program.name,
                        "program_kind": "pk",
                        "program_hours": 40,
                    }
                ]
            )
            .with_env(cls.env)
        )
        cls.former.message_post(body="Паспорт 4510 123456 проверен")

    def _frozen(self, document):
        document.invalidate_recordset()
        return document.read(
            [
                "recipient_last_name",
                "recipient_first_name",
                "recipient_patronymic",
                "recipient_birth_date",
                "recipient_snils",
                "recipient_name",
                "program_name",
                "state",
            ]
        )

    def test_anonymisation_keeps_issued_documents_frozen_data(self):
        frozen = self._frozen(self.issued)
        book_before = self._printed_html("dpo_records.action_report_dpo_document", self.issued)
        self.assertIn("Ковалева", book_before)
        action = self.former.with_user(self.archivist).action_anonymize()
        learner = self.former.sudo()
        learner.invalidate_recordset()
        self.assertEqual(learner.name, ANONYMOUS)
        self.assertEqual(
            (learner.last_name, learner.first_name, learner.patronymic), ("Обезличен", "Обезличен", False)
        )
        for field in (
            "birth_date",
            "snils",
            "education_doc_series",
            "education_doc_number",
            "email",
            "phone",
        ):
            self.assertFalse(learner[field], field)
        self.assertEqual(learner.partner_id.name, ANONYMOUS)
        self.assertTrue(learner.anonymized_full and learner.anonymized_date)
        # Nothing of the old data is left in the chatter either.
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "dpo.learner"), ("res_id", "=", learner.id)])
        )
        self.assertFalse(
            messages.filtered(lambda m: "Ковалева" in (m.body or "") or "Паспорт" in (m.body or ""))
        )
        self.assertFalse(
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [("mail_message_id.model", "=", "dpo.learner"), ("mail_message_id.res_id", "=", learner.id)]
            )
        )
        # The issued document keeps what was written in it, and the book prints it.
        self.assertEqual(self._frozen(self.issued), frozen)
        self.assertIn("Ковалева", self._printed_html("dpo_records.action_report_dpo_document", self.issued))
        # The act on the destruction of personal data.
        act = learner.personal_data_act_id
        self.assertEqual(action["res_id"], act.id)
        self.assertEqual((act.state, act.reason, act.method), ("done", "not_needed", "anonymization"))
        self.assertEqual(act.line_ids.subject_name, "Ковалева Ирина Олеговна")
        self.assertTrue(act.line_ids.anonymized)
        for words in ("фамилия, имя, отчество", "СНИЛС", "дата рождения", "контактные данные"):
            self.assertIn(words, act.line_ids.categories)
        self.assertEqual(act.destroyed_by_id, self.archivist)
        self.assertEqual(act.operator_name, self.company.name)
        self.assertRegex(act.name, r"^1-ПД/\d{4}$")
        self.assertTrue(act.signed_copy_sha256)
        with self.assertRefused(UserError, "already anonymised"):
            self.former.with_user(self.archivist).action_anonymize()

    def test_learner_still_needed_is_not_anonymised(self):
        before = self.learner.sudo().read(["name", "snils", "birth_date"])
        for user in (self.archivist, self.director):
            with self.assertRefused(UserError, "still needed by records kept in the archive"):
                self.learner.with_user(user).action_anonymize()
        self.assertEqual(self.learner.sudo().read(["name", "snils", "birth_date"]), before)
        self.assertFalse(
            self.env["dpo.personal.data.act"]
            .search([])
            .filtered(lambda a: self.learner in a.line_ids.learner_id)
        )

    def test_withdrawn_consent_removes_the_contacts_the_record_does_not_need(self):
        self.learner.write({"email": "ivanov@example.com", "consent_date": "2026-03-01"})
        self.learner.write({"consent_withdrawn_date": "2026-06-01"})
        self.learner.with_user(self.archivist).action_anonymize()
        learner = self.learner.sudo()
        self.assertFalse(learner.email)
        self.assertEqual((learner.name, learner.snils), ("Иванов Пётр Сергеевич", VALID_SNILS))
        self.assertTrue(learner.anonymized_date)
        self.assertFalse(learner.anonymized_full)
        act = learner.personal_data_act_id
        self.assertEqual(act.reason, "consent_withdrawn")
        self.assertEqual(
            act.line_ids.categories,
            "контактные данные (адрес, телефоны, адрес электронной почты), фотография",
        )
        with self.assertRefused(UserError, "already removed"):
            self.learner.with_user(self.archivist).action_anonymize()

    def test_only_the_archivist_or_the_director_anonymises(self):
        for user in (self.teacher, self.specialist, self.head):
            with self.assertRefused(AccessError, "Only the archivist or the director anonymises"):
                self.former.with_user(user).action_anonymize()
        self.assertEqual(self.former.sudo().last_name, "Ковалева")
        self.assertFalse(self.former.sudo().anonymized_date)

    def test_destroying_the_last_records_anonymises_the_learner(self):
        """Group T-02's journal destroyed: Сидорова, whose only records were its cells, is
        anonymised by the execution; the act lists her with the data destroyed."""
        Case = self.env["dpo.archive.case"]
        self.other_enrollment._change_state("completed", date="2026-04-17")
        journal = self._case("journal", 2026, self.other_group, group=self.other_group)
        # A journal case closes once its journal is closed.
        self.other_group.with_user(self.head).action_close_journal()
        with self._on("2026-12-20"):
            self._run(Case._cron_close_cases)
        with self._on("2032-01-01"):
            self._retention_crons()
        act = self._approve(journal.destruction_act_id, "2032-01-10")
        with self._on("2032-01-11"):
            act.with_user(self.director).action_execute()
        pd_act = act.personal_data_act_id
        lines = {line.subject_name: line for line in pd_act.line_ids}
        self.assertEqual(set(lines), {"Сидорова Анна"})
        self.assertTrue(lines["Сидорова Анна"].anonymized)
        self.assertIn("сведения о посещаемости", lines["Сидорова Анна"].categories)
        self.assertIn("фамилия, имя, отчество", lines["Сидорова Анна"].categories)
        self.assertEqual(self.other_learner.sudo().name, ANONYMOUS)
        self.assertEqual((pd_act.reason, pd_act.method), ("retention", "deletion_anonymization"))
        self.assertEqual(pd_act.destruction_act_id, act)
        self.assertEqual(pd_act.destroyed_by_id, self.director)

    def test_personal_data_review_proposes_learners(self):
        self.learner.write({"consent_date": "2026-03-01", "consent_withdrawn_date": "2026-06-01"})
        Learner = self.env["dpo.learner"]
        self._run(Learner._cron_review_personal_data)
        self._run(Learner._cron_review_personal_data)  # again the same day: nothing twice
        self.assertEqual(
            (self.learner.anonymize_proposal, self.former.anonymize_proposal),
            ("consent_withdrawn", "not_needed"),
        )
        self.assertFalse(self.second.anonymize_proposal)  # her records are still kept
        for learner in (self.learner, self.former):
            todo = learner.activity_ids
            self.assertEqual(len(todo), 1)
            self.assertTrue(todo.user_id.has_group("dpo_records.group_dpo_archivist"))
        self.assertFalse(self.second.activity_ids)

    def test_personal_data_act_kept_as_drawn_up(self):
        self.former.with_user(self.archivist).action_anonymize()
        act = self.former.sudo().personal_data_act_id
        with self.assertRefused(UserError, "is drawn up: it cannot be changed"):
            act.sudo().write({"reason": "retention"})
        with self.assertRefused(UserError, "kept as it was made"):
            act.line_ids.sudo().write({"subject_name": "Другой"})
        with self.assertRefused(UserError, "destroyed only by a destruction act"):
            act.sudo().unlink()
        with self.assertRefused(AccessError, r"\(dpo\.personal\.data\.act\)"):
            act.with_user(self.archivist).unlink()
        self.assertEqual(act.line_ids.subject_name, "Ковалева Ирина Олеговна")
        text = self._printed_html("dpo_records.action_report_personal_data_act", act)
        for words in (
            "об уничтожении персональных данных",
            "Ковалева Ирина Олеговна",
            "Выгрузка из журнала регистрации событий",
            self.archivist.name,
        ):
            self.assertIn(words, text)
