import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

from .company_date import company_today
from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# Module-private token of the extract's own making: a client cannot send this object over RPC.
_EXTRACTING = object()


class DpoAttestationExtract(models.Model):
    """The pages of a group's journal with the intermediate and final attestation data, taken
    out when the journal's period has passed (seed 000 §3.2: «из журнала изымаются страницы с
    данными о промежуточной и итоговой аттестациях. Сформированные дела за год хранятся не менее
    25 лет»): every intermediate and final result of the group as structured records, and a PDF
    kept with its SHA-256. It joins the yearly attestation extract case of the nomenclature and
    outlives the journal, the statements and the protocols it was taken from. Made only by the
    retention review, never changed, deleted only by an executed destruction act."""

    _name = "dpo.attestation.extract"
    _inherit = ["dpo.archivable.mixin"]
    _description = "Attestation Extract from a Journal"
    _order = "year desc, group_name, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    group_id = fields.Many2one(
        "dpo.group", required=True, readonly=True, index=True, ondelete="restrict", check_company=True
    )
    group_name = fields.Char(readonly=True)
    program_name = fields.Char(string="Programme", readonly=True)
    date_start = fields.Date(string="Training From", readonly=True)
    date_end = fields.Date(string="Training To", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None, help="Year of the journal the pages come from.")
    date = fields.Date(string="Taken Out On", readonly=True)
    line_ids = fields.One2many("dpo.attestation.extract.line", "extract_id", string="Results", readonly=True)
    line_count = fields.Integer(compute="_compute_line_count", string="Results Kept")
    report_attachment_id = fields.Many2one("ir.attachment", string="Printed Extract", readonly=True)
    report_sha256 = fields.Char(string="Printed Extract SHA-256", readonly=True)

    _sql_constraints = [
        ("group_uniq", "UNIQUE(group_id)", "A group's journal gives one attestation extract."),
    ]

    @api.depends("group_name", "year")
    def _compute_name(self):
        for extract in self:
            extract.name = self.env._(
                "Attestation extract from the journal of group %(group)s (%(year)s)",
                group=extract.group_name or "",
                year=extract.year or "",
            )

    def _compute_line_count(self):
        for extract in self:
            extract.line_count = len(extract.line_ids)

    # Guards: made only by `_build`, never changed, deleted only by an executed act.

    def _is_extracting(self):
        return self.env.context.get("dpo_attestation_extract") is _EXTRACTING

    def _refuse_by_hand(self):
        raise UserError(
            self.env._(
                "An attestation extract is taken out of the journal by the retention review and is "
                "kept as it was made: it is not entered, changed or deleted by hand."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_extracting():
            self._refuse_by_hand()
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_extracting():
            self._refuse_by_hand()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_destroyed(self):
        if not (is_module_uninstall(self.env) or is_destroying(self.env)):
            self._refuse_by_hand()

    def _get_archive_record_type(self):
        return "attestation_extract"

    # Making the extract

    @api.model
    def _build(self, groups):
        """Take the attestation pages out of the journals of `groups` (those without an extract):
        the structured results, the printed extract with its SHA-256, filed into the yearly
        attestation extract case."""
        Line = self.env["dpo.attestation.extract.line"]
        extracts = self.browse()
        Maker = self.sudo().with_context(dpo_attestation_extract=_EXTRACTING)
        for group in groups.sudo():
            extract = Maker.create(
                {
                    "company_id": group.company_id.id,
                    "group_id": group.id,
                    "group_name": group.name,
                    "program_name": group.program_id.name,
                    "date_start": group.date_start,
                    "date_end": group.date_end,
                    "year": group.date_end.year,
                    "date": company_today(group.company_id),
                }
            )
            Line.with_context(dpo_attestation_extract=_EXTRACTING).sudo().create(
                [dict(vals, extract_id=extract.id) for vals in Line._rows_of(group)]
            )
            extracts |= extract
        extracts._store_report()
        for extract in extracts:
            extract._join_archive_case()
        return extracts

    def _store_report(self):
        report = self.env["ir.actions.report"].sudo()
        for extract in self:
            content = report._render_qweb_pdf("dpo_records.action_report_attestation_extract", extract.ids)[0]
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{extract.name}.pdf".replace("/", "-"),
                        "raw": content,
                        "res_model": extract._name,
                        "res_id": extract.id,
                        "mimetype": "application/pdf",
                    }
                )
            )
            extract.with_context(dpo_attestation_extract=_EXTRACTING).sudo().write(
                {"report_attachment_id": attachment.id, "report_sha256": hashlib.sha256(content).hexdigest()}
            )

    def _join_archive_case(self):
        """The extract joins the yearly case of attestation extracts, of its journal's year."""
        self.ensure_one()
        return self._archive_file()

    def _get_archive_record_type(self):
        return "attestation_extract"

    def _get_archive_date(self):
        self.ensure_one()
        return self.date_end or self.date
