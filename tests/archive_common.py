from odoo import Command

from .common import DpoCase


class ArchiveCase(DpoCase):
    """A nomenclature of files for the test company (made as the archivist before any record is
    signed), group T-01 with two enrolled learners and its attestation commission."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test's own nomenclature: the lines the database already has (the demo's, a
        # preset's) are put aside, so that every record files into one known case.
        cls.env["dpo.nomenclature.item"].search([("company_id", "=", cls.company.id)]).write(
            {"active": False}
        )
        Item = cls.env["dpo.nomenclature.item"].with_user(cls.archivist)
        cls.line_orders = Item.create(
            cls._line("Т-01", "Приказы по личному составу слушателей", "order", "year", 5)
        )
        cls.line_commission = Item.create(
            {
                **cls._line("Т-02", "Приказы о составе комиссий", "order", "year", 5),
                "order_type": "commission",
            }
        )
        cls.line_journal = Item.create(cls._line("Т-03", "Журналы учета занятий", "journal", "group", 5))
        cls.line_statements = Item.create(
            cls._line("Т-04", "Ведомости промежуточной аттестации", "statement", "group", 5)
        )
        cls.line_protocols = Item.create(
            {
                **cls._line("Т-05", "Протоколы итоговой аттестации", "protocol", "year", 5),
                "carrier": "both",
                "paper_mandatory": True,
            }
        )
        cls.line_book = Item.create(
            cls._line(
                "Т-06", "Книга выдачи документов об образовании и об обучении", "issuance_book", "year", 50
            )
        )
        cls.line_personal = Item.create(
            {
                **cls._line("Т-07", "Личные дела слушателей", "personal_file", "learner", 0),
                "retention_kind": "until_not_needed",
                "min_retention_years": 3,
            }
        )
        cls.Case = cls.env["dpo.archive.case"]
        cls.Entry = cls.env["dpo.archive.case.entry"]
        cls._add_second_learner()
        cls.enrollments = cls.enrollment | cls.second_enrollment
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.subject = cls.program.subject_ids.filtered(lambda s: s.attestation_form == "exam")
        cls.commission = cls._appoint_commission("2026-01-01", "2026-12-31")
        cls.enroll_order = cls._enrol()

    @classmethod
    def _line(cls, index, title, record_type, case_rule, years):
        vals = {"index": index, "title": title, "record_type": record_type, "case_rule": case_rule}
        if years:
            vals.update(retention_kind="years", retention_years=years)
        return vals

    @classmethod
    def _enrol(cls, enrollments=None, date="2026-03-01"):
        """Sign the enrolment order of the learners (the director)."""
        order = cls.env["dpo.order"].create(
            {
                "order_type": "enroll",
                "group_id": cls.group.id,
                "date": date,
                "line_ids": [
                    Command.create({"enrollment_id": e.id}) for e in (enrollments or cls.enrollments)
                ],
            }
        )
        order.with_user(cls.director).action_sign()
        return order

    @classmethod
    def _sign_statements(cls, date="2026-03-10"):
        for subject in cls.program.subject_ids:
            cls._signed_sheet(subject, dict.fromkeys(cls.enrollments, "pass"), date)

    @classmethod
    def _signed_protocol(cls, date="2026-03-13", user=None):
        protocol = cls.env["dpo.protocol"].create(
            {"group_id": cls.group.id, "commission_id": cls.commission.id, "date": date, "final_form": "exam"}
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.with_user(user or cls.specialist).action_sign()
        return protocol

    @classmethod
    def _close_journal(cls, group=None):
        group = group or cls.group
        lesson = cls.env["dpo.lesson"].create(
            {
                "group_id": group.id,
                "date": group.date_start,
                "subject_id": cls.program.subject_ids[0].id,
                "hours": 2,
                "teacher_id": cls.teacher.id,
            }
        )
        lesson.attendance_ids.write({"presence": "present"})
        group.lesson_ids.attendance_ids.filtered(lambda c: not c.presence).write({"presence": "present"})
        group.with_user(cls.head).action_close_journal()
        return lesson

    def _entries(self, records):
        return self.Entry.search([("res_model", "=", records._name), ("res_id", "in", records.ids)])

    def _case_of(self, record):
        cases = self._entries(record).case_id
        self.assertEqual(len(cases), 1, f"{record._name}{record.ids} is in {len(cases)} cases")
        return cases

    def _snapshot(self, case):
        """What a refused call must leave as it was."""
        case.invalidate_recordset()
        return case.sudo().read(
            [
                "state",
                "date_closed",
                "retention_until",
                "title",
                "year",
                "group_id",
                "nomenclature_item_id",
                "document_count",
                "date_first",
                "date_last",
                "legal_hold",
                "location_box",
                "fixity_state",
                "entry_ids",
            ]
        )
