from odoo import api, fields, models
from odoo.exceptions import UserError

from . import dpo_destruction_content
from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# The standard columns of the act, copied from the case when it joins the act and again when
# the act is approved; printed as they were approved.
FROZEN_COLUMNS = (
    "case_title",
    "case_index",
    "case_year",
    "date_first",
    "date_last",
    "case_count",
    "retention_label",
)
# What may change on a line of a draft act: its place and its note.
DRAFT_WRITABLE = frozenset(("sequence", "note"))
# Module-private token of `_freeze_columns`: a client cannot send this object over RPC.
_FREEZING = object()


class DpoDestructionActLine(models.Model):
    """A case of a destruction act, with the act's standard columns: № п/п, заголовок дела,
    крайние даты, индекс, количество дел, срок хранения и статья, примечание. A line joins only
    a draft act, for an expired case (not permanent, not on hold), and follows its act: nothing
    is added, changed or removed once the act is approved."""

    _name = "dpo.destruction.act.line"
    _description = "Case of a Destruction Act"
    _order = "act_id, sequence, id"
    _check_company_auto = True

    act_id = fields.Many2one("dpo.destruction.act", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="act_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    case_id = fields.Many2one(
        "dpo.archive.case", required=True, index=True, ondelete="restrict", check_company=True
    )
    case_state = fields.Selection(related="case_id.state", string="Case Status")
    case_title = fields.Char(string="Title of the Case", readonly=True)
    case_index = fields.Char(string="Index", readonly=True)
    case_year = fields.Integer(string="Year", readonly=True, aggregator=None)
    date_first = fields.Date(string="From", readonly=True)
    date_last = fields.Date(string="To", readonly=True)
    case_count = fields.Integer(string="Number of Cases", readonly=True, default=1)
    retention_label = fields.Char(string="Retention and Article", readonly=True)
    note = fields.Char()

    _sql_constraints = [
        ("case_act_uniq", "UNIQUE(act_id, case_id)", "A case is listed once in an act."),
    ]

    @api.model
    def _column_values(self, case):
        # Frozen as printed: in the language of the printed forms.
        case = case.sudo().with_context(lang=self.env["res.lang"]._dpo_print_lang())
        return {
            "case_title": case.title,
            "case_index": case.index or case.nomenclature_item_id.index,
            "case_year": case.year,
            "date_first": case.date_first,
            "date_last": case.date_last,
            "case_count": 1,
            "retention_label": dpo_destruction_content.retention_label(case.env, case.nomenclature_item_id),
        }

    def _freeze_columns(self):
        for line in self.sudo().with_context(dpo_act_line=_FREEZING):
            line.write(self._column_values(line.case_id))
        return True

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        Act = self.env["dpo.destruction.act"]
        Case = self.env["dpo.archive.case"]
        for vals in vals_list:
            act = Act.browse(vals.get("act_id"))
            case = Case.browse(vals.get("case_id"))
            if not act or not case:
                continue  # the required fields' own error
            case.sudo()._check_may_enter_act(act.sudo())
            # The columns are the case's, whatever a client sends.
            vals.update(self._column_values(case))
        lines = super().create(vals_list)
        for line in lines.sudo():
            line.case_id._put_in_act(line.act_id)
        return lines

    def write(self, vals):
        if self.env.context.get("dpo_act_line") is _FREEZING:
            return super().write(vals)
        refused = set(vals) - DRAFT_WRITABLE
        if refused:
            raise UserError(
                self.env._(
                    "A case of a destruction act is listed as it stands: remove it from the draft act and "
                    "add another instead (%(fields)s).",
                    fields=", ".join(
                        sorted(self._fields[name]._description_string(self.env) for name in refused)
                    ),
                )
            )
        self.act_id._check_draft_lines()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_approved(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        self.act_id._check_draft_lines()

    def unlink(self):
        cases = self.sudo().case_id.filtered(lambda case: case.state == "in_act")
        result = super().unlink()
        if not is_module_uninstall(self.env):
            cases._take_out_of_act()
        return result
