import base64

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

FILE = base64.b64encode("Работа обучающегося.".encode())
# The message of the generic guard of models/base.py on computed and related fields.
COMPUTED = "cannot be written: computed from the other values"
DEFAULT_REFUSED = "is set by the application and takes no default value from the client"


@tagged("post_install", "-at_install")
class TestForceUnlink(DpoCase):
    """Odoo skips `@api.ondelete(at_uninstall=False)` guards when the context carries
    `_force_unlink`, which any client can send over RPC: every guard of the addon still refuses,
    whoever sends it, as the role that has the right to delete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment._change_state("enrolled", date="2026-03-02")
        cls.subject_credit, cls.subject_exam = cls.program.subject_ids
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        # A work presented at a statement, reviewed, then the statement signed: locked.
        cls.sheet = cls.env["dpo.attestation.sheet"].create(
            {
                "group_id": cls.group.id,
                "subject_id": cls.subject_credit.id,
                "date": "2026-03-06",
                "form": "credit",
                "examiner_ids": [Command.set(cls.teacher.ids)],
            }
        )
        cls.work = cls.env["dpo.portfolio.item"].create(
            {
                "name": "Программа инструктажа",
                "enrollment_id": cls.enrollment.id,
                "subject_id": cls.subject_credit.id,
                "sheet_id": cls.sheet.id,
                "file": FILE,
                "file_name": "work.txt",
            }
        )
        cls.review = cls.env["dpo.portfolio.review"].create({"item_id": cls.work.id, "mark": "5"})
        cls.sheet.line_ids.write({"result": "pass"})
        cls.sheet.with_user(cls.teacher).action_sign()
        cls._signed_sheet(cls.subject_exam, {cls.enrollment: "pass"}, "2026-03-10")
        cls.protocol = cls.env["dpo.protocol"].create(
            {
                "group_id": cls.group.id,
                "commission_id": cls.commission.id,
                "date": "2026-03-13",
                "final_form": "exam",
            }
        )
        cls.protocol.line_ids.write({"result": "passed", "grade": "5"})
        cls.protocol.action_sign()
        # A lesson with a recorded cell.
        cls.lesson = cls.env["dpo.lesson"].create(
            {
                "group_id": cls.group.id,
                "date": "2026-03-03",
                "subject_id": cls.subject_credit.id,
                "hours": 2,
                "teacher_id": cls.teacher.id,
            }
        )
        cls.lesson.attendance_ids.write({"presence": "present"})
        # An award, and a kind of award already given.
        cls.kind = cls.env["dpo.award.kind"].create({"name": "Благодарственное письмо"})
        cls.award = (
            cls.env["dpo.award"]
            .with_user(cls.specialist)
            .create(
                {
                    "enrollment_id": cls.enrollment.id,
                    "award_kind": cls.kind.id,
                    "date": "2026-03-12",
                    "basis": "Приказ № 15-П от 12.03.2026",
                }
            )
        )
        # A reviewed self-study report.
        cls.report = (
            cls.env["dpo.self.study.report"]
            .with_user(cls.specialist)
            .create(
                {
                    "name": "Анализ рисков",
                    "enrollment_id": cls.enrollment.id,
                    "subject_id": cls.subject_credit.id,
                    "file": FILE,
                    "file_name": "report.txt",
                }
            )
        )
        cls.report.with_user(cls.teacher).write({"mark": "4"})
        cls.report.with_user(cls.teacher).action_review()
        cls.order = cls.env["dpo.order"].create(
            {"order_type": "organize", "group_id": cls.group.id, "date": "2026-03-01"}
        )
        cls.order.with_user(cls.director).action_sign()

    def test_force_unlink_key_skips_no_guard(self):
        sheet_line = self.sheet.line_ids[:1]
        table = [
            # (record, the role that may delete such records, the guard's message)
            (self.learner, self.specialist, "A learner with enrolments is part of the individual record"),
            (self.group, self.specialist, "has started or has enrolled learners"),
            (self.enrollment, self.specialist, "Only draft enrolments can be deleted"),
            (self.lesson, self.specialist, "has recorded journal cells"),
            (self.commission, self.specialist, "A commission appointed by an order cannot be deleted"),
            (sheet_line, self.specialist, "signed statement cannot be changed"),
            (self.protocol.line_ids[:1], self.specialist, "signed protocol cannot be changed"),
            (self.award, self.specialist, "A recorded award .* cannot be deleted"),
            (self.kind, self.director, "A kind of award already given cannot be deleted"),
            (self.report, self.specialist, "A reviewed self-study report .* cannot be deleted"),
            (self.work, self.specialist, "the work, its reviews and its marks can no longer change"),
            (
                self.review,
                self.specialist,
                "a review or mark on it can no longer be added, changed or deleted",
            ),
            # Already guarded with at_uninstall=True by the signed-document mechanism.
            (self.sheet, self.specialist, "cannot be deleted"),
            (self.protocol, self.specialist, "cannot be deleted"),
            (self.order, self.specialist, "signed.*cannot be deleted"),
        ]
        for record, user, message in table:
            self.assertTrue(record)
            with self.subTest(model=record._name, user=user.login):
                with self.assertRefused(UserError, message):
                    record.with_user(user).with_context(_force_unlink=True).unlink()
                self.assertTrue(record.exists())
        self.assertEqual(self.lesson.attendance_ids.presence, "present")
        self.assertEqual(self.enrollment.final_result, "passed")

    def test_guards_without_the_key_unchanged(self):
        """The guards still run without the key, and the superuser's uninstall still passes."""
        with self.assertRefused(UserError, "has recorded journal cells"):
            self.lesson.with_user(self.specialist).unlink()
        draft = self.env["dpo.lesson"].create(
            {
                "group_id": self.group.id,
                "date": "2026-03-04",
                "subject_id": self.subject_credit.id,
                "hours": 2,
                "teacher_id": self.teacher.id,
            }
        )
        draft.with_user(self.specialist).unlink()
        self.assertFalse(draft.exists())
        self.award.sudo().with_context(_force_unlink=True).unlink()
        self.assertFalse(self.award.exists())


