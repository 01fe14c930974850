from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# Put in the context only by `_write_corrected`, after the change is in the correction
# ledger: no client can send this object over RPC, so a signed line changes only that way.
_CORRECTION = object()


class DpoRosterLineMixin(models.AbstractModel):
    """A learner's line of a signed roster (statement, protocol): only enrolled learners of
    the roster's group, and no change once the roster is signed but through the ledger."""

    _name = "dpo.roster.line.mixin"
    _description = "Line of a Signed Roster"
    _check_company_auto = True

    # Set by the inheriting model: its field pointing to the roster.
    _roster_field = None

    enrollment_id = fields.Many2one(
        "dpo.enrollment", required=True, index=True, ondelete="restrict", check_company=True
    )
    learner_name = fields.Char(related="enrollment_id.learner_name", store=True, string="Learner")

    @api.constrains("enrollment_id")
    def _check_enrollment(self):
        for line in self:
            group = line[self._roster_field].group_id
            if line.enrollment_id.group_id != group:
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not a learner of group %(group)s.",
                        learner=line.learner_name,
                        group=group.name,
                    )
                )
            if line.enrollment_id.state in ("draft", "expelled"):
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not enrolled in group %(group)s and cannot be attested.",
                        learner=line.learner_name,
                        group=group.name,
                    )
                )

    def _check_roster_draft(self, rosters):
        if self.env.context.get("dpo_roster_correction") is _CORRECTION:
            return
        signed = rosters.filtered(lambda roster: roster.state != "draft")
        if signed:
            raise UserError(signed[0]._signed_write_message())

    def _check_line_identity(self, vals):
        """A line stays the line of its learner in its document: moving it elsewhere would carry
        a result to another learner or into a signed document."""
        for fname in (self._roster_field, "enrollment_id"):
            if fname not in vals:
                continue
            value = vals[fname]
            value = value.id if isinstance(value, models.BaseModel) else value or False
            if any(line[fname].id != value for line in self):
                raise UserError(
                    self.env._(
                        "A line keeps its learner and its document: remove the line and add the "
                        "learner again instead."
                    )
                )

    def _check_role_fields(self, vals):
        """Hook: refuse the fields the current user's role may not write on a line."""

    @api.model_create_multi
    def create(self, vals_list):
        # Computed and related fields (the learner's name, the document's state, the `passed`
        # flag) are refused for every model of the addon by models/base.py.
        roster_model = self._fields[self._roster_field].comodel_name
        ids = {vals.get(self._roster_field) for vals in vals_list}
        self._check_roster_draft(self.env[roster_model].browse(ids))
        return super().create(vals_list)

    def write(self, vals):
        self._check_line_identity(vals)
        self._check_role_fields(vals)
        self._check_roster_draft(self[self._roster_field])
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_signed(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        self._check_roster_draft(self[self._roster_field])

    def _write_corrected(self, vals):
        """Write `vals` on lines of a signed roster; the caller has recorded the change in the
        correction ledger."""
        return self.with_context(dpo_roster_correction=_CORRECTION).write(vals)
