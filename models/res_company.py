from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Who records the checks of the journals (seed 002, 2.4: «Руководитель кафедры и (или)
# специалист по сопровождению образовательных программ контролирует правильность
# оформления журнала»).
JOURNAL_CHECKERS = [
    ("both", "Head of Department or Programme Specialist"),
    ("head", "Head of Department Only"),
    ("specialist", "Programme Specialist Only"),
]

# The printed titles of the documents as the law names them (273-FZ art. 60 part 10: удостоверение
# for upskilling, диплом for retraining, свидетельство for vocational training; part 12: справка).
# A centre may print another title (seed 000, 2.7 words its document
# «диплом о дополнительном профессиональном образовании»); the document's kind, which FIS FRDO
# receives, never changes.
LAW_DOCUMENT_TITLES = {
    "certificate_pk": "Удостоверение о повышении квалификации",
    "diploma_pp": "Диплом о профессиональной переподготовке",
    "certificate_profession": "Свидетельство о профессии рабочего, должности служащего",
    "reference": "Справка об обучении",
}
# The same in the plural, as the protocol's decision says them («выдать удостоверения о …»).
LAW_DOCUMENT_PLURALS = {
    "certificate_pk": "удостоверения о повышении квалификации",
    "diploma_pp": "дипломы о профессиональной переподготовке",
    "certificate_profession": "свидетельства о профессии рабочего, должности служащего",
    "reference": "справки об обучении",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    dpo_teacher_edit_days = fields.Integer(
        string="Teacher Edit Window (days)",
        default=7,
        help="How many days after a lesson its teacher may still fill or change the "
        "journal cells; later changes need a programme specialist or the head.",
    )
    dpo_frdo_deadline_days = fields.Integer(
        string="FRDO Deadline (days)",
        default=30,
        help="Days after issue within which a document must be reported to FIS FRDO "
        "(30 days for additional professional education since 2025).",
    )
    dpo_journal_checker = fields.Selection(
        JOURNAL_CHECKERS,
        string="Journal Checks By",
        required=True,
        default="both",
        help="Who records the checks of the journals: the head of department, a programme "
        "specialist, or either. The director counts as a head of department.",
    )
    dpo_statement_pass_fail_only = fields.Boolean(
        string="Statements on Pass / Fail Only",
        help="Statements (current control, intermediate and final) record only «pass» or "
        "«fail», whatever the programme's scale and the form of attestation.",
    )
    dpo_title_certificate_pk = fields.Char(
        string="Printed Title: Upskilling",
        default=LAW_DOCUMENT_TITLES["certificate_pk"],
        help="Title printed on the document of an upskilling programme. Empty: the title set by law.",
    )
    dpo_title_diploma_pp = fields.Char(
        string="Printed Title: Retraining",
        default=LAW_DOCUMENT_TITLES["diploma_pp"],
        help="Title printed on the document of a professional retraining programme. Empty: the "
        "title set by law.",
    )
    dpo_title_certificate_profession = fields.Char(
        string="Printed Title: Vocational Training",
        default=LAW_DOCUMENT_TITLES["certificate_profession"],
        help="Title printed on the document of a vocational training programme. Empty: the title set by law.",
    )
    dpo_title_reference = fields.Char(
        string="Printed Title: Reference",
        default=LAW_DOCUMENT_TITLES["reference"],
        help="Title printed on the reference of training given to those who do not pass. Empty: "
        "the title set by law.",
    )

    _sql_constraints = [
        (
            "dpo_teacher_edit_days_positive",
            "CHECK(dpo_teacher_edit_days >= 0)",
            "The teacher edit window cannot be negative.",
        ),
        (
            "dpo_frdo_deadline_days_positive",
            "CHECK(dpo_frdo_deadline_days > 0)",
            "The FRDO deadline must be at least one day.",
        ),
    ]

    # The same rules as the SQL constraints, checked first so that the user reads a clear
    # message rather than a database error.
    @api.constrains("dpo_teacher_edit_days", "dpo_frdo_deadline_days")
    def _check_dpo_settings(self):
        for company in self:
            if company.dpo_teacher_edit_days < 0:
                raise ValidationError(self.env._("The teacher edit window cannot be negative."))
            if company.dpo_frdo_deadline_days < 1:
                raise ValidationError(self.env._("The FRDO deadline must be at least one day."))

    def _dpo_document_title(self, document_kind):
        """The title printed on a document of `document_kind` (a `dpo.program` DOCUMENT_KINDS
        key): the company's own, or the law's when the company gives none. Only the printed
        title: the kind itself (what FIS FRDO receives) is not the company's to rename."""
        self.ensure_one()
        if document_kind not in LAW_DOCUMENT_TITLES:
            raise ValueError(f"Unknown document kind: {document_kind!r}")
        own = (self[f"dpo_title_{document_kind}"] or "").strip()
        return own or LAW_DOCUMENT_TITLES[document_kind]

    def _dpo_document_decision(self, document_kind):
        """What the protocol's decision says is given: the law's words in the plural
        («удостоверения о повышении квалификации»), or the company's own title in quotes."""
        title = self._dpo_document_title(document_kind)
        if title == LAW_DOCUMENT_TITLES[document_kind]:
            return LAW_DOCUMENT_PLURALS[document_kind]
        return f"«{title}»"