@tagged("post_install", "-at_install")
class TestContextDefaults(DpoCase):
    """A `default_<field>` key of the context is stored like a value: refused for the fields the
    application sets (readonly), for any user but the superuser."""

    def test_enrolment_created_completed_by_context_defaults(self):
        Enrollment = self.env["dpo.enrollment"].with_user(self.specialist)
        learner = self.env["dpo.learner"].create({"last_name": "Новиков", "first_name": "Олег"})
        count = Enrollment.search_count([])
        for context in (
            {"default_state": "completed"},
            {"default_final_result": "passed"},
            {"default_date_enrolled": "2026-03-02"},
        ):
            with self.subTest(context=context), self.assertRefused(UserError, DEFAULT_REFUSED):
                Enrollment.with_context(**context).create(
                    {"learner_id": learner.id, "group_id": self.group.id}
                )
        self.assertEqual(Enrollment.search_count([]), count)
        self.assertFalse(learner.enrollment_ids)
        # Writable fields still take the defaults of the actions (the group's «Learners»).
        enrollment = Enrollment.with_context(default_group_id=self.group.id).create(
            {"learner_id": learner.id}
        )
        self.assertEqual((enrollment.group_id, enrollment.state), (self.group, "draft"))

    def test_group_created_closed_by_context_default(self):
        Group = self.env["dpo.group"].with_user(self.specialist)
        count = Group.search_count([])
        with self.assertRefused(UserError, DEFAULT_REFUSED):
            Group.with_context(default_journal_state="closed").create(
                {
                    "name": "T-09",
                    "program_id": self.program.id,
                    "date_start": "2026-05-04",
                    "date_end": "2026-05-15",
                }
            )
        self.assertEqual(Group.search_count([]), count)
        self.assertFalse(self.env["dpo.group"].search([("name", "=", "T-09")]))

    def test_document_defaults_do_not_reach_its_lines(self):
        """A statement made from a group's context (`default_group_id`) still gets its lines:
        the keys meant for the statement are not taken for its lines' related group."""
        self.enrollment._change_state("enrolled", date="2026-03-02")
        sheet = (
            self.env["dpo.attestation.sheet"]
            .with_user(self.specialist)
            .with_context(default_group_id=self.group.id)
            .create({"subject_id": self.program.subject_ids[0].id, "form": "credit"})
        )
        self.assertEqual(sheet.group_id, self.group)
        self.assertEqual(sheet.line_ids.enrollment_id, self.enrollment)


