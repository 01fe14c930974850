"""Who may do what: the one table behind the access matrix test (test_access_matrix.py) and
the «Roles» section of the README (printed by scripts/roles-table, checked by the test).

Pure data and Python, no Odoo import: scripts/roles-table reads it without a database.

Each cell lists the operations a role may perform on a record of the model within its reach
(its companies; for a teacher, the groups they teach, their own lessons and the draft
statements they examine): C create, R read, W write, D delete, S sign. Everything not listed
is refused. The cells follow the DESIGN («Roles»), not what the code happens to allow.
"""

OPERATIONS = ("create", "read", "write", "unlink", "sign")
LETTERS = {"create": "C", "read": "R", "write": "W", "unlink": "D", "sign": "S"}

# key, column label, full label, group (None: no education role), what the role may.
ROLES = (
    (
        "teacher",
        "Teacher",
        "Teacher (Преподаватель)",
        "dpo_records.group_dpo_teacher",
        (
            "read the groups they teach and their learners (no СНИЛС, birth date, documents or "
            "consent); fill the journal (topic, presence, marks) of their own lessons within the "
            "edit window; fill the results of the draft statements they examine, and sign them; record "
            "the test results and other optional carriers' entries of their groups (by hand or imported "
            "from the e-learning system) and correct those they recorded while the journal is open"
        ),
    ),
    (
        "specialist",
        "Specialist",
        "Programme Specialist (Специалист по сопровождению программ)",
        "dpo_records.group_dpo_specialist",
        (
            "run programmes, groups, learners, enrolments, lessons of their companies; draft orders; "
            "late journal entries with a reason; check journals where the company's setting lets "
            "specialists; statements and protocols (signing on behalf of the commission). The "
            "registrar, who issues documents, is a programme specialist: blanks and their receipt "
            "acts, drafting and issuing documents, their delivery, duplicates and cancelling, the "
            "issuance book, the ФИС ФРДО export and the import of the historical book"
        ),
    ),
    (
        "head",
        "Head",
        "Head of Department (Руководитель кафедры)",
        "dpo_records.group_dpo_head",
        (
            "+ check and close journals, correct a closed journal or a signed statement with a "
            "reason, admit a learner to the final attestation with a reason"
        ),
    ),
    (
        "archivist",
        "Archivist",
        "Archivist (Архивариус)",
        "dpo_records.group_dpo_archivist",
        (
            "read all educational records (documents, blanks and the issuance book too), print the "
            "book, run the archive: the nomenclature of files, the cases, the review list, draft "
            "destruction acts and their execution, anonymisation of learners no kept record needs"
        ),
    ),
    (
        "director",
        "Director",
        "Director (Директор)",
        "dpo_records.group_dpo_manager",
        (
            "everything; sign orders, approve destruction acts, the education settings "
            "(Обучение → Configuration → Settings), the numbering of orders, protocols and documents "
            "(letters, the first number of a year), the print layouts of documents"
        ),
    ),
    (
        "internal",
        "Internal user",
        "Internal user without an education role",
        None,
        "nothing in Обучение",
    ),
    (
        "portal",
        "Portal user",
        "Portal user",
        None,
        "nothing in Обучение",
    ),
)
ROLE_KEYS = tuple(role[0] for role in ROLES)

_NONE = dict.fromkeys(ROLE_KEYS, "")
# Records every education role reads and the specialist runs.
_RECORD = {
    **_NONE,
    "teacher": "R",
    "specialist": "CRWD",
    "head": "CRWD",
    "archivist": "R",
    "director": "CRWD",
}
# Records of the archive: the archivist and the director run them, programme staff read them.
_ARCHIVE = {**_NONE, "specialist": "R", "head": "R", "archivist": "CRWD", "director": "CRWD"}
# A wizard of the specialist and the roles above.
_SPECIALIST_WIZARD = {**_NONE, "specialist": "CRWD", "head": "CRWD", "director": "CRWD"}
# A wizard of the teacher and the roles above.
_TEACHER_WIZARD = {**_SPECIALIST_WIZARD, "teacher": "CRWD"}
# Documents: the registrar (a specialist) drafts, issues (S) and deletes drafts; the archivist
# reads; a teacher has none.
_DOCUMENTS = {**_NONE, "specialist": "CRWDS", "head": "CRWDS", "archivist": "R", "director": "CRWDS"}

