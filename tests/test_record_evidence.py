"""What the record claims, proved on the record itself: the stored values read back and the
printed forms read as a person reads them (row by row, cell by cell)."""

import base64
import hashlib
import io
import re
from datetime import date

import openpyxl
from freezegun import freeze_time
from lxml import html as lxml_html

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DpoCase
from .test_signed_document import SignedDocumentCase

SIGNATURE = "______________________"
# Elements a reader sees apart: their texts are read with a space between them.
BLOCKS = frozenset(("p", "div", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5", "li"))


def _text(element):
    return " ".join(element.text_content().split())


class EvidenceCase(DpoCase):
    """Printed forms read as tables: the header cells and the rows of cell texts."""

    def _printed_as(self, user, report_xmlid, records):
        """The HTML of a report printed by `user`, as the PDF is made from it."""
        report = self.env["ir.actions.report"].with_user(user)
        return report._render_qweb_html(report_xmlid, records.ids)[0].decode()

    def _printed_table(self, html, header):
        """(header cells, rows of cell texts) of the first table of `html` whose header has a
        cell reading `header`."""
        for table in lxml_html.fromstring(html).iter("table"):
            heads = [_text(th) for th in table.iter("th")]
            if header in heads:
                rows = [[_text(td) for td in tr.findall("td")] for tr in table.iter("tr")]
                return heads, [row for row in rows if row]
        self.fail(f"no printed table with the column «{header}»")

    def _printed_text(self, html):
        """The printed words in reading order, blocks and cells apart, whitespace normalised."""
        tree = lxml_html.fromstring(html)
        for element in tree.iter(*BLOCKS):
            element.tail = f" {element.tail or ''}"
        return _text(tree)

    def _row_of(self, rows, name):
        found = [row for row in rows if name in row]
        self.assertEqual(len(found), 1, f"one printed row of {name}")
        return found[0]


@tagged("post_install", "-at_install")
class TestStatementScores(EvidenceCase):
    """Scores (points or %) of a statement, and the form «testing» of intermediate attestation
    (seeds 001 §2.3 «письменное (электронное) тестирование в ходе промежуточной аттестации»,
    003 §2.3 «результаты тестирования»)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        (cls.enrollment | cls.second_enrollment)._change_state("enrolled", date="2026-03-02")
        cls.subject_credit, cls.subject_exam = cls.program.subject_ids

    def _statement(self, subject, form):
        return (
            self.env["dpo.attestation.sheet"]
            .with_user(self.specialist)
            .create(
                {
                    "group_id": self.group.id,
                    "subject_id": subject.id,
                    "form": form,
                    "date": "2026-03-10",
                    "examiner_ids": [Command.set(self.teacher.ids)],
                }
            )
        )

    def _fill_as_teacher(self, sheet, results):
        for line in sheet.with_user(self.teacher).line_ids:
            line.write(results[line.enrollment_id])

    def _stored_lines(self, sheet):
        """The statement's lines as stored, read again from the database."""
        self.env.flush_all()
        self.env.invalidate_all()
        lines = sheet.with_user(self.archivist).line_ids
        return {line.enrollment_id: (line.score, line.result, line.passed) for line in lines}

    def test_scores_kept_on_the_signed_statement_and_printed(self):
        sheet = self._statement(self.subject_exam, "exam")
        self._fill_as_teacher(
            sheet,
            {
                self.enrollment: {"result": "5", "score": 86.5},
                self.second_enrollment: {"result": "3", "score": 55},
            },
        )
        sheet.with_user(self.teacher).action_sign()
        self.assertEqual(sheet.state, "signed")
        self.assertEqual(
            self._stored_lines(sheet),
            {self.enrollment: (86.5, "5", True), self.second_enrollment: (55.0, "3", True)},
        )
        # The signed score stays as the examiner wrote it.
        line = sheet.line_ids.filtered(lambda line: line.enrollment_id == self.enrollment)
        with self.assertRefused(UserError, "A signed statement cannot be changed"):
            line.with_user(self.teacher).write({"score": 99})
        self.assertEqual(self._stored_lines(sheet)[self.enrollment][0], 86.5)

        html = self._printed_as(self.teacher, "dpo_records.action_report_attestation_sheet", sheet)
        heads, rows = self._printed_table(html, "Баллы / %")
        self.assertEqual(heads, ["№ п/п", "Фамилия, имя, отчество", "Баллы / %", "Оценка"])
        self.assertEqual(
            self._row_of(rows, "Иванов Пётр Сергеевич"), ["1", "Иванов Пётр Сергеевич", "86,5", "5 (отлично)"]
        )
        self.assertEqual(
            self._row_of(rows, "Петрова Мария"), ["2", "Петрова Мария", "55", "3 (удовлетворительно)"]
        )
        self.assertIn("Итого: аттестовано — 2, не аттестовано — 0.", self._printed_text(html))

    def test_testing_statement_with_scores_signed_and_printed(self):
        sheet = self._statement(self.subject_credit, "testing")
        self.assertEqual(sheet.kind, "intermediate")
        line = sheet.line_ids.filtered(lambda line: line.enrollment_id == self.enrollment)
        # A test gives зачтено / не зачтено, with the points scored.
        with self.assertRefused(ValidationError, "not on the scale of this statement; use: Pass, Fail"):
            line.with_user(self.teacher).write({"result": "5", "score": 92})
        self.assertEqual(self._stored_lines(sheet)[self.enrollment], (0.0, False, False))
        self._fill_as_teacher(
            sheet,
            {
                self.enrollment: {"result": "pass", "score": 92},
                self.second_enrollment: {"result": "fail", "score": 38.5},
            },
        )
        sheet.with_user(self.teacher).action_sign()
        self.assertEqual((sheet.state, sheet.signed_by_id), ("signed", self.teacher))
        self.assertEqual(len(sheet.signed_copy_sha256), 64)
        self.assertEqual(
            self._stored_lines(sheet),
            {self.enrollment: (92.0, "pass", True), self.second_enrollment: (38.5, "fail", False)},
        )

        html = self._printed_as(self.teacher, "dpo_records.action_report_attestation_sheet", sheet)
        text = self._printed_text(html)
        self.assertIn("ВЕДОМОСТЬ ПРОМЕЖУТОЧНОЙ АТТЕСТАЦИИ", text)
        self.assertIn("Форма аттестации Тестирование", text)
        _heads, rows = self._printed_table(html, "Баллы / %")
        self.assertEqual(self._row_of(rows, "Иванов Пётр Сергеевич")[2:], ["92", "Зачтено"])
        self.assertEqual(self._row_of(rows, "Петрова Мария")[2:], ["38,5", "Не зачтено"])
        self.assertIn("Итого: зачтено — 1, не зачтено — 1.", text)
        self.assertIn(f"Экзаменатор(ы): {SIGNATURE} / {self.teacher.name} /", text)


@tagged("post_install", "-at_install")
class TestPassFailProgramme(EvidenceCase):
    """A programme graded pass / fail: every statement takes only зачтено / не зачтено (seed
    004 §2.4 «с указанием соответствующей отметки (зачтено, не зачтено)»)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pass_fail = cls.env["dpo.program"].create(
            {
                "name": "Оказание первой помощи",
                "program_kind": "pk",
                "hours": 16,
                "grading_scale": "pass_fail",
                "subject_ids": [
                    Command.create({"name": "Первая помощь", "hours": 10, "attestation_form": "exam"}),
                    Command.create({"name": "Практикум", "hours": 6, "attestation_form": "graded_credit"}),
                ],
            }
        )
        cls.pf_group = cls.env["dpo.group"].create(
            {
                "name": "ПП-01",
                "program_id": cls.pass_fail.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-06",
                "teacher_ids": [Command.set(cls.teacher.ids)],
            }
        )
        second = cls.env["dpo.learner"].create({"last_name": "Петрова", "first_name": "Мария"})
        cls.pf_enrollments = cls.env["dpo.enrollment"].create(
            [
                {"learner_id": cls.learner.id, "group_id": cls.pf_group.id},
                {"learner_id": second.id, "group_id": cls.pf_group.id},
            ]
        )
        cls.pf_enrollments._change_state("enrolled", date="2026-03-02")

    def _statement(self, subject, form):
        return (
            self.env["dpo.attestation.sheet"]
            .with_user(self.specialist)
            .create(
                {
                    "group_id": self.pf_group.id,
                    "subject_id": subject.id,
                    "form": form,
                    "date": "2026-03-06",
                    "examiner_ids": [Command.set(self.teacher.ids)],
                }
            )
        )

    def test_exam_of_pass_fail_programme_takes_only_pass_or_fail(self):
        exam_subject, graded_subject = self.pass_fail.subject_ids
        exam = self._statement(exam_subject, "exam")
        graded = self._statement(graded_subject, "graded_credit")
        for sheet in (exam, graded):
            line = sheet.with_user(self.teacher).line_ids[0]
            for grade in ("5", "4", "3", "2"):
                with (
                    self.subTest(form=sheet.form, grade=grade),
                    self.assertRefused(
                        ValidationError, "is not on the scale of this statement; use: Pass, Fail"
                    ),
                ):
                    line.write({"result": grade, "score": 90})
            line.invalidate_recordset()
            self.assertEqual((line.result, line.score, line.passed), (False, 0.0, False))

        first, second = self.pf_enrollments
        lines = {line.enrollment_id: line for line in exam.with_user(self.teacher).line_ids}
        lines[first].write({"result": "pass"})
        lines[second].write({"result": "fail"})
        exam.with_user(self.teacher).action_sign()
        self.assertEqual((exam.state, exam.signed_by_id), ("signed", self.teacher))
        self.assertEqual((exam.passed_count, exam.failed_count), (1, 1))

        html = self._printed_as(self.teacher, "dpo_records.action_report_attestation_sheet", exam)
        text = self._printed_text(html)
        self.assertIn("Форма аттестации Экзамен", text)
        _heads, rows = self._printed_table(html, "Оценка")
        self.assertEqual(self._row_of(rows, "Иванов Пётр Сергеевич")[3], "Зачтено")
        self.assertEqual(self._row_of(rows, "Петрова Мария")[3], "Не зачтено")
        self.assertIn("Итого: зачтено — 1, не зачтено — 1.", text)
        self.assertIn(f"Экзаменатор(ы): {SIGNATURE} / {self.teacher.name} /", text)


@tagged("post_install", "-at_install")
class TestExpertCommission(EvidenceCase):
    """The expert commission that signs destruction acts is appointed by a signed order (seeds
    001 §3.5 and 003 §3.3 «экспертной комиссии, назначенной приказом»)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.chair = Partner.create({"name": "Орлова Нина Павловна"})
        cls.secretary = Partner.create({"name": "Белов Олег Ильич"})
        cls.members = Partner.create([{"name": "Гусева Ирина Юрьевна"}, {"name": "Фомин Юрий Петрович"}])

    def test_signed_order_appoints_the_expert_commission(self):
        Commission = self.env["dpo.commission"].with_user(self.specialist)
        before = Commission.search([("kind", "=", "expert")])
        order = (
            self.env["dpo.order"]
            .with_user(self.specialist)
            .create(
                {
                    "order_type": "commission",
                    "date": "2026-09-01",
                    "commission_kind": "expert",
                    "commission_chair_id": self.chair.id,
                    "commission_secretary_id": self.secretary.id,
                    "commission_member_ids": [Command.set(self.members.ids)],
                    "commission_date_from": "2026-09-01",
                    "commission_date_to": "2027-08-31",
                }
            )
        )
        # Drafted, the order appoints nobody.
        self.assertFalse(order.commission_id)
        self.assertEqual(Commission.search([("kind", "=", "expert")]), before)

        order.with_user(self.director).action_sign()
        self.assertEqual((order.state, order.signed_by_id), ("signed", self.director))
        self.assertRegex(order.name, r"^\d+-К/2026$")
        commission = Commission.search([("kind", "=", "expert")]) - before
        self.assertEqual(commission, order.commission_id)
        self.assertEqual(commission.kind, "expert")
        self.assertEqual(commission.order_id, order)
        self.assertEqual(commission.chair_id, self.chair)
        self.assertEqual(commission.secretary_id, self.secretary)
        self.assertEqual(commission.member_ids, self.members)
        self.assertFalse(commission.group_id)
        self.assertEqual((str(commission.date_from), str(commission.date_to)), ("2026-09-01", "2027-08-31"))
        self.assertEqual(commission.with_user(self.archivist).display_name, "Expert Commission 2026")
        # Valid through its period, refused outside it.
        for day in (date(2026, 9, 1), date(2027, 2, 15), date(2027, 8, 31)):
            self.assertTrue(commission._check_valid_on(day))
        for day, shown in ((date(2026, 8, 31), "31.08.2026"), (date(2027, 9, 1), "01.09.2027")):
            with self.assertRefused(
                UserError, f"is not valid on {shown} \\(valid 01.09.2026 – 31.08.2027\\)"
            ):
                commission._check_valid_on(day)
        # Its composition changes only by another signed order.
        with self.assertRefused(UserError, "changes only by a new signed order"):
            commission.with_user(self.director).write({"member_ids": [Command.unlink(self.members[0].id)]})
        self.assertEqual(commission.member_ids, self.members)

        text = self._printed_text(
            self._printed_as(self.specialist, "dpo_records.action_report_dpo_order", order)
        )
        for words in (
            "О составе экспертной комиссии",
            "Утвердить состав экспертной комиссии на период с 01.09.2026 по 31.08.2027:",
            f"Председатель комиссии: {self.chair.name}",
            f"Члены комиссии: {self.members[0].name} {self.members[1].name}",
            f"Секретарь комиссии: {self.secretary.name}",
        ):
            self.assertIn(words, text)

    def test_draft_expert_commission_is_not_appointed(self):
        draft = (
            self.env["dpo.commission"]
            .with_user(self.specialist)
            .create(
                {
                    "kind": "expert",
                    "chair_id": self.chair.id,
                    "secretary_id": self.secretary.id,
                    "date_from": "2026-09-01",
                }
            )
        )
        with self.assertRefused(UserError, "has not been appointed by a signed order"):
            draft._check_valid_on(date(2026, 10, 1))
        order = self.env["dpo.order"].create({"order_type": "enroll", "group_id": self.group.id})
        with self.assertRefused(UserError, "Only a signed commission order appoints a commission"):
            draft.with_user(self.specialist).write({"order_id": order.id})
        self.assertFalse(draft.order_id)


@tagged("post_install", "-at_install")
class TestPrintedJournal(EvidenceCase):
    """The printed journal and its Excel copy: the presence letters, and a teacher's
    correction with the right value and that teacher's signature line (seed 000 §2.5
    «с указанием соответствующей верной информации и подписи исправившего запись
    преподавателя»)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_learner()
        cls.third = cls.env["dpo.learner"].create({"last_name": "Зуев", "first_name": "Лев"})
        cls.third_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.third.id, "group_id": cls.group.id}
        )
        (cls.enrollment | cls.second_enrollment | cls.third_enrollment)._change_state(
            "enrolled", date="2026-03-02"
        )
        # A teacher of a Russian centre, who works in Russian.
        cls.teacher_ru = cls._user(
            "t_teacher_ru", "dpo_records.group_dpo_teacher", name="Смирнова Ольга Петровна", lang="ru_RU"
        )
        cls.group.teacher_ids = [Command.link(cls.teacher_ru.id)]
        cls.lesson = cls.env["dpo.lesson"].create(
            {
                "group_id": cls.group.id,
                "date": "2026-03-03",
                "subject_id": cls.program.subject_ids[0].id,
                "hours": 2,
                "teacher_id": cls.teacher_ru.id,
                "topic": "Нормативная база охраны труда",
            }
        )

    def _as_teacher(self, records):
        """`records` as the teacher's web client reaches them: her user, her language."""
        return records.with_user(self.teacher_ru).with_context(lang=self.teacher_ru.lang)

    def _cell(self, enrollment):
        return self._as_teacher(self.lesson.attendance_ids.filtered(lambda c: c.enrollment_id == enrollment))

    def _correct(self, cell, vals, reason):
        wizard = (
            self._as_teacher(self.env["dpo.attendance.correct"])
            .with_context(active_id=cell.id)
            .create({**vals, "reason": reason})
        )
        wizard.action_correct()

    @freeze_time("2026-03-04")
    def _teacher_marks_and_corrects(self):
        """The teacher marks the lesson the next day, then corrects two recorded cells
        within the edit window."""
        self._cell(self.enrollment).write({"presence": "absent"})
        self._cell(self.second_enrollment).write({"presence": "late", "mark": "5"})
        self._cell(self.third_enrollment).write({"presence": "absent"})
        self._correct(self._cell(self.enrollment), {"presence": "excused"}, "Справка о болезни № 12")
        self._correct(self._cell(self.second_enrollment), {"mark": "4"}, "Оценка внесена ошибочно")

    def test_printed_journal_shows_teacher_correction_and_letters(self):
        self._teacher_marks_and_corrects()
        cells = {cell.enrollment_id: (cell.presence, cell.mark) for cell in self.lesson.attendance_ids}
        self.assertEqual(
            cells,
            {
                self.enrollment: ("excused", False),
                self.second_enrollment: ("late", "4"),
                self.third_enrollment: ("absent", False),
            },
        )
        html = self._printed_as(self.teacher_ru, "dpo_records.action_report_journal", self.group)

        # The grid: н — absent, у — excused, о — late, with the corrected value, not the first.
        heads, rows = self._printed_table(html, "03.03")
        self.assertEqual(heads, ["№", "Фамилия, имя, отчество", "03.03"])
        self.assertEqual(self._row_of(rows, "Иванов Пётр Сергеевич")[2], "у")
        self.assertEqual(self._row_of(rows, "Петрова Мария")[2], "о 4")
        self.assertEqual(self._row_of(rows, "Зуев Лев")[2], "н")

        # Each correction: what was written, the right value, the reason, who corrected.
        heads, rows = self._printed_table(html, "Исправлено на")
        self.assertEqual(
            heads,
            ["№", "Дата исправления", "Запись", "Было", "Исправлено на", "Причина", "Исправил", "Подпись"],
        )
        by_reason = {row[5]: row for row in rows}
        presence = by_reason["Справка о болезни № 12"]
        self.assertIn("Иванов Пётр Сергеевич", presence[2])
        self.assertEqual(presence[1], "04.03.2026")
        self.assertEqual(presence[3:5], ["Не явился", "Уважительная причина"])
        self.assertEqual(presence[6:], ["Смирнова Ольга Петровна", "__________"])
        mark = by_reason["Оценка внесена ошибочно"]
        self.assertIn("Петрова Мария", mark[2])
        self.assertEqual(mark[3:5], ["5 (отлично)", "4 (хорошо)"])
        self.assertEqual(mark[6], "Смирнова Ольга Петровна")
        # The signature of the teacher who corrected, once.
        text = self._printed_text(html)
        self.assertIn(f"Исправленному верить: {SIGNATURE} / Смирнова Ольга Петровна /", text)
        self.assertEqual(text.count("/ Смирнова Ольга Петровна /"), 1)

    def test_excel_journal_holds_learners_dates_and_letters(self):
        self._teacher_marks_and_corrects()
        export = self._as_teacher(self.env["dpo.journal.export"]).create({"group_id": self.group.id})
        export.action_export()
        self.assertEqual(export.filename, "Журнал T-01.xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file)))
        self.assertEqual(workbook.sheetnames, ["Журнал"])
        sheet = workbook["Журнал"]
        self.assertEqual(sheet["A1"].value, "Журнал учета занятий. Группа T-01")
        self.assertEqual([sheet["A4"].value, sheet["B4"].value], ["№", "Фамилия, имя, отчество"])
        # One column per lesson: its date, and its subject below.
        self.assertEqual(sheet["C4"].value, "03.03.2026")
        self.assertEqual(sheet["C5"].value, self.program.subject_ids[0].name)
        rows = {row[1]: row for row in sheet.iter_rows(min_row=6, max_col=3, values_only=True) if row[1]}
        self.assertEqual(set(rows), {"Иванов Пётр Сергеевич", "Петрова Мария", "Зуев Лев"})
        self.assertEqual(sorted(row[0] for row in rows.values()), [1, 2, 3])
        # Each learner's cell of the lesson: у — excused (the corrected value), о — late with
        # the corrected mark, н — absent.
        self.assertEqual(rows["Иванов Пётр Сергеевич"][2], "у")
        self.assertEqual(rows["Петрова Мария"][2], "о 4")
        self.assertEqual(rows["Зуев Лев"][2], "н")


@tagged("post_install", "-at_install")
class TestProtocolScans(SignedDocumentCase):
    """Scans of a signed protocol's paper original, kept beside its electronic copy."""

    def test_scans_of_signed_protocol_kept_beside_each_other(self):
        protocol = self._signed_protocol()
        copy, copy_raw = protocol.signed_copy_id, protocol.signed_copy_id.raw
        first_raw, second_raw = b"%PDF-1.4 protocol scan 1", b"%PDF-1.4 protocol scan 2"
        protocol.with_user(self.specialist).write(
            {"scan_file": base64.b64encode(first_raw), "scan_filename": "протокол-скан.pdf"}
        )
        first = protocol.scan_ids
        self.assertEqual(len(first), 1)
        self.assertEqual(first.raw, first_raw)
        self.assertEqual(first.dpo_scan_sha256, hashlib.sha256(first_raw).hexdigest())
        self.assertEqual((first.res_model, first.res_id), ("dpo.protocol", protocol.id))

        protocol.with_user(self.specialist).write(
            {"scan_file": base64.b64encode(second_raw), "scan_filename": "протокол-скан-2.pdf"}
        )
        protocol.invalidate_recordset()
        self.assertEqual(protocol.scan_count, 2)
        second = protocol.scan_ids - first
        self.assertEqual(second.dpo_scan_sha256, hashlib.sha256(second_raw).hexdigest())
        self.assertEqual(protocol.scan_sha256, second.dpo_scan_sha256)

        # Neither scan, nor the electronic copy, is overwritten, replaced or deleted.
        kept = "is a kept copy of a signed document"
        draft = self._draft_protocol()
        for attachment in (first, second, copy):
            with self.assertRefused(UserError, kept):
                attachment.with_user(self.specialist).write({"raw": b"%PDF-1.4 forged"})
            with self.assertRefused(UserError, kept):
                attachment.with_user(self.specialist).write({"res_id": draft.id})
            with self.assertRefused(UserError, kept):
                attachment.with_user(self.specialist).unlink()
        with self.assertRefused(UserError, "checksum of a scan cannot be changed"):
            first.with_user(self.specialist).write({"dpo_scan_sha256": second.dpo_scan_sha256})
        with self.assertRefused(UserError, "signed protocol cannot be changed"):
            protocol.with_user(self.specialist).write({"scan_ids": [Command.unlink(first.id)]})
        self.env.invalidate_all()
        self.assertEqual((first.raw, second.raw, copy.raw), (first_raw, second_raw, copy_raw))
        self.assertEqual(first.dpo_scan_sha256, hashlib.sha256(first_raw).hexdigest())
        self.assertEqual(protocol.scan_ids, first | second)
        self.assertEqual(protocol.signed_copy_sha256, hashlib.sha256(copy_raw).hexdigest())


@tagged("post_install", "-at_install")
class TestVocationalGroupRecord(EvidenceCase):
    """A vocational training group (seed 003 §1.1 «программ профессионального обучения»)
    keeps the same record: enrolment by a signed order, statements, the final protocol, and
    the decision «свидетельство о профессии рабочего, должности служащего»."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.chair = Partner.create({"name": "Кравцов Павел Ильич"})
        cls.secretary = Partner.create({"name": "Лаптева Инна Юрьевна"})
        cls.member = Partner.create({"name": "Жуков Артём Львович"})

    def test_vocational_group_record_end_to_end(self):
        as_specialist = self.env(user=self.specialist)
        program = as_specialist["dpo.program"].create(
            {
                "name": "Стропальщик",
                "program_kind": "po_prep",
                "hours": 72,
                "qualification_name": "Стропальщик",
                "profession_rank": "3 разряд",
                "subject_ids": [
                    Command.create(
                        {"name": "Теоретическое обучение", "hours": 32, "attestation_form": "credit"}
                    ),
                    Command.create(
                        {"name": "Практическое обучение", "hours": 40, "attestation_form": "exam"}
                    ),
                ],
            }
        )
        self.assertEqual(program.document_kind, "certificate_profession")
        group = as_specialist["dpo.group"].create(
            {
                "name": "ПО-26-01",
                "program_id": program.id,
                "date_start": "2026-05-04",
                "date_end": "2026-05-29",
                "teacher_ids": [Command.set(self.teacher.ids)],
            }
        )
        learners = as_specialist["dpo.learner"].create(
            [
                {"last_name": "Котов", "first_name": "Андрей", "patronymic": "Ильич"},
                {"last_name": "Лисин", "first_name": "Борис"},
            ]
        )
        passing, failing = as_specialist["dpo.enrollment"].create(
            [{"learner_id": learner.id, "group_id": group.id} for learner in learners]
        )

        # Enrolled only by the director's signed order.
        enrol = as_specialist["dpo.order"].create(
            {
                "order_type": "enroll",
                "group_id": group.id,
                "date": "2026-05-04",
                "line_ids": [Command.create({"enrollment_id": e.id}) for e in passing | failing],
            }
        )
        self.assertEqual((passing | failing).mapped("state"), ["draft", "draft"])
        enrol.with_user(self.director).action_sign()
        self.assertEqual((passing | failing).mapped("state"), ["enrolled", "enrolled"])
        self.assertEqual((passing | failing).enroll_order_id, enrol)
        order_text = self._printed_text(
            self._printed_as(self.specialist, "dpo_records.action_report_dpo_order", enrol)
        )
        self.assertIn(
            "Зачислить в группу ПО-26-01 на обучение по программе профессионального обучения «Стропальщик» "
            "в объёме 72 часов",
            order_text,
        )
        group.with_user(self.specialist).action_start()

        # Intermediate attestation: the examiner fills and signs one statement per subject.
        for subject in program.subject_ids:
            sheet = as_specialist["dpo.attestation.sheet"].create(
                {
                    "group_id": group.id,
                    "subject_id": subject.id,
                    "form": subject.attestation_form,
                    "date": "2026-05-25",
                    "examiner_ids": [Command.set(self.teacher.ids)],
                }
            )
            result = "pass" if subject.attestation_form == "credit" else "4"
            sheet.with_user(self.teacher).line_ids.write({"result": result})
            sheet.with_user(self.teacher).action_sign()
            self.assertEqual(sheet.state, "signed")

        # Final attestation by the commission appointed for the group.
        commission = self._appoint_commission_for(group, "2026-05-01", "2026-06-30")
        protocol = as_specialist["dpo.protocol"].create(
            {"group_id": group.id, "commission_id": commission.id, "date": "2026-05-29", "final_form": "exam"}
        )
        self.assertEqual(protocol.line_ids.enrollment_id, passing | failing)
        self.assertTrue(all(protocol.line_ids.mapped("admitted")))
        lines = {line.enrollment_id: line for line in protocol.line_ids}
        lines[passing].write({"result": "passed", "grade": "5"})
        lines[failing].write({"result": "failed", "grade": "2"})
        protocol.with_user(self.specialist).action_sign()
        self.assertEqual(protocol.state, "signed")
        self.assertRegex(protocol.name, r"^2026/\d{3}$")
        self.assertEqual((passing.final_result, failing.final_result), ("passed", "failed"))
        self.assertEqual(lines[passing].decision, "certificate_profession")
        self.assertEqual(lines[failing].decision, "reference")

        # Completion only for the one who passed.
        complete = as_specialist["dpo.order"].create(
            {
                "order_type": "complete",
                "group_id": group.id,
                "date": "2026-05-29",
                "line_ids": [Command.create({"enrollment_id": passing.id})],
            }
        )
        complete.with_user(self.director).action_sign()
        self.assertEqual((passing.state, failing.state), ("completed", "enrolled"))
        group.with_user(self.specialist).action_finish()
        self.assertEqual(group.state, "done")


@tagged("post_install", "-at_install")
class TestGroupStatus(DpoCase):
    """A group's status (draft, running, finished) changes only through «Start Training» and
    «Finish Training»."""

    REFUSED = "The status of a group changes only with «Start Training» and «Finish Training»"

    def test_status_written_directly_refused(self):
        for user in (self.specialist, self.head, self.director):
            for state in ("running", "done", "draft"):
                with self.subTest(user=user.login, state=state), self.assertRefused(UserError, self.REFUSED):
                    self.group.with_user(user).write({"state": state})
        with self.assertRefused(UserError, self.REFUSED):
            self.group.sudo().write({"state": "done"})
        self.group.invalidate_recordset()
        self.assertEqual(self.group.state, "draft")

        self.group.with_user(self.specialist).action_start()
        self.assertEqual(self.group.state, "running")
        with self.assertRefused(UserError, self.REFUSED):
            self.group.with_user(self.specialist).write({"state": "draft", "note": "<p>назад</p>"})
        self.group.invalidate_recordset()
        self.assertEqual(self.group.state, "running")
        self.assertFalse(self.group.note)
        self.group.with_user(self.specialist).action_finish()
        self.assertEqual(self.group.state, "done")
        with self.assertRefused(UserError, self.REFUSED):
            self.group.with_user(self.director).write({"state": "running"})
        self.group.invalidate_recordset()
        self.assertEqual(self.group.state, "done")

    def test_group_created_running_or_finished_refused(self):
        Group = self.env["dpo.group"].with_user(self.specialist)
        vals = {"program_id": self.program.id, "date_start": "2026-05-04", "date_end": "2026-05-15"}
        count = Group.search_count([])
        for state in ("running", "done"):
            with self.subTest(state=state), self.assertRefused(UserError, self.REFUSED):
                Group.create({**vals, "name": f"T-{state}", "state": state})
        with self.assertRefused(UserError, re.escape("(default_state)")):
            Group.with_context(default_state="done").create({**vals, "name": "T-default"})
        self.assertEqual(Group.search_count([]), count)
        group = Group.create({**vals, "name": "T-03"})
        self.assertEqual(group.state, "draft")


@tagged("post_install", "-at_install")
class TestExpertCommissionExaminesNobody(DpoCase):
    def test_expert_commission_refused_on_statements_and_protocols(self):
        """An expert commission judges archival files, not learners: a statement or a protocol
        sent over RPC with one is refused, the view's domain is not the only guard."""
        self.chair = self.env["res.partner"].create({"name": "Председатель Экспертной"})
        self.secretary = self.env["res.partner"].create({"name": "Секретарь Экспертной"})
        order = self.env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": "2026-01-12",
                "commission_kind": "expert",
                "commission_chair_id": self.chair.id,
                "commission_secretary_id": self.secretary.id,
                "commission_date_from": "2026-01-12",
            }
        )
        order.with_user(self.director).action_sign()
        expert = order.commission_id
        self.assertEqual(expert.kind, "expert")
        message = "is not an attestation commission"
        protocols = self.env["dpo.protocol"].search_count([])
        with self.assertRefused(ValidationError, message):
            self.env["dpo.protocol"].with_user(self.specialist).create(
                {"group_id": self.group.id, "commission_id": expert.id, "date": "2026-03-13"}
            )
        self.assertEqual(self.env["dpo.protocol"].search_count([]), protocols)
        sheets = self.env["dpo.attestation.sheet"].search_count([])
        with self.assertRefused(ValidationError, message):
            self.env["dpo.attestation.sheet"].with_user(self.specialist).create(
                {
                    "group_id": self.group.id,
                    "kind": "final",
                    "form": "exam",
                    "date": "2026-03-13",
                    "commission_id": expert.id,
                }
            )
        self.assertEqual(self.env["dpo.attestation.sheet"].search_count([]), sheets)
