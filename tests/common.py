from contextlib import contextmanager

from odoo import api
from odoo.tests import TransactionCase, new_test_user

# A СНИЛС whose checksum is right (112-233-445 95 is the Pension Fund's own example).
VALID_SNILS = "112-233-445 95"


class DpoCase(TransactionCase):
    """Real users per role, one programme, one group and a few learners."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.teacher = cls._user("t_teacher", "dpo_records.group_dpo_teacher")
        cls.teacher_other = cls._user("t_teacher_other", "dpo_records.group_dpo_teacher")
        cls.specialist = cls._user("t_specialist", "dpo_records.group_dpo_specialist")
        cls.head = cls._user("t_head", "dpo_records.group_dpo_head")
        cls.archivist = cls._user("t_archivist", "dpo_records.group_dpo_archivist")
        cls.director = cls._user("t_director", "dpo_records.group_dpo_manager")

        cls.program = cls.env["dpo.program"].create(
            {
                "name": "Охрана труда",
                "program_kind": "pk",
                "hours": 40,
                "subject_ids": [
                    (0, 0, {"name": "Основы", "hours": 16}),
                    (0, 0, {"name": "Практика", "hours": 24, "attestation_form": "exam"}),
                ],
            }
        )
        cls.group = cls.env["dpo.group"].create(
            {
                "name": "T-01",
                "program_id": cls.program.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-13",
                "teacher_ids": [(6, 0, cls.teacher.ids)],
                "head_id": cls.head.id,
            }
        )
        cls.other_group = cls.env["dpo.group"].create(
            {
                "name": "T-02",
                "program_id": cls.program.id,
                "date_start": "2026-04-06",
                "date_end": "2026-04-17",
                "teacher_ids": [(6, 0, cls.teacher_other.ids)],
            }
        )
        cls.learner = cls.env["dpo.learner"].create(
            {
                "last_name": "Иванов",
                "first_name": "Пётр",
                "patronymic": "Сергеевич",
                "birth_date": "1990-05-01",
                "gender": "male",
                "snils": VALID_SNILS,
            }
        )
        cls.other_learner = cls.env["dpo.learner"].create(
            {"last_name": "Сидорова", "first_name": "Анна", "gender": "female"}
        )
        cls.enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.learner.id, "group_id": cls.group.id}
        )
        cls.other_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.other_learner.id, "group_id": cls.other_group.id}
        )

    @classmethod
    def _add_second_learner(cls):
        """Петрова Мария in group T-01, with a draft enrolment."""
        cls.second = cls.env["dpo.learner"].create({"last_name": "Петрова", "first_name": "Мария"})
        cls.second_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.second.id, "group_id": cls.group.id}
        )

    @classmethod
    def _appoint_commission(cls, date_from, date_to, members=None):
        """An attestation commission (cls.chair, cls.secretary, members) appointed by a signed order."""
        order = cls.env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": date_from,
                "group_id": cls.group.id,
                "commission_kind": "attestation",
                "commission_chair_id": cls.chair.id,
                "commission_secretary_id": cls.secretary.id,
                "commission_member_ids": [(6, 0, (members or cls.member).ids)],
                "commission_date_from": date_from,
                "commission_date_to": date_to,
            }
        )
        order.with_user(cls.director).action_sign()
        return order.commission_id

    @classmethod
    def _signed_sheet(cls, subject, results, date):
        """A signed statement of `subject` for group T-01 with `results` (pass/fail) per enrolment."""
        form = "exam" if subject.attestation_form == "exam" else "credit"
        sheet = cls.env["dpo.attestation.sheet"].create(
            {"group_id": cls.group.id, "subject_id": subject.id, "form": form, "date": date}
        )
        grade = {"pass": "5", "fail": "2"}
        for line in sheet.line_ids:
            result = results[line.enrollment_id]
            line.result = grade[result] if form == "exam" else result
        sheet.action_sign()
        return sheet

    def _protocol_for(self, size):
        """A draft protocol of a new group of `size` learners, every subject passed in signed
        statements, everyone passed: ready to sign (query budgets of signing)."""
        group = self.env["dpo.group"].create(
            {
                "name": f"Q-{size}-{self.env['dpo.group'].search_count([])}",
                "program_id": self.program.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-13",
            }
        )
        learners = self.env["dpo.learner"].create(
            [{"last_name": "Тестов", "first_name": f"Слушатель{'а' * (i % 7)}"} for i in range(size)]
        )
        enrollments = self.env["dpo.enrollment"].create(
            [{"learner_id": learner.id, "group_id": group.id} for learner in learners]
        )
        enrollments._change_state("enrolled")
        for subject in self.program.subject_ids:
            form = "exam" if subject.attestation_form == "exam" else "credit"
            sheet = self.env["dpo.attestation.sheet"].create(
                {"group_id": group.id, "subject_id": subject.id, "form": form}
            )
            sheet.line_ids.write({"result": "5" if form == "exam" else "pass"})
            sheet.action_sign()
        commission = self._appoint_commission_for(group, "2026-01-01", "2026-12-31")
        protocol = self.env["dpo.protocol"].create(
            {"group_id": group.id, "commission_id": commission.id, "date": "2026-03-13"}
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        self.env.flush_all()
        self.env.invalidate_all()
        return protocol

    def _printed_html(self, report_xmlid, records):
        """The HTML of a QWeb report, as the PDF is made from it."""
        report = self.env["ir.actions.report"]
        return report._render_qweb_html(report_xmlid, records.ids)[0].decode()

    @classmethod
    def _user(cls, login, groups, **kwargs):
        return new_test_user(cls.env, login=login, groups=f"base.group_user,{groups}", **kwargs)

    @contextmanager
    def assertRefused(self, exception, message):
        """The block raises `exception` with `message` (a regex), and whatever it wrote is
        rolled back, as in production (Odoo's assertRaises wraps it in a savepoint)."""
        with self.assertRaises(exception) as capture:
            yield capture
        self.assertRegex(str(capture.exception), message)

    @classmethod
    def _appoint_commission_for(cls, group, date_from, date_to):
        """As `_appoint_commission`, for `group` (a commission examines only its own group)."""
        order = cls.env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": date_from,
                "group_id": group.id,
                "commission_kind": "attestation",
                "commission_chair_id": cls.chair.id,
                "commission_secretary_id": cls.secretary.id,
                "commission_member_ids": [(6, 0, cls.member.ids)],
                "commission_date_from": date_from,
                "commission_date_to": date_to,
            }
        )
        order.with_user(cls.director).action_sign()
        return order.commission_id


