from odoo import api, fields, models
from odoo.exceptions import UserError

from . import dpo_destruction_content
from .dpo_uninstall import is_module_uninstall

# Put in the context only by the filing code (dpo.archivable.mixin): a client cannot send this
# object over RPC, so entries are created, changed and deleted by nothing else.
_FILING = object()


class DpoArchiveCaseEntry(models.Model):
    """A record filed in an archival case: which record, under which name and date. The entry
    outlives the record it names (a tombstone) once a destruction act has destroyed it."""

    _name = "dpo.archive.case.entry"
    _description = "Archival Case Entry"
    _order = "date, id"

    case_id = fields.Many2one("dpo.archive.case", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, precompute=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True, index=True)
    name = fields.Char(required=True, readonly=True, help="The record's name when it was filed.")
    date = fields.Date(
        readonly=True, help="Date of the document (for a journal or a personal file: its last date)."
    )
    date_start = fields.Date(
        string="From",
        readonly=True,
        help="First date of a document that spans a period (a journal, a personal file); else its date.",
    )
    sheet_count = fields.Integer()
    record_type = fields.Char(
        compute="_compute_record_type", string="Kind of Record", help="What the filed record is."
    )

    @api.depends("res_model")
    def _compute_record_type(self):
        names = {}
        for entry in self:
            if entry.res_model not in names:
                model = self.env["ir.model"]._get(entry.res_model) if entry.res_model in self.env else False
                names[entry.res_model] = model.name if model else entry.res_model or ""
            entry.record_type = names[entry.res_model]

    def _is_filing(self):
        return self.env.context.get("dpo_archive_filing") is _FILING

    def _filed_only_message(self):
        return self.env._(
            "Records join their archival case by themselves, when they are signed, closed, issued or "
            "enrolled: the entries of a case are not added, changed or removed by hand."
        )

    @api.model_create_multi
    def create(self, vals_list):
        # The access rights are told first (a role without them gets an AccessError), then
        # the rule that applies to everyone.
        self.browse().check_access("create")
        if not self._is_filing():
            raise UserError(self._filed_only_message())
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        if not self._is_filing():
            raise UserError(self._filed_only_message())
        return super().write(vals)

    # at_uninstall=True: Odoo skips `at_uninstall=False` guards on a plain context key a client
    # could send; `is_module_uninstall` lets only the superuser's uninstall through.
    @api.ondelete(at_uninstall=True)
    def _unlink_except_filing(self):
        if not self._is_filing() and not is_module_uninstall(self.env):
            raise UserError(self._filed_only_message())

    def _record(self):
        """The filed record, if it still exists (read as superuser: the entry is the archive's)."""
        self.ensure_one()
        if self.res_model not in self.env or not self.res_id:
            return None
        return self.env[self.res_model].sudo().browse(self.res_id).exists() or None

    def action_open_record(self):
        """Open the filed record, with the user's own rights."""
        self.ensure_one()
        record = self._record()
        if record is None:
            raise UserError(self.env._("The record «%(name)s» no longer exists.", name=self.name))
        record.with_env(self.env).check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # Retention and destruction (issue 13)
    #
    # Once its case is destroyed, an entry is the tombstone of its record: what went, how many
    # records of which kind, the SHA-256 of every attachment and of the records' data, when and
    # by which act. Written only by the act's execution (`_keep_tombstone`).

    destruction_act_id = fields.Many2one(
        "dpo.destruction.act",
        string="Destroyed by Act",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    destroyed_date = fields.Datetime(string="Destroyed On", readonly=True)
    destroyed_counts = fields.Json(string="Records Destroyed per Kind", readonly=True)
    destroyed_record_count = fields.Integer(string="Records Destroyed", readonly=True)
    destroyed_sha256 = fields.Text(string="SHA-256 of the Destroyed Files", readonly=True)
    destroyed_data_sha256 = fields.Char(string="SHA-256 of the Destroyed Data", readonly=True)
    destroyed_learners = fields.Json(
        readonly=True,
        help="Learners whose data the destroyed records held, with the categories of those data.",
    )
    destroyed_summary = fields.Char(compute="_compute_destroyed_summary", string="What Was Destroyed")

    def _compute_destroyed_summary(self):
        for entry in self:
            counts = entry.destroyed_counts or {}
            entry.destroyed_summary = ", ".join(
                f"{self.env[model]._description if model in self.env else model}: {count}"
                for model, count in sorted(counts.items())
            )

    @api.model
    def _keep_tombstones(self, act, contents):
        """Keep what each entry's content was ({entry: {model: ids}}), before `act` deletes it."""
        now = fields.Datetime.now()
        for entry, vals in dpo_destruction_content.tombstones(self.env, contents).items():
            entry.sudo().with_context(dpo_archive_filing=_FILING).write(
                dict(vals, destruction_act_id=act.id, destroyed_date=now)
            )
        return True