# model: (label, {role: operations})
MATRIX = {
    "dpo.program": ("Programme", _RECORD),
    "dpo.program.subject": ("Curriculum line", _RECORD),
    "dpo.learner": ("Learner", _RECORD),
    "dpo.group": ("Group", _RECORD),
    "dpo.enrollment": ("Enrolment", _RECORD),
    # The director alone signs orders.
    "dpo.order": ("Order", {**_RECORD, "director": "CRWDS"}),
    "dpo.order.line": ("Order line", _RECORD),
    # The director sets the letters of the numbers; only signing makes and moves a counter.
    "dpo.numbering": (
        "Numbering of orders and protocols",
        {**_NONE, "specialist": "R", "head": "R", "director": "RW"},
    ),
    "dpo.commission": ("Commission", _RECORD),
    # A teacher writes the topic of their own lessons.
    "dpo.lesson": ("Lesson", {**_RECORD, "teacher": "RW"}),
    # Cells come only with their lesson and are never deleted; a teacher fills those of their lessons.
    "dpo.attendance": (
        "Journal cell",
        {**_RECORD, "teacher": "RW", "specialist": "RW", "head": "RW", "director": "RW"},
    ),
    # The ledger is written only by the correcting code, never by hand, by nobody.
    "dpo.correction": (
        "Correction (ledger)",
        {**_NONE, "teacher": "R", "specialist": "R", "head": "R", "archivist": "R", "director": "R"},
    ),
    # The head or a specialist, as the company's setting says (default: either), records checks
    # in their own name; a recorded check is never changed.
    "dpo.journal.check": (
        "Journal check",
        {**_NONE, "teacher": "R", "specialist": "CR", "head": "CR", "archivist": "R", "director": "CR"},
    ),
    # An examining teacher fills the results (the lines), not the statement, and signs it.
    "dpo.attestation.sheet": (
        "Statement",
        {**_RECORD, "teacher": "RS", "specialist": "CRWDS", "head": "CRWDS", "director": "CRWDS"},
    ),
    "dpo.attestation.sheet.line": ("Statement line", {**_RECORD, "teacher": "RW"}),
    # Signed by the chair or the secretary of the commission, or a specialist on its behalf.
    "dpo.protocol": (
        "Protocol",
        {**_RECORD, "specialist": "CRWDS", "head": "CRWDS", "director": "CRWDS"},
    ),
    "dpo.protocol.line": ("Protocol line", _RECORD),
    # Taken from the signed statements by the protocol itself: nobody writes them.
    "dpo.protocol.subject.result": (
        "Protocol result per subject",
        {**_NONE, "teacher": "R", "specialist": "R", "head": "R", "archivist": "R", "director": "R"},
    ),
    # Issue 10's records of the learner. Kinds of awards are data the director configures.
    "dpo.award.kind": (
        "Award kind",
        {**_NONE, "teacher": "R", "specialist": "R", "head": "R", "archivist": "R", "director": "CRWD"},
    ),
    # A recorded award is never changed nor deleted: a new award corrects a mistaken one.
    "dpo.award": (
        "Award",
        {**_NONE, "teacher": "R", "specialist": "CR", "head": "CR", "archivist": "R", "director": "CR"},
    ),
    # A teacher of the group uploads and reviews reports and keeps works; deleting one (before
    # its review or lock) is the specialist's.
    "dpo.self.study.report": ("Self-study report", {**_RECORD, "teacher": "CRW"}),
    "dpo.portfolio.item": ("Portfolio work", {**_RECORD, "teacher": "CRW"}),
    # A teacher of the group records reviews and changes or deletes those they recorded.
    "dpo.portfolio.review": ("Review of a portfolio work", {**_RECORD, "teacher": "CRWD"}),
    # Carriers of the record beside the mandatory ones: data the director configures, as the
    # centre's local acts introduce them.
    "dpo.record.carrier": (
        "Carrier of the record",
        {**_NONE, "teacher": "R", "specialist": "R", "head": "R", "archivist": "R", "director": "CRWD"},
    ),
    # A teacher of the group records entries and corrects or deletes those they recorded, a
    # specialist any, while the group's journal is open.
    "dpo.record.carrier.entry": ("Entry of an optional carrier", {**_RECORD, "teacher": "CRWD"}),
    # Wizards
    "dpo.group.lesson.plan": ("Wizard: plan lessons", _SPECIALIST_WIZARD),
    "dpo.group.order.draft": ("Wizard: draft an order for a group", _SPECIALIST_WIZARD),
    "dpo.lesson.change": ("Wizard: change a recorded lesson", _SPECIALIST_WIZARD),
    "dpo.journal.export": (
        "Wizard: export the journal",
        {
            **_NONE,
            "teacher": "CRWD",
            "specialist": "CRWD",
            "head": "CRWD",
            "archivist": "CRWD",
            "director": "CRWD",
        },
    ),
    "dpo.attendance.correct": (
        "Wizard: correct a journal cell",
        {**_NONE, "teacher": "CRWD", "specialist": "CRWD", "head": "CRWD", "director": "CRWD"},
    ),
    "dpo.attestation.sheet.line.correct": (
        "Wizard: correct a signed statement line",
        {**_NONE, "head": "CRWD", "director": "CRWD"},
    ),
    "dpo.group.journal.reopen": ("Wizard: reopen a journal", {**_NONE, "head": "CRWD", "director": "CRWD"}),
    "dpo.protocol.line.admit": (
        "Wizard: admit a learner to the final attestation",
        {**_NONE, "head": "CRWD", "director": "CRWD"},
    ),
    "dpo.numbering.start": ("Wizard: set the first number of a year", {**_NONE, "director": "CRWD"}),
    # A teacher imports the test results of the groups they teach (the wizard checks it).
    "dpo.record.carrier.import": ("Wizard: import test results of e-learning", _TEACHER_WIZARD),
    "dpo.record.carrier.import.column": ("Wizard: a column of imported test results", _TEACHER_WIZARD),
    "dpo.record.carrier.import.error": ("Wizard: an error of imported test results", _TEACHER_WIZARD),
    "dpo.config.settings": ("Education settings", {**_NONE, "director": "CRWD"}),
    # The archive (issue 12): the archivist runs the nomenclature of files; programme staff read it.
    "dpo.nomenclature.item": ("Nomenclature line", _ARCHIVE),
    "dpo.nomenclature.preset": ("Nomenclature preset", _ARCHIVE),
    "dpo.nomenclature.preset.line": ("Nomenclature preset line", _ARCHIVE),
    "dpo.nomenclature.preset.apply": (
        "Wizard: apply a nomenclature preset",
        {**_NONE, "archivist": "CRWD", "director": "CRWD"},
    ),
    "dpo.nomenclature.print": (
        "Wizard: print the nomenclature of files",
        {**_NONE, "archivist": "CRWD", "director": "CRWD"},
    ),
    # Shortening the period of filed cases is the director's, with a reason.
    "dpo.nomenclature.item.period.change": (
        "Wizard: change a retention period",
        {**_NONE, "director": "CRWD"},
    ),
    # Documents and the issuance book (issue 11): the registrar (a specialist) runs them, the
    # archivist reads them, a teacher sees none. S: issuing a document (its signing).
    "dpo.document": ("Document (issuance book)", _DOCUMENTS),
    # Blanks change only by being received with an act, used by an issued document or spoiled
    # with a reason (wizard): nobody creates, writes or deletes one directly.
    "dpo.document.blank": (
        "Document blank",
        {**_NONE, "specialist": "R", "head": "R", "archivist": "R", "director": "R"},
    ),
    "dpo.document.blank.receipt": (
        "Receipt act of blanks",
        {**_NONE, "specialist": "CRWD", "head": "CRWD", "archivist": "R", "director": "CRWD"},
    ),
    # The print layouts (made from the defaults when a company first prints) are the director's.
    "dpo.document.template": (
        "Print layout of a document kind",
        {**_NONE, "specialist": "R", "head": "R", "archivist": "R", "director": "CRW"},
    ),
    "dpo.document.template.line": (
        "Item of a print layout",
        {**_NONE, "specialist": "R", "head": "R", "archivist": "R", "director": "CRWD"},
    ),
    "dpo.document.blank.spoil": ("Wizard: spoil blanks", _SPECIALIST_WIZARD),
    "dpo.document.cancel": ("Wizard: cancel documents", _SPECIALIST_WIZARD),
    "dpo.document.duplicate": ("Wizard: make a duplicate", _SPECIALIST_WIZARD),
    "dpo.document.reprint": ("Wizard: reprint a document on a new blank", _SPECIALIST_WIZARD),
    "dpo.document.book.print": (
        "Wizard: print the issuance book",
        {**_SPECIALIST_WIZARD, "archivist": "CRWD"},
    ),
    "dpo.frdo.export": ("Wizard: export to FIS FRDO", _SPECIALIST_WIZARD),
    "dpo.frdo.export.error": ("Wizard: an error of the FIS FRDO export", _SPECIALIST_WIZARD),
    "dpo.document.import": ("Wizard: import the historical issuance book", _SPECIALIST_WIZARD),
    "dpo.document.import.column": ("Wizard: a column of the imported book", _SPECIALIST_WIZARD),
    "dpo.document.import.error": ("Wizard: an error of the imported book", _SPECIALIST_WIZARD),
    # The archive (issue 12): the archivist runs the cases; the specialists read them, teachers
    # see no archive. Records file themselves: nobody adds, changes or removes an entry.
    "dpo.archive.case": (
        "Archival case",
        {**_NONE, "specialist": "R", "head": "R", "archivist": "CRWD", "director": "CRWD"},
    ),
    "dpo.archive.case.entry": (
        "Record filed in a case",
        {**_NONE, "specialist": "R", "head": "R", "archivist": "R", "director": "R"},
    ),
    # Retention (issue 13). The archivist draws up a destruction act and executes it once the
    # director has approved it; nobody deletes an act.
    "dpo.destruction.act": ("Destruction act", {**_NONE, "archivist": "CRW", "director": "CRWS"}),
    "dpo.destruction.act.line": (
        "Case of a destruction act",
        {**_NONE, "archivist": "CRWD", "director": "CRWD"},
    ),
    # Drawn up by an execution or an anonymisation, never by hand.
    "dpo.personal.data.act": ("Personal data destruction act", {**_NONE, "archivist": "R", "director": "R"}),
    "dpo.personal.data.act.line": (
        "Subject of a personal data destruction act",
        {**_NONE, "archivist": "R", "director": "R"},
    ),
    # Taken out of the journal by the review, never by hand.
    "dpo.attestation.extract": (
        "Attestation extract",
        {**_NONE, "specialist": "R", "head": "R", "archivist": "R", "director": "R"},
    ),
    "dpo.attestation.extract.line": (
        "Result in an attestation extract",
        {**_NONE, "specialist": "R", "head": "R", "archivist": "R", "director": "R"},
    ),
    "dpo.archive.case.hold": (
        "Wizard: put cases on legal hold",
        {**_NONE, "archivist": "CRWD", "director": "CRWD"},
    ),
    "dpo.archive.review.export": (
        "Wizard: export the review list",
        {**_NONE, "archivist": "CRWD", "director": "CRWD"},
    ),
}


