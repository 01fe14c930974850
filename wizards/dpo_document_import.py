from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dpo_records.models import frdo_template
from odoo.addons.dpo_records.models import snils as snils_tools
from odoo.addons.dpo_records.models.company_date import company_today
from odoo.addons.dpo_records.models.dpo_group import GROUP_MAX_YEARS, GROUP_MIN_DATE
from odoo.addons.dpo_records.models.dpo_learner import normalize_name_part
from odoo.addons.dpo_records.models.dpo_program import DOCUMENT_BY_KIND, MIN_HOURS

from .dpo_table_import_mixin import header_key as _key

NUMBERING_KIND = "document"

# What a column of the book may hold: target → header names it is recognised by (compared in
# lower case, «ё» as «е», spaces folded). The register's own headers are among them, so a
# centre's earlier FIS FRDO upload files import as they are.
TARGET_HEADERS = {
    "name": (
        "регистрационный номер",
        "рег. номер",
        "рег. №",
        "рег №",
        "регистрационный №",
        "registration number",
    ),
    "document_kind": ("вид документа", "наименование документа", "документ", "document kind"),
    "series": ("серия документа", "серия бланка", "серия", "blank series"),
    "number": ("номер документа", "номер бланка", "№ бланка", "номер", "blank number"),
    "issue_date": ("дата выдачи документа", "дата выдачи", "issue date"),
    "recipient_full_name": ("фио", "ф.и.о.", "фамилия, имя, отчество", "фамилия имя отчество", "full name"),
    "recipient_last_name": ("фамилия получателя", "фамилия", "last name"),
    "recipient_first_name": ("имя получателя", "имя", "first name"),
    "recipient_patronymic": ("отчество получателя", "отчество", "patronymic"),
    "recipient_birth_date": ("дата рождения получателя", "дата рождения", "birth date"),
    "recipient_gender": ("пол получателя", "пол", "gender"),
    "recipient_snils": ("снилс", "snils"),
    "recipient_citizenship_code": (
        "гражданство получателя (код страны по оксм)",
        "гражданство",
        "код оксм",
        "citizenship",
    ),
    "program_kind": (
        frdo_template.DPO_TEMPLATE[9][0],
        frdo_template.PO_PROGRAM_HEADER,
        "вид программы",
        "программа профессионального обучения",
        "дополнительная профессиональная программа",
        "programme kind",
    ),
    "program_name": (
        "наименование дополнительной профессиональной программы",
        "наименование программы профессионального обучения",
        "наименование программы",
        "программа",
        "programme",
    ),
    "program_hours": (
        "срок обучения, часов",
        "объем часов",
        "объём часов",
        "часов",
        "количество часов",
        "hours",
    ),
    "qualification_name": (
        "наименование квалификации, профессии, специальности",
        "наименование профессии рабочего, должности служащего",
        "квалификация",
        "профессия",
        "qualification",
    ),
    "profession_rank": ("присвоенный разряд, класс, категория", "разряд", "rank"),
    "professional_area": ("наименование области профессиональной деятельности", "область деятельности"),
    "study_date_start": ("год начала обучения", "дата начала обучения", "начало обучения", "study start"),
    "study_date_end": (
        "год окончания обучения",
        "дата окончания обучения",
        "окончание обучения",
        "study end",
    ),
    "study_form": ("форма обучения", "study form"),
    "funding": ("источник финансирования обучения", "финансирование", "funding"),
    "education_level": ("уровень образования во/спо", "уровень образования", "education level"),
    "education_doc_last_name": ("фамилия, указанная в дипломе о во или спо",),
    "education_doc_series": ("серия документа о во/спо",),
    "education_doc_number": ("номер документа о во/спо",),
}
TEXT_TARGETS = (
    "name",
    "series",
    "number",
    "program_name",
    "qualification_name",
    "profession_rank",
    "professional_area",
    "education_doc_series",
    "education_doc_number",
)
NAME_TARGETS = (
    "recipient_last_name",
    "recipient_first_name",
    "recipient_patronymic",
    "education_doc_last_name",
)
REQUIRED_TARGETS = (
    "name",
    "document_kind",
    "issue_date",
    "recipient_last_name",
    "recipient_first_name",
    "program_name",
    "program_hours",
)


