import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase

WORK_FILE = base64.b64encode("Проект: программа вводного инструктажа.".encode())


@tagged("post_install", "-at_install")
class TestPortfolio(DpoCase):
    """Seed 004, 2.2: «формирование электронного портфолио обучающегося, в том числе сохранение
    работ обучающихся, рецензий и оценок на эти работы со стороны любых участников
    образовательного процесса»; seed 000, 2.3: «работы обучающихся на промежуточной и итоговой
    аттестации»."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        (cls.enrollment | cls.second_enrollment | cls.other_enrollment)._change_state(
            "enrolled", date="2026-03-02"
        )
        cls.subject_credit, cls.subject_exam = cls.program.subject_ids
        cls.employer = cls.env["res.partner"].create(
            {"name": "Орлова Вера Николаевна", "function": "Начальник отдела охраны труда ООО «Прогресс»"}
        )
        cls.reviewer = cls.env["res.partner"].create({"name": "Белов Андрей Петрович"})
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.sheet = cls.env["dpo.attestation.sheet"].create(
            {
                "group_id": cls.group.id,
                "subject_id": cls.subject_credit.id,
                "date": "2026-03-06",
                "form": "credit",
                "examiner_ids": [Command.set(cls.teacher.ids)],
            }
        )
        cls.Item = cls.env["dpo.portfolio.item"]
        cls.Review = cls.env["dpo.portfolio.review"]

    def _work(self, user=None, **vals):
        return self.Item.with_user(user or self.teacher).create(
            {
                "name": "Программа вводного инструктажа",
                "enrollment_id": self.enrollment.id,
                "subject_id": self.subject_credit.id,
                "file": WORK_FILE,
                "file_name": "project.txt",
                **vals,
            }
        )

    def _review(self, item, user=None, **vals):
        return self.Review.with_user(user or self.teacher).create({"item_id": item.id, **vals})

    def _sign_sheet(self):
        self.sheet.line_ids.write({"result": "pass"})
        self.sheet.with_user(self.teacher).action_sign()

    def test_works_reviews_and_marks_by_any_participant(self):
        work = self._work()
        by_teacher = self._review(work, text="Инструктаж составлен по Порядку обучения.", mark="5")
        by_employer = self._review(
            work,
            user=self.specialist,
            author_id=self.employer.id,
            author_role="employer",
            date="2026-03-05",
            text="Применимо на нашем предприятии.",
        )
        by_reviewer = self._review(
            work, user=self.head, author_id=self.reviewer.id, author_role="reviewer", mark="4"
        )
        self.assertEqual(work.review_ids, by_teacher | by_employer | by_reviewer)
        self.assertEqual(
            [(r.author_id, r.author_role, r.recorded_by_id) for r in (by_teacher, by_employer, by_reviewer)],
            [
                (self.teacher.partner_id, "teacher", self.teacher),
                (self.employer, "employer", self.specialist),
                (self.reviewer, "reviewer", self.head),
            ],
        )
        self.assertEqual(str(by_employer.date), "2026-03-05")
        self.assertTrue(by_teacher.date)
        self.assertEqual(base64.b64decode(work.file), base64.b64decode(WORK_FILE))
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        for text in (
            "Электронное портфолио",
            "Программа вводного инструктажа",
            "Орлова Вера Николаевна",
            "5 (отлично)",
        ):
            self.assertIn(text, card)

    def test_review_needs_text_or_mark_and_author_is_not_forged(self):
        work = self._work()
        count = self.Review.search_count([])
        with self.assertRefused(ValidationError, "A review needs its text, a mark, or both"):
            self._review(work, text="  ")
        with self.assertRefused(UserError, "recorded in the name of the user who records it"):
            self._review(work, text="Хорошо", recorded_by_id=self.head.id)
        self.assertEqual(self.Review.search_count([]), count)

    def test_mark_not_on_programme_scale_refused(self):
        work = self._work()
        count = self.Review.search_count([])
        with self.assertRefused(
            ValidationError, "Mark «Pass» is not on the scale of programme «Охрана труда»"
        ):
            self._review(work, mark="pass")
        self.assertEqual(self.Review.search_count([]), count)
        review = self._review(work, mark="3")
        with self.assertRefused(ValidationError, "не входит в шкалу программы"):
            review.with_user(self.teacher).with_context(lang="ru_RU").write({"mark": "fail"})
        self.assertEqual(review.mark, "3")

    def test_works_presented_at_statement_and_protocol_lines(self):
        work = self._work(sheet_id=self.sheet.id)
        line = self.sheet.line_ids.filtered(lambda line: line.enrollment_id == self.enrollment)
        self.assertEqual(work.sheet_line_id, line)
        self.assertFalse(work.locked)
        self._sign_sheet()
        self.assertTrue(work.locked)
        # The final attestation: a work defended before the commission, linked to the protocol line.
        self._signed_sheet(
            self.subject_exam, {self.enrollment: "pass", self.second_enrollment: "pass"}, "2026-03-10"
        )
        commission = self._appoint_commission("2026-01-01", "2026-12-31")
        protocol = self.env["dpo.protocol"].create(
            {
                "group_id": self.group.id,
                "commission_id": commission.id,
                "date": "2026-03-13",
                "final_form": "exam",
            }
        )
        final_work = self._work(name="Итоговая работа", protocol_id=protocol.id)
        self._review(
            final_work, user=self.specialist, author_id=self.employer.id, author_role="commission", mark="5"
        )
        self.assertEqual(final_work.protocol_line_id.enrollment_id, self.enrollment)
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.with_user(self.specialist).action_sign()
        self.assertTrue(final_work.locked)
        with self.assertRefused(UserError, "a review or mark on it can no longer be added"):
            self._review(final_work, user=self.specialist, author_id=self.reviewer.id, text="Поздно")
        self.assertEqual(len(final_work.review_ids), 1)

    def test_review_or_mark_after_statement_signed_refused(self):
        work = self._work(sheet_id=self.sheet.id)
        review = self._review(work, text="Черновик рецензии", mark="4")
        self._sign_sheet()
        for user in (self.teacher, self.specialist, self.head, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "signed: a review or mark on it can no longer be added"):
                    self._review(work, user=user, text="Поздняя рецензия", mark="5")
                with self.assertRefused(UserError, "a review or mark on it can no longer be added, changed"):
                    review.with_user(user).write({"mark": "5"})
                with self.assertRefused(UserError, "can no longer be added, changed or deleted"):
                    review.with_user(user).unlink()
                # Nor through the work: its one2many, its fields, its link, its deletion.
                with self.assertRefused(
                    UserError, "the work, its reviews and its marks can no longer change"
                ):
                    work.with_user(user).write(
                        {"review_ids": [Command.create({"text": "Через работу", "mark": "5"})]}
                    )
                with self.assertRefused(UserError, "can no longer change"):
                    work.with_user(user).write({"sheet_id": False})
                if user == self.teacher:
                    with self.assertRaises(AccessError):  # teachers delete no work
                        work.with_user(user).unlink()
                else:
                    with self.assertRefused(UserError, "can no longer change"):
                        work.with_user(user).unlink()
        with self.assertRefused(UserError, "рецензию или оценку на эту работу больше нельзя"):
            self.Review.with_user(self.teacher).with_context(lang="ru_RU").create(
                {"item_id": work.id, "text": "Поздняя рецензия"}
            )
        with self.assertRefused(UserError, "рецензию или оценку на эту работу больше нельзя"):
            review.with_user(self.teacher).with_context(lang="ru_RU").write({"mark": "5"})
        # Nor around the models, through the work's stored file.
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", work._name), ("res_id", "=", work.id), ("res_field", "=", "file")]
        )
        for user in (self.teacher, self.specialist):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                attachment.with_user(user).write({"datas": base64.b64encode(b"forged")})
        self.assertEqual(work.review_ids, review)
        self.assertEqual((review.mark, review.text), ("4", "Черновик рецензии"))
        self.assertEqual(work.sheet_id, self.sheet)
        self.assertEqual(base64.b64decode(work.file), base64.b64decode(WORK_FILE))

    def test_link_to_signed_or_foreign_attestation_refused(self):
        self._sign_sheet()
        count = self.Item.search_count([])
        with self.assertRefused(UserError, "linked only to a draft statement or protocol"):
            self._work(sheet_id=self.sheet.id)
        work = self._work()
        with self.assertRefused(UserError, "linked only to a draft statement or protocol"):
            work.write({"sheet_id": self.sheet.id})
        self.assertFalse(work.sheet_id)
        other_sheet = self.env["dpo.attestation.sheet"].create(
            {
                "group_id": self.other_group.id,
                "subject_id": self.subject_exam.id,
                "form": "exam",
                "date": "2026-04-10",
            }
        )
        with self.assertRefused(ValidationError, "Иванов Пётр Сергеевич is not in the statement or protocol"):
            work.with_user(self.specialist).write({"sheet_id": other_sheet.id})
        self.assertFalse(work.sheet_id)
        self.assertEqual(self.Item.search_count([]), count + 1)

    def test_teacher_keeps_portfolio_of_own_groups_only(self):
        work = self._work()
        other = self._work(user=self.teacher_other, enrollment_id=self.other_enrollment.id, subject_id=False)
        # The demo database has works of its own groups, which these teachers do not teach.
        self.assertEqual(self.Item.with_user(self.teacher).search([]), work)
        self.assertEqual(self.Item.with_user(self.teacher_other).search([]), other)
        with self.assertRaises(AccessError):
            self._review(work, user=self.teacher_other, text="Чужая группа")
        with self.assertRaises(AccessError):
            self._work(user=self.teacher_other)
        with self.assertRefused(UserError, "stays in the portfolio of its learner"):
            work.with_user(self.teacher).write({"enrollment_id": self.other_enrollment.id})
        self.assertEqual(work.enrollment_id, self.enrollment)
        count = self.Item.search_count([])
        with self.assertRefused(ValidationError, "Upload the file of work"):
            self._work(file=False)
        self.assertEqual(self.Item.search_count([]), count)
        review = self._review(work, user=self.specialist, text="Рецензия методиста")
        # A teacher changes only the reviews they recorded.
        with self.assertRaises(AccessError):
            review.with_user(self.teacher).write({"text": "Исправлено преподавателем"})
        self.assertEqual(review.text, "Рецензия методиста")
        mine = [("enrollment_id", "in", (self.enrollment | self.other_enrollment).ids)]
        self.assertEqual(self.Item.with_user(self.archivist).search(mine), work | other)
        with self.assertRaises(AccessError):
            self._review(work, user=self.archivist, text="Архив")
        # An unlocked work with reviews is kept.
        with self.assertRefused(UserError, "has reviews or marks and is kept"):
            work.with_user(self.specialist).unlink()
        self.assertTrue(work.exists())