# Wizards whose records only their maker reads, writes and deletes: a role
# tries those operations on a wizard of its own.
OWN_RECORDS = frozenset(
    (
        "dpo.attendance.correct",
        "dpo.lesson.change",
        "dpo.group.journal.reopen",
        "dpo.journal.export",
        "dpo.attestation.sheet.line.correct",
        "dpo.protocol.line.admit",
        "dpo.record.carrier.import",
        "dpo.record.carrier.import.column",
        "dpo.record.carrier.import.error",
        # The documents' wizards hold learners' data (an imported book, the FRDO file and its
        # errors, the reasons of cancelling).
        "dpo.document.blank.spoil",
        "dpo.document.cancel",
        "dpo.document.duplicate",
        "dpo.document.reprint",
        "dpo.document.book.print",
        "dpo.frdo.export",
        "dpo.frdo.export.error",
        "dpo.document.import",
        "dpo.document.import.column",
        "dpo.document.import.error",
        "dpo.archive.case.hold",
        "dpo.archive.review.export",
    )
)

# Models whose records are signed (action_sign / action_approve; a document: action_issue):
# only they have an S column.
SIGNED_MODELS = frozenset(
    ("dpo.order", "dpo.attestation.sheet", "dpo.protocol", "dpo.document", "dpo.destruction.act")
)

