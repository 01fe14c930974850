from contextlib import contextmanager

from freezegun import freeze_time

from odoo import Command

from odoo.addons.dpo_records.models.dpo_archive_case_entry import _FILING

from .test_document import DocumentCase

# Models whose records a destruction may touch, counted before and after an execution.
COUNTED = (
    "dpo.lesson",
    "dpo.attendance",
    "dpo.journal.check",
    "dpo.attestation.sheet",
    "dpo.attestation.sheet.line",
    "dpo.protocol",
    "dpo.protocol.line",
    "dpo.protocol.subject.result",
    "dpo.order",
    "dpo.order.line",
    "dpo.document",
    "dpo.correction",
    "dpo.group",
    "dpo.enrollment",
    "dpo.learner",
    "dpo.attestation.extract",
    "dpo.attestation.extract.line",
    "dpo.destruction.act",
    "ir.attachment",
)


class RetentionCase(DocumentCase):
    """Seed 000's nomenclature (issuance book 50 years, journals 5 years then the attestation
    extract 25 years, final protocols 5 years, optional forms until no longer needed and at
    least 3 years, personal data acts 3 years) for the company; group T-01's journal (lessons
    with recorded cells, an attestation lesson, a check) closed by the head; group T-02's journal
    beside it; the expert commission appointed by a signed order. Archival cases are made by the
    tests, open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Item = cls.env["dpo.nomenclature.item"]
        # Lines of the test's own in place of the company's (the demo's nomenclature): one active
        # line per record type.
        Item.search([("company_id", "=", cls.company.id)]).write({"active": False})
        cls.items = {
            record_type: Item.create(
                {
                    "company_id": cls.company.id,
                    "index": index,
                    "title": title,
                    "record_type": record_type,
                    "retention_kind": kind,
                    "retention_years": years if kind == "years" else 0,
                    "min_retention_years": years if kind == "until_not_needed" else 0,
                    "article": article,
                }
            )
            for record_type, index, title, kind, years, article in (
                ("issuance_book", "R-01", "Книга выдачи документов", "years", 50, False),
                ("journal", "R-02", "Журналы учета занятий", "years", 5, False),
                ("attestation_extract", "R-03", "Выписки из журналов (аттестация)", "years", 25, False),
                ("protocol", "R-04", "Протоколы итоговой аттестации", "years", 5, "455"),
                ("optional_forms", "R-05", "Необязательные формы учета", "until_not_needed", 3, False),
                ("personal_data_act", "R-06", "Акты об уничтожении персональных данных", "years", 3, False),
                ("portfolio", "R-07", "Постоянные дела", "permanent", 0, False),
            )
        }
        cls.expert_chair = cls.env["res.partner"].create({"name": "Орлова Нина Павловна"})
        cls.expert_secretary = cls.env["res.partner"].create({"name": "Белов Олег Ильич"})
        cls.expert_member = cls.env["res.partner"].create({"name": "Гусева Ирина Юрьевна"})
        order = cls.env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": "2026-01-12",
                "commission_kind": "expert",
                "commission_chair_id": cls.expert_chair.id,
                "commission_secretary_id": cls.expert_secretary.id,
                "commission_member_ids": [Command.set(cls.expert_member.ids)],
                "commission_date_from": "2026-01-12",
            }
        )
        order.with_user(cls.director).action_sign()
        cls.expert = order.commission_id
        # Group T-01's journal: two lessons and an attestation lesson, every cell recorded.
        cls.lessons = cls._lessons(cls.group, ("2026-03-03", "2026-03-04"), cls.teacher)
        cls.attestation_lesson = cls._lessons(cls.group, ("2026-03-12",), cls.teacher, kind="attestation")
        (cls.lessons | cls.attestation_lesson).attendance_ids.write({"presence": "present"})
        cls.attestation_lesson.attendance_ids.write({"mark": "5"})
        cls.env["dpo.journal.check"].with_user(cls.head).create({"group_id": cls.group.id})
        cls.group.with_user(cls.head).action_close_journal()
        # Group T-02's journal, which no case of these tests holds.
        cls.other_enrollment._change_state("enrolled", date="2026-04-06")
        cls.other_lessons = cls._lessons(cls.other_group, ("2026-04-07",), cls.teacher_other)
        cls.other_lessons.attendance_ids.write({"presence": "absent"})

    @classmethod
    def _lessons(cls, group, days, teacher, kind="lecture"):
        subject = group.program_id.subject_ids[:1]
        return cls.env["dpo.lesson"].create(
            [
                {
                    "group_id": group.id,
                    "date": day,
                    "subject_id": subject.id,
                    "hours": 2,
                    "teacher_id": teacher.id,
                    "kind": kind,
                }
                for day in days
            ]
        )

    @classmethod
    def _case(cls, record_type, year, records=(), group=None, title=None):
        """An open case of the company's line of `record_type` holding `records`."""
        item = cls.items[record_type]
        case = cls.env["dpo.archive.case"].create(
            {
                "company_id": cls.company.id,
                "nomenclature_item_id": item.id,
                "title": title or f"{item.title} {year}",
                "year": year,
                "group_id": group.id if group else False,
            }
        )
        # Filed as the filing code files (its token): the test files records of its choosing.
        cls.env["dpo.archive.case.entry"].with_context(dpo_archive_filing=_FILING).create(
            [
                {
                    "case_id": case.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "name": record.display_name,
                }
                for record in records
            ]
        )
        return case

    def _run(self, method, *args, **kwargs):
        """Run a scheduled action's method until it reports nothing left, each run in its own
        savepoint (as each run is its own transaction); returns the number of runs."""
        for runs in range(1, 100):
            with self.env.cr.savepoint():
                remaining = method(*args, **kwargs)
            if not remaining:
                return runs
        self.fail(f"{method} never finished")

    @contextmanager
    def _on(self, day):
        """Freeze time on `day` and drop the cache, whose computed «today» values would be stale."""
        with freeze_time(day):
            self.env.invalidate_all()
            yield
        self.env.invalidate_all()

    def _retention_crons(self):
        Case = self.env["dpo.archive.case"]
        self._run(Case._cron_close_cases)
        self._run(Case._cron_journal_rule)
        self._run(Case._cron_review)

    def _counts(self):
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in COUNTED
        }

    def _approve(self, act, day):
        """`act` agreed by the expert commission on `day` and approved by the director."""
        self.assertEqual(len(act), 1, "no act to approve")
        with self._on(day):
            act.with_user(self.archivist).write(
                {"commission_id": self.expert.id, "agreement_date": day, "agreement_number": "3"}
            )
            act.with_user(self.director).action_approve()
        return act

    def _act_of(self, cases, day):
        """A new draft act of `day` drawn up by the archivist for the expired `cases`."""
        with self._on(day):
            act = self.env["dpo.destruction.act"].with_user(self.archivist).create({"date": day})
            act.with_user(self.archivist).write(
                {"line_ids": [Command.create({"case_id": c.id}) for c in cases]}
            )
        return act
