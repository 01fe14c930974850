from odoo import api, fields, models

from . import dpo_destruction_content


class DpoArchiveCaseEntry(models.Model):
    """A record filed in an archival case: which record, under which name and date. The entry
    outlives the record it names (a tombstone) once a destruction act has destroyed it."""

    _name = "dpo.archive.case.entry"
    _description = "Archival Case Entry"
    _order = "date, id"

    case_id = fields.Many2one("dpo.archive.case", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True, index=True)
    name = fields.Char(required=True, readonly=True, help="The record's name when it was filed.")
    date = fields.Date(readonly=True)
    sheet_count = fields.Integer()

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
            entry.sudo().write(dict(vals, destruction_act_id=act.id, destroyed_date=now))
        return True