@tagged("post_install", "-at_install")
class TestComputedFieldsWritten(DpoCase):
    """A computed or related readonly field follows other values: written through the ORM, a
    stored one would keep the forged value. Refused on every model of the addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Центр Б"})
        cls.program_b = cls.env["dpo.program"].create(
            {"name": "Электробезопасность", "program_kind": "pk", "hours": 16}
        )
        cls.enrollment._change_state("enrolled", date="2026-03-02")
        cls.lesson = cls.env["dpo.lesson"].create(
            {
                "group_id": cls.group.id,
                "date": "2026-03-03",
                "subject_id": cls.program.subject_ids[0].id,
                "hours": 2,
                "teacher_id": cls.teacher.id,
            }
        )

    def test_enrolment_related_fields_refused(self):
        enrollment = self.enrollment.with_user(self.specialist)
        for vals in (
            {"learner_name": "Подделкин Иван"},
            {"company_id": self.company_b.id},
            {"program_id": self.program_b.id},
        ):
            with self.subTest(vals=list(vals)), self.assertRefused(UserError, COMPUTED):
                enrollment.write(vals)
        self.env.invalidate_all()
        self.assertEqual(self.enrollment.learner_name, "Иванов Пётр Сергеевич")
        self.assertEqual(self.learner.name, "Иванов Пётр Сергеевич")
        self.assertEqual((self.enrollment.company_id, self.group.company_id), (self.company, self.company))
        self.assertEqual((self.enrollment.program_id, self.group.program_id), (self.program, self.program))
        # Nor on create.
        learner = self.env["dpo.learner"].create({"last_name": "Новиков", "first_name": "Олег"})
        with self.assertRefused(UserError, "«Learner Name» cannot be written"):
            self.env["dpo.enrollment"].with_user(self.specialist).create(
                {"learner_id": learner.id, "group_id": self.group.id, "learner_name": "Подделкин Иван"}
            )
        self.assertFalse(learner.enrollment_ids)

    def test_lesson_related_fields_and_stored_flag_refused(self):
        lesson = self.lesson.with_user(self.specialist)
        self.assertFalse(self.lesson.is_marked)
        for vals in ({"is_marked": True}, {"company_id": self.company_b.id}, {"journal_state": "closed"}):
            with self.subTest(vals=list(vals)), self.assertRefused(UserError, COMPUTED):
                lesson.write(vals)
        self.env.invalidate_all()
        self.assertFalse(self.lesson.is_marked)
        self.assertEqual(self.lesson.company_id, self.company)
        self.assertEqual(self.group.journal_state, "open")
        # The lesson is still planned and marked as before.
        lesson.write({"topic": "Вводное занятие"})
        self.lesson.attendance_ids.with_user(self.specialist)._write_with_reason(
            {"presence": "present"}, "Запись с опозданием"
        )
        self.assertTrue(self.lesson.is_marked)


@tagged("post_install", "-at_install")
class TestCompanyToday(DpoCase):
    """«Today» of a rule is the company's, never the client's `tz`."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Moscow"

    @freeze_time("2026-03-10 12:00:00")
    def test_order_dated_tomorrow_not_signed_with_a_far_east_tz(self):
        # 15:00 in Moscow on 10 March; already 11 March on Kiritimati (UTC+14).
        order = self.env["dpo.order"].create(
            {"order_type": "organize", "group_id": self.group.id, "date": "2026-03-11"}
        )
        with self.assertRefused(UserError, "An order cannot be dated later than today"):
            order.with_user(self.director).with_context(tz="Pacific/Kiritimati").action_sign()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.name)

    @freeze_time("2026-03-10 22:00:00")
    def test_birth_date_bounds_counted_in_the_company_zone(self):
        # 11 March already in Vladivostok, 10 March on the server (UTC).
        self.company.partner_id.tz = "Asia/Vladivostok"
        learner = (
            self.env["dpo.learner"]
            .with_user(self.specialist)
            .create({"last_name": "Юнусов", "first_name": "Марат", "birth_date": "2012-03-11"})
        )
        self.assertEqual(str(learner.birth_date), "2012-03-11")
        with self.assertRefused(ValidationError, "a learner is at least 14 years old"):
            learner.with_user(self.specialist).write({"birth_date": "2012-03-12"})
        self.assertEqual(str(learner.birth_date), "2012-03-11")


