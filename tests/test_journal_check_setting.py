from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestJournalCheckSetting(DpoCase):
    """Seed 002, 2.4: «Руководитель кафедры и (или) специалист по сопровождению образовательных
    программ контролирует правильность оформления журнала в течение всего срока обучения
    соответствующей учебной группы». Who records the journal checks is the company's setting:
    the head, the specialist, or either (the default); the director sets it in the education
    settings. Every check below is tried as the real user of its role."""

    def _set_checker(self, value):
        settings = self.env["dpo.config.settings"].with_user(self.director).create({})
        settings.dpo_journal_checker = value
        settings.action_save()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.dpo_journal_checker, value)

    def _check_as(self, user):
        return (
            self.env["dpo.journal.check"]
            .with_user(user)
            .create({"group_id": self.group.id, "result": "remarks", "remarks": "Не указаны темы"})
        )

    def _state(self):
        self.group.invalidate_recordset()
        return self.group.journal_check_ids, self.group.activity_ids

    def _assert_refused(self, user, message):
        before = self._state()
        with self.assertRefused(AccessError, message):
            self._check_as(user)
        self.assertEqual(self._state(), before)

    def test_default_is_head_or_specialist(self):
        company = self.env["res.company"].create({"name": "Новый центр"})
        self.assertEqual(company.dpo_journal_checker, "both")
        self.assertEqual(self.company.dpo_journal_checker, "both")
        self.assertEqual(
            self.env["dpo.config.settings"].with_user(self.director).create({}).dpo_journal_checker, "both"
        )

    def test_both_head_and_specialist_check(self):
        self._set_checker("both")
        by_specialist = self._check_as(self.specialist)
        by_head = self._check_as(self.head)
        by_director = self._check_as(self.director)
        self.assertEqual(
            (by_specialist | by_head | by_director).checker_id, self.specialist | self.head | self.director
        )
        self._assert_refused(
            self.teacher, "Only the head of department or a programme specialist checks journals"
        )
        self._assert_refused(
            self.archivist, "Only the head of department or a programme specialist checks journals"
        )

    def test_head_only(self):
        self._set_checker("head")
        self._assert_refused(self.specialist, "checked by the head of department only")
        self._assert_refused(self.teacher, "Only the head of department or a programme specialist")
        with self.assertRefused(AccessError, "проверяет только руководитель кафедры"):
            self.env["dpo.journal.check"].with_user(self.specialist).with_context(lang="ru_RU").create(
                {"group_id": self.group.id}
            )
        check = self._check_as(self.head)
        self.assertEqual(check.checker_id, self.head)
        # The director's role includes the head's.
        self.assertEqual(self._check_as(self.director).checker_id, self.director)

    def test_specialist_only(self):
        self._set_checker("specialist")
        self._assert_refused(self.head, "checked by programme specialists only")
        self._assert_refused(self.director, "checked by programme specialists only")
        self._assert_refused(self.teacher, "Only the head of department or a programme specialist")
        check = self._check_as(self.specialist)
        self.assertEqual(check.checker_id, self.specialist)
        # The teachers are told of the remarks, as after a head's check.
        activities = self.group.activity_ids.filtered(lambda a: a.note and "темы" in a.note)
        self.assertEqual(activities.user_id, self.group.teacher_ids)

    def test_setting_is_per_company(self):
        other = self.env["res.company"].create({"name": "Центр Б", "dpo_journal_checker": "head"})
        self._set_checker("specialist")
        self.assertEqual(other.dpo_journal_checker, "head")
        self.assertEqual(self._check_as(self.specialist).company_id, self.company)

    def test_only_the_director_sets_it_and_never_empty(self):
        with self.assertRefused(AccessError, "res.company|Company"):
            self.company.with_user(self.head).write({"dpo_journal_checker": "head"})
        with self.assertRefused(AccessError, "dpo.config.settings"):
            self.env["dpo.config.settings"].with_user(self.specialist).create(
                {"dpo_journal_checker": "specialist"}
            )
        settings = self.env["dpo.config.settings"].with_user(self.director).create({})
        settings.dpo_journal_checker = False
        with self.assertRefused(ValidationError, "Choose who records the checks of the journals"):
            settings.action_save()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.dpo_journal_checker, "both")
