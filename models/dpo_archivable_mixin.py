from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError

from .dpo_archive_case_entry import _FILING
from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall


class DpoArchivableMixin(models.AbstractModel):
    """A record kept in an archival case (дело) of its company's nomenclature of files.

    Records join their case by themselves: orders, statements, protocols and issued documents
    when they are signed (the signed document mixin inherits this one), the journal when it is
    closed, the personal file on enrolment, portfolio works when they are added. `_archive_file()`
    files each record into the open case of every nomenclature line of its type
    (`dpo.nomenclature.item._find_for`), for its year, group or learner as the line forms cases,
    and opens that case when there is none. A company whose nomenclature has no line for the
    type files nowhere: the archive is optional until a nomenclature is set up.
    """

    _name = "dpo.archivable.mixin"
    _description = "Record Kept in an Archival Case"

    # What the inheriting models declare

    def _get_archive_record_type(self):
        """The record type (nomenclature line's `record_type`) the records file under, or False."""
        return False

    def _get_archive_order_type(self):
        """For orders: the order type, which chooses the nomenclature line."""
        return False

    def _get_archive_company(self):
        self.ensure_one()
        return self.company_id

    def _get_archive_date(self):
        """Date of the document: its year forms yearly cases; it is the entry's date."""
        self.ensure_one()
        return self.date

    def _get_archive_date_start(self):
        """First date of a document spanning a period (a journal, a personal file)."""
        return self._get_archive_date()

    def _get_archive_group(self):
        self.ensure_one()
        return self.group_id

    def _get_archive_learner(self):
        self.ensure_one()
        return self.env["dpo.learner"]

    def _get_archive_name(self):
        self.ensure_one()
        return self.display_name

    def _archive_is_open(self):
        """Whether the record is still in progress (a journal open, a learner in training): a
        case holding it cannot be closed."""
        self.ensure_one()
        return False

    def _get_archive_copies(self):
        """The electronic copies of the records kept as attachments, each with its SHA-256
        recorded when it was made (see ir.attachment `dpo_sha256`)."""
        return self.env["ir.attachment"]

    def _archive_missing_copies(self):
        """Problems of electronic copies that are gone altogether (one line each)."""
        return []

    @api.model
    def _archive_pending_for(self, case):
        """Records of this model that belong in `case` by its line, year, group or learner but
        are still in progress, filed or not (an open journal of the group): they keep the case
        from closing."""
        return self.browse()

    # Filing

    def _get_archive_lines(self, cache):
        """The nomenclature lines the record files into; `cache` spares the look-up for records
        of the same company and type."""
        self.ensure_one()
        key = (
            self._get_archive_company().id,
            self._get_archive_record_type(),
            self._get_archive_order_type(),
        )
        if key not in cache:
            company, record_type, order_type = key
            cache[key] = (
                self.env["dpo.nomenclature.item"]._find_for(
                    self.env["res.company"].browse(company), record_type, order_type
                )
                if record_type
                else self.env["dpo.nomenclature.item"]
            )
        return cache[key]

    def _get_archive_case_key(self, item):
        """The case of nomenclature line `item` the record belongs to, as the line's case rule
        forms them: (line id, year, group id, learner id), with False for what the rule does not
        use. A record without a group (or learner) under a per-group (per-learner) line goes to
        the line's case of its year."""
        self.ensure_one()
        if item.case_rule == "group" and self._get_archive_group():
            return (item.id, False, self._get_archive_group().id, False)
        if item.case_rule == "learner" and self._get_archive_learner():
            return (item.id, False, False, self._get_archive_learner().id)
        return (item.id, self._get_archive_date().year, False, False)

    def _archive_file(self):
        """File the records into their cases: one entry per record and nomenclature line, once
        (a journal closed again stays where it was filed). Run by the signing, closing, issuing
        and enrolling code, whatever the rights of the user who did it: a specialist who signs
        a protocol files it, though only the archivist runs the archive. A fixed number of
        queries for any number of records of a company and type."""
        records = self.sudo()
        lines_cache = {}
        wanted = []  # (record, line, case key)
        for record in records:
            for item in record._get_archive_lines(lines_cache):
                wanted.append((record, item, record._get_archive_case_key(item)))
        if not wanted:
            return self.env["dpo.archive.case.entry"]
        Entry = self.env["dpo.archive.case.entry"].sudo()
        items = self.env["dpo.nomenclature.item"].union(*(item for _record, item, _key in wanted))
        filed = {
            (entry.res_id, entry.case_id.nomenclature_item_id.id)
            for entry in Entry.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", records.ids),
                    ("case_id.nomenclature_item_id", "in", items.ids),
                ]
            )
        }
        wanted = [(r, item, key) for r, item, key in wanted if (r.id, item.id) not in filed]
        if not wanted:
            return Entry
        # The entries keep the records' names as the printed forms give them.
        lang = self.env["res.lang"]._dpo_print_lang()
        wanted = [(record.with_context(lang=lang), item, key) for record, item, key in wanted]
        years = {}
        for record, _item, key in wanted:
            years.setdefault(key, record._get_archive_date().year)
        cases = self.env["dpo.archive.case"]._get_open_cases(years)
        return Entry.with_context(dpo_archive_filing=_FILING).create(
            [
                {
                    "case_id": cases[key].id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "name": record._get_archive_name(),
                    "date": record._get_archive_date(),
                    "date_start": record._get_archive_date_start(),
                }
                for record, _item, key in wanted
            ]
        )

    def _archive_entries(self):
        """The entries filing these records, read as superuser."""
        return (
            self.env["dpo.archive.case.entry"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )

    def _archive_refile_dates(self):
        """Bring the dates of the records' entries up to date (a personal file's last date is
        the learner's exit), in open cases only: a closed case's content does not change."""
        records = self.sudo()
        by_id = {record.id: record for record in records}
        for entry in records._archive_entries().filtered(lambda e: e.case_id.state == "open"):
            record = by_id[entry.res_id]
            vals = {"date": record._get_archive_date(), "date_start": record._get_archive_date_start()}
            if (entry.date, entry.date_start) != (vals["date"], vals["date_start"]):
                entry.with_context(dpo_archive_filing=_FILING).write(vals)

    # A filed record removed (a portfolio work before its review) leaves its open case with
    # it; once its case is closed it stays. at_uninstall=True: see the entry's guard.
    @api.ondelete(at_uninstall=True)
    def _unlink_archive_entries(self):
        # An executed destruction act deletes the content of its cases: their entries stay as the
        # tombstones of what was deleted.
        if is_module_uninstall(self.env) or is_destroying(self.env) or not self.ids:
            return
        entries = self._archive_entries()
        closed = entries.filtered(lambda entry: entry.case_id.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "«%(record)s» is filed in the closed archival case %(case)s and cannot be deleted.",
                    record=closed[0].name,
                    case=closed[0].case_id.display_name,
                )
            )
        entries.with_context(dpo_archive_filing=_FILING).unlink()

    @api.model
    def _archive_file_existing(self, company):
        """File every record of `company` that would have filed itself had the nomenclature
        been there: for a nomenclature set up after records were signed (and for the demo)."""
        company = self.env["res.company"].browse(int(company))
        for model_name in self._archivable_models():
            records = self.env[model_name].sudo()._archive_existing_records(company)
            records._archive_file()
            records._archive_after_filing_existing()
        return True

    def _archive_after_filing_existing(self):
        """What the records' own flow would have done after filing (a personal file handed to
        the archive when the training has ended)."""
        return True

    @api.model
    def _archive_existing_records(self, company):
        """The records of `company` that are filed by now (signed, closed, enrolled…)."""
        return self.browse()

    @api.model
    def _archivable_models(self):
        registry = self.env.registry
        return sorted(
            name
            for name in registry.descendants(["dpo.archivable.mixin"], "_inherit")
            if not registry[name]._abstract
        )

    @api.model
    def _archive_group_by_model(self, entries):
        """{model name: records} of the entries' existing records, read as superuser."""
        ids = defaultdict(set)
        for entry in entries:
            if entry.res_model in self.env and entry.res_id:
                ids[entry.res_model].add(entry.res_id)
        return {
            model: self.env[model].sudo().browse(sorted(res_ids)).exists() for model, res_ids in ids.items()
        }
