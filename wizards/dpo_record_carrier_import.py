import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dpo_records.models import snils as snils_tools
from odoo.addons.dpo_records.models.company_date import company_today
from odoo.addons.dpo_records.models.dpo_input import CHAR_MAX_LENGTH

from .dpo_table_import_mixin import header_key

# What a column of an e-learning system's export may hold: target → header names it is
# recognised by (compared by `header_key`). Moodle's exports of quiz results and of the
# gradebook (in Russian and in English) are among them.
TARGET_HEADERS = {
    "full_name": (
        "фио",
        "ф.и.о.",
        "фамилия, имя, отчество",
        "фамилия имя отчество",
        "слушатель",
        "обучающийся",
        "пользователь",
        "полное имя",
        "full name",
        "user",
    ),
    "last_name": ("фамилия", "last name", "surname"),
    "first_name": ("имя", "first name"),
    "patronymic": ("отчество", "patronymic", "middle name"),
    "snils": ("снилс", "snils"),
    "name": (
        "тест",
        "название теста",
        "наименование теста",
        "тестирование",
        "элемент курса",
        "test",
        "quiz",
    ),
    "date": (
        "дата",
        "дата тестирования",
        "дата прохождения",
        "завершено",
        "тест завершен",
        "date",
        "completed",
    ),
    "score": ("оценка", "баллы", "балл", "набрано баллов", "результат, баллов", "score", "grade", "points"),
    "max_score": ("максимальный балл", "макс. балл", "максимум", "из", "max score", "maximum"),
    "percent": ("процент", "%", "процент выполнения", "результат, %", "percent", "percentage"),
    "passed": ("зачтено", "сдан", "пройден", "результат", "итог", "passed", "result"),
    "result": ("отзыв", "комментарий", "примечание", "feedback", "comment"),
    "subject": ("дисциплина", "дисциплина (модуль)", "предмет", "модуль", "subject", "module"),
}
LEARNER_TARGETS = ("snils", "full_name", "last_name")
RESULT_TARGETS = ("score", "percent", "passed", "result")
PASSED_WORDS = {
    header_key(word): value
    for value, words in (
        (True, ("да", "зачтено", "зачет", "сдан", "сдано", "пройден", "пройдено", "выполнено")),
        (True, ("yes", "true", "1", "+", "passed", "pass", "completed")),
        (False, ("нет", "не зачтено", "незачет", "не сдан", "не сдано", "не пройден", "не выполнено")),
        (False, ("no", "false", "0", "-", "failed", "fail")),
    )
    for word in words
}


