"""The two upload templates of ФИС ФРДО (the federal register of education documents) and the
checks the register applies to them, outside the ORM.

A row is built from a mapping of a document's values, keyed by the field names of
`dpo.document` (`document_kind`, `series`, `recipient_last_name`, …; `original` holds the same
mapping for the original of a duplicate, or None). Messages are translated by the `_` given by
the caller (`env._`), so this module stays free of Odoo and its functions can be called alone.

Each template is one constant, (header, cell) pairs in the register's column order, so that a
centre can check it against the template it downloads from the register.
"""

import re
from datetime import date

import xlsxwriter

from . import snils as snils_tools

SHEET_NAME = "Шаблон"

# Fields of `dpo.document` a row is made of (plus `original`, the same for a duplicate's original).
DOCUMENT_FIELDS = (
    "name",
    "document_kind",
    "status",
    "frdo_lost",
    "frdo_exchanged",
    "frdo_destroyed",
    "series",
    "number",
    "issue_date",
    "program_kind",
    "program_name",
    "program_hours",
    "professional_area",
    "qualification_name",
    "profession_rank",
    "education_level",
    "education_doc_last_name",
    "education_doc_series",
    "education_doc_number",
    "study_date_start",
    "study_date_end",
    "recipient_last_name",
    "recipient_first_name",
    "recipient_patronymic",
    "recipient_birth_date",
    "recipient_gender",
    "recipient_snils",
    "recipient_citizenship_code",
    "study_form",
    "funding",
    "education_form_at_exit",
)

# ДПО template (удостоверение о ПК, диплом о ПП, справка of a ДПО programme): 40 columns.
DPO_TEMPLATE = (
    ("Вид документа", "kind"),
    ("Статус документа", "status"),
    ("Подтверждение утраты", "lost"),
    ("Подтверждение обмена", "exchanged"),
    ("Подтверждение уничтожения", "destroyed"),
    ("Серия документа", "series"),
    ("Номер документа", "number"),
    ("Дата выдачи документа", "issue_date"),
    ("Регистрационный номер", "registration_number"),
    (
        "Дополнительная профессиональная программа (повышение квалификации/ профессиональная переподготовка)",
        "program_kind",
    ),
    ("Наименование дополнительной профессиональной программы", "program_name"),
    ("Наименование области профессиональной деятельности", "professional_area"),
    ("Укрупненные группы специальностей", "specialty_groups"),
    ("Наименование квалификации, профессии, специальности", "qualification"),
    ("Уровень образования ВО/СПО", "education_level"),
    ("Фамилия, указанная в дипломе о ВО или СПО", "education_doc_last_name"),
    ("Серия документа о ВО/СПО", "education_doc_series"),
    ("Номер документа о ВО/СПО", "education_doc_number"),
    ("Год начала обучения", "year_start"),
    ("Год окончания обучения", "year_end"),
    ("Срок обучения, часов", "hours"),
    ("Фамилия получателя", "last_name"),
    ("Имя получателя", "first_name"),
    ("Отчество получателя", "patronymic"),
    ("Дата рождения получателя", "birth_date"),
    ("Пол получателя", "gender"),
    ("СНИЛС", "snils"),
    ("Форма обучения", "study_form"),
    ("Источник финансирования обучения", "funding"),
    ("Форма получения образования на момент прекращения образовательных отношений", "exit_form"),
    ("Гражданство получателя (код страны по ОКСМ)", "citizenship"),
    ("Наименование документа об образовании (оригинала)", "original_kind"),
    ("Серия (оригинала)", "original_series"),
    ("Номер (оригинала)", "original_number"),
    ("Регистрационный N (оригинала)", "original_registration_number"),
    ("Дата выдачи (оригинала)", "original_issue_date"),
    ("Фамилия получателя (оригинала)", "original_last_name"),
    ("Имя получателя (оригинала)", "original_first_name"),
    ("Отчество получателя (оригинала)", "original_patronymic"),
    ("Номер документа для изменения", "change_number"),
)

