import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DpoCase

CONSENT = b"%PDF-1.4 signed consent of Ivanov"
# The ORM's own message of `check_company`, in the test user's language.
INCOMPATIBLE = "Incompatible companies|Несовместимые компании"


class PrivacyCase(DpoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_user = new_test_user(cls.env, login="t_plain", groups="base.group_user")
        cls.learner.write(
            {
                "email": "ivanov@example.com",
                "phone": "+7 900 000-00-01",
                "street": "ул. Ленина, 1",
                "consent_date": "2026-02-20",
                "consent_file": base64.b64encode(CONSENT),
                "consent_filename": "consent.pdf",
            }
        )
        cls.consent = cls.env["ir.attachment"].search(
            [
                ("res_model", "=", "dpo.learner"),
                ("res_field", "=", "consent_file"),
                ("res_id", "=", cls.learner.id),
            ]
        )
        cls.consent.ensure_one()


@tagged("post_install", "-at_install")
class TestConsentAttachment(PrivacyCase):
    """Issue 9 item 12: the scans of learners' consents are attachments of a field restricted to
    specialists and archivists; reading the attachment itself must not get round that."""

    DOMAIN = [("res_model", "=", "dpo.learner"), ("res_field", "=", "consent_file")]

    def test_teacher_cannot_read_consent_attachment(self):
        Attachment = self.env["ir.attachment"].with_user(self.teacher)
        self.assertEqual(Attachment.search_read(self.DOMAIN, ["datas"]), [])
        self.assertFalse(Attachment.search([("id", "=", self.consent.id)]))
        self.assertFalse(
            Attachment.with_context(skip_res_field_check=True).search([("res_model", "=", "dpo.learner")])
        )
        self.assertEqual(
            Attachment.search_count([("res_field", "!=", False), ("res_model", "=", "dpo.learner")]), 0
        )
        with self.assertRefused(AccessError, r"\(ir.attachment\)"):
            self.consent.with_user(self.teacher).read(["datas"])
        # The learner is the teacher's to read, the consent field is not.
        self.assertEqual(self.learner.with_user(self.teacher).name, "Иванов Пётр Сергеевич")
        with self.assertRefused(AccessError, "consent_file"):
            self.learner.with_user(self.teacher).read(["consent_file"])
        self.consent.invalidate_recordset()
        self.assertEqual(self.consent.raw, CONSENT, "the scan is left as it was")

    def test_teacher_cannot_stream_consent(self):
        binary = self.env["ir.binary"].with_user(self.teacher)
        with self.assertRefused(AccessError, r"\(ir.attachment\)"):
            record = binary._find_record(res_id=self.consent.id)
            binary._get_stream_from(record, "raw")

    def test_roles_reading_consent_field_read_its_attachment(self):
        for user in (self.specialist, self.archivist, self.director):
            with self.subTest(user=user.login):
                rows = self.env["ir.attachment"].with_user(user).search_read(self.DOMAIN, ["datas"])
                self.assertEqual([base64.b64decode(row["datas"]) for row in rows], [CONSENT])

    def test_other_attachments_of_learner_still_follow_the_learner(self):
        note = self.env["ir.attachment"].create(
            {"name": "note.txt", "raw": b"note", "res_model": "dpo.learner", "res_id": self.learner.id}
        )
        found = self.env["ir.attachment"].with_user(self.teacher).search([("res_model", "=", "dpo.learner")])
        self.assertEqual(found, note)
        other = self.env["ir.attachment"].create(
            {"name": "other.txt", "raw": b"x", "res_model": "dpo.learner", "res_id": self.other_learner.id}
        )
        self.assertFalse(self.env["ir.attachment"].with_user(self.teacher).search([("id", "=", other.id)]))


@tagged("post_install", "-at_install")
class TestConsentDownload(HttpCase, PrivacyCase):
    """The same through the download route a browser uses."""

    def test_teacher_cannot_download_consent(self):
        self.authenticate(self.teacher.login, self.teacher.login)
        response = self.url_open(f"/web/content/{self.consent.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(CONSENT, response.content)

    def test_specialist_downloads_consent(self):
        self.authenticate(self.specialist.login, self.specialist.login)
        response = self.url_open(f"/web/content/{self.consent.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, CONSENT)


@tagged("post_install", "-at_install")
class TestLearnerPartner(PrivacyCase):
    """Issue 9 item 13: learners' names and contacts are not the whole database's to read, and
    the specialist does not manage the database's contacts."""

    FIELDS = ["name", "email", "phone", "street"]

    def test_plain_user_cannot_read_learners_partners(self):
        Partner = self.env["res.partner"].with_user(self.plain_user)
        partners = (self.learner | self.other_learner).partner_id
        self.assertEqual(Partner.search_read([("id", "in", partners.ids)], self.FIELDS), [])
        self.assertFalse(Partner.search([("email", "=", "ivanov@example.com")]))
        self.assertFalse(Partner.search([("name", "ilike", "Иванов")]))
        with self.assertRefused(AccessError, r"\(res.partner\)"):
            self.learner.partner_id.with_user(self.plain_user).read(self.FIELDS)
        # an archived learner's partner stays hidden
        self.other_learner.active = False
        self.assertFalse(Partner.search([("id", "=", self.other_learner.partner_id.id)]))

    def test_teacher_reads_partners_of_own_groups_learners_only(self):
        Partner = self.env["res.partner"].with_user(self.teacher)
        partners = (self.learner | self.other_learner).partner_id
        rows = Partner.search_read([("id", "in", partners.ids)], self.FIELDS)
        self.assertEqual([row["name"] for row in rows], ["Иванов Пётр Сергеевич"])
        self.assertEqual(rows[0]["email"], "ivanov@example.com")
        with self.assertRefused(AccessError, r"\(res.partner\)"):
            self.other_learner.partner_id.with_user(self.teacher).read(["name"])
        with self.assertRefused(AccessError, r"\(res.partner\)"):
            self.learner.partner_id.with_user(self.teacher).write({"email": "x@example.com"})
        self.assertEqual(self.learner.partner_id.email, "ivanov@example.com")

    def test_other_partners_still_readable(self):
        Partner = self.env["res.partner"].with_user(self.plain_user)
        others = self.company.partner_id | self.teacher.partner_id | self.director.partner_id
        rows = Partner.search_read([("id", "in", others.ids)], ["name"])
        self.assertEqual({row["id"] for row in rows}, set(others.ids))
        employer = self.env["res.partner"].create({"name": "ООО Работодатель"})
        self.assertEqual(Partner.search([("name", "=", "ООО Работодатель")]), employer)

    def test_specialist_no_contact_manager_but_runs_learners(self):
        specialist = self.specialist
        self.assertFalse(specialist.has_group("base.group_partner_manager"))
        self.assertNotIn(
            self.env.ref("base.group_partner_manager"),
            self.env.ref("dpo_records.group_dpo_specialist").implied_ids,
        )
        learner = (
            self.env["dpo.learner"]
            .with_user(specialist)
            .create({"last_name": "Новикова", "first_name": "Ольга", "email": "olga@example.com"})
        )
        self.assertEqual(learner.partner_id.name, "Новикова Ольга")
        self.assertEqual(learner.partner_id.company_id, self.company)
        learner.write(
            {"email": "o.novikova@example.com", "phone": "+7 900 111-22-33", "last_name": "Новикова-Ли"}
        )
        self.assertEqual(learner.partner_id.email, "o.novikova@example.com")
        self.assertEqual(learner.partner_id.name, "Новикова-Ли Ольга")
        # ... but writes no contact that is not a learner's, and creates none.
        with self.assertRefused(AccessError, r"\(res.partner\)"):
            self.director.partner_id.with_user(specialist).write({"email": "evil@example.com"})
        with self.assertRefused(AccessError, r"\(res.partner\)"):
            self.env["res.partner"].with_user(specialist).create({"name": "Новый контакт"})
        self.assertNotEqual(self.director.partner_id.email, "evil@example.com")
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Новый контакт")]))

    def test_specialist_cannot_reach_other_contacts_through_a_learner(self):
        Learner = self.env["dpo.learner"].with_user(self.specialist)
        director_partner = self.director.partner_id
        email = director_partner.email
        count = self.env["dpo.learner"].search_count([])
        with self.assertRefused(AccessError, "made with the learner and cannot be chosen"):
            Learner.create({"last_name": "Петров", "first_name": "Иван", "partner_id": director_partner.id})
        with self.assertRefused(AccessError, "made with the learner and cannot be chosen"):
            self.learner.with_user(self.specialist).write({"partner_id": director_partner.id})
        with self.assertRefused(AccessError, "cannot be set through the learner"):
            Learner.create(
                {"last_name": "Петров", "first_name": "Иван", "child_ids": [(4, director_partner.id)]}
            )
        with self.assertRefused(AccessError, "cannot be set through the learner"):
            self.learner.with_user(self.specialist).write({"parent_id": director_partner.id})
        with self.assertRefused(AccessError, "cannot be set through the learner"):
            self.learner.with_user(self.specialist).write({"user_ids": [(4, self.director.id)]})
        self.assertEqual(self.env["dpo.learner"].search_count([]), count)
        self.assertEqual(self.learner.partner_id.parent_id, self.env["res.partner"])
        self.assertFalse(director_partner.parent_id)
        self.assertEqual(director_partner.email, email)
        self.assertFalse(director_partner.dpo_learner_ids)


@tagged("post_install", "-at_install")
class TestCrossCompany(DpoCase):
    """Issue 9 item 14: records of one company never point at another company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Центр Б"})
        cls.specialist_b = cls._user(
            "t_specialist_b",
            "dpo_records.group_dpo_specialist",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        Program = cls.env["dpo.program"].with_company(cls.company_b)
        cls.program_b = Program.create({"name": "Программа Б", "program_kind": "pk", "hours": 16})
        cls.group_b = (
            cls.env["dpo.group"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "B-01",
                    "program_id": cls.program_b.id,
                    "date_start": "2026-03-02",
                    "date_end": "2026-03-13",
                }
            )
        )
        cls.order_b = (
            cls.env["dpo.order"]
            .with_company(cls.company_b)
            .create({"order_type": "enroll", "date": "2026-03-01", "group_id": cls.group_b.id})
        )

    def test_company_b_order_line_cannot_point_at_company_a_enrolment(self):
        Line = self.env["dpo.order.line"].with_user(self.specialist_b).with_company(self.company_b)
        with self.assertRefused(ValidationError, "only enrolments of its own group and company"):
            Line.create({"order_id": self.order_b.id, "enrollment_id": self.enrollment.id})
        with self.assertRefused(ValidationError, "only enrolments of its own group and company"):
            self.order_b.with_user(self.specialist_b).with_company(self.company_b).write(
                {"line_ids": [(0, 0, {"enrollment_id": self.enrollment.id})]}
            )
        self.assertFalse(self.env["dpo.order.line"].search([("order_id", "=", self.order_b.id)]))
        self.assertFalse(self.env["dpo.order.line"].search([("enrollment_id", "=", self.enrollment.id)]))

    def test_order_line_of_another_group_refused(self):
        order = self.env["dpo.order"].create(
            {"order_type": "enroll", "date": "2026-03-01", "group_id": self.group.id}
        )
        with self.assertRefused(ValidationError, "only enrolments of its own group and company"):
            self.env["dpo.order.line"].with_user(self.specialist).create(
                {"order_id": order.id, "enrollment_id": self.other_enrollment.id}
            )
        self.assertFalse(order.line_ids)

    def test_company_b_order_cannot_take_company_a_group(self):
        Order = self.env["dpo.order"].with_user(self.specialist_b).with_company(self.company_b)
        count = self.env["dpo.order"].search_count([])
        with self.assertRefused(UserError, INCOMPATIBLE):
            Order.create(
                {
                    "order_type": "organize",
                    "date": "2026-03-01",
                    "company_id": self.company_b.id,
                    "group_id": self.group.id,
                }
            )
        with self.assertRefused(UserError, INCOMPATIBLE):
            self.order_b.with_user(self.specialist_b).with_company(self.company_b).write(
                {"group_id": self.group.id, "company_id": self.company_b.id}
            )
        self.assertEqual(self.env["dpo.order"].search_count([]), count)
        self.assertEqual(self.order_b.group_id, self.group_b)

    def test_enrolment_keeps_the_orm_company_check(self):
        """dpo.enrollment no longer overrides the ORM's `_check_company` (REVIEW.md item 10)."""
        with self.assertRefused(UserError, INCOMPATIBLE):
            self.enrollment._change_state("enrolled", order=self.order_b)
        self.assertFalse(self.enrollment.enroll_order_id)
        self.assertEqual(self.enrollment.state, "draft")
