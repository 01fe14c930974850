from odoo import api, fields, models

from . import grading
from .dpo_attestation_extract import _EXTRACTING
from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

FINAL_RESULTS = [("passed", "Passed"), ("failed", "Failed"), ("absent", "Absent")]


class DpoAttestationExtractLine(models.Model):
    """One intermediate or final result of a learner kept in an attestation extract, as the
    signed statement, the signed protocol or the journal's attestation lesson recorded it."""

    _name = "dpo.attestation.extract.line"
    _description = "Result in an Attestation Extract"
    _order = "extract_id, learner_name, kind desc, date, id"
    _check_company_auto = True

    extract_id = fields.Many2one("dpo.attestation.extract", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="extract_id.company_id", store=True, index=True)
    enrollment_id = fields.Many2one(
        "dpo.enrollment", required=True, readonly=True, index=True, ondelete="restrict", check_company=True
    )
    learner_name = fields.Char(string="Learner", readonly=True)
    kind = fields.Selection(
        [("intermediate", "Intermediate Attestation"), ("final", "Final Attestation")],
        required=True,
        readonly=True,
    )
    source = fields.Selection(
        [("statement", "Statement"), ("protocol", "Protocol"), ("journal", "Journal")],
        required=True,
        readonly=True,
    )
    document_name = fields.Char(string="Document", readonly=True)
    subject_name = fields.Char(string="Subject", readonly=True)
    form = fields.Char(string="Form of Attestation", readonly=True)
    date = fields.Date(readonly=True)
    result = fields.Selection(grading.RESULTS, string="Mark", readonly=True)
    final_result = fields.Selection(FINAL_RESULTS, readonly=True)
    absent = fields.Boolean(readonly=True)
    score = fields.Float(digits=(5, 1), readonly=True)

    def _is_extracting(self):
        return self.env.context.get("dpo_attestation_extract") is _EXTRACTING

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_extracting():
            self.env["dpo.attestation.extract"]._refuse_by_hand()
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_extracting():
            self.env["dpo.attestation.extract"]._refuse_by_hand()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_destroyed(self):
        if not (is_module_uninstall(self.env) or is_destroying(self.env)):
            self.env["dpo.attestation.extract"]._refuse_by_hand()

    @api.model
    def _rows_of(self, group):
        """Every intermediate and final result of `group`: the lines of its signed intermediate
        and final statements, of its signed protocols, and the marks of its journal's attestation
        lessons."""
        rows = []
        forms = dict(self.env["dpo.attestation.sheet"]._fields["form"]._description_selection(self.env))
        sheets = (
            self.env["dpo.attestation.sheet"]
            .sudo()
            .search(
                [
                    ("group_id", "=", group.id),
                    ("state", "=", "signed"),
                    ("kind", "in", ("intermediate", "final")),
                ],
                order="date, id",
            )
        )
        for sheet in sheets:
            for line in sheet.line_ids:
                rows.append(
                    {
                        "enrollment_id": line.enrollment_id.id,
                        "learner_name": line.learner_name,
                        "kind": sheet.kind,
                        "source": "statement",
                        "document_name": sheet.name,
                        "subject_name": sheet.subject_id.name or False,
                        "form": forms.get(sheet.form, ""),
                        "date": sheet.date,
                        "result": line.result or False,
                        "absent": line.absent,
                        "score": line.score,
                    }
                )
        protocols = (
            self.env["dpo.protocol"]
            .sudo()
            .search([("group_id", "=", group.id), ("state", "=", "signed")], order="date, id")
        )
        final_forms = dict(self.env["dpo.protocol"]._fields["final_form"]._description_selection(self.env))
        for protocol in protocols:
            for line in protocol.line_ids:
                rows.append(
                    {
                        "enrollment_id": line.enrollment_id.id,
                        "learner_name": line.learner_name,
                        "kind": "final",
                        "source": "protocol",
                        "document_name": protocol.display_name,
                        "subject_name": False,
                        "form": final_forms.get(protocol.final_form, ""),
                        "date": protocol.date,
                        "result": line.grade or False,
                        "final_result": line.result or False,
                        "absent": line.result == "absent",
                    }
                )
        cells = (
            self.env["dpo.attendance"]
            .sudo()
            .search(
                [("group_id", "=", group.id), ("lesson_id.kind", "=", "attestation"), ("mark", "!=", False)]
            )
        )
        for cell in cells:
            rows.append(
                {
                    "enrollment_id": cell.enrollment_id.id,
                    "learner_name": cell.learner_name,
                    "kind": "intermediate",
                    "source": "journal",
                    "document_name": cell.lesson_id.display_name,
                    "subject_name": cell.lesson_id.subject_id.name,
                    "date": cell.lesson_date,
                    "result": cell.mark,
                    "absent": cell.presence == "absent",
                }
            )
        return rows
