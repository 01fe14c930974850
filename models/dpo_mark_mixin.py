from odoo import api, fields, models
from odoo.exceptions import ValidationError

from . import grading


class DpoMarkMixin(models.AbstractModel):
    """A mark on the grading scale of the learner's programme (5 / 4 / 3 / 2, or pass / fail),
    for the marks outside statements: self-study reports and reviews of portfolio works."""

    _name = "dpo.mark.mixin"
    _description = "Mark on the Programme's Scale"

    mark = fields.Selection(grading.RESULTS)

    def _mark_program(self):
        """The programme whose scale the mark follows; the inheriting model says which."""
        raise NotImplementedError

    @api.constrains("mark")
    def _check_mark_on_scale(self):
        labels = dict(self._fields["mark"]._description_selection(self.env))
        for record in self.filtered("mark"):
            program = record._mark_program()
            # No attestation form: the programme's own scale decides.
            allowed = grading.allowed_results(program.grading_scale, None)
            if record.mark not in allowed:
                raise ValidationError(
                    self.env._(
                        "Mark «%(mark)s» is not on the scale of programme «%(program)s»; use: %(allowed)s.",
                        mark=labels[record.mark],
                        program=program.name,
                        allowed=", ".join(labels[key] for key in allowed),
                    )
                )
