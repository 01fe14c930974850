import tempfile
from array import array

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.dpo_records.models import frdo_template
from odoo.addons.dpo_records.models.company_date import company_today

# Documents read, checked and written per batch: the cache is emptied after each, so memory
# stays flat however many documents the period holds.
BATCH_SIZE = 500
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DpoFrdoExport(models.TransientModel):
    """The issued documents of a period as the upload file of FIS FRDO (sheet «Шаблон» of the
    register's template). Every row is checked first: when the register would reject any, the
    wizard lists the errors per document and produces no file."""

    _name = "dpo.frdo.export"
    _description = "Export Documents to FIS FRDO"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    template = fields.Selection(
        [
            ("dpo", "Additional Professional Education (40 columns)"),
            ("po", "Vocational Training (35 columns)"),
        ],
        required=True,
        default="dpo",
        help="The register's template: a reference of training goes into the template of its "
        "programme's kind.",
    )
    date_from = fields.Date(
        string="Issued From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(string="Issued To", required=True, default=fields.Date.context_today)
    include_certificate_pk = fields.Boolean(string="Certificates of Upskilling", default=True)
    include_diploma_pp = fields.Boolean(string="Diplomas of Professional Retraining", default=True)
    include_certificate_profession = fields.Boolean(string="Certificates of Worker Profession", default=True)
    include_reference = fields.Boolean(string="References of Training", default=True)
    only_not_exported = fields.Boolean(
        string="Only Documents Not Exported Yet",
        default=True,
        help="Leave documents already reported out of the file.",
    )
    state = fields.Selection(
        [("draft", "Choose"), ("errors", "Errors Found"), ("done", "File Ready")],
        default="draft",
        required=True,
    )
    error_ids = fields.One2many("dpo.frdo.export.error", "export_id", string="Errors", readonly=True)
    error_document_count = fields.Integer(string="Documents with Errors", readonly=True)
    document_count = fields.Integer(string="Documents Exported", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)

    # The selection

    def _kinds(self):
        self.ensure_one()
        chosen = {
            "certificate_pk": self.include_certificate_pk,
            "diploma_pp": self.include_diploma_pp,
            "certificate_profession": self.include_certificate_profession,
            "reference": self.include_reference,
        }
        return [kind for kind in frdo_template.DOCUMENT_KINDS[self.template] if chosen[kind]]

    def _document_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "issued"),
            ("issue_date", ">=", self.date_from),
            ("issue_date", "<=", self.date_to),
            ("document_kind", "in", self._kinds()),
            ("program_kind", "in", list(frdo_template.PROGRAM_KINDS[self.template])),
        ]
        if self.only_not_exported:
            domain.append(("frdo_export_date", "=", False))
        return domain

    def _batches(self):
        """The documents to export, BATCH_SIZE at a time in issue order (keyset pagination: no
        list of all ids is held), the cache emptied between batches."""
        documents = self.env["dpo.document"]
        domain = self._document_domain()
        after = []
        while True:
            batch = documents.search(domain + after, order="issue_date, id", limit=BATCH_SIZE)
            if not batch:
                return
            yield batch
            last_date, last_id = batch[-1].issue_date, batch[-1].id
            after = [
                "|",
                ("issue_date", ">", last_date),
                "&",
                ("issue_date", "=", last_date),
                ("id", ">", last_id),
            ]
            self.env.invalidate_all()

    def _numbers_borne_twice(self):
        """Ids of the company's documents whose registration number another document of the
        company also bears, spaces and case aside (the register tells numbers apart by
        neither): one pass over the company's numbers, however many are exported."""
        self.env["dpo.document"].flush_model(["name", "company_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT id
                     FROM (SELECT id, count(*) OVER (PARTITION BY upper(btrim(name))) AS borne
                             FROM dpo_document
                            WHERE company_id = %s AND name IS NOT NULL) numbers
                    WHERE borne > 1""",
                self.company_id.id,
            )
        )
        return {document_id for (document_id,) in rows}

    # The export

    def _check_rights(self):
        if not self.env.user.has_group("dpo_records.group_dpo_specialist"):
            raise AccessError(self.env._("Only the registrar (a programme specialist) exports to FIS FRDO."))
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You cannot export the documents of %(company)s.", company=self.company_id.name)
            )

    def action_export(self):
        """Check every document of the selection and write the file as the checks go; keep the
        file and mark the documents exported only when no document has an error."""
        self.ensure_one()
        self._check_rights()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        if not self._kinds():
            raise UserError(self.env._("Choose at least one kind of document."))
        template = self.template
        today = company_today(self.company_id)
        exported = array("q")
        errors = []
        with tempfile.TemporaryFile() as output:
            duplicates = self._numbers_borne_twice()

            def rows():
                for batch in self._batches():
                    for document in batch:
                        values = document._frdo_values()
                        messages = frdo_template.check(template, values, today, self.env)
                        if document.id in duplicates:
                            messages.append(
                                self.env._(
                                    "Registration number %(number)s is borne by another document of the "
                                    "company.",
                                    number=document.name,
                                )
                            )
                        if messages:
                            errors.append((document.id, "\n".join(messages)))
                        elif not errors:
                            exported.append(document.id)
                            yield frdo_template.row(template, values)

            frdo_template.write_workbook(output, template, rows())
            if errors:
                return self._show_errors(errors)
            if not exported:
                raise UserError(self.env._("No issued document matches the period and kinds chosen."))
            output.seek(0)
            content = output.read()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self._filename(),
                    "raw": content,
                    "mimetype": XLSX_MIMETYPE,
                    "res_model": "dpo.document",
                    "res_id": exported[0],
                }
            )
        )
        del content
        documents = self.env["dpo.document"]
        for start in range(0, len(exported), BATCH_SIZE):
            documents.browse(exported[start : start + BATCH_SIZE].tolist())._mark_exported(attachment)
            self.env.invalidate_all()
        self.write({"state": "done", "attachment_id": attachment.id, "document_count": len(exported)})
        return self._reopen()

    def _filename(self):
        kind = "ДПО" if self.template == "dpo" else "ПО"
        return f"ФРДО {kind} {self.date_from:%d.%m.%Y}-{self.date_to:%d.%m.%Y}.xlsx"

    def _show_errors(self, errors):
        self.write(
            {
                "state": "errors",
                "attachment_id": False,
                "document_count": 0,
                "error_document_count": len(errors),
                "error_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"document_id": document_id, "message": message})
                    for document_id, message in errors
                ],
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Export to FIS FRDO"),
        }

    def action_back(self):
        self.ensure_one()
        self.write({"state": "draft", "error_ids": [(5, 0, 0)], "error_document_count": 0})
        return self._reopen()

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_view_error_documents(self):
        """The documents with errors, to correct them (a duplicate, a cancellation) or their
        learners."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Documents with FRDO Errors"),
            "res_model": "dpo.document",
            "view_mode": "list,form",
            "domain": [("id", "in", self.error_ids.document_id.ids)],
        }
