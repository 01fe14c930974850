from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase


@tagged("post_install", "-at_install")
class TestAward(DpoCase):
    """Seeds 001 and 003, 3.1: «учет результатов освоения … и поощрений» — the awards of a
    learner are recorded and kept with the enrolment's record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The learner is enrolled by a signed order, which can also be an award's basis.
        cls.enroll_order = cls.env["dpo.order"].create(
            {
                "order_type": "enroll",
                "group_id": cls.group.id,
                "date": "2026-03-01",
                "line_ids": [Command.create({"enrollment_id": cls.enrollment.id})],
            }
        )
        cls.enroll_order.with_user(cls.director).action_sign()
        cls.other_enrollment._change_state("enrolled", date="2026-04-06")
        cls.thanks = cls.env.ref("dpo_records.dpo_award_kind_thanks")
        cls.certificate = cls.env.ref("dpo_records.dpo_award_kind_certificate")
        cls.competition = cls.env.ref("dpo_records.dpo_award_kind_competition")
        cls.Award = cls.env["dpo.award"]

    def _vals(self, **vals):
        return {
            "enrollment_id": self.enrollment.id,
            "award_kind": self.certificate.id,
            "date": "2026-03-12",
            "basis": "Приказ № 15-П от 12.03.2026",
            **vals,
        }

    def _count(self):
        return self.Award.search_count([])

    def test_award_kinds_are_configurable_data(self):
        kinds = self.env["dpo.award.kind"]
        self.assertEqual(
            (self.thanks | self.certificate | self.competition).with_context(lang="ru_RU").mapped("name"),
            ["Благодарность", "Грамота", "Диплом конкурса"],
        )
        # The centre adds its own kinds (the director, in Configuration); others only read them.
        letter = kinds.with_user(self.director).create({"name": "Благодарственное письмо главы округа"})
        self.assertIn(letter, kinds.with_user(self.specialist).search([]))
        with self.assertRaises(AccessError):
            kinds.with_user(self.specialist).create({"name": "Медаль"})
        self.assertFalse(kinds.search([("name", "=", "Медаль")]))
        # A kind already given is archived, not deleted.
        self.Award.with_user(self.specialist).create(self._vals(award_kind=letter.id))
        with self.assertRefused(UserError, "cannot be deleted: archive it instead"):
            letter.with_user(self.director).unlink()
        self.assertTrue(letter.exists())

    def test_specialist_head_director_record_awards_kept_with_enrolment(self):
        """An award has its kind, date, basis (order or decision) and who recorded it, is found
        from the learner and the enrolment, and is printed on the attestation card."""
        awards = self.Award
        for user, kind in ((self.specialist, self.thanks), (self.head, self.certificate)):
            award = self.Award.with_user(user).create(self._vals(award_kind=kind.id))
            self.assertEqual(award.recorded_by_id, user)
            awards |= award
        by_order = self.Award.with_user(self.director).create(
            self._vals(award_kind=self.competition.id, basis=False, order_id=self.enroll_order.id)
        )
        self.assertEqual(by_order.recorded_by_id, self.director)
        self.assertEqual(by_order.basis, self.enroll_order.display_name)
        awards |= by_order
        self.assertEqual(self.Award.search([("enrollment_id", "=", self.enrollment.id)]), awards)
        self.assertEqual(self.Award.search([("learner_id", "=", self.learner.id)]), awards)
        self.assertEqual(awards.company_id, self.company)
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        for text in (
            "Поощрения",
            "Благодарность",
            "Грамота",
            "Диплом конкурса",
            "12.03.2026",
            "Приказ № 15-П",
        ):
            self.assertIn(text, card)

    def test_award_without_date_or_basis_refused(self):
        count = self._count()
        Award = self.Award.with_user(self.specialist)
        with self.assertRefused(ValidationError, "An award needs its date"):
            Award.create(self._vals(date=False))
        with self.assertRefused(ValidationError, "An award needs its basis: the order or decision"):
            Award.create(self._vals(basis="   "))
        with self.assertRefused(ValidationError, "An award needs its basis"):
            Award.create(self._vals(basis=False))
        with self.assertRefused(ValidationError, "Поощрение записывается с датой"):
            Award.with_context(lang="ru_RU").create(self._vals(date=False))
        with self.assertRefused(ValidationError, "Поощрение записывается с основанием"):
            Award.with_context(lang="ru_RU").create(self._vals(basis=""))
        self.assertEqual(self._count(), count)

    def test_award_basis_order_must_be_signed(self):
        draft = self.env["dpo.order"].create({"order_type": "organize", "group_id": self.group.id})
        count = self._count()
        with self.assertRefused(ValidationError, "signed order, not by a draft one"):
            self.Award.with_user(self.specialist).create(self._vals(order_id=draft.id))
        self.assertEqual(self._count(), count)

    def test_award_of_draft_enrolment_refused(self):
        self._add_second_learner()
        count = self._count()
        with self.assertRefused(ValidationError, "Петрова Мария is not enrolled yet"):
            self.Award.with_user(self.specialist).create(self._vals(enrollment_id=self.second_enrollment.id))
        self.assertEqual(self._count(), count)

    def test_recorder_cannot_be_forged(self):
        count = self._count()
        with self.assertRefused(UserError, "recorded in the name of the user who records it"):
            self.Award.with_user(self.specialist).create(self._vals(recorded_by_id=self.director.id))
        self.assertEqual(self._count(), count)
        award = self.Award.with_user(self.specialist).create(self._vals())
        with self.assertRefused(UserError, "cannot be changed"):
            award.with_user(self.director).write({"recorded_by_id": self.director.id})
        self.assertEqual(award.recorded_by_id, self.specialist)

    def test_recorded_award_never_changed_or_deleted(self):
        award = self.Award.with_user(self.specialist).create(self._vals())
        for user in (self.specialist, self.head, self.director):
            with self.subTest(user=user.login):
                with self.assertRefused(
                    UserError, "part of the learner's individual record and cannot be changed"
                ):
                    award.with_user(user).write({"date": "2026-03-13", "basis": "Другое"})
                with self.assertRefused(UserError, "cannot be deleted"):
                    award.with_user(user).unlink()
        # Not even through the superuser's unlink: the ondelete guard holds.
        with self.assertRefused(UserError, "cannot be deleted"):
            award.sudo().unlink()
        with self.assertRefused(UserError, "Записанное поощрение"):
            award.with_user(self.director).with_context(lang="ru_RU").unlink()
        self.assertEqual((str(award.date), award.basis), ("2026-03-12", "Приказ № 15-П от 12.03.2026"))
        self.assertTrue(award.exists())

    def test_mistake_corrected_by_a_new_award(self):
        wrong = self.Award.with_user(self.specialist).create(self._vals(award_kind=self.thanks.id))
        action = wrong.with_user(self.specialist).action_correct()
        self.assertEqual(action["context"]["default_corrects_id"], wrong.id)
        right = self.Award.with_user(self.specialist).create(
            self._vals(corrects_id=wrong.id, basis="Приказ № 15-П от 12.03.2026 (вид поощрения исправлен)")
        )
        self.assertTrue(wrong.corrected)
        self.assertFalse(right.corrected)
        self.assertEqual(wrong.corrected_by_ids, right)
        # The mistaken award stays in the record, but the card prints the award in force.
        card = self._printed_html("dpo_records.action_report_attestation_card", self.enrollment)
        self.assertIn("Грамота", card)
        self.assertNotIn("Благодарность", card)
        count = self._count()
        with self.assertRefused(ValidationError, "already corrected by another award"):
            self.Award.with_user(self.specialist).create(self._vals(corrects_id=wrong.id))
        with self.assertRefused(ValidationError, "of the same enrolment only"):
            self.Award.with_user(self.specialist).create(
                self._vals(enrollment_id=self.other_enrollment.id, corrects_id=right.id)
            )
        self.assertEqual(self._count(), count)

    def test_teacher_reads_awards_of_own_groups_archivist_reads(self):
        award = self.Award.with_user(self.specialist).create(self._vals())
        other = self.Award.with_user(self.specialist).create(
            self._vals(enrollment_id=self.other_enrollment.id)
        )
        self.assertEqual(self.Award.with_user(self.teacher).search([]), award)
        self.assertEqual(self.Award.with_user(self.teacher_other).search([]), other)
        with self.assertRaises(AccessError):
            award.with_user(self.teacher_other).read(["basis"])
        mine = [("enrollment_id", "in", (self.enrollment | self.other_enrollment).ids)]
        self.assertEqual(self.Award.with_user(self.archivist).search(mine), award | other)
        count = self._count()
        for user in (self.teacher, self.archivist):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Award.with_user(user).create(self._vals())
        self.assertEqual(self._count(), count)

    def test_kind_of_another_company_refused(self):
        company_b = self.env["res.company"].create({"name": "Другой центр"})
        kind_b = self.env["dpo.award.kind"].create({"name": "Кубок", "company_id": company_b.id})
        self.assertNotIn(kind_b, self.env["dpo.award.kind"].with_user(self.specialist).search([]))
        self.specialist.company_ids |= company_b
        count = self._count()
        with self.assertRefused(UserError, "belongs to another company"):
            self.Award.with_user(self.specialist).create(self._vals(award_kind=kind_b.id))
        self.assertEqual(self._count(), count)