def _document_number(values):
    """The number a row's document bears: its blank's, else (printed without a blank) its
    registration number, as issuing gives it."""
    return values.get("number") or values.get("name")


def _choices(pairs):
    return {_key(word): value for value, words in pairs.items() for word in words}


DOCUMENT_KIND_WORDS = {
    "certificate_pk": ("удостоверение", "удостоверение о повышении квалификации", "certificate_pk"),
    "diploma_pp": ("диплом", "диплом о профессиональной переподготовке", "diploma_pp"),
    "certificate_profession": (
        "свидетельство",
        "свидетельство о профессии рабочего, должности служащего",
        "certificate_profession",
    ),
    "reference": (
        "справка",
        "справка об обучении",
        "справка об обучении или о периоде обучения",
        "reference",
    ),
}
PROGRAM_KIND_WORDS = {
    "pk": ("повышение квалификации", "пк", "pk"),
    "pp": ("профессиональная переподготовка", "пп", "pp"),
    "po_prep": (frdo_template.PROGRAM_KINDS["po"]["po_prep"], "профессиональная подготовка", "po_prep"),
    "po_retrain": (frdo_template.PROGRAM_KINDS["po"]["po_retrain"], "переподготовка", "po_retrain"),
    "po_upskill": (frdo_template.PROGRAM_KINDS["po"]["po_upskill"], "po_upskill"),
}
CHOICES = {
    "document_kind": _choices(DOCUMENT_KIND_WORDS),
    "program_kind": _choices(PROGRAM_KIND_WORDS),
    "recipient_gender": _choices(
        {"male": ("муж", "м", "мужской", "male"), "female": ("жен", "ж", "женский", "female")}
    ),
    "study_form": _choices(
        {
            "full_time": ("очная", "full_time"),
            "part_time": ("очно-заочная", "part_time"),
            "extramural": ("заочная", "extramural"),
        }
    ),
    "funding": _choices(
        {
            "paid": (
                "платное обучение",
                "платное",
                "за счет средств физических и (или) юридических лиц",
                "paid",
            ),
            "budget": ("бюджетное обучение", "бюджетное", "за счет бюджетных ассигнований", "budget"),
        }
    ),
    "education_level": _choices(
        {
            "higher": ("высшее образование", "высшее", "во", "higher"),
            "secondary_vocational": (
                "среднее профессиональное образование",
                "среднее профессиональное",
                "спо",
                "secondary_vocational",
            ),
        }
    ),
}


