from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import clean_context


class DpoRosterMixin(models.AbstractModel):
    """A document signed for a whole group with one line per enrolled learner: statements and
    protocols. Lines are filled from the group; once signed the document is immutable (the
    signed document mixin) and so are its lines (`dpo.roster.line.mixin`)."""

    _name = "dpo.roster.mixin"
    _description = "Signed Roster of a Group"
    _inherit = ["dpo.signed.document.mixin"]

    # Set by the inheriting model: the line model and its field pointing back to the document.
    _roster_line_model = None
    _roster_line_field = None

    def _draft_only_message(self):
        raise NotImplementedError

    @api.constrains("commission_id", "group_id")
    def _check_commission_examines_group(self):
        """A statement or a protocol is examined by an attestation commission, and one appointed
        for a group examines only that group."""
        for record in self.filtered("commission_id"):
            commission = record.commission_id
            if commission.kind != "attestation":
                raise ValidationError(
                    self.env._(
                        "Commission «%(commission)s» is not an attestation commission: it cannot examine "
                        "learners.",
                        commission=commission.display_name,
                    )
                )
            if commission.group_id and commission.group_id != record.group_id:
                raise ValidationError(
                    self.env._(
                        "Commission «%(commission)s» is appointed for group %(commission_group)s and "
                        "cannot examine group %(group)s.",
                        commission=commission.display_name,
                        commission_group=commission.group_id.name,
                        group=record.group_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered(lambda r: not r.line_ids)._fill_lines()
        return records

    def _fill_lines(self):
        """One line per learner enrolled in the group who has no line yet."""
        vals_list = []
        for record in self:
            present = record.line_ids.enrollment_id
            for enrollment in record.group_id.enrollment_ids:
                if enrollment.state == "enrolled" and enrollment not in present:
                    vals_list.append({self._roster_line_field: record.id, "enrollment_id": enrollment.id})
        # Without the context defaults meant for the document (`default_group_id` would name the
        # lines' related group, refused by models/base.py).
        self.env[self._roster_line_model].with_context(clean_context(self.env.context)).create(vals_list)

    def action_fill_lines(self):
        if self._is_signed_locked():
            raise UserError(self._draft_only_message())
        self._fill_lines()

    def _set_results(self, default_vals, vals_by_enrollment=None):
        """Write `default_vals` on every line, then the values given per enrollment id (for
        imports from a spreadsheet and for the demo data)."""
        self.ensure_one()
        self.line_ids.write(default_vals)
        for enrollment_id, vals in (vals_by_enrollment or {}).items():
            self.line_ids.filtered(lambda line, e=enrollment_id: line.enrollment_id.id == e).write(vals)
        return True

    def _check_commission_group(self):
        """A commission appointed for a group examines that group only."""
        for record in self.sudo():  # the signer may not see the other group: say its name all the same
            commission = record.commission_id
            if commission.group_id and commission.group_id != record.group_id:
                raise UserError(
                    self.env._(
                        "Commission «%(commission)s» was appointed for group %(commission_group)s, "
                        "not for group %(group)s.",
                        commission=commission.display_name,
                        commission_group=commission.group_id.name,
                        group=record.group_id.name,
                    )
                )