# Vocational training template (свидетельство о профессии рабочего, должности служащего, справка
# of a vocational programme): 35 columns. It follows the register's ПО template as MISSION.md
# describes it: the programme kind, the profession and the assigned grade instead of the ДПО
# programme and the higher / secondary vocational education block.
PO_PROGRAM_HEADER = (
    "Программа профессионального обучения (профессиональная подготовка/ переподготовка/ повышение "
    "квалификации рабочих, служащих)"
)
PO_TEMPLATE = (
    ("Вид документа", "kind"),
    ("Статус документа", "status"),
    ("Подтверждение утраты", "lost"),
    ("Подтверждение обмена", "exchanged"),
    ("Подтверждение уничтожения", "destroyed"),
    ("Серия документа", "series"),
    ("Номер документа", "number"),
    ("Дата выдачи документа", "issue_date"),
    ("Регистрационный номер", "registration_number"),
    (PO_PROGRAM_HEADER, "program_kind"),
    ("Наименование программы профессионального обучения", "program_name"),
    ("Наименование профессии рабочего, должности служащего", "qualification"),
    ("Присвоенный разряд, класс, категория", "profession_rank"),
    ("Год начала обучения", "year_start"),
    ("Год окончания обучения", "year_end"),
    ("Срок обучения, часов", "hours"),
    ("Фамилия получателя", "last_name"),
    ("Имя получателя", "first_name"),
    ("Отчество получателя", "patronymic"),
    ("Дата рождения получателя", "birth_date"),
    ("Пол получателя", "gender"),
    ("СНИЛС", "snils"),
    ("Форма обучения", "study_form"),
    ("Источник финансирования обучения", "funding"),
    ("Форма получения образования на момент прекращения образовательных отношений", "exit_form"),
    ("Гражданство получателя (код страны по ОКСМ)", "citizenship"),
    ("Наименование документа об образовании (оригинала)", "original_kind"),
    ("Серия (оригинала)", "original_series"),
    ("Номер (оригинала)", "original_number"),
    ("Регистрационный N (оригинала)", "original_registration_number"),
    ("Дата выдачи (оригинала)", "original_issue_date"),
    ("Фамилия получателя (оригинала)", "original_last_name"),
    ("Имя получателя (оригинала)", "original_first_name"),
    ("Отчество получателя (оригинала)", "original_patronymic"),
    ("Номер документа для изменения", "change_number"),
)

TEMPLATES = {"dpo": DPO_TEMPLATE, "po": PO_TEMPLATE}

# Programme kinds of each template, with the register's wording.
PROGRAM_KINDS = {
    "dpo": {
        "pk": "Повышение квалификации",
        "pp": "Профессиональная переподготовка",
    },
    "po": {
        "po_prep": "Профессиональная подготовка по профессиям рабочих, должностям служащих",
        "po_retrain": "Переподготовка рабочих, служащих",
        "po_upskill": "Повышение квалификации рабочих, служащих",
    },
}
# Document kinds each template takes (a справка goes to the template of its programme's kind).
DOCUMENT_KINDS = {
    "dpo": ("certificate_pk", "diploma_pp", "reference"),
    "po": ("certificate_profession", "reference"),
}
DOCUMENT_KIND_NAMES = {
    "certificate_pk": "Удостоверение о повышении квалификации",
    "diploma_pp": "Диплом о профессиональной переподготовке",
    "certificate_profession": "Свидетельство о профессии рабочего, должности служащего",
    "reference": "Справка об обучении",
}
STATUSES = {"original": "Оригинал", "duplicate": "Дубликат"}
GENDERS = {"male": "Муж", "female": "Жен"}
STUDY_FORMS = {"full_time": "Очная", "part_time": "Очно-заочная", "extramural": "Заочная"}
FUNDINGS = {"paid": "Платное обучение", "budget": "Бюджетное обучение"}
EXIT_FORMS = {"in_org": "в образовательной организации", "outside_org": "вне образовательной организации"}
EDUCATION_LEVELS = {
    "higher": "Высшее образование",
    "secondary_vocational": "Среднее профессиональное образование",
}
YES, NO = "Да", "Нет"
NO_SERIES = "нет"

