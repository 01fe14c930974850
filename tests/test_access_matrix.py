import base64
import os
import re
from contextlib import closing
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from . import access_matrix
from .access_matrix import MATRIX, OPERATIONS, ROLE_KEYS, SIGNED_MODELS
from .common import DpoCase

README = os.path.join(os.path.dirname(os.path.dirname(__file__)), "README.md")
README_MARKERS = ("<!-- roles-table:begin (scripts/roles-table) -->", "<!-- roles-table:end -->")
# What signs a record of a model of the S column (issuing, for a document).
SIGN_ACTIONS = ("action_sign", "action_approve", "action_issue")


@tagged("post_install", "-at_install")
class TestAccessMatrix(DpoCase):
    """Every model of the addon × every role × create / read / write / delete / sign, as a
    real user per role through the ORM as RPC reaches it, on records within the role's reach;
    the expected outcome of each cell comes from tests/access_matrix.py (the README's table).

    Allowed: the call succeeds and does what it says. Refused: AccessError (or UserError where
    a business rule of the model refuses, see BUSINESS_REFUSALS) and nothing changed. Every
    cell runs in a savepoint rolled back afterwards, so the cells share their records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "teacher": cls.teacher,
            "specialist": cls.specialist,
            "head": cls.head,
            "archivist": cls.archivist,
            "director": cls.director,
            "internal": new_test_user(cls.env, login="t_internal", groups="base.group_user"),
            "portal": new_test_user(cls.env, login="t_portal", groups="base.group_portal"),
        }
        today = fields.Date.context_today(cls.env["dpo.group"])
        cls.today = today
        # A group running now, so that today's lessons are within the teacher's edit window.
        cls.group.write({"date_start": today - timedelta(days=5), "date_end": today + timedelta(days=10)})
        cls.enrollment._change_state("enrolled", date=cls.group.date_start)
        cls._add_second_learner()  # a draft enrolment, for the order
        cls.third = cls.env["dpo.learner"].create({"last_name": "Орлова", "first_name": "Вера"})
        cls.third_enrollment = cls.env["dpo.enrollment"].create(
            {"learner_id": cls.third.id, "group_id": cls.group.id}
        )
        cls.free_learner = cls.env["dpo.learner"].create({"last_name": "Волков", "first_name": "Олег"})
        cls.subject = cls.program.subject_ids.filtered(lambda s: s.attestation_form == "credit")[:1]
        cls.chair = cls.env["res.partner"].create({"name": "Кравцов Павел Ильич"})
        cls.secretary = cls.env["res.partner"].create({"name": "Лаптева Инна Юрьевна"})
        cls.member = cls.env["res.partner"].create({"name": "Жуков Артём Львович"})
        cls.commission = cls._appoint_commission(today - timedelta(days=30), today + timedelta(days=30))

        cls.records = {}  # model: {operation: record}
        cls.create_vals = {}  # model: values of the record a role creates
        cls.write_vals = {}  # model: values a role writes
        builders = cls._builders()
        for model in MATRIX:
            if model in cls.env and model in builders:
                builders[model]()

    # Records within every role's reach, built as superuser.

    @classmethod
    def _set(cls, model, record, create_vals, write_vals, **by_operation):
        cls.records[model] = {operation: by_operation.get(operation, record) for operation in OPERATIONS}
        cls.create_vals[model] = create_vals
        cls.write_vals[model] = write_vals

    @classmethod
    def _builders(cls):
        return {
            "dpo.program": cls._build_program,
            "dpo.program.subject": cls._build_program_subject,
            "dpo.learner": cls._build_learner,
            "dpo.group": cls._build_group,
            "dpo.enrollment": cls._build_enrollment,
            "dpo.order": cls._build_order,
            "dpo.order.line": cls._build_order_line,
            "dpo.numbering": cls._build_numbering,
            "dpo.commission": cls._build_commission,
            "dpo.lesson": cls._build_lesson,
            "dpo.attendance": cls._build_attendance,
            "dpo.correction": cls._build_correction,
            "dpo.journal.check": cls._build_journal_check,
            "dpo.attestation.sheet": cls._build_sheet,
            "dpo.attestation.sheet.line": cls._build_sheet_line,
            "dpo.protocol": cls._build_protocol,
            "dpo.protocol.line": cls._build_protocol_line,
            "dpo.protocol.subject.result": cls._build_protocol_subject_result,
            "dpo.award.kind": cls._build_award_kind,
            "dpo.award": cls._build_award,
            "dpo.self.study.report": cls._build_self_study_report,
            "dpo.portfolio.item": cls._build_portfolio_item,
            "dpo.portfolio.review": cls._build_portfolio_review,
            "dpo.record.carrier": cls._build_record_carrier,
            "dpo.record.carrier.entry": cls._build_record_carrier_entry,
            "dpo.record.carrier.import": cls._build_record_carrier_import,
            "dpo.record.carrier.import.column": cls._build_record_carrier_import_column,
            "dpo.record.carrier.import.error": cls._build_record_carrier_import_error,
            "dpo.group.lesson.plan": cls._build_lesson_plan,
            "dpo.group.order.draft": cls._build_order_draft,
            "dpo.journal.export": cls._build_journal_export,
            "dpo.attendance.correct": cls._build_attendance_correct,
            "dpo.attestation.sheet.line.correct": cls._build_sheet_line_correct,
            "dpo.lesson.change": cls._build_lesson_change,
            "dpo.group.journal.reopen": cls._build_journal_reopen,
            "dpo.protocol.line.admit": cls._build_protocol_line_admit,
            "dpo.numbering.start": cls._build_numbering_start,
            "dpo.config.settings": cls._build_config_settings,
            "dpo.nomenclature.item": cls._build_nomenclature_item,
            "dpo.nomenclature.preset": cls._build_nomenclature_preset,
            "dpo.nomenclature.preset.line": cls._build_nomenclature_preset_line,
            "dpo.nomenclature.preset.apply": cls._build_nomenclature_preset_apply,
            "dpo.nomenclature.print": cls._build_nomenclature_print,
            "dpo.nomenclature.item.period.change": cls._build_nomenclature_period_change,
            "dpo.document": cls._build_document,
            "dpo.document.blank": cls._build_blank,
            "dpo.document.blank.receipt": cls._build_blank_receipt,
            "dpo.document.template": cls._build_document_template,
            "dpo.document.template.line": cls._build_document_template_line,
            "dpo.document.blank.spoil": cls._build_blank_spoil,
            "dpo.document.cancel": cls._build_document_cancel,
            "dpo.document.duplicate": cls._build_document_duplicate,
            "dpo.document.reprint": cls._build_document_reprint,
            "dpo.document.book.print": cls._build_book_print,
            "dpo.frdo.export": cls._build_frdo_export,
            "dpo.frdo.export.error": cls._build_frdo_export_error,
            "dpo.document.import": cls._build_document_import,
            "dpo.document.import.column": cls._build_document_import_column,
            "dpo.document.import.error": cls._build_document_import_error,
            "dpo.archive.case": cls._build_archive_case,
            "dpo.archive.case.entry": cls._build_archive_case_entry,
            "dpo.destruction.act": cls._build_destruction_act,
            "dpo.destruction.act.line": cls._build_destruction_act_line,
            "dpo.personal.data.act": cls._build_personal_data_act,
            "dpo.personal.data.act.line": cls._build_personal_data_act_line,
            "dpo.attestation.extract": cls._build_attestation_extract,
            "dpo.attestation.extract.line": cls._build_attestation_extract_line,
            "dpo.archive.case.hold": cls._build_case_hold,
            "dpo.archive.review.export": cls._build_review_export,
        }

    @classmethod
    def _program_vals(cls, name):
        return {"name": name, "program_kind": "pk", "hours": 16}

    @classmethod
    def _build_program(cls):
        program = cls.env["dpo.program"].create(cls._program_vals("Матрица"))
        cls._set("dpo.program", program, cls._program_vals("Матрица 2"), {"name": "Матрица (ред.)"})

    @classmethod
    def _build_program_subject(cls):
        empty = cls.env["dpo.program"].create(cls._program_vals("Матрица: пустой план"))
        program = cls.env["dpo.program"].create(
            {**cls._program_vals("Матрица: план"), "subject_ids": [(0, 0, {"name": "Основы", "hours": 16})]}
        )
        cls._set(
            "dpo.program.subject",
            program.subject_ids,
            {"program_id": empty.id, "name": "Модуль", "hours": 16},
            {"name": "Основы (ред.)"},
        )

    @classmethod
    def _build_learner(cls):
        unenrolled = cls.env["dpo.learner"].create({"last_name": "Зайцев", "first_name": "Илья"})
        cls._set(
            "dpo.learner",
            cls.learner,
            {"last_name": "Новикова", "first_name": "Ольга"},
            {"first_name": "Павел"},
            unlink=unenrolled,
        )

    @classmethod
    def _group_vals(cls, name):
        return {
            "name": name,
            "program_id": cls.program.id,
            "date_start": cls.today,
            "date_end": cls.today + timedelta(days=10),
            "teacher_ids": [(6, 0, cls.teacher.ids)],
            "head_id": cls.head.id,
        }

    @classmethod
    def _build_group(cls):
        draft = cls.env["dpo.group"].create(cls._group_vals("М-01"))
        cls._set("dpo.group", cls.group, cls._group_vals("М-02"), {"name": "T-01 (ред.)"}, unlink=draft)

    @classmethod
    def _build_enrollment(cls):
        cls._set(
            "dpo.enrollment",
            cls.enrollment,
            {"learner_id": cls.free_learner.id, "group_id": cls.group.id},
            {"funding": "budget"},
            unlink=cls.third_enrollment,
        )

    @classmethod
    def _build_order(cls):
        order = cls.env["dpo.order"].create(
            {
                "order_type": "enroll",
                "group_id": cls.group.id,
                "date": cls.today,
                "line_ids": [(0, 0, {"enrollment_id": cls.second_enrollment.id})],
            }
        )
        cls.order = order
        cls._set(
            "dpo.order",
            order,
            {"order_type": "enroll", "group_id": cls.group.id, "date": cls.today},
            {"basis": "Заявления слушателей"},
        )

    @classmethod
    def _build_order_line(cls):
        cls._set(
            "dpo.order.line",
            cls.order.line_ids,
            {"order_id": cls.order.id, "enrollment_id": cls.third_enrollment.id},
            {"basis": "Договор № 7"},
        )

    @classmethod
    def _build_numbering(cls):
        # A counter as signing makes it (a year no document of the tests uses).
        counter = cls.env["dpo.numbering"]._lock(cls.company, "order.organize", 2099)
        cls._set(
            "dpo.numbering",
            counter,
            {"company_id": cls.company.id, "kind": "order.expel", "year": 2099, "letters": "ОТ"},
            {"letters": "ОД-М"},
        )

    @classmethod
    def _commission_vals(cls):
        return {
            "kind": "attestation",
            "chair_id": cls.chair.id,
            "secretary_id": cls.secretary.id,
            "date_from": cls.today,
        }

    @classmethod
    def _build_commission(cls):
        draft = cls.env["dpo.commission"].create(cls._commission_vals())
        cls._set(
            "dpo.commission",
            draft,
            cls._commission_vals(),
            {"date_to": cls.today + timedelta(days=60)},
        )

    @classmethod
    def _lesson_vals(cls, time_start):
        return {
            "group_id": cls.group.id,
            "date": cls.today,
            "time_start": time_start,
            "subject_id": cls.subject.id,
            "hours": 2,
            "teacher_id": cls.teacher.id,
        }

    @classmethod
    def _build_lesson(cls):
        cls.lesson = cls.env["dpo.lesson"].create(cls._lesson_vals(9.0))
        cls._set("dpo.lesson", cls.lesson, cls._lesson_vals(13.0), {"topic": "Вводное занятие"})

    @classmethod
    def _build_attendance(cls):
        # A lesson whose cell is removed, for the role that creates it. In SQL: how cells may
        # be removed is not this test's business.
        bare = cls.env["dpo.lesson"].create(cls._lesson_vals(11.0))
        cls.env.cr.execute("DELETE FROM dpo_attendance WHERE lesson_id = %s", [bare.id])
        bare.invalidate_recordset()
        cls._set(
            "dpo.attendance",
            cls.lesson.attendance_ids,
            {"lesson_id": bare.id, "enrollment_id": cls.enrollment.id},
            {"presence": "present"},
        )

    @classmethod
    def _build_correction(cls):
        # A recorded cell of yesterday's lesson, corrected once: the ledger has a line.
        yesterday = cls.env["dpo.lesson"].create(
            {**cls._lesson_vals(9.0), "date": cls.today - timedelta(days=1)}
        )
        cls.recorded_cell = yesterday.attendance_ids
        cls.recorded_cell.presence = "absent"
        cls.recorded_cell._write_with_reason({"presence": "excused"}, "Справка")
        entry = cls.env["dpo.correction"].search([("res_model", "=", "dpo.attendance")], limit=1)
        cls._set(
            "dpo.correction",
            entry,
            {
                "res_model": "dpo.attendance",
                "res_id": cls.recorded_cell.id,
                "field_name": "presence",
                "old_value": "Отсутствовал",
                "new_value": "Присутствовал",
                "reason": "Подделка",
            },
            {"reason": "Подделка"},
        )

    @classmethod
    def _build_journal_check(cls):
        check = cls.env["dpo.journal.check"].with_user(cls.head).create({"group_id": cls.group.id})
        cls._set(
            "dpo.journal.check",
            check,
            {"group_id": cls.group.id, "result": "ok"},
            {"remarks": "Замечаний нет"},
        )

    @classmethod
    def _sheet(cls):
        return cls.env["dpo.attestation.sheet"].create(
            {
                "group_id": cls.group.id,
                "subject_id": cls.subject.id,
                "form": "credit",
                "date": cls.today,
                "examiner_ids": [(6, 0, cls.teacher.ids)],
            }
        )

    @classmethod
    def _build_sheet(cls):
        cls.sheet = cls._sheet()
        ready = cls._sheet()
        ready.line_ids.write({"result": "pass"})
        cls._set(
            "dpo.attestation.sheet",
            cls.sheet,
            {"group_id": cls.group.id, "subject_id": cls.subject.id, "form": "credit", "date": cls.today},
            {"date": cls.today - timedelta(days=1)},
            sign=ready,
        )

    @classmethod
    def _build_sheet_line(cls):
        sheet = cls._sheet()
        line = sheet.line_ids
        self_empty = cls._sheet()
        self_empty.line_ids.unlink()
        cls._set(
            "dpo.attestation.sheet.line",
            line,
            {"sheet_id": self_empty.id, "enrollment_id": cls.enrollment.id},
            {"result": "pass"},
        )

    @classmethod
    def _protocol(cls):
        return cls.env["dpo.protocol"].create(
            {
                "group_id": cls.group.id,
                "commission_id": cls.commission.id,
                "date": cls.today,
                "final_form": "exam",
            }
        )

    @classmethod
    def _build_protocol(cls):
        protocol = cls._protocol()
        # Every subject of the curriculum has its signed result: «failed» then needs no
        # admission, and the protocol is ready to sign as it is.
        for subject in cls.program.subject_ids:
            cls._signed_sheet(subject, {cls.enrollment: "pass"}, cls.today)
        ready = cls._protocol()
        ready.line_ids.write({"result": "failed"})
        cls._set(
            "dpo.protocol",
            protocol,
            {
                "group_id": cls.group.id,
                "commission_id": cls.commission.id,
                "date": cls.today,
                "final_form": "exam",
            },
            {"date": cls.today - timedelta(days=1)},
            sign=ready,
        )

    @classmethod
    def _build_protocol_line(cls):
        protocol = cls._protocol()
        empty = cls._protocol()
        empty.line_ids.unlink()
        cls._set(
            "dpo.protocol.line",
            protocol.line_ids,
            {"protocol_id": empty.id, "enrollment_id": cls.enrollment.id},
            {"result": "failed"},
        )

    @classmethod
    def _build_protocol_subject_result(cls):
        results = cls._protocol().line_ids.subject_result_ids
        cls._set(
            "dpo.protocol.subject.result",
            results[:1],
            {
                "protocol_line_id": cls._protocol().line_ids.id,
                "subject_id": cls.subject.id,
                "subject_name": cls.subject.name,
                "status": "recorded",
                "result": "pass",
            },
            {"result": "fail"},
        )

    @classmethod
    def _build_award_kind(cls):
        kind = cls.env["dpo.award.kind"].create({"name": "Похвальный лист"})
        cls._set("dpo.award.kind", kind, {"name": "Почетная грамота"}, {"name": "Похвальный лист (ред.)"})

    @classmethod
    def _award_vals(cls):
        return {
            "enrollment_id": cls.enrollment.id,
            "award_kind": cls.env.ref("dpo_records.dpo_award_kind_thanks").id,
            "date": cls.today,
            "basis": "Решение педагогического совета",
        }

    @classmethod
    def _build_award(cls):
        award = cls.env["dpo.award"].create(cls._award_vals())
        cls._set("dpo.award", award, cls._award_vals(), {"basis": "Подделка основания"})

    @classmethod
    def _report_vals(cls, name):
        return {
            "name": name,
            "enrollment_id": cls.enrollment.id,
            "subject_id": cls.subject.id,
            "file": base64.b64encode(b"%PDF-1.4 report").decode(),
            "file_name": "report.pdf",
        }

    @classmethod
    def _build_self_study_report(cls):
        report = cls.env["dpo.self.study.report"].create(cls._report_vals("Отчет по практике"))
        cls._set(
            "dpo.self.study.report",
            report,
            cls._report_vals("Отчет по теории"),
            {"name": "Отчет по практике (ред.)"},
        )

    @classmethod
    def _work_vals(cls, name):
        return {
            "name": name,
            "enrollment_id": cls.enrollment.id,
            "file": base64.b64encode(b"%PDF-1.4 work").decode(),
            "file_name": "work.pdf",
        }

    @classmethod
    def _build_portfolio_item(cls):
        cls.work = cls.env["dpo.portfolio.item"].create(cls._work_vals("Проект инструкции"))
        # A work without reviews, for the roles that may delete one (a reviewed work is kept).
        unreviewed = cls.env["dpo.portfolio.item"].create(cls._work_vals("Черновик проекта"))
        cls._set(
            "dpo.portfolio.item",
            cls.work,
            cls._work_vals("Реферат"),
            {"description": "Инструкция по охране труда для участка"},
            unlink=unreviewed,
        )

    @classmethod
    def _build_portfolio_review(cls):
        # Recorded by the teacher of the group, who may change or delete what they recorded.
        review = (
            cls.env["dpo.portfolio.review"]
            .with_user(cls.teacher)
            .create({"item_id": cls.work.id, "text": "Работа выполнена полностью", "mark": "5"})
            .with_env(cls.env)
        )
        cls._set(
            "dpo.portfolio.review",
            review,
            {"item_id": cls.work.id, "text": "Замечаний нет"},
            {"text": "Работа выполнена полностью, без замечаний"},
        )

    @classmethod
    def _build_record_carrier(cls):
        carrier = cls.env["dpo.record.carrier"].create({"name": "Дневник практики"})
        cls._set(
            "dpo.record.carrier",
            carrier,
            {"name": "Журнал наставника", "medium": "paper"},
            {"act_number": "12-О"},
        )

    @classmethod
    def _carrier_entry_vals(cls, name):
        return {
            "enrollment_id": cls.enrollment.id,
            "name": name,
            "date": cls.today,
            "score": 15,
            "max_score": 20,
        }

    @classmethod
    def _build_record_carrier_entry(cls):
        # Recorded by the teacher of the group, who may correct or delete what they recorded.
        entry = (
            cls.env["dpo.record.carrier.entry"]
            .with_user(cls.teacher)
            .create(cls._carrier_entry_vals("Входной тест"))
            .with_env(cls.env)
        )
        cls._set(
            "dpo.record.carrier.entry", entry, cls._carrier_entry_vals("Промежуточный тест"), {"score": 17.0}
        )

    @classmethod
    def _build_record_carrier_import(cls):
        vals = {
            "group_id": cls.group.id,
            "file": base64.b64encode("ФИО;Тест;Дата;Оценка\n".encode()).decode(),
            "filename": "results.csv",
        }
        cls._build_wizard("dpo.record.carrier.import", vals, {"filename": "moodle.csv"})
        cls.carrier_import = cls.records["dpo.record.carrier.import"]["read"]

    @classmethod
    def _build_record_carrier_import_column(cls):
        vals = {"import_id": cls.carrier_import.id, "sequence": 0, "header": "ФИО", "target": "full_name"}
        cls._build_wizard("dpo.record.carrier.import.column", vals, {"target": "last_name"})

    @classmethod
    def _build_record_carrier_import_error(cls):
        vals = {"import_id": cls.carrier_import.id, "row_number": 2, "message": "Нет такого слушателя"}
        cls._build_wizard("dpo.record.carrier.import.error", vals, {"row_number": 3})

    @classmethod
    def _build_wizard(cls, model, vals, write_vals):
        cls._set(model, cls.env[model].create(vals), vals, write_vals)

    @classmethod
    def _build_lesson_plan(cls):
        vals = {
            "group_id": cls.group.id,
            "date_from": cls.group.date_start,
            "date_to": cls.group.date_end,
            "teacher_id": cls.teacher.id,
        }
        cls._build_wizard("dpo.group.lesson.plan", vals, {"hours_per_day": 4})

    @classmethod
    def _build_order_draft(cls):
        vals = {"group_id": cls.group.id, "order_type": "enroll"}
        cls._build_wizard("dpo.group.order.draft", vals, {"basis": "Заявления слушателей"})

    @classmethod
    def _build_journal_export(cls):
        cls._build_wizard("dpo.journal.export", {"group_id": cls.group.id}, {"filename": "Журнал.xlsx"})

    @classmethod
    def _build_attendance_correct(cls):
        vals = {"attendance_id": cls.recorded_cell.id, "presence": "present", "reason": "Ошибка отметки"}
        cls._build_wizard("dpo.attendance.correct", vals, {"reason": "Ошибка при отметке"})

    @classmethod
    def _build_sheet_line_correct(cls):
        signed = cls._signed_sheet(cls.subject, {cls.enrollment: "pass"}, cls.today)
        vals = {"line_id": signed.line_ids.id, "result": "fail", "reason": "Описка"}
        cls._build_wizard("dpo.attestation.sheet.line.correct", vals, {"reason": "Описка в ведомости"})

    @classmethod
    def _build_lesson_change(cls):
        vals = {
            "lesson_id": cls.lesson.id,
            "date": cls.today,
            "time_start": 15.0,
            "hours": 2,
            "teacher_id": cls.teacher.id,
            "subject_id": cls.subject.id,
            "reason": "Перенос занятия",
        }
        cls._build_wizard("dpo.lesson.change", vals, {"reason": "Перенос по просьбе группы"})

    @classmethod
    def _build_journal_reopen(cls):
        vals = {"group_id": cls.group.id, "reason": "Пропущена отметка"}
        cls._build_wizard("dpo.group.journal.reopen", vals, {"reason": "Пропущена отметка занятия"})

    @classmethod
    def _build_protocol_line_admit(cls):
        vals = {"line_id": cls._protocol().line_ids.id, "reason": "Зачет пересдан"}
        cls._build_wizard("dpo.protocol.line.admit", vals, {"reason": "Зачет пересдан по приказу"})

    @classmethod
    def _build_numbering_start(cls):
        vals = {
            "company_id": cls.company.id,
            "kind": "order.organize",
            "year": 2099,
            "number_start": 5,
            "reason": "Переход с бумажного журнала",
        }
        cls._build_wizard("dpo.numbering.start", vals, {"number_start": 7})

    @classmethod
    def _build_config_settings(cls):
        cls._build_wizard("dpo.config.settings", {}, {"dpo_teacher_edit_days": 5})

    @classmethod
    def _build_nomenclature_item(cls):
        # Lines of two types of order of the company's own, whatever its demo nomenclature holds.
        Item = cls.env["dpo.nomenclature.item"]
        Item.search([("company_id", "=", cls.company.id), ("record_type", "=", "order")]).write(
            {"active": False}
        )
        cls.nomenclature_item = Item.create(
            {
                "index": "98-01",
                "title": "Приказы о составе комиссий",
                "record_type": "order",
                "order_type": "commission",
            }
        )
        cls._set(
            "dpo.nomenclature.item",
            cls.nomenclature_item,
            {
                "index": "98-02",
                "title": "Приказы об отчислении",
                "record_type": "order",
                "order_type": "expel",
            },
            {"title": "Приказы о составе аттестационных комиссий"},
            # A line no record files into (signing a commission order files one into the line above).
            unlink=Item.create(
                {"index": "98-03", "title": "Электронные копии", "record_type": "electronic_copies"}
            ),
        )

    @classmethod
    def _build_nomenclature_preset(cls):
        cls.nomenclature_preset = cls.env["dpo.nomenclature.preset"].create(
            {
                "name": "Матрица",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "index": "01-01",
                            "title": "Журналы",
                            "record_type": "journal",
                            "retention_kind": "years",
                            "retention_years": 5,
                        },
                    )
                ],
            }
        )
        cls._set(
            "dpo.nomenclature.preset",
            cls.nomenclature_preset,
            {"name": "Матрица 2"},
            {"name": "Матрица (ред.)"},
        )

    @classmethod
    def _build_nomenclature_preset_line(cls):
        cls._set(
            "dpo.nomenclature.preset.line",
            cls.nomenclature_preset.line_ids,
            {
                "preset_id": cls.nomenclature_preset.id,
                "index": "01-02",
                "title": "Протоколы",
                "record_type": "protocol",
            },
            {"title": "Журналы учета занятий"},
        )

    @classmethod
    def _build_nomenclature_preset_apply(cls):
        vals = {"company_id": cls.company.id, "preset_id": cls.nomenclature_preset.id}
        cls._build_wizard("dpo.nomenclature.preset.apply", vals, {"reason": "Новое положение"})

    @classmethod
    def _build_nomenclature_print(cls):
        cls._build_wizard(
            "dpo.nomenclature.print", {"company_id": cls.company.id, "year": 2026}, {"year": 2027}
        )

    @classmethod
    def _build_nomenclature_period_change(cls):
        vals = {
            "item_id": cls.nomenclature_item.id,
            "retention_kind": "years",
            "retention_years": 10,
            "reason": "Новая номенклатура дел",
        }
        cls._build_wizard("dpo.nomenclature.item.period.change", vals, {"retention_years": 15})

    # Documents (issue 11): a group of their own, whose learner passed the final attestation
    # of a signed protocol; its documents are drafted from it, one of them issued.

    @classmethod
    def _documents_group(cls):
        if hasattr(cls, "doc_protocol"):
            return
        group = cls.env["dpo.group"].create(
            {
                **cls._group_vals("М-Д"),
                "date_start": cls.today - timedelta(days=20),
                "date_end": cls.today - timedelta(days=1),
            }
        )
        learner = cls.env["dpo.learner"].create(
            {"last_name": "Документов", "first_name": "Иван", "birth_date": "1988-02-03", "gender": "male"}
        )
        enrollment = cls.env["dpo.enrollment"].create({"learner_id": learner.id, "group_id": group.id})
        enrollment._change_state("enrolled", date=group.date_start)
        for subject in cls.program.subject_ids:
            form = "exam" if subject.attestation_form == "exam" else "credit"
            sheet = cls.env["dpo.attestation.sheet"].create(
                {"group_id": group.id, "subject_id": subject.id, "form": form, "date": group.date_end}
            )
            sheet.line_ids.write({"result": "5" if form == "exam" else "pass"})
            sheet.action_sign()
        commission = cls._appoint_commission_for(group, cls.today - timedelta(days=30), cls.today)
        protocol = cls.env["dpo.protocol"].create(
            {"group_id": group.id, "commission_id": commission.id, "date": group.date_end}
        )
        protocol.line_ids.write({"result": "passed", "grade": "5"})
        protocol.action_sign()
        # Printed without blanks: issuing takes none from the stock.
        cls.env["dpo.document.template"]._get(cls.company, "certificate_pk").uses_blanks = False
        cls.doc_enrollment = enrollment
        cls.doc_protocol = protocol
        Document = cls.env["dpo.document"]
        cls.doc_draft = Document._draft_from_protocol(protocol)
        cls.doc_issued = Document.create(cls._document_vals())
        cls.doc_issued.action_issue()

    @classmethod
    def _document_vals(cls):
        return {
            "enrollment_id": cls.doc_enrollment.id,
            "protocol_id": cls.doc_protocol.id,
            "document_kind": "certificate_pk",
        }

    @classmethod
    def _build_document(cls):
        cls._documents_group()
        draft = cls.env["dpo.document"].create(cls._document_vals())
        cls._set(
            "dpo.document",
            draft,
            cls._document_vals(),
            {"education_form_at_exit": "outside_org"},
            unlink=cls.env["dpo.document"].create(cls._document_vals()),
            sign=cls.doc_draft,
        )

    @classmethod
    def _receipt_vals(cls, name, first, last):
        return {
            "name": name,
            "document_kind": "diploma_pp",
            "series": "МТ",
            "number_from": first,
            "number_to": last,
        }

    @classmethod
    def _build_blank(cls):
        receipt = cls.env["dpo.document.blank.receipt"].create(cls._receipt_vals("Акт М-1", "0001", "0003"))
        receipt.action_receive()
        cls.blank = receipt.blank_ids.sorted("number")[:1]
        cls._set(
            "dpo.document.blank",
            cls.blank,
            {"company_id": cls.company.id, "document_kind": "diploma_pp", "series": "МТ", "number": "0009"},
            {"state": "spoiled"},
        )

    @classmethod
    def _build_blank_receipt(cls):
        draft = cls.env["dpo.document.blank.receipt"].create(cls._receipt_vals("Акт М-2", "0010", "0012"))
        cls._set(
            "dpo.document.blank.receipt",
            draft,
            cls._receipt_vals("Акт М-3", "0020", "0022"),
            {"number_to": "0015"},
        )

    @classmethod
    def _build_document_template(cls):
        Template = cls.env["dpo.document.template"]
        template = Template._get(cls.company, "certificate_pk")
        # A kind without its layout yet, for the role that creates one.
        Template.search(
            [("company_id", "=", cls.company.id), ("document_kind", "=", "certificate_profession")]
        ).unlink()
        cls._set(
            "dpo.document.template",
            template,
            {"company_id": cls.company.id, "document_kind": "certificate_profession"},
            {"city": "Тверь"},
        )

    @classmethod
    def _build_document_template_line(cls):
        template = cls.env["dpo.document.template"]._get(cls.company, "certificate_pk")
        cls._set(
            "dpo.document.template.line",
            template.line_ids[:1],
            {"template_id": template.id, "item": "text", "text": "М. П.", "top_mm": 180, "left_mm": 20},
            {"font_size": 13},
        )

    @classmethod
    def _build_blank_spoil(cls):
        vals = {"blank_ids": [(6, 0, cls.blank.ids)], "reason": "Испорчен при заполнении"}
        cls._build_wizard("dpo.document.blank.spoil", vals, {"reason": "Испорчен при печати"})

    @classmethod
    def _build_document_cancel(cls):
        cls._documents_group()
        vals = {"document_ids": [(6, 0, cls.doc_issued.ids)], "reason": "Ошибка в фамилии"}
        cls._build_wizard("dpo.document.cancel", vals, {"reason": "Ошибка в отчестве"})

    @classmethod
    def _build_document_duplicate(cls):
        cls._documents_group()
        vals = {"document_id": cls.doc_issued.id, "reason": "lost"}
        cls._build_wizard("dpo.document.duplicate", vals, {"reason": "exchanged"})

    @classmethod
    def _build_document_reprint(cls):
        cls._documents_group()
        vals = {"document_id": cls.doc_issued.id, "reason": "Испорчен при заполнении"}
        cls._build_wizard("dpo.document.reprint", vals, {"reason": "Испорчен при печати"})

    @classmethod
    def _build_book_print(cls):
        vals = {"company_id": cls.company.id, "year": cls.today.year, "volume": 1}
        cls._build_wizard("dpo.document.book.print", vals, {"volume": 2})

    @classmethod
    def _frdo_export_vals(cls):
        return {
            "company_id": cls.company.id,
            "date_from": cls.today - timedelta(days=30),
            "date_to": cls.today,
        }

    @classmethod
    def _build_frdo_export(cls):
        cls._build_wizard("dpo.frdo.export", cls._frdo_export_vals(), {"only_not_exported": False})

    @classmethod
    def _build_frdo_export_error(cls):
        cls._documents_group()
        export = cls.env["dpo.frdo.export"].create(cls._frdo_export_vals())
        vals = {"export_id": export.id, "document_id": cls.doc_issued.id, "message": "СНИЛС не указан."}
        cls._build_wizard("dpo.frdo.export.error", vals, {"message": "Дата рождения не указана."})

    @classmethod
    def _import_vals(cls):
        book = "Рег. №;Дата выдачи\n0001/2020;15.06.2020\n".encode()
        return {
            "company_id": cls.company.id,
            "file": base64.b64encode(book).decode(),
            "filename": "книга.csv",
        }

    @classmethod
    def _build_document_import(cls):
        cls._build_wizard("dpo.document.import", cls._import_vals(), {"filename": "книга 2020.csv"})

    @classmethod
    def _build_document_import_column(cls):
        book = cls.env["dpo.document.import"].create(cls._import_vals())
        vals = {"import_id": book.id, "sequence": 0, "header": "Рег. №", "target": "name"}
        cls._build_wizard("dpo.document.import.column", vals, {"target": "number"})

    @classmethod
    def _build_document_import_error(cls):
        book = cls.env["dpo.document.import"].create(cls._import_vals())
        vals = {"import_id": book.id, "row_number": 2, "message": "СНИЛС с неверной контрольной суммой."}
        cls._build_wizard("dpo.document.import.error", vals, {"message": "Дата выдачи в будущем."})

    @classmethod
    def _archive_line(cls):
        """A line of the nomenclature of files for signed orders (made as superuser), in place
        of the company's own line of those orders (the demo's)."""
        if not getattr(cls, "archive_line", None):
            Item = cls.env["dpo.nomenclature.item"]
            Item.search(
                [
                    ("company_id", "=", cls.company.id),
                    ("record_type", "=", "order"),
                    ("order_type", "=", False),
                ]
            ).write({"active": False})
            cls.archive_line = Item.create(
                {
                    "index": "М-91",
                    "title": "Приказы",
                    "record_type": "order",
                    "retention_kind": "years",
                    "retention_years": 5,
                }
            )
        return cls.archive_line

    @classmethod
    def _case_vals(cls, year):
        return {"nomenclature_item_id": cls._archive_line().id, "year": year}

    @classmethod
    def _build_archive_case(cls):
        case = cls.env["dpo.archive.case"].create(cls._case_vals(2024))
        empty = cls.env["dpo.archive.case"].create(cls._case_vals(2023))
        cls._set(
            "dpo.archive.case",
            case,
            cls._case_vals(2022),
            {"location_box": "12"},
            unlink=empty,
        )

    @classmethod
    def _build_archive_case_entry(cls):
        # The line files the signed orders: signing one makes its entry.
        cls._archive_line()
        order = cls.env["dpo.order"].create(
            {"order_type": "organize", "group_id": cls.group.id, "date": cls.today}
        )
        order.with_user(cls.director).action_sign()
        entry = cls.env["dpo.archive.case.entry"].search(
            [("res_model", "=", "dpo.order"), ("res_id", "=", order.id)]
        )
        cls._set(
            "dpo.archive.case.entry",
            entry,
            {
                "case_id": entry[:1].case_id.id,
                "res_model": "dpo.order",
                "res_id": order.id,
                "name": "Подделка",
            },
            {"name": "Подделка"},
        )

    # Retention (issue 13)

    @classmethod
    def _expired_cases(cls, count):
        """`count` cases of a one-year nomenclature line, expired (fixtures, written as the
        review would)."""
        if not getattr(cls, "_retention_item", None):
            Item = cls.env["dpo.nomenclature.item"]
            # One active line per record type: in place of the company's own (the demo's).
            Item.search([("company_id", "=", cls.company.id), ("record_type", "=", "optional_forms")]).write(
                {"active": False}
            )
            cls._retention_item = Item.create(
                {
                    "index": "М-99",
                    "title": "Необязательные формы",
                    "record_type": "optional_forms",
                    "retention_kind": "years",
                    "retention_years": 1,
                }
            )
        cases = cls.env["dpo.archive.case"].create(
            [
                {"nomenclature_item_id": cls._retention_item.id, "title": f"Матрица {number}", "year": 2020}
                for number in range(count)
            ]
        )
        cases._write_retention_state(
            {
                "state": "expired",
                "date_closed": "2020-12-31",
                "retention_until": cls.today - timedelta(days=1),
            }
        )
        return cases

    @classmethod
    def _build_destruction_act(cls):
        order = cls.env["dpo.order"].create(
            {
                "order_type": "commission",
                "date": cls.today - timedelta(days=30),
                "commission_kind": "expert",
                "commission_chair_id": cls.chair.id,
                "commission_secretary_id": cls.secretary.id,
                "commission_date_from": cls.today - timedelta(days=30),
            }
        )
        order.with_user(cls.director).action_sign()
        vals = {
            "date": cls.today,
            "commission_id": order.commission_id.id,
            "agreement_date": cls.today,
            "agreement_number": "1",
        }
        cls.destruction_act = cls.env["dpo.destruction.act"].create(vals)
        cls.destruction_act.write(
            {"line_ids": [Command.create({"case_id": case.id}) for case in cls._expired_cases(1)]}
        )
        cls._set("dpo.destruction.act", cls.destruction_act, {"date": cls.today}, {"agreement_number": "7"})

    @classmethod
    def _build_destruction_act_line(cls):
        case = cls._expired_cases(1)
        cls._set(
            "dpo.destruction.act.line",
            cls.destruction_act.line_ids,
            {"act_id": cls.destruction_act.id, "case_id": case.id},
            {"note": "Копии"},
        )

    @classmethod
    def _build_personal_data_act(cls):
        subject = {
            "learner": cls.free_learner,
            "name": "Волков Олег",
            "categories": ["СНИЛС"],
            "anonymized": False,
        }
        cls.personal_data_act = cls.env["dpo.personal.data.act"]._record(cls.company, [subject], "not_needed")
        cls._set(
            "dpo.personal.data.act",
            cls.personal_data_act,
            {"company_id": cls.company.id, "date": cls.today},
            {"reason": "retention"},
        )

    @classmethod
    def _build_personal_data_act_line(cls):
        cls._set(
            "dpo.personal.data.act.line",
            cls.personal_data_act.line_ids,
            {"act_id": cls.personal_data_act.id, "subject_name": "Подделка"},
            {"subject_name": "Подделка"},
        )

    @classmethod
    def _build_attestation_extract(cls):
        cls.attestation_extract = cls.env["dpo.attestation.extract"]._build(cls.group)
        cls._set(
            "dpo.attestation.extract",
            cls.attestation_extract,
            {"company_id": cls.company.id, "group_id": cls.other_group.id},
            {"group_name": "Подделка"},
        )

    @classmethod
    def _build_attestation_extract_line(cls):
        cls._set(
            "dpo.attestation.extract.line",
            cls.attestation_extract.line_ids[:1],
            {
                "extract_id": cls.attestation_extract.id,
                "enrollment_id": cls.enrollment.id,
                "kind": "final",
                "source": "protocol",
            },
            {"result": "5"},
        )

    @classmethod
    def _build_case_hold(cls):
        case = cls._expired_cases(1)
        cls._build_wizard(
            "dpo.archive.case.hold",
            {"case_ids": [Command.set(case.ids)], "reason": "Проверка"},
            {"reason": "Суд"},
        )

    @classmethod
    def _build_review_export(cls):
        case = cls._expired_cases(1)
        cls._build_wizard(
            "dpo.archive.review.export", {"case_ids": [Command.set(case.ids)]}, {"filename": "Дела.xlsx"}
        )

    # One cell

    def _record(self, model, role, operation):
        """The record the role acts on: the shared one, or for a wizard that only its maker
        reads, one the role makes itself when it may."""
        if (
            model in access_matrix.OWN_RECORDS
            and operation in ("read", "write", "unlink")
            and access_matrix.allowed(model, role, "create")
        ):
            made = self.env[model].with_user(self.users[role]).create(dict(self.create_vals[model]))
            return made.with_env(self.env)
        return self.records[model][operation]

    def _attempt(self, model, role, operation, record):
        """Do `operation` as `role` (values copied: a create or write may change its dict)."""
        user = self.users[role]
        if operation == "create":
            return self.env[model].with_user(user).create(dict(self.create_vals[model]))
        if operation == "read":
            return record.with_user(user).read(["display_name"])
        if operation == "write":
            return record.with_user(user).write(dict(self.write_vals[model]))
        if operation == "unlink":
            return record.with_user(user).unlink()
        action = next(action for action in SIGN_ACTIONS if hasattr(record, action))
        return getattr(record.with_user(user), action)()

    def _state(self, model, operation, record):
        """What the operation would change, read as superuser."""
        record = record.sudo()
        record.invalidate_recordset()
        state = {"count": self.env[model].sudo().search_count([]), "exists": bool(record.exists())}
        if operation == "write" and record.exists():
            state["values"] = record.read(list(self.write_vals[model]))
        if operation == "sign" and record.exists():
            state["signed"] = record.state
        return state

    def _assert_done(self, model, operation, result, before, record):
        record = record.sudo()
        record.invalidate_recordset()
        if operation == "create":
            self.assertTrue(result.exists())
            self.assertEqual(self.env[model].sudo().search_count([]), before["count"] + 1)
        elif operation == "read":
            self.assertEqual([row["id"] for row in result], record.ids)
        elif operation == "write":
            for name, value in self.write_vals[model].items():
                stored = record[name]
                stored = stored.id if hasattr(stored, "_name") else stored
                self.assertEqual(stored, value, name)
        elif operation == "unlink":
            self.assertFalse(record.exists())
        else:
            self.assertNotEqual(record.state, "draft")

    def _check_cell(self, model, role, operation):
        expected_allowed = access_matrix.allowed(model, role, operation)
        with closing(self.env.cr.savepoint()):  # the cell leaves nothing behind
            record = self._record(model, role, operation)
            before = self._state(model, operation, record)
            error = None
            try:
                # A refused call is rolled back, as the RPC layer does.
                with self.env.cr.savepoint():
                    result = self._attempt(model, role, operation, record)
                    self.env.flush_all()
            except (AccessError, UserError) as exc:
                error = exc
            if expected_allowed:
                if error is not None:
                    self.fail(f"allowed by the table, refused: {error}")
                self._assert_done(model, operation, result, before, record)
                return
            by_rule = access_matrix.refused_by_rule(model, role, operation)
            refusals = (AccessError, UserError) if by_rule else AccessError
            if error is None:
                self.fail("refused by the table, allowed by the code")
            self.assertIsInstance(error, refusals, f"refused with the wrong error: {error!r}")
            self.assertEqual(
                self._state(model, operation, record), before, "a refused call changed the database"
            )

    def _check_operation(self, operation):
        """Every cell of `operation`; the failing cells are all named at the end (pytest stops
        a test at its first failing subTest, Odoo's runner reports each)."""
        failures = []
        for model in MATRIX:
            if model not in self.env:
                continue  # reported by test_table_lists_every_model
            if operation == "sign" and model not in SIGNED_MODELS:
                continue
            for role in ROLE_KEYS:
                with self.subTest(model=model, role=role, operation=operation):
                    try:
                        self._check_cell(model, role, operation)
                    except AssertionError as exc:
                        failures.append(f"{model} × {role} × {operation}: {exc}")
        self.assertFalse(failures, f"{len(failures)} cells differ from the table:\n" + "\n".join(failures))

    def test_create(self):
        self._check_operation("create")

    def test_read(self):
        self._check_operation("read")

    def test_write(self):
        self._check_operation("write")

    def test_unlink(self):
        self._check_operation("unlink")

    def test_sign(self):
        self._check_operation("sign")

    # The table itself

    def test_table_lists_every_model(self):
        """Every model of the addon that is not abstract is in the table, and nothing else."""
        models = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("dpo.") and not model._abstract
        }
        self.assertEqual(set(MATRIX) - models, set(), "models of the table that do not exist")
        self.assertEqual(
            models - set(MATRIX),
            set(),
            "models missing from tests/access_matrix.py",
        )
        self.assertEqual(
            set(MATRIX) - set(self._builders()), set(), "models of the table without records to try"
        )
        signed = {name for name in models if any(hasattr(self.env[name], action) for action in SIGN_ACTIONS)}
        self.assertEqual(SIGNED_MODELS & models, signed)
        for model, (_label, cells) in MATRIX.items():
            self.assertEqual(set(cells), set(ROLE_KEYS), model)
            for role, letters in cells.items():
                self.assertTrue(
                    set(letters) <= set("CRWD" + ("S" if model in SIGNED_MODELS else "")), (model, role)
                )

    def test_role_groups_exist(self):
        for key, _column, _label, group, _may in access_matrix.ROLES:
            if group:
                self.assertTrue(self.users[key].has_group(group), key)
        self.assertFalse(
            self.users["internal"].groups_id.filtered(
                lambda g: g.category_id == self.env.ref("dpo_records.module_category_dpo")
            )
        )
        self.assertTrue(self.users["portal"].has_group("base.group_portal"))

    def test_readme_roles_table_is_generated_from_the_table(self):
        with open(README, encoding="utf-8") as readme:
            text = readme.read()
        begin, end = (re.escape(marker) for marker in README_MARKERS)
        found = re.search(f"{begin}\n(.*?){end}", text, re.DOTALL)
        self.assertTrue(found, f"README.md lacks the markers {README_MARKERS}")
        self.assertEqual(
            found.group(1),
            access_matrix.render_markdown(),
            "README.md differs from tests/access_matrix.py: run scripts/roles-table --write",
        )