# Cells refused by a business rule of the model rather than by the access rights: a
# UserError is as good as an AccessError there. Role "*": every role.
BUSINESS_REFUSALS = frozenset(
    {
        # The teacher's allow-list of a statement: the results of its lines only.
        ("dpo.attestation.sheet", "teacher", "write"),
        # The ledger refuses every change, whoever asks, before the access rights are looked at;
        # so do a recorded journal check, and the counters, which only signing makes.
        ("dpo.correction", "*", "write"),
        ("dpo.journal.check", "*", "write"),
        # A recorded award is corrected by a new award, never changed or deleted.
        ("dpo.award", "*", "write"),
        ("dpo.award", "*", "unlink"),
        ("dpo.numbering", "*", "create"),
        # Blanks are added by receiving an act, changed by issuing and spoiling, never deleted.
        ("dpo.document.blank", "*", "create"),
        ("dpo.document.blank", "*", "write"),
        ("dpo.document.blank", "*", "unlink"),
        # Acts on personal data and attestation extracts are made only by the retention's own
        # code: a hand-made one is refused before the access rights are looked at, and a drawn-up
        # act is locked.
        ("dpo.personal.data.act", "*", "create"),
        ("dpo.personal.data.act", "*", "write"),
        ("dpo.personal.data.act.line", "*", "create"),
        ("dpo.personal.data.act.line", "*", "write"),
        ("dpo.attestation.extract", "*", "create"),
        ("dpo.attestation.extract", "*", "write"),
        ("dpo.attestation.extract.line", "*", "create"),
        ("dpo.attestation.extract.line", "*", "write"),
    }
)


