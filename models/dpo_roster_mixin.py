from odoo import api, models
from odoo.exceptions import UserError

# Fields of a signed roster that may still be written: the scan of the paper original.
SIGNED_WRITABLE = frozenset(("scan_file", "scan_filename", "message_main_attachment_id"))


class DpoRosterMixin(models.AbstractModel):
    """A document signed for a whole group with one line per enrolled learner: statements and
    protocols. Lines are filled from the group; once signed the document is immutable."""

    _name = "dpo.roster.mixin"
    _description = "Signed Roster of a Group"
    _inherit = ["dpo.signed.copy.mixin"]

    # Set by the inheriting model: the line model and its field pointing back to the document.
    _roster_line_model = None
    _roster_line_field = None

    def _signed_write_message(self):
        raise NotImplementedError

    def _signed_unlink_message(self):
        raise NotImplementedError

    def _draft_only_message(self):
        raise NotImplementedError

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered(lambda r: not r.line_ids)._fill_lines()
        return records

    def write(self, vals):
        if (
            self.filtered(lambda r: r.state == "signed")
            and not SIGNED_WRITABLE.issuperset(vals)
            and not self._is_signed_copy_write()
        ):
            raise UserError(self._signed_write_message())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if self.filtered(lambda r: r.state == "signed"):
            raise UserError(self._signed_unlink_message())

    def _fill_lines(self):
        """One line per learner enrolled in the group who has no line yet."""
        vals_list = []
        for record in self:
            present = record.line_ids.enrollment_id
            for enrollment in record.group_id.enrollment_ids:
                if enrollment.state == "enrolled" and enrollment not in present:
                    vals_list.append({self._roster_line_field: record.id, "enrollment_id": enrollment.id})
        self.env[self._roster_line_model].create(vals_list)

    def action_fill_lines(self):
        if self.filtered(lambda r: r.state != "draft"):
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