# The register's length limits.
MAX_SERIES, MAX_NUMBER, MAX_REGISTRATION_NUMBER, MAX_NAME = 20, 40, 30, 50
# Names: Cyrillic letters, space, dot, apostrophe, hyphen and parentheses only.
NAME_CHARS = re.compile(r"[А-Яа-яЁё .'()\-]*")
# Latin letters that look like Cyrillic ones: the register rejects them, and they are invisible.
LATIN_LOOKALIKES = frozenset("AaBCcEeHKkMOoPpTXxYy")
CITIZENSHIP = re.compile(r"\d{3}")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def _date(value):
    return value.strftime("%d.%m.%Y") if value else ""


def _year(value):
    return value.year if value else ""


def _text(value):
    return value or ""


def _confirmed(values, original, duplicate, field):
    return YES if values.get(field) or (duplicate and original.get(field)) else NO


def document_number(values):
    """The number of the document: its blank's number; a справка without a blank is known by
    its registration number."""
    if values.get("number"):
        return values["number"]
    return values.get("name") or "" if values.get("document_kind") == "reference" else ""


def education_doc_last_name(values):
    """The surname in the higher / secondary vocational diploma: the recipient's unless it differs."""
    return values.get("education_doc_last_name") or values.get("recipient_last_name") or ""


def template_of(program_kind):
    """`dpo` or `po`: the template of a programme's kind."""
    return "po" if (program_kind or "").startswith("po_") else "dpo"


def cells(values):
    """Every cell of a row, keyed as in the templates, formatted as the register reads them."""
    original = values.get("original") or {}
    duplicate = values.get("status") == "duplicate"
    program_kinds = {**PROGRAM_KINDS["dpo"], **PROGRAM_KINDS["po"]}
    snils = values.get("recipient_snils")
    return {
        "kind": DOCUMENT_KIND_NAMES.get(values.get("document_kind"), ""),
        "status": STATUSES.get(values.get("status"), ""),
        # A duplicate's row confirms what became of its original (marked on the original).
        "lost": _confirmed(values, original, duplicate, "frdo_lost"),
        "exchanged": _confirmed(values, original, duplicate, "frdo_exchanged"),
        "destroyed": _confirmed(values, original, duplicate, "frdo_destroyed"),
        "series": values.get("series") or NO_SERIES,
        "number": document_number(values),
        "issue_date": _date(values.get("issue_date")),
        "registration_number": _text(values.get("name")),
        "program_kind": program_kinds.get(values.get("program_kind"), ""),
        "program_name": _text(values.get("program_name")),
        "professional_area": _text(values.get("professional_area")),
        "specialty_groups": "",
        "qualification": _text(values.get("qualification_name")),
        "profession_rank": _text(values.get("profession_rank")),
        "education_level": EDUCATION_LEVELS.get(values.get("education_level"), ""),
        "education_doc_last_name": education_doc_last_name(values)
        if values.get("education_level") in EDUCATION_LEVELS
        else "",
        "education_doc_series": _text(values.get("education_doc_series")),
        "education_doc_number": _text(values.get("education_doc_number")),
        "year_start": _year(values.get("study_date_start")),
        "year_end": _year(values.get("study_date_end")),
        "hours": values.get("program_hours") or "",
        "last_name": _text(values.get("recipient_last_name")),
        "first_name": _text(values.get("recipient_first_name")),
        "patronymic": _text(values.get("recipient_patronymic")),
        "birth_date": _date(values.get("recipient_birth_date")),
        "gender": GENDERS.get(values.get("recipient_gender"), ""),
        "snils": snils_tools.format_snils(snils)
        if snils and snils_tools.is_well_formed(snils)
        else _text(snils),
        "study_form": STUDY_FORMS.get(values.get("study_form"), ""),
        "funding": FUNDINGS.get(values.get("funding"), ""),
        "exit_form": EXIT_FORMS.get(values.get("education_form_at_exit"), ""),
        "citizenship": _text(values.get("recipient_citizenship_code")),
        "original_kind": DOCUMENT_KIND_NAMES.get(original.get("document_kind"), "") if duplicate else "",
        "original_series": (original.get("series") or NO_SERIES) if duplicate and original else "",
        "original_number": document_number(original) if duplicate and original else "",
        "original_registration_number": _text(original.get("name")) if duplicate else "",
        "original_issue_date": _date(original.get("issue_date")) if duplicate else "",
        "original_last_name": _text(original.get("recipient_last_name")) if duplicate else "",
        "original_first_name": _text(original.get("recipient_first_name")) if duplicate else "",
        "original_patronymic": _text(original.get("recipient_patronymic")) if duplicate else "",
        "change_number": "",
    }