class DpoDocumentImport(models.TransientModel):
    """A centre's historical issuance book (xlsx or csv) loaded as issued documents with their
    original registration numbers, blanks and dates. Read the file, check the mapping of its
    columns, run the dry run (which lists the errors per row and changes nothing), then import:
    in one transaction, refused while any row is wrong. Learners are matched by SNILS in the
    company (or by name and birth date) and created when missing; the numbering of documents
    continues after the highest imported number of each year."""

    _name = "dpo.document.import"
    _inherit = ["dpo.table.import.mixin"]
    _description = "Import the Historical Issuance Book"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    file = fields.Binary(string="Issuance Book (xlsx or csv)", required=True, attachment=False)
    column_ids = fields.One2many("dpo.document.import.column", "import_id", string="Columns")
    error_ids = fields.One2many("dpo.document.import.error", "import_id", string="Errors", readonly=True)
    document_ids = fields.Many2many("dpo.document", string="Imported Documents", readonly=True)
    document_count = fields.Integer(compute="_compute_document_count", string="Documents Imported")

    @api.depends("document_ids")
    def _compute_document_count(self):
        for wizard in self:
            wizard.document_count = len(wizard.document_ids)

    def _target_headers(self):
        return TARGET_HEADERS

    # Checking the rows

    def _mapping(self):
        targets = self._mapped_columns()
        missing = [
            target
            for target in REQUIRED_TARGETS
            if target not in targets
            and not (target.startswith("recipient_") and "recipient_full_name" in targets)
        ]
        if missing:
            labels = self._target_labels()
            raise UserError(
                self.env._(
                    "Map a column to each of: %(targets)s.",
                    targets=", ".join(labels[target] for target in missing),
                )
            )
        return targets

    def _parse_row(self, cells, targets, labels, today):
        """The values of one row of the book and what is wrong with it."""
        errors = []
        raw = {target: (cells[index] if index < len(cells) else None) for target, index in targets.items()}
        values = {}
        for target in TEXT_TARGETS:
            value = raw.get(target)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            values[target] = str(value).strip() if value not in (None, "") else False
        full_name = raw.get("recipient_full_name")
        if full_name and not raw.get("recipient_last_name"):
            parts = normalize_name_part(str(full_name)).split(" ", 2)
            raw.update(
                zip(
                    ("recipient_last_name", "recipient_first_name", "recipient_patronymic"),
                    parts,
                    strict=False,
                )
            )
        for target in NAME_TARGETS:
            value = raw.get(target)
            # Spaces folded as the learner's form does; letters are checked as FIS FRDO does.
            values[target] = normalize_name_part(str(value)) if value not in (None, "") else False
            errors += frdo_template.check_name(labels[target], values[target], self.env)
        for target, choices in CHOICES.items():
            value = raw.get(target)
            if value in (None, ""):
                values[target] = False
                continue
            text = _key(value)
            values[target] = choices.get(text)
            if target == "document_kind" and not values[target]:
                values[target] = next(
                    (kind for word, kind in choices.items() if text.startswith(word)), False
                )
            if not values[target]:
                errors.append(
                    self.env._("%(field)s «%(value)s» is not recognised.", field=labels[target], value=value)
                )
        values["issue_date"] = self._parse_date(raw.get("issue_date"), labels["issue_date"], errors)
        values["recipient_birth_date"] = self._parse_date(
            raw.get("recipient_birth_date"), labels["recipient_birth_date"], errors
        )
        issue_date = values["issue_date"]
        values["study_date_start"] = self._parse_date(
            raw.get("study_date_start"),
            labels["study_date_start"],
            errors,
            year_only=lambda year: date(year, 1, 1),
        )
        values["study_date_end"] = self._parse_date(
            raw.get("study_date_end"),
            labels["study_date_end"],
            errors,
            # A year only: study ended on the issue date at the latest.
            year_only=lambda year: min(date(year, 12, 31), issue_date) if issue_date else date(year, 12, 31),
        )
        hours = raw.get("program_hours")
        try:
            values["program_hours"] = (
                int(float(str(hours).replace(",", "."))) if hours not in (None, "") else 0
            )
        except ValueError:
            values["program_hours"] = 0
            errors.append(
                self.env._(
                    "%(field)s «%(value)s» is not a number.", field=labels["program_hours"], value=hours
                )
            )
        snils = raw.get("recipient_snils")
        snils = str(snils).strip() if snils not in (None, "") else False
        if isinstance(raw.get("recipient_snils"), (int, float)):
            snils = str(int(raw["recipient_snils"])).zfill(11)
        errors += frdo_template.check_snils(snils, self.env)
        values["recipient_snils"] = (
            snils_tools.format_snils(snils) if snils and snils_tools.is_valid(snils) else snils
        )
        citizenship = raw.get("recipient_citizenship_code")
        if isinstance(citizenship, (int, float)):
            citizenship = str(int(citizenship)).zfill(3)
        values["recipient_citizenship_code"] = (
            str(citizenship).strip() if citizenship not in (None, "") else False
        )
        if values["recipient_citizenship_code"] and not frdo_template.CITIZENSHIP.fullmatch(
            values["recipient_citizenship_code"]
        ):
            errors.append(
                self.env._(
                    "The citizenship code «%(code)s» must be the 3-digit OKSM code (Russia 643).",
                    code=values["recipient_citizenship_code"],
                )
            )
        errors += self._check_values(values, labels, today)
        return values, errors

    def _check_values(self, values, labels, today):
        errors = [
            self.env._("%(field)s is missing.", field=labels[target])
            for target in REQUIRED_TARGETS
            if not values.get(target)
        ]
        kind = values.get("document_kind")
        if not values.get("program_kind") and kind in ("certificate_pk", "diploma_pp"):
            values["program_kind"] = {"certificate_pk": "pk", "diploma_pp": "pp"}[kind]
        program_kind = values.get("program_kind")
        if kind and not program_kind:
            errors.append(self.env._("%(field)s is missing.", field=labels["program_kind"]))
        if kind and program_kind and kind != "reference" and DOCUMENT_BY_KIND[program_kind] != kind:
            errors.append(self.env._("The document kind does not match the programme's kind."))
        minimum = MIN_HOURS.get(program_kind)
        if minimum and values.get("program_hours") and values["program_hours"] < minimum:
            errors.append(
                self.env._(
                    "A programme of this kind lasts at least %(minimum)s hours, not %(hours)s.",
                    minimum=minimum,
                    hours=values["program_hours"],
                )
            )
        for target, limit in (
            ("name", frdo_template.MAX_REGISTRATION_NUMBER),
            ("series", frdo_template.MAX_SERIES),
            ("number", frdo_template.MAX_NUMBER),
        ):
            errors += frdo_template.check_length(labels[target], values.get(target), limit, self.env)
        issue_date, birth_date = values.get("issue_date"), values.get("recipient_birth_date")
        start, end = values.get("study_date_start"), values.get("study_date_end")
        for target in ("issue_date", "recipient_birth_date", "study_date_start", "study_date_end"):
            if values.get(target) and values[target] > today:
                errors.append(
                    self.env._(
                        "%(field)s %(date)s is in the future.",
                        field=labels[target],
                        date=values[target].strftime("%d.%m.%Y"),
                    )
                )
        if birth_date and issue_date and birth_date >= issue_date:
            errors.append(self.env._("The recipient is born after the document was issued."))
        if start and end and start > end:
            errors.append(self.env._("Study cannot end before it starts."))
        if start and end and end > start + relativedelta(years=GROUP_MAX_YEARS):
            errors.append(self.env._("Study lasts at most %(years)s years.", years=GROUP_MAX_YEARS))
        if end and issue_date and end > issue_date:
            errors.append(self.env._("The document is issued before the end of study."))
        if (start or issue_date) and (start or issue_date) < GROUP_MIN_DATE:
            errors.append(
                self.env._(
                    "Training before %(date)s cannot be recorded.", date=GROUP_MIN_DATE.strftime("%d.%m.%Y")
                )
            )
        return errors

    def _check_rows(self):
        """Every row's values and the errors per row number (as the spreadsheet counts them)."""
        self.ensure_one()
        self._check_rights()
        targets = self._mapping()
        labels = dict(
            self.env["dpo.document.import.column"]._fields["target"]._description_selection(self.env)
        )
        _header, rows = self._read_table()
        today = company_today(self.company_id)
        parsed, errors = [], []
        first_row = {}
        for row_number, cells in enumerate(rows, start=2):
            values, messages = self._parse_row(cells, targets, labels, today)
            name_repeated = False
            for key, label in (
                (("name", values.get("name")), self.env._("registration number")),
                (
                    (
                        "blank",
                        values.get("document_kind"),
                        values.get("series") or False,
                        _document_number(values),
                    ),
                    self.env._("blank"),
                ),
            ):
                if not key[-1]:
                    continue
                if key in first_row:
                    # A row without a blank number bears its registration number: the same
                    # registration number is said once.
                    if key[0] == "blank" and name_repeated and not values.get("number"):
                        continue
                    name_repeated = key[0] == "name"
                    messages.append(
                        self.env._("The same %(what)s is on row %(row)s.", what=label, row=first_row[key])
                    )
                else:
                    first_row[key] = row_number
            parsed.append((row_number, values))
            errors += [(row_number, message) for message in messages]
        errors += self._check_against_database(parsed)
        errors.sort(key=lambda error: error[0])
        return parsed, errors

    def _check_against_database(self, parsed):
        """Registration numbers and blanks of the book already used in the company."""
        errors = []
        company = self.company_id
        names = {values["name"] for _row, values in parsed if values.get("name")}
        Document = self.env["dpo.document"].with_context(active_test=False).sudo()
        used_names = set(
            Document.search([("company_id", "=", company.id), ("name", "in", list(names))]).mapped("name")
        )
        numbers = {_document_number(values) for _row, values in parsed} - {False, None, ""}
        used_blanks = {
            (document.document_kind, document.series or False, document.number)
            for document in Document.search(
                [("company_id", "=", company.id), ("number", "in", list(numbers))]
            )
        }
        stock_blanks = {
            (blank.document_kind, blank.series or False, blank.number)
            for blank in self.env["dpo.document.blank"]
            .sudo()
            .search([("company_id", "=", company.id), ("number", "in", list(numbers))])
        }
        for row_number, values in parsed:
            if values.get("name") in used_names:
                errors.append(
                    (
                        row_number,
                        self.env._(
                            "Registration number %(number)s is already used in the company.",
                            number=values["name"],
                        ),
                    )
                )
            number = _document_number(values)
            blank = (values.get("document_kind"), values.get("series") or False, number)
            if not values.get("number") and values.get("name") in used_names:
                continue  # its number is its registration number, said to be used above
            if number and blank in used_blanks:
                if values.get("number"):
                    message = self.env._(
                        "Blank %(series)s %(number)s is already used by a document of the company.",
                        series=values.get("series") or "",
                        number=number,
                    )
                else:
                    message = self.env._(
                        "Printed without a blank, the document would bear its registration number "
                        "%(number)s as its number: another document of this kind in the company "
                        "already bears it.",
                        number=number,
                    )
                errors.append((row_number, message))
            elif values.get("number") and blank in stock_blanks:
                errors.append(
                    (
                        row_number,
                        self.env._(
                            "Blank %(series)s %(number)s is in the company's stock of blanks: an issued "
                            "document of the book cannot use a blank still in stock.",
                            series=values.get("series") or "",
                            number=values["number"],
                        ),
                    )
                )
        return errors

    # The import

    def action_import(self):
        """Load the book in this one transaction, refused while any row is wrong."""
        self.ensure_one()
        parsed, errors = self._check_rows()
        self._check_no_errors(errors)
        values_list = [values for _row, values in parsed]
        learners = self._learners(values_list)
        enrollments = self._enrollments(values_list, learners)
        numbers = self._parsed_numbers(values_list)
        vals_list = []
        for values, enrollment, learner, parsed_number in zip(
            values_list, enrollments, learners, numbers, strict=True
        ):
            vals_list.append(
                {
                    "enrollment_id": enrollment.id,
                    "document_kind": values["document_kind"],
                    "series": values["series"],
                    "number": _document_number(values),
                    "issue_date": values["issue_date"],
                    "name": values["name"],
                    "imported": True,
                    "book_sequence": parsed_number[1] if parsed_number else 0,
                    "recipient_last_name": values["recipient_last_name"],
                    "recipient_first_name": values["recipient_first_name"],
                    "recipient_patronymic": values["recipient_patronymic"],
                    "recipient_birth_date": values["recipient_birth_date"],
                    "recipient_gender": values["recipient_gender"],
                    "recipient_snils": values["recipient_snils"],
                    "recipient_citizenship_code": values["recipient_citizenship_code"]
                    or learner.citizenship_code
                    or False,
                    "program_name": values["program_name"],
                    "program_kind": values["program_kind"],
                    "program_hours": values["program_hours"],
                    "qualification_name": values["qualification_name"],
                    "professional_area": values["professional_area"],
                    "profession_rank": values["profession_rank"],
                    "study_form": values["study_form"],
                    "funding": values["funding"],
                    "study_date_start": values["study_date_start"],
                    "study_date_end": values["study_date_end"],
                    "education_level": values["education_level"],
                    "education_doc_last_name": values["education_doc_last_name"],
                    "education_doc_series": values["education_doc_series"],
                    "education_doc_number": values["education_doc_number"],
                }
            )
        documents = self.env["dpo.document"]._import_issued(vals_list)
        self._continue_numbering(numbers)
        self.write({"state": "done", "document_ids": [(6, 0, documents.ids)], "error_ids": [(5, 0, 0)]})
        return self._reopen()

    def _learners(self, values_list):
        """The learner of each row: found by SNILS in the company, else by full name and birth
        date, else created (once per person of the book)."""
        company = self.company_id
        Learner = self.env["dpo.learner"].with_context(active_test=False)
        snils_list = [values["recipient_snils"] for values in values_list if values.get("recipient_snils")]
        found = {
            ("snils", learner.snils): learner
            for learner in Learner.search([("company_id", "=", company.id), ("snils", "in", snils_list)])
        }
        codes = [
            values["recipient_citizenship_code"]
            for values in values_list
            if values.get("recipient_citizenship_code")
        ]
        countries = {
            country.oksm_code: country
            for country in self.env["res.country"].search([("oksm_code", "in", codes)])
        }
        keys, missing = [], {}
        for row, values in enumerate(values_list):
            if values.get("recipient_snils"):
                key = ("snils", values["recipient_snils"])
            elif values.get("recipient_birth_date"):
                key = (
                    "person",
                    values["recipient_last_name"],
                    values["recipient_first_name"],
                    values["recipient_patronymic"] or False,
                    values["recipient_birth_date"],
                )
                if key not in found:
                    learner = Learner.search(
                        [
                            ("company_id", "=", company.id),
                            ("last_name", "=", key[1]),
                            ("first_name", "=", key[2]),
                            ("patronymic", "=", key[3]),
                            ("birth_date", "=", key[4]),
                        ],
                        limit=1,
                    )
                    if learner:
                        found[key] = learner
            else:
                key = ("row", row)
            keys.append(key)
            if key not in found and key not in missing:
                country = countries.get(values.get("recipient_citizenship_code"))
                missing[key] = {
                    "company_id": company.id,
                    "last_name": values["recipient_last_name"],
                    "first_name": values["recipient_first_name"],
                    "patronymic": values["recipient_patronymic"],
                    "birth_date": values["recipient_birth_date"],
                    "gender": values["recipient_gender"],
                    "snils": values["recipient_snils"],
                    "education_level": values["education_level"],
                    **({"citizenship_id": country.id} if country else {}),
                }
        created = Learner.create(list(missing.values()))
        found.update(zip(missing, created, strict=True))
        return [found[key] for key in keys]

    def _enrollments(self, values_list, learners):
        """The enrolment of each row, in a finished group of its programme and dates: the
        centre's own when it has one, else one made for the book."""
        company = self.company_id
        Program = self.env["dpo.program"].with_context(active_test=False)
        Group = self.env["dpo.group"].with_context(active_test=False)
        Enrollment = self.env["dpo.enrollment"]
        programs, groups, new, keys = {}, {}, {}, []
        for values, learner in zip(values_list, learners, strict=True):
            program_key = (values["program_name"], values["program_kind"], values["program_hours"])
            program = programs.get(program_key)
            if program is None:
                program = Program.search(
                    [
                        ("company_id", "=", company.id),
                        ("name", "=", program_key[0]),
                        ("program_kind", "=", program_key[1]),
                        ("hours", "=", program_key[2]),
                    ],
                    limit=1,
                ) or Program.create(
                    {
                        "company_id": company.id,
                        "name": program_key[0],
                        "program_kind": program_key[1],
                        "hours": program_key[2],
                        "study_form": values["study_form"] or "full_time",
                        "qualification_name": values["qualification_name"],
                        "professional_area": values["professional_area"],
                        "profession_rank": values["profession_rank"],
                        "active": False,
                    }
                )
                programs[program_key] = program
            start = values["study_date_start"] or values["issue_date"]
            end = values["study_date_end"] or max(start, values["issue_date"])
            group_key = (program, start, end)
            group = groups.get(group_key)
            if group is None:
                group = Group.search(
                    [
                        ("company_id", "=", company.id),
                        ("program_id", "=", program.id),
                        ("date_start", "=", start),
                        ("date_end", "=", end),
                    ],
                    limit=1,
                )
                if not group:
                    group = Group.create(
                        {
                            "company_id": company.id,
                            "name": self.env._(
                                "Book %(start)s–%(end)s %(program)s",
                                start=start.strftime("%d.%m.%Y"),
                                end=end.strftime("%d.%m.%Y"),
                                program=program.code or program.id,
                            ),
                            "program_id": program.id,
                            "date_start": start,
                            "date_end": end,
                        }
                    )
                    # A group of the old book is over: finished through its own actions.
                    group.action_start()
                    group.action_finish()
                groups[group_key] = group
            keys.append((learner.id, group.id))
            new.setdefault(
                (learner.id, group.id),
                {"learner_id": learner.id, "group_id": group.id, "funding": values["funding"] or "paid"},
            )
        existing = Enrollment.search(
            [("learner_id", "in", [key[0] for key in new]), ("group_id", "in", [key[1] for key in new])]
        )
        enrollments = {(e.learner_id.id, e.group_id.id): e for e in existing}
        to_create = [vals for key, vals in new.items() if key not in enrollments]
        for enrollment in Enrollment.create(to_create):
            enrollments[(enrollment.learner_id.id, enrollment.group_id.id)] = enrollment
        return [enrollments[key] for key in keys]

    def _parsed_numbers(self, values_list):
        """(year, number) of each row's registration number when the numbering engine could give
        it (see `dpo.numbering._parse_number`), else None."""
        numbering = self.env["dpo.numbering"]
        patterns = {}
        result = []
        for values in values_list:
            year = values["issue_date"].year
            if year not in patterns:
                patterns[year] = numbering._number_pattern(self.company_id, NUMBERING_KIND, year)
            match = patterns[year].fullmatch(values["name"].strip())
            groups = match.groupdict() if match else {}
            result.append((int(groups.get("year") or year), int(groups["number"])) if match else None)
        return result

    def _continue_numbering(self, numbers):
        """Move the counter of documents of each year past the highest number imported in it."""
        highest = {}
        for year, number in filter(None, numbers):
            highest[year] = max(highest.get(year, 0), number)
        reason = self.env._(
            "Historical issuance book imported from %(file)s.", file=self.filename or self.env._("a file")
        )
        for year, number in sorted(highest.items()):
            self.env["dpo.numbering"]._raise_past(self.company_id, NUMBERING_KIND, year, number, reason)

    # Helpers

    def _check_rights(self):
        if not self.env.user.has_group("dpo_records.group_dpo_specialist"):
            raise AccessError(
                self.env._("Only the registrar (a programme specialist) imports the issuance book.")
            )
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You cannot import documents into %(company)s.", company=self.company_id.name)
            )

    def action_view_documents(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Documents"),
            "res_model": "dpo.document",
            "view_mode": "list,form",
            "domain": [("id", "in", self.document_ids.ids)],
        }