def thread_environment(cr, uid, registry):
    """The environment of a cursor opened in a thread a test starts (concurrent signing).

    Odoo's own runner (odoo-bin --test-enable) runs the tests while it holds the registry
    lock, which api.Environment takes to look the registry up for a new cursor: the thread
    would wait for the test to end. Giving the cursor its transaction skips that look-up."""
    cr.transaction = api.Transaction(registry)
    return api.Environment(cr, uid, {})


class JournalCase(DpoCase):
    """Two learners enrolled in group T-01 taught by both teachers, and a lesson of 3 March
    2026 by the first teacher (`cls.lesson`); `_lesson()` plans more, `_cell()` finds a cell."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date="2026-03-02")
        cls.group.teacher_ids = [(4, cls.teacher_other.id)]
        cls.subject = cls.program.subject_ids[0]
        cls.lesson = cls._lesson("2026-03-03", cls.teacher)

    @classmethod
    def _lesson(cls, day, teacher, group=None):
        return cls.env["dpo.lesson"].create(
            {
                "group_id": (group or cls.group).id,
                "date": day,
                "subject_id": cls.subject.id,
                "hours": 2,
                "teacher_id": teacher.id,
            }
        )

    def _cell(self, lesson, enrollment=None):
        return lesson.attendance_ids.filtered(lambda c: c.enrollment_id == (enrollment or self.enrollment))


def remove_archive_entries(env, records_by_model):
    """Remove the archival entries of records a test committed ({model: ids}) and the cases
    they leave empty, as Odoo's uninstall would (`env` is the superuser's with `_force_unlink`):
    committed signed records file themselves into the nomenclature's cases (the demo's)."""
    domain = ["|"] * (len(records_by_model) - 1)
    for model, ids in records_by_model.items():
        domain += ["&", ("res_model", "=", model), ("res_id", "in", list(ids))]
    entries = (
        env["dpo.archive.case.entry"].search(domain) if records_by_model else env["dpo.archive.case.entry"]
    )
    cases = entries.case_id
    entries.unlink()
    cases.filtered(lambda case: not case.entry_ids).unlink()