class DpoRecordCarrierImport(models.TransientModel):
    """«Импорт результатов тестирования СДО»: the results of tests taken in an e-learning
    system (seed 003, 2.3), exported from it as an xlsx or csv file (a row per learner and
    test: name or SNILS, the test, its date, the score, the maximum or the percent, whether it
    is passed), loaded as entries of an optional carrier of the group's learners. Read the
    file, check the mapping of its columns, run the dry run (which lists the errors per row
    and changes nothing), then import: in one transaction, refused while any row is wrong."""

    _name = "dpo.record.carrier.import"
    _inherit = ["dpo.table.import.mixin"]
    _description = "Import Test Results from the E-Learning System"

    group_id = fields.Many2one("dpo.group", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="group_id.company_id")
    carrier_id = fields.Many2one(
        "dpo.record.carrier",
        required=True,
        ondelete="cascade",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        default=lambda self: self.env["dpo.record.carrier.entry"]._default_carrier(),
    )
    column_ids = fields.One2many("dpo.record.carrier.import.column", "import_id", string="Columns")
    error_ids = fields.One2many(
        "dpo.record.carrier.import.error", "import_id", string="Errors", readonly=True
    )
    entry_ids = fields.Many2many("dpo.record.carrier.entry", string="Imported Entries", readonly=True)
    entry_count = fields.Integer(compute="_compute_entry_count", string="Entries Imported")

    @api.depends("entry_ids")
    def _compute_entry_count(self):
        for wizard in self:
            wizard.entry_count = len(wizard.entry_ids)

    def _target_headers(self):
        return TARGET_HEADERS

    # Checking the rows

    def _mapping(self):
        targets = self._mapped_columns()
        labels = self._target_labels()
        missing = [labels[target] for target in ("name", "date") if target not in targets]
        if not any(target in targets for target in LEARNER_TARGETS):
            missing.append(" / ".join(labels[target] for target in LEARNER_TARGETS))
        if not any(target in targets for target in RESULT_TARGETS):
            missing.append(" / ".join(labels[target] for target in RESULT_TARGETS))
        if missing:
            raise UserError(self.env._("Map a column to each of: %(targets)s.", targets=", ".join(missing)))
        return targets

    def _learner_index(self):
        """The group's enrolled learners, by SNILS and by name (full, and last and first)."""
        by_snils, by_name = {}, {}
        enrollments = self.env["dpo.enrollment"].search(
            [("group_id", "=", self.group_id.id), ("state", "!=", "draft")]
        )
        for enrollment in enrollments:
            learner = enrollment.learner_id
            # SNILS is personal data a teacher does not read: matched on it, never shown.
            snils = learner.sudo().snils
            if snils:
                by_snils[snils_tools.compact(snils)] = enrollment
            for key in (
                header_key(
                    " ".join(filter(None, (learner.last_name, learner.first_name, learner.patronymic)))
                ),
                header_key(f"{learner.last_name} {learner.first_name}"),
            ):
                by_name.setdefault(key, set()).add(enrollment.id)
        return by_snils, by_name

    def _find_learner(self, raw, index, errors):
        by_snils, by_name = index
        nobody = self.env["dpo.enrollment"]
        group = self.group_id.name
        snils = raw.get("snils")
        if isinstance(snils, (int, float)) and not isinstance(snils, bool):
            snils = str(int(snils)).zfill(11)
        if snils not in (None, ""):
            enrollment = by_snils.get(snils_tools.compact(str(snils)))
            if not enrollment:
                errors.append(
                    self.env._("No learner of group %(group)s has SNILS %(snils)s.", group=group, snils=snils)
                )
            return enrollment or nobody
        name = raw.get("full_name")
        if name in (None, ""):
            first, patronymic = raw.get("first_name"), raw.get("patronymic")
            if first and not patronymic and len(str(first).split()) == 2:
                # «Имя» holding the first name and the patronymic, as Russian Moodle sites have it.
                first, patronymic = str(first).split()
            name = " ".join(str(part) for part in (raw.get("last_name"), first, patronymic) if part)
        key = header_key(name or "")
        if not key:
            errors.append(self.env._("The learner is missing (full name or SNILS)."))
            return nobody
        found = by_name.get(key, set())
        if len(found) > 1:
            errors.append(
                self.env._(
                    "Several learners of group %(group)s are named %(learner)s: identify them by SNILS.",
                    group=group,
                    learner=name,
                )
            )
            return nobody
        if not found:
            errors.append(
                self.env._("No learner of group %(group)s is named %(learner)s.", group=group, learner=name)
            )
            return nobody
        return self.env["dpo.enrollment"].browse(found)

    def _parse_scores(self, raw, labels, values, errors):
        score = self._parse_number(raw.get("score"), labels["score"], errors)
        max_score = self._parse_number(raw.get("max_score"), labels["max_score"], errors)
        percent = self._parse_number(raw.get("percent"), labels["percent"], errors)
        if percent is not None and not 0 <= percent <= 100:
            errors.append(self.env._("The percent %(percent)s is not between 0 and 100.", percent=percent))
            percent = None
        if max_score is None and percent is not None:
            if score is None:
                # Only the percent: a score out of 100.
                score, max_score = percent, 100.0
            elif percent:
                max_score = round(score * 100 / percent, 2)
        if (score or 0) < 0 or (max_score or 0) < 0:
            errors.append(self.env._("A score cannot be negative."))
        elif max_score and score and score > max_score:
            errors.append(
                self.env._(
                    "The score %(score)s is above the maximum %(max)s.",
                    score="%g" % score,
                    max="%g" % max_score,
                )
            )
        values.update(score=score or 0.0, max_score=max_score or 0.0)

    def _parse_row(self, cells, targets, labels, context):
        """The values of one row and what is wrong with it."""
        errors = []
        raw = {target: (cells[index] if index < len(cells) else None) for target, index in targets.items()}
        for target in ("name", "passed", "result", "subject"):
            if isinstance(raw.get(target), float) and raw[target].is_integer():
                raw[target] = int(raw[target])
        values = {"enrollment": self._find_learner(raw, context["learners"], errors)}
        title = raw.get("name")
        values["name"] = " ".join(str(title).split()) if title not in (None, "") else False
        if not values["name"]:
            errors.append(self.env._("%(field)s is missing.", field=labels["name"]))
        values["date"] = self._parse_date(raw.get("date"), labels["date"], errors)
        if raw.get("date") in (None, ""):
            errors.append(self.env._("%(field)s is missing.", field=labels["date"]))
        self._check_date(values["date"], context["today"], labels, errors)
        self._parse_scores(raw, labels, values, errors)
        passed = raw.get("passed")
        values["passed"] = PASSED_WORDS.get(header_key(passed)) if passed not in (None, "") else False
        if values["passed"] is None:
            errors.append(
                self.env._("%(field)s «%(value)s» is not recognised.", field=labels["passed"], value=passed)
            )
        result = raw.get("result")
        values["result"] = str(result).strip() if result not in (None, "") else False
        subject = raw.get("subject")
        values["subject"] = False
        if subject not in (None, ""):
            values["subject"] = context["subjects"].get(header_key(subject))
            if not values["subject"]:
                errors.append(
                    self.env._(
                        "Subject «%(subject)s» is not in the curriculum of programme %(program)s.",
                        subject=subject,
                        program=self.group_id.program_id.name,
                    )
                )
        for target in ("name", "result"):
            if values[target] and len(values[target]) > CHAR_MAX_LENGTH:
                errors.append(
                    self.env._(
                        "«%(field)s» takes at most %(max)s characters; %(length)s were given.",
                        field=labels[target],
                        max=CHAR_MAX_LENGTH,
                        length=len(values[target]),
                    )
                )
        return values, errors

    def _check_date(self, day, today, labels, errors):
        group = self.group_id
        if not day:
            return
        if day > today:
            errors.append(
                self.env._(
                    "%(field)s %(date)s is in the future.",
                    field=labels["date"],
                    date=day.strftime("%d.%m.%Y"),
                )
            )
        elif not group.date_start <= day <= group.date_end:
            errors.append(
                self.env._(
                    "The date %(date)s is outside the training of group %(group)s (%(start)s – %(end)s).",
                    date=day.strftime("%d.%m.%Y"),
                    group=group.name,
                    start=group.date_start.strftime("%d.%m.%Y"),
                    end=group.date_end.strftime("%d.%m.%Y"),
                )
            )

    def _check_rows(self):
        """Every row's values and the errors per row number (as the spreadsheet counts them)."""
        self.ensure_one()
        self._check_rights()
        targets = self._mapping()
        labels = self._target_labels()
        _header, rows = self._read_table()
        context = {
            "learners": self._learner_index(),
            "subjects": {
                header_key(subject.name): subject for subject in self.group_id.program_id.subject_ids
            },
            "today": company_today(self.group_id.company_id),
        }
        parsed, errors, first_row = [], [], {}
        for row_number, cells in enumerate(rows, start=2):
            values, messages = self._parse_row(cells, targets, labels, context)
            key = (values["enrollment"].id, header_key(values["name"] or ""), values["date"])
            if all(key):
                if key in first_row:
                    messages.append(self.env._("The same result is on row %(row)s.", row=first_row[key]))
                else:
                    first_row[key] = row_number
            parsed.append((row_number, values))
            errors += [(row_number, message) for message in messages]
        errors += self._check_against_database(parsed)
        errors.sort(key=lambda error: error[0])
        return parsed, errors

    def _check_against_database(self, parsed):
        """Results of the file already recorded on the carrier: an import is not run twice."""
        enrollment_ids = [values["enrollment"].id for _row, values in parsed if values["enrollment"]]
        recorded = {
            (entry.enrollment_id.id, header_key(entry.name), entry.date)
            for entry in self.env["dpo.record.carrier.entry"]
            .sudo()
            .search([("enrollment_id", "in", enrollment_ids), ("carrier_id", "=", self.carrier_id.id)])
        }
        errors = []
        for row_number, values in parsed:
            enrollment = values["enrollment"]
            if enrollment and (enrollment.id, header_key(values["name"] or ""), values["date"]) in recorded:
                errors.append(
                    (
                        row_number,
                        self.env._(
                            "%(learner)s already has «%(test)s» of %(date)s on carrier «%(carrier)s».",
                            learner=enrollment.learner_name,
                            test=values["name"],
                            date=values["date"].strftime("%d.%m.%Y"),
                            carrier=self.carrier_id.name,
                        ),
                    )
                )
        return errors

    # The import

    def action_import(self):
        """Record the results in this one transaction, refused while any row is wrong."""
        self.ensure_one()
        parsed, errors = self._check_rows()
        self._check_no_errors(errors)
        entries = self.env["dpo.record.carrier.entry"]._create_imported(
            [
                {
                    "enrollment_id": values["enrollment"].id,
                    "carrier_id": self.carrier_id.id,
                    "subject_id": values["subject"].id if values["subject"] else False,
                    "date": values["date"],
                    "name": values["name"],
                    "score": values["score"],
                    "max_score": values["max_score"],
                    "passed": values["passed"],
                    "result": values["result"],
                }
                for _row, values in parsed
            ],
            self.filename or self.env._("a file"),
        )
        self.write({"state": "done", "entry_ids": [(6, 0, entries.ids)], "error_ids": [(5, 0, 0)]})
        return self._reopen()

    @api.model
    def _import_text(self, group_id, text, filename):
        """Import the csv `text` for the group in one call, as the wizard's buttons do in turn
        (read the columns, check, import); the demo data uses it. Returns the entries."""
        wizard = self.create(
            {"group_id": group_id, "file": base64.b64encode(text.encode()), "filename": filename}
        )
        wizard.action_read_columns()
        wizard.action_import()
        return wizard.entry_ids

    # Helpers

    def _check_rights(self):
        # Read as superuser to say who may import, whether or not the user reads the group.
        group = self.group_id.sudo()
        user = self.env.user
        if group.company_id not in user.company_ids or not (
            user.has_group("dpo_records.group_dpo_specialist") or user in group.teacher_ids
        ):
            raise AccessError(
                self.env._(
                    "Only a teacher of group %(group)s or a programme specialist imports its test results.",
                    group=group.name,
                )
            )
        if group.journal_state == "closed":
            raise UserError(
                self.env._(
                    "The journal of group %(group)s is closed: the entries of its optional carriers "
                    "are kept unchanged. The head of department reopens it first, with a reason.",
                    group=group.name,
                )
            )
        if not self.carrier_id.active:
            raise UserError(
                self.env._("Carrier «%(carrier)s» is archived: choose another.", carrier=self.carrier_id.name)
            )

    def action_view_entries(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Entries"),
            "res_model": "dpo.record.carrier.entry",
            "view_mode": "list,form",
            "domain": [("id", "in", self.entry_ids.ids)],
        }