def headers(template):
    return [header for header, _cell in TEMPLATES[template]]


def row(template, values):
    """The row of a document in `template`, in the template's column order."""
    formatted = cells(values)
    return [formatted[cell] for _header, cell in TEMPLATES[template]]


# Checks


def check_name(label, value, env):
    """Why the register would reject a name part (empty list when it would not)."""
    if not value:
        return []
    errors = []
    latin = {char for char in value if char.isascii() and char.isalpha()}
    if latin and latin <= LATIN_LOOKALIKES:
        errors.append(
            env._(
                "%(field)s «%(value)s» contains the Latin letters %(letters)s that look like Cyrillic "
                "ones: retype them in Cyrillic.",
                field=label,
                value=value,
                letters=", ".join(sorted(latin)),
            )
        )
    elif not NAME_CHARS.fullmatch(value.replace("\xa0", " ")):
        errors.append(
            env._(
                "%(field)s «%(value)s» may contain only Cyrillic letters, spaces, dots, apostrophes, "
                "hyphens and parentheses.",
                field=label,
                value=value,
            )
        )
    if "\xa0" in value:
        errors.append(env._("%(field)s «%(value)s» contains a non-breaking space.", field=label, value=value))
    if "  " in value:
        errors.append(env._("%(field)s «%(value)s» contains doubled spaces.", field=label, value=value))
    if value != value.strip():
        errors.append(env._("%(field)s «%(value)s» starts or ends with a space.", field=label, value=value))
    errors += check_length(label, value, MAX_NAME, env)
    return errors


def check_length(label, value, limit, env):
    if value and len(value) > limit:
        return [
            env._(
                "%(field)s «%(value)s» is longer than %(max)s characters.",
                field=label,
                value=value,
                max=limit,
            )
        ]
    return []


def check_snils(value, env):
    """Format and checksum of a СНИЛС (an empty one is not checked: foreigners have none)."""
    if not value:
        return []
    if not snils_tools.is_well_formed(value):
        return [env._("SNILS «%(snils)s» must have 11 digits written as 000-000-000 00.", snils=value)]
    if not snils_tools.is_valid(value):
        return [env._("SNILS «%(snils)s» has a wrong checksum.", snils=value)]
    return []


def _required(values, template, env):
    labels = {
        "document_kind": env._("Document kind"),
        "issue_date": env._("Issue date"),
        "name": env._("Registration number"),
        "program_name": env._("Programme name"),
        "program_hours": env._("Hours"),
        "study_date_start": env._("Start of study"),
        "study_date_end": env._("End of study"),
        "recipient_last_name": env._("Recipient's last name"),
        "recipient_first_name": env._("Recipient's first name"),
        "recipient_birth_date": env._("Recipient's birth date"),
        "recipient_gender": env._("Recipient's gender"),
        "study_form": env._("Form of study"),
        "funding": env._("Funding"),
        "education_form_at_exit": env._("Form of education at the end of study"),
        "recipient_citizenship_code": env._("Citizenship (OKSM code)"),
    }
    kind = values.get("document_kind")
    if kind in ("diploma_pp", "certificate_profession"):
        labels["qualification_name"] = (
            env._("Profession") if kind == "certificate_profession" else env._("Qualification")
        )
    if template == "dpo" and kind in ("certificate_pk", "diploma_pp"):
        labels["education_level"] = env._("Level of higher or secondary vocational education")
        labels["education_doc_number"] = env._(
            "Number of the higher or secondary vocational education document"
        )
    errors = [
        env._("%(field)s is missing.", field=label)
        for field, label in labels.items()
        if not values.get(field)
    ]
    if not document_number(values):
        errors.append(env._("%(field)s is missing.", field=env._("Document number")))
    if not values.get("program_kind"):
        errors.append(env._("%(field)s is missing.", field=env._("Programme kind")))
    return errors