@tagged("post_install", "-at_install")
class TestStatementLineCorrection(DpoCase):
    """The correction wizard of a signed statement's line shows the learner's name: it takes only
    lines the user may correct, and nobody reads another user's wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment._change_state("enrolled", date="2026-03-02")
        cls.sheet = cls._signed_sheet(cls.program.subject_ids[0], {cls.enrollment: "pass"}, "2026-03-10")
        cls.line = cls.sheet.line_ids
        cls.company_b = cls.env["res.company"].create({"name": "Центр Б"})
        cls.head_b = cls._user(
            "t_head_b",
            "dpo_records.group_dpo_head",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.head_two = cls._user("t_head_two", "dpo_records.group_dpo_head")
        cls.Wizard = cls.env["dpo.attestation.sheet.line.correct"]

    def test_head_of_another_company_cannot_take_the_line(self):
        count = self.Wizard.search_count([])
        with self.assertRefused(AccessError, "not a statement line you may correct"):
            self.Wizard.with_user(self.head_b).create({"line_id": self.line.id, "reason": "x"})
        with self.assertRaises(AccessError):
            self.Wizard.with_user(self.head_b).with_context(active_id=self.line.id).create({"reason": "x"})
        own = self.Wizard.with_user(self.head).create({"line_id": self.line.id, "reason": "x"})
        self.assertEqual(own.learner_name, self.enrollment.learner_name)
        self.assertEqual(self.Wizard.search_count([]), count + 1)

    def test_teacher_cannot_take_the_line(self):
        with self.assertRaises(AccessError):
            self.Wizard.with_user(self.teacher).create({"line_id": self.line.id, "reason": "x"})
        with self.assertRaises(AccessError):
            self.line.with_user(self.teacher)._correct({"result": "fail"}, "x")
        self.assertEqual(self.line.result, "pass")

    def test_nobody_reads_another_users_wizard(self):
        theirs = self.Wizard.with_user(self.head).create({"line_id": self.line.id, "reason": "x"})
        for user in (self.head_b, self.head_two):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    theirs.with_user(user).read(["learner_name"])
                self.assertFalse(self.Wizard.with_user(user).search([]))
        # The head corrects through their own wizard, with the reason in the ledger.
        theirs.write({"result": "fail", "reason": "Ошибка экзаменатора"})
        theirs.action_correct()
        self.assertEqual(self.line.result, "fail")


@tagged("post_install", "-at_install")
class TestJournalCheckLists(DpoCase):
    """A recorded journal check is immutable: the lists of checks edit only new rows."""

    def test_recorded_checks_are_read_only_in_the_lists(self):
        lists = [
            etree.fromstring(self.env.ref("dpo_records.dpo_journal_check_view_list").arch).xpath("//list")[0],
            etree.fromstring(self.env.ref("dpo_records.dpo_group_view_form_journal").arch).xpath(
                "//field[@name='journal_check_ids']/list"
            )[0],
        ]
        for view in lists:
            self.assertEqual(view.get("editable"), "top")
            for name in ("date", "result", "remarks"):
                with self.subTest(field=name):
                    self.assertEqual(view.xpath(f"field[@name='{name}']")[0].get("readonly"), "id")


@tagged("post_install", "-at_install")
class TestWizardsOfTheirMaker(DpoCase):
    """Wizards that show a learner (the admission of a protocol line) or hold the journal's
    workbook are read only by the user who made them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment._change_state("enrolled", date="2026-03-02")
        cls.company_b = cls.env["res.company"].create({"name": "Центр Б"})
        cls.head_b = cls._user(
            "t_head_b",
            "dpo_records.group_dpo_head",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})

    def test_admission_wizard_read_by_its_maker_only(self):
        protocol = self.env["dpo.protocol"].create(
            {
                "group_id": self.group.id,
                "commission_id": self._appoint_commission("2026-01-01", "2026-12-31").id,
                "date": "2026-03-13",
                "final_form": "exam",
            }
        )
        wizard = (
            self.env["dpo.protocol.line.admit"]
            .with_user(self.head)
            .create({"line_id": protocol.line_ids.id, "reason": "Пересдача"})
        )
        self.assertEqual(wizard.learner_name, self.enrollment.learner_name)
        with self.assertRaises(AccessError):
            wizard.with_user(self.head_b).read(["learner_name", "admission_note"])
        self.assertFalse(self.env["dpo.protocol.line.admit"].with_user(self.head_b).search([]))

    def test_journal_workbook_read_by_its_maker_only(self):
        export = self.env["dpo.journal.export"].with_user(self.teacher).create({"group_id": self.group.id})
        export.action_export()
        self.assertTrue(export.file)
        # teacher_other does not teach T-01: its learners and marks are not theirs to read.
        with self.assertRaises(AccessError):
            export.with_user(self.teacher_other).read(["file"])
        self.assertFalse(
            self.env["dpo.journal.export"].with_user(self.teacher_other).search_read([], ["file"])
        )
