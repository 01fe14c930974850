from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .dpo_nomenclature_item import PERIOD_FIELDS, period_text


class DpoNomenclaturePreset(models.Model):
    """A ready nomenclature of files as one of the regulations states it: its carriers, their
    periods and how they are kept. Applying it to a company makes or updates the company's lines
    (`_apply_to`), the same however many times it is applied."""

    _name = "dpo.nomenclature.preset"
    _description = "Nomenclature Preset"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True, help="What the regulation states and what it leaves to the centre."
    )
    line_ids = fields.One2many("dpo.nomenclature.preset.line", "preset_id", string="Lines", copy=True)

    def _stated_vals(self, line, item):
        """The values `line` states for a company's line (`item`, maybe empty). A period, an
        article, the ЭПК mark or a position the regulation leaves out leave the line's own."""
        vals = {
            "carrier": line.carrier,
            "paper_mandatory": line.paper_mandatory,
            "case_rule": line.case_rule,
            "start_event": line.start_event,
            "preset": self.name,
        }
        if line.retention_kind:
            vals.update({name: line[name] for name in PERIOD_FIELDS})
        if line.article:
            vals["article"] = line.article
        if line.epk:
            vals["epk"] = True
        if line.responsible_position:
            vals["responsible_position"] = line.responsible_position
        if not item:
            return vals
        return {
            name: value
            for name, value in vals.items()
            if item._fields[name].convert_to_write(item[name], item) != value
        }

    def _plan(self, company):
        """What applying this preset to `company` would do, changing nothing: per line of the
        preset, a dict of the `line`, the company's active `item` of its record type (or an empty
        recordset: a line to make), the `vals` to create or write, and whether they `shorten`
        the period of cases already filed. Titles come in the language of the printed forms."""
        self.ensure_one()
        if isinstance(company, int):  # from data files
            company = self.env["res.company"].browse(company)
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot change the nomenclature of files of %(company)s.", company=company.name
                )
            )
        preset = self.with_context(lang=self.env["res.lang"]._dpo_print_lang())
        Item = self.env["dpo.nomenclature.item"].with_context(active_test=True)
        taken = set(
            Item.sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
            .mapped("index")
        )
        plan = []
        for line in preset.line_ids:
            item = Item.search(
                [
                    ("company_id", "=", company.id),
                    ("record_type", "=", line.record_type),
                    ("order_type", "=", line.order_type),
                ],
                limit=1,
            )
            vals = preset._stated_vals(line, item)
            if not item:
                index, number = line.index, 0
                while index in taken:  # the centre's own numbering keeps its indexes
                    number += 1
                    index = f"{line.index}.{number}"
                taken.add(index)
                vals.update(
                    {
                        "company_id": company.id,
                        "sequence": line.sequence,
                        "index": index,
                        "title": line.title,
                        "record_type": line.record_type,
                        "order_type": line.order_type,
                        "note": line.note,
                    }
                )
            plan.append(
                {
                    "line": line,
                    "item": item,
                    "vals": vals,
                    "shortens": bool(item and vals and item._shortened_by(vals)),
                }
            )
        return plan

    def _plan_text(self, plan):
        """The plan in words, one line per line of the nomenclature, for the wizard."""
        russian = (self.env.lang or "").startswith("ru")
        rows = []
        for step in plan:
            item, vals = step["item"], step["vals"]
            if not item:
                period = period_text(*(vals.get(name) for name in PERIOD_FIELDS), russian=russian)
                rows.append(
                    self.env._(
                        "New: %(index)s %(title)s — %(period)s",
                        index=vals["index"],
                        title=vals["title"],
                        period=period,
                    )
                )
            elif not vals:
                rows.append(self.env._("Unchanged: %(line)s", line=item.display_name))
            elif PERIOD_FIELDS & vals.keys():
                merged = [vals.get(name, item[name]) for name in PERIOD_FIELDS]
                rows.append(
                    self.env._(
                        "Period changed: %(line)s — %(old)s → %(new)s%(warning)s",
                        line=item.display_name,
                        old=item.retention_label,
                        new=period_text(*merged, russian=russian),
                        warning=self.env._(" (shortens the retention of filed cases)")
                        if step["shortens"]
                        else "",
                    )
                )
            else:
                rows.append(self.env._("Updated: %(line)s", line=item.display_name))
        return "\n".join(rows)

    def _apply_to(self, company, reason=False):
        """Make or update the lines of `company`'s nomenclature of files from this preset; lines
        of record types the preset does not name stay as they are. Applied twice, the second
        time changes nothing. Where the preset would shorten the period of cases already filed,
        only the director applies it, with a reason kept in the correction ledger; otherwise
        nothing is changed. Lines left without a period get a to-do for the archivist."""
        self.ensure_one()
        if isinstance(company, int):  # from data files
            company = self.env["res.company"].browse(company)
        plan = self._plan(company)
        shortening = [step["item"] for step in plan if step["shortens"]]
        if shortening:
            lines = ", ".join(f"«{item.display_name}»" for item in shortening)
            if not self.env.user.has_group("dpo_records.group_dpo_manager"):
                raise AccessError(
                    self.env._(
                        "Applying «%(preset)s» would shorten the retention of cases already filed under "
                        "%(lines)s: only the director applies it, with a reason.",
                        preset=self.name,
                        lines=lines,
                    )
                )
            if not (reason or "").strip():
                raise UserError(
                    self.env._(
                        "Applying «%(preset)s» shortens the retention of cases already filed under "
                        "%(lines)s: give the reason, it is kept in the correction ledger.",
                        preset=self.name,
                        lines=lines,
                    )
                )
        Item = self.env["dpo.nomenclature.item"]
        items = Item.create([step["vals"] for step in plan if not step["item"]])
        for step in plan:
            item, vals = step["item"], dict(step["vals"])
            if not item:
                continue
            items |= item
            if step["shortens"]:
                period = {name: vals.pop(name) for name in PERIOD_FIELDS if name in vals}
                item._change_period(period, reason)
            if vals:
                item.write(vals)
        items._archivist_to_do()
        # Records signed, closed or enrolled before the company had these lines join their cases now.
        self.env["dpo.archivable.mixin"]._archive_file_existing(company.id)
        return items