def _check_kinds(values, template, env):
    errors = []
    kind = values.get("document_kind")
    if kind and kind not in DOCUMENT_KINDS[template]:
        errors.append(
            env._("A «%(kind)s» does not go into this template.", kind=DOCUMENT_KIND_NAMES.get(kind, kind))
        )
    program_kind = values.get("program_kind")
    if program_kind and program_kind not in PROGRAM_KINDS[template]:
        errors.append(env._("The programme's kind does not belong to this template."))
    level = values.get("education_level")
    if (
        template == "dpo"
        and kind in ("certificate_pk", "diploma_pp")
        and level
        and level not in EDUCATION_LEVELS
    ):
        errors.append(
            env._(
                "Additional professional programmes need higher or secondary vocational education: "
                "the recipient's level is neither."
            )
        )
    return errors


def _check_dates(values, today, env):
    errors = []
    issue_date = values.get("issue_date")
    birth_date = values.get("recipient_birth_date")
    start, end = values.get("study_date_start"), values.get("study_date_end")
    if issue_date and issue_date > today:
        errors.append(env._("The issue date %(date)s is in the future.", date=_date(issue_date)))
    if birth_date and not EARLIEST_BIRTH_DATE <= birth_date < (issue_date or today):
        errors.append(env._("The birth date %(date)s is not plausible.", date=_date(birth_date)))
    if start and end and start > end:
        errors.append(env._("Study cannot end before it starts."))
    if end and issue_date and end > issue_date:
        errors.append(env._("The document is issued before the end of study."))
    return errors


def _check_original(values, env):
    if values.get("status") != "duplicate":
        return []
    original = values.get("original")
    if not original or not original.get("name") or not original.get("issue_date"):
        return [env._("A duplicate needs its original's registration number and issue date.")]
    errors = []
    for field, label in (
        ("recipient_last_name", env._("Original's last name")),
        ("recipient_first_name", env._("Original's first name")),
        ("recipient_patronymic", env._("Original's patronymic")),
    ):
        errors += check_name(label, original.get(field), env)
    errors += check_length(env._("Original's series"), original.get("series"), MAX_SERIES, env)
    errors += check_length(env._("Original's number"), document_number(original), MAX_NUMBER, env)
    return errors


def check(template, values, today, env):
    """Why the register would reject the document's row: a list of messages, empty if none."""
    errors = _required(values, template, env)
    errors += _check_kinds(values, template, env)
    for field, label in (
        ("recipient_last_name", env._("Last name")),
        ("recipient_first_name", env._("First name")),
        ("recipient_patronymic", env._("Patronymic")),
    ):
        errors += check_name(label, values.get(field), env)
    if values.get("education_level") in EDUCATION_LEVELS:
        errors += check_name(
            env._("Surname in the education document"), values.get("education_doc_last_name"), env
        )
    errors += check_length(env._("Series"), values.get("series"), MAX_SERIES, env)
    errors += check_length(env._("Document number"), document_number(values), MAX_NUMBER, env)
    errors += check_length(env._("Registration number"), values.get("name"), MAX_REGISTRATION_NUMBER, env)
    errors += check_snils(values.get("recipient_snils"), env)
    citizenship = values.get("recipient_citizenship_code")
    if citizenship and not CITIZENSHIP.fullmatch(citizenship):
        errors.append(
            env._(
                "The citizenship code «%(code)s» must be the 3-digit OKSM code (Russia 643).",
                code=citizenship,
            )
        )
    errors += _check_dates(values, today, env)
    errors += _check_original(values, env)
    return errors


# The file


def write_workbook(output, template, rows):
    """Write the sheet «Шаблон» of `template` with the header and `rows` (an iterable of lists,
    consumed once) into `output` (a path or a binary file). xlsxwriter's constant_memory mode
    flushes each row to a temporary file once the next begins, so memory stays flat however
    many rows come. Returns the number of rows written."""
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    head = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    text = workbook.add_format({"num_format": "@"})
    columns = headers(template)
    sheet.set_column(0, len(columns) - 1, 20, text)
    for column, header in enumerate(columns):
        sheet.write_string(0, column, header, head)
    count = 0
    for count, cells_of_row in enumerate(rows, start=1):
        for column, value in enumerate(cells_of_row):
            if isinstance(value, int):
                sheet.write_number(count, column, value)
            elif value:
                sheet.write_string(count, column, value, text)
    workbook.close()
    return count