def refused_by_rule(model, role, operation):
    return bool({(model, role, operation), (model, "*", operation)} & BUSINESS_REFUSALS)


def allowed(model, role, operation):
    return LETTERS[operation] in MATRIX[model][1][role]


def render_markdown():
    """The README's «Roles» section, between its markers."""
    lines = [
        "| role | group | may |",
        "|---|---|---|",
    ]
    for _key, _column, label, group, may in ROLES:
        lines.append(f"| {label} | {f'`{group}`' if group else '—'} | {may} |")
    lines += [
        "",
        (
            "Each wider role implies the narrower (Director ⊃ Head ⊃ Specialist ⊃ Teacher; Director ⊃ "
            "Archivist). What each role may do on each model, as the access matrix test "
            "(`tests/test_access_matrix.py`) proves it with a real user per role: C create, R read, "
            "W write, D delete, S sign (a document: issue it); — nothing. A right reaches only the "
            "records of the user's companies; a teacher's, only the groups they teach, their own "
            "lessons and the draft statements they examine. The matrix is about draft records: "
            "signed ones are changed by nobody (see «Orders», «Attestation» and «Documents»)."
        ),
        "",
        "| model | " + " | ".join(role[1] for role in ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for model, (label, cells) in MATRIX.items():
        row = [cells[key] or "—" for key in ROLE_KEYS]
        lines.append(f"| {label} (`{model}`) | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"
