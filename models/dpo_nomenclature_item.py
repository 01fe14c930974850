from datetime import date

from odoo import api, fields, models

from .dpo_order import ORDER_TYPES

# What kind of record a line of the nomenclature of files holds; records find their case by it.
RECORD_TYPES = [
    ("journal", "Journal of Lessons"),
    ("attestation_extract", "Attestation Extract from Journals"),
    ("statement", "Attestation Statement"),
    ("protocol", "Final Attestation Protocol"),
    ("order", "Orders"),
    ("issuance_book", "Issuance Book"),
    ("personal_file", "Personal File of a Learner"),
    ("optional_forms", "Optional Forms"),
    ("portfolio", "E-portfolio"),
    ("electronic_copies", "Electronic Copies"),
    ("destruction_act", "Destruction Acts"),
    ("personal_data_act", "Personal Data Destruction Acts"),
]

RETENTION_KINDS = [
    ("years", "Number of Years"),
    ("permanent", "Permanent"),
    ("until_not_needed", "Until No Longer Needed"),
]

CARRIERS = [
    ("paper", "Paper"),
    ("electronic", "Electronic"),
    ("both", "Paper and Electronic"),
]

CASE_RULES = [
    ("year", "One Case per Year"),
    ("group", "One Case per Group"),
    ("learner", "One Case per Learner"),
]

START_EVENTS = [
    ("case_closed", "Closing of the Case"),
    ("training_completed", "Completion of the Training"),
]


class DpoNomenclatureItem(models.Model):
    """A line of the company's nomenclature of files (номенклатура дел): which records form a
    case, how cases are formed, on which carrier they are kept and for how long."""

    _name = "dpo.nomenclature.item"
    _description = "Nomenclature Item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, sequence, index, id"
    _rec_names_search = ["index", "title"]
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    index = fields.Char(required=True, tracking=True, help="Index of the case, e.g. «01-05».")
    title = fields.Char(required=True, tracking=True, help="Title of the case as the nomenclature words it.")
    record_type = fields.Selection(RECORD_TYPES, required=True, tracking=True)
    order_type = fields.Selection(
        ORDER_TYPES, help="For orders: the type of order this line holds; empty holds all the others."
    )
    retention_kind = fields.Selection(
        RETENTION_KINDS,
        tracking=True,
        help="Empty while the centre has not set the period (the archivist has a to-do for it).",
    )
    retention_years = fields.Integer(tracking=True, help="Period in years when it is a number of years.")
    min_retention_years = fields.Integer(
        string="At Least (Years)",
        tracking=True,
        help="«До минования надобности, но не менее N лет»: the N, if any.",
    )
    start_event = fields.Selection(START_EVENTS, default="case_closed", required=True)
    epk = fields.Boolean(
        string="ЭПК", tracking=True, help="Reviewed by the expert commission before destruction."
    )
    article = fields.Char(
        tracking=True, help="Article of the federal list of documents (Перечень Росархива № 236)."
    )
    carrier = fields.Selection(CARRIERS, required=True, default="paper", tracking=True)
    paper_mandatory = fields.Boolean(
        tracking=True, help="The paper original is mandatory; electronic copies are derived from it."
    )
    responsible_user_id = fields.Many2one("res.users", string="Responsible Person", check_company=True)
    responsible_position = fields.Char()
    case_rule = fields.Selection(CASE_RULES, required=True, default="year")
    note = fields.Text()
    preset = fields.Char(readonly=True, help="The preset this line came from, if any.")
    case_ids = fields.One2many("dpo.archive.case", "nomenclature_item_id")

    _sql_constraints = [
        (
            "index_company_uniq",
            "UNIQUE(company_id, index)",
            "The index of a nomenclature line is unique in a company.",
        ),
    ]

    @api.depends("index", "title")
    def _compute_display_name(self):
        for item in self:
            item.display_name = f"{item.index or ''} {item.title or ''}".strip()

    # Used by the archival cases (issue 12, part cases12). Minimal versions written to the
    # archive contract; the nomenclature part (nomen12) owns them.

    def _retention_until(self, date_closed):
        """The last day a case of this line closed on `date_closed` is kept: Russian archives
        count from 1 January of the year after closing, so a case closed in 2026 with 5 years
        is kept until 2031-12-31. False for a permanent period, for «until no longer needed»
        without a minimum, and while the period is not set."""
        self.ensure_one()
        if not date_closed or self.retention_kind not in ("years", "until_not_needed"):
            return False
        years = self.retention_years if self.retention_kind == "years" else self.min_retention_years
        if not years or years <= 0:
            return False
        return date(date_closed.year + years, 12, 31)

    @api.model
    def _find_for(self, company, record_type, order_type=False):
        """The active lines of `company` that records of `record_type` file into (for orders,
        the lines of their `order_type`, else the lines holding all other orders), or an empty
        recordset."""
        lines = self.sudo().search(
            [("company_id", "=", company.id), ("record_type", "=", record_type), ("active", "=", True)]
        )
        if record_type == "order":
            lines = lines.filtered(lambda line: line.order_type == order_type) or lines.filtered(
                lambda line: not line.order_type
            )
        return lines
