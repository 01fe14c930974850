from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

FINAL_FORMS = [
    ("exam", "Final Exam"),
    ("work_defense", "Defence of the Final Work"),
    ("testing", "Final Testing"),
    ("credit", "Final Credit"),
]
# Forms whose protocol names the topic of each learner's final work.
FORMS_WITH_TOPIC = frozenset(("work_defense",))


class DpoProtocol(models.Model):
    _name = "dpo.protocol"
    _description = "Final Attestation Protocol"
    _check_company_auto = True
    _inherit = ["mail.thread", "mail.activity.mixin", "dpo.roster.mixin"]
    _order = "date desc, id desc"
    _roster_line_model = "dpo.protocol.line"
    _roster_line_field = "protocol_id"
    _signed_report = "dpo_records.action_report_protocol"

    name = fields.Char(
        string="Number", readonly=True, copy=False, help="Assigned when the protocol is signed."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    group_id = fields.Many2one("dpo.group", required=True, index=True, ondelete="restrict", tracking=True)
    program_id = fields.Many2one(related="group_id.program_id", store=True)
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)
    commission_id = fields.Many2one(
        "dpo.commission",
        required=True,
        ondelete="restrict",
        domain="[('kind', '=', 'attestation'), ('company_id', '=', company_id)]",
        tracking=True,
        check_company=True,
    )
    final_form = fields.Selection(
        FINAL_FORMS, string="Form of Final Attestation", required=True, default="exam"
    )
    needs_topic = fields.Boolean(compute="_compute_needs_topic")
    line_ids = fields.One2many("dpo.protocol.line", "protocol_id", string="Learners")
    subject_result_ids = fields.One2many(
        "dpo.protocol.subject.result",
        "protocol_id",
        string="Results per Subject",
        readonly=True,
        copy=False,
    )
    passed_count = fields.Integer(compute="_compute_counts", string="Passed")
    failed_count = fields.Integer(compute="_compute_counts", string="Not Passed")
    document_count = fields.Integer(
        compute="_compute_document_count",
        string="Documents",
        groups="dpo_records.group_dpo_specialist,dpo_records.group_dpo_archivist",
    )

    _sql_constraints = [
        ("name_company_uniq", "UNIQUE(name, company_id)", "A protocol with this number already exists."),
    ]

    @api.depends("final_form")
    def _compute_needs_topic(self):
        for protocol in self:
            protocol.needs_topic = protocol.final_form in FORMS_WITH_TOPIC

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for protocol in self:
            passed = len(protocol.line_ids.filtered(lambda line: line.result == "passed"))
            protocol.passed_count = passed
            protocol.failed_count = len(protocol.line_ids) - passed

    def _compute_document_count(self):
        counts = dict(
            self.env["dpo.document"]._read_group(
                [("protocol_id", "in", self.ids)], ["protocol_id"], ["__count"]
            )
        )
        for protocol in self:
            protocol.document_count = counts.get(protocol, 0)

    @api.depends("name", "group_id.name", "date")
    def _compute_display_name(self):
        for protocol in self:
            number = protocol.name or self.env._("draft")
            protocol.display_name = self.env._(
                "Protocol No. %(number)s, %(group)s", number=number, group=protocol.group_id.name or ""
            )

    # The archive: signed protocols join their case.

    def _get_archive_record_type(self):
        return "protocol"

    @api.model
    def _archive_existing_records(self, company):
        return self.search([("company_id", "=", company.id), ("state", "!=", "draft")], order="date, id")

    def _signed_write_message(self):
        return self.env._(
            "A signed protocol cannot be changed. A result is corrected by the head of "
            "department, with a reason, through the correction ledger."
        )

    def _signed_unlink_message(self):
        return self.env._("A signed protocol is part of the individual record and cannot be deleted.")

    def _draft_only_message(self):
        return self.env._("Learners are added only to a draft protocol.")

    def _check_can_sign(self):
        user = self.env.user
        for protocol in self:
            commission = protocol.commission_id
            signers = commission.chair_id | commission.secretary_id
            if user.partner_id not in signers and not user.has_group("dpo_records.group_dpo_specialist"):
                raise AccessError(
                    self.env._(
                        "Only the chair or the secretary of the commission, or a programme specialist on "
                        "their behalf, may sign %(protocol)s.",
                        protocol=protocol.display_name,
                    )
                )

    def _already_signed_message(self):
        return self.env._("%(protocol)s is already signed.", protocol=self[:1].display_name)

    def _get_numbering(self):
        self.ensure_one()
        return self.company_id, "protocol", self.date

    def action_sign(self):
        """Lock the protocol and set the final result of every learner, all or nothing."""
        self._check_can_sign()
        for protocol in self:
            if protocol._is_signed_locked():
                raise UserError(protocol._already_signed_message())
            protocol._check_commission_group()
            # The appointing order may be out of the signer's sight (a chair who only teaches).
            protocol.commission_id.sudo()._check_valid_on(protocol.date)
            # The results per subject as the statements stand now: a retake signed since the
            # protocol was drafted counts. Signing freezes them with the protocol.
            self.env["dpo.protocol.subject.result"]._refresh(protocol.line_ids)
            # The admission too, from the statements as they stand (its computed value may be
            # cached from before a retake was signed in this transaction).
            protocol.line_ids.invalidate_recordset(["admitted", "admission_note"])
            protocol.line_ids._check_ready_to_sign()
        for protocol in self:
            protocol._mark_signed()
            # The signed protocol sets the final results, not its signer's rights: a chair who
            # is only a teacher signs for the commission.
            lines = protocol.sudo().line_ids
            for result in ("passed", "failed", "absent"):
                lines.filtered(lambda line, r=result: line.result == r).enrollment_id._set_final_result(
                    result
                )
        self._store_signed_copy()
        return True

    def action_refresh_subject_results(self):
        """Take again the results per subject from the signed statements (a statement signed
        since the protocol was drafted), and the results a final statement proposes."""
        if self._is_signed_locked():
            raise UserError(self[:1]._signed_write_message())
        self.check_access("write")
        self.env["dpo.protocol.subject.result"]._refresh(self.line_ids)
        self.line_ids._propose_results()
        return True

    def _subject_result_table(self):
        """The results per subject as the printed protocol lays them out: the curriculum's
        subjects as numbered columns (their names, hours and forms in a legend), one row per
        learner. Returns {"subjects": one result per subject, for the legend, "cells":
        {(protocol line id, subject id): result}}."""
        self.ensure_one()
        subjects, cells = {}, {}
        for result in self.line_ids.subject_result_ids:
            subjects.setdefault(result.subject_id.id, result)
            cells[result.protocol_line_id.id, result.subject_id.id] = result
        return {
            "subjects": sorted(subjects.values(), key=lambda r: (r.sequence, r.subject_id.id)),
            "cells": cells,
        }

    def action_draft_completion_order(self):
        """After signing: draft the order on completion for the learners who passed."""
        self.ensure_one()
        if self.state != "signed":
            raise UserError(self.env._("Sign the protocol before drafting the completion order."))
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_group_order_draft_action")
        action["context"] = {
            "default_group_id": self.group_id.id,
            "default_order_type": "complete",
            "default_basis": self.env._(
                "Protocol No. %(number)s of %(date)s", number=self.name, date=self.date.strftime("%d.%m.%Y")
            ),
        }
        return action

    def action_draft_documents(self):
        """«Draft Documents»: the programme's document for every learner who passed, a reference
        of training for the others (see dpo.document)."""
        self.ensure_one()
        self.env["dpo.document"]._draft_from_protocol(self)
        return self.action_view_documents()

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dpo_records.dpo_document_action")
        action["domain"] = [("protocol_id", "=", self.id)]
        action["context"] = {"search_default_groupby_year": 0}
        return action

    @api.constrains("commission_id", "group_id")
    def _check_commission_company(self):
        for protocol in self:
            if protocol.commission_id.company_id != protocol.company_id:
                raise ValidationError(self.env._("The commission must belong to the group's company."))
