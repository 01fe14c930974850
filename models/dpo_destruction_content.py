"""What an executed destruction act deletes: the electronic content of the records its cases'
entries name, worked out from the ORM's own declarations, and the proof kept of it.

- The content of an entry is its record (for a journal, filed as its group: the group's lessons
  and journal checks, never the group itself) with every record that would go with it anyway
  (the many2one fields declared `ondelete="cascade"` towards it, recursively: the cells of a
  lesson, the lines of a statement or an order, the results per subject of a protocol's lines),
  and the attachments of all of those (kept copies, scans, files of a work).
- A record of the content that a record kept outside the content still points to through a
  `restrict` many2one (an issued document pointing to its protocol, an enrolment to its order)
  is still needed: the destruction of its case is refused, naming what needs it.
- Before deletion each entry keeps a tombstone: how many records of which kind, the SHA-256 of
  every attachment and one SHA-256 of the records' stored data, and the learners whose data went.
"""

import hashlib

from odoo.tools import SQL

# What each kind of record held of its learner, for the act on the destruction of personal data
# (Приказ Роскомнадзора № 179: «перечень категорий уничтоженных персональных данных»).
CATEGORY_OF_MODEL = {
    "dpo.attendance": "attendance",
    "dpo.attestation.sheet.line": "intermediate",
    "dpo.protocol.line": "final",
    "dpo.protocol.subject.result": "final",
    "dpo.order.line": "orders",
    "dpo.portfolio.item": "works",
    "dpo.portfolio.review": "works",
    "dpo.self.study.report": "works",
    "dpo.award": "awards",
    "dpo.document": "documents",
    "dpo.attestation.extract.line": "extract",
}
# How the act on the destruction of personal data names each category (printed in Russian).
CATEGORY_LABELS = {
    "attendance": "сведения о посещаемости занятий и отметки текущего контроля",
    "intermediate": "результаты промежуточной аттестации",
    "final": "результаты итоговой аттестации",
    "orders": "сведения приказов о зачислении, окончании обучения и отчислении",
    "works": "работы обучающегося и отзывы на них",
    "awards": "сведения о поощрениях",
    "documents": "сведения о выданных документах об образовании и (или) обучении",
    "extract": "выписка результатов промежуточной и итоговой аттестации",
    "names": "фамилия, имя, отчество",
    "contacts": "контактные данные (адрес, телефоны, адрес электронной почты), фотография",
    "snils": "СНИЛС",
    "birth_date": "дата рождения",
    "documents_identity": "реквизиты документа об образовании, согласие на обработку персональных данных",
}
# The learner's own data an anonymisation removes: all when no kept record needs them, only the
# contacts while the individual record (kept by law) still needs the rest.
FULL_ANONYMIZATION = ("names", "contacts", "snils", "birth_date", "documents_identity")
PARTIAL_ANONYMIZATION = ("contacts",)


def _real_models(env):
    registry = env.registry
    return [name for name in registry if not registry[name]._abstract and not registry[name]._transient]


def _many2one_towards(env, model_name, ondelete):
    """(model, field) of the stored, non-related many2one fields pointing to `model_name` with
    `ondelete` (worked out once per registry)."""
    registry = env.registry
    cache = registry.__dict__.setdefault("_dpo_many2one_towards", {})
    key = (model_name, ondelete, registry.registry_sequence)
    if key not in cache:
        cache[key] = _find_many2one_towards(env, model_name, ondelete)
    return cache[key]


def many2one_fields_towards(env, model_name):
    """(model, field) of the stored, non-related many2one fields pointing to `model_name`."""
    return [
        pair
        for ondelete in ("cascade", "restrict", "set null", "set default")
        for pair in _many2one_towards(env, model_name, ondelete)
    ]


def _find_many2one_towards(env, model_name, ondelete):
    found = []
    for name in _real_models(env):
        model = env.registry[name]
        if not model._auto:
            continue
        for field in model._fields.values():
            if (
                field.type == "many2one"
                and field.comodel_name == model_name
                and field.store
                and not field.related
                and field.ondelete == ondelete
            ):
                found.append((name, field.name))
    return found


def contents_of(entries):
    """{entry: {model: set of ids}}: the records a destruction of each entry deletes (see the
    module's docstring), attachments included; worked out for all the entries at once, a few
    queries per kind of record whatever their number."""
    content = _Content(entries)
    content.add_roots(entries)
    content.add_cascade()
    content.add_attachments()
    return content.by_entry


class _Content:
    """The records of the entries' content being gathered, each with the entry it belongs to."""

    def __init__(self, entries):
        self.env = entries.env
        self.by_entry = {entry: {} for entry in entries}
        self.owner = {}  # (model, id): the entry whose content the record is
        self.frontier = {}  # records just added, whose cascade is still to follow

    def add(self, entry, model_name, record_id):
        if (model_name, record_id) in self.owner:
            return
        self.owner[model_name, record_id] = entry
        self.by_entry[entry].setdefault(model_name, set()).add(record_id)
        self.frontier.setdefault(model_name, set()).add(record_id)

    def add_roots(self, entries):
        env = self.env
        # A journal is filed as its group: its lessons (and their cells) and its checks go, the
        # group stays (enrolments, orders, documents refer to it).
        journals = {
            entry.res_id: entry for entry in entries if entry.res_model == "dpo.group" and entry.res_id
        }
        for model_name in ("dpo.lesson", "dpo.journal.check") if journals else ():
            for record_id, group_id in _rows(env, model_name, "group_id", journals):
                self.add(journals[group_id], model_name, record_id)
        others = {}
        for entry in entries:
            if entry.res_model != "dpo.group" and entry.res_model in env and entry.res_id:
                others.setdefault(entry.res_model, {})[entry.res_id] = entry
        for model_name, by_id in others.items():
            table = SQL.identifier(env[model_name]._table)
            for (record_id,) in env.execute_query(
                SQL("SELECT id FROM %s WHERE id = ANY(%s)", table, list(by_id))
            ):
                self.add(by_id[record_id], model_name, record_id)

    def add_cascade(self):
        """What goes with the records anyway: the many2one fields declared `ondelete="cascade"`
        towards them, recursively."""
        while self.frontier:
            frontier, self.frontier = self.frontier, {}
            for model_name, ids in frontier.items():
                for child, field_name in _many2one_towards(self.env, model_name, "cascade"):
                    for child_id, parent_id in _rows(self.env, child, field_name, ids):
                        self.add(self.owner[model_name, parent_id], child, child_id)

    def add_attachments(self):
        """Their attachments (kept copies, scans, files of a work)."""
        by_model = {}
        for model_name, record_id in self.owner:
            if model_name != "ir.attachment":
                by_model.setdefault(model_name, set()).add(record_id)
        for model_name, ids in by_model.items():
            rows = self.env.execute_query(
                SQL(
                    "SELECT id, res_id FROM ir_attachment WHERE res_model = %s AND res_id = ANY(%s)",
                    model_name,
                    list(ids),
                )
            )
            for attachment_id, res_id in rows:
                self.add(self.owner[model_name, res_id], "ir.attachment", attachment_id)
        self.frontier = {}


def _rows(env, model_name, field_name, ids):
    """(id, value of `field_name`) of the records of `model_name` whose `field_name` is in `ids`."""
    return env.execute_query(
        SQL(
            "SELECT id, %s FROM %s WHERE %s = ANY(%s)",
            SQL.identifier(field_name),
            SQL.identifier(env[model_name]._table),
            SQL.identifier(field_name),
            list(ids),
        )
    )


def entry_content(entry):
    """{model: set of ids}: the records a destruction of `entry` deletes."""
    return contents_of(entry)[entry]


def union(contents):
    """The content of several entries as one {model: set of ids}."""
    merged = {}
    for content in contents:
        for model_name, ids in content.items():
            merged.setdefault(model_name, set()).update(ids)
    return merged


def blocking_references(env, content):
    """[(record kept, record of the content it needs)]: records outside `content` that point to
    a record of `content` through a `restrict` many2one (first few only)."""
    found = []
    for model_name, ids in content.items():
        for referrer, field_name in _many2one_towards(env, model_name, "restrict"):
            own = content.get(referrer, set())
            rows = env.execute_query(
                SQL(
                    "SELECT id, %s FROM %s WHERE %s = ANY(%s) AND NOT id = ANY(%s) LIMIT 3",
                    SQL.identifier(field_name),
                    SQL.identifier(env[referrer]._table),
                    SQL.identifier(field_name),
                    list(ids),
                    list(own),
                )
            )
            for referrer_id, target_id in rows:
                found.append(
                    (env[referrer].sudo().browse(referrer_id), env[model_name].sudo().browse(target_id))
                )
        if len(found) >= 3:
            break
    return found


def tombstones(env, contents):
    """{entry: what it keeps of its content}: the count per kind of record, the SHA-256 of every
    attachment, one SHA-256 of the records' stored data, and the learners whose data it held,
    with the categories of those data ({learner id: [category]}). One query per kind of record
    for all the entries."""
    merged = union(contents.values())
    rows = {}
    for model_name, ids in merged.items():
        for record_id, row in env.execute_query(
            SQL(
                "SELECT id, row_to_json(t)::text FROM %s t WHERE id = ANY(%s)",
                SQL.identifier(env[model_name]._table),
                list(ids),
            )
        ):
            rows[model_name, record_id] = row
    attachments = env["ir.attachment"].sudo().browse(sorted(merged.get("ir.attachment", ())))
    checksums = {
        attachment.id: f"{attachment.name}: {hashlib.sha256(attachment.raw or b'').hexdigest()}"
        for attachment in attachments
    }
    learners = _learners_by_record(env, merged)
    values = {}
    for entry, content in contents.items():
        digest = hashlib.sha256()
        counts = {}
        categories = {}
        for model_name in sorted(content):
            ids = sorted(content[model_name])
            counts[model_name] = len(ids)
            digest.update(model_name.encode())
            for record_id in ids:
                digest.update(rows.get((model_name, record_id), "").encode())
                learner_id = learners.get((model_name, record_id))
                if learner_id:
                    categories.setdefault(str(learner_id), set()).add(CATEGORY_OF_MODEL[model_name])
        values[entry] = {
            "destroyed_counts": counts,
            "destroyed_record_count": sum(counts.values()),
            "destroyed_sha256": "\n".join(checksums[i] for i in sorted(content.get("ir.attachment", ())))
            or False,
            "destroyed_data_sha256": digest.hexdigest(),
            "destroyed_learners": {learner: sorted(codes) for learner, codes in categories.items()},
        }
    return values


def _learners_by_record(env, content):
    """{(model, id): learner id} for the records of `content` that hold a learner's data."""
    learners = {}
    for model_name, ids in content.items():
        if model_name not in CATEGORY_OF_MODEL:
            continue
        model = env[model_name]
        if "enrollment_id" in model._fields and model._fields["enrollment_id"].store:
            query = SQL(
                """SELECT t.id, e.learner_id FROM %s t JOIN dpo_enrollment e ON e.id = t.enrollment_id
                    WHERE t.id = ANY(%s)""",
                SQL.identifier(model._table),
                list(ids),
            )
        elif "learner_id" in model._fields and model._fields["learner_id"].store:
            query = SQL(
                "SELECT id, learner_id FROM %s WHERE id = ANY(%s) AND learner_id IS NOT NULL",
                SQL.identifier(model._table),
                list(ids),
            )
        else:
            continue
        for record_id, learner_id in env.execute_query(query):
            learners[model_name, record_id] = learner_id
    return learners


def delete_content(env, content):
    """Delete `content` in `env` (the destroying environment): attachments first, then the
    records, those pointing to others before the others."""
    if content.get("ir.attachment"):
        env["ir.attachment"].browse(sorted(content["ir.attachment"])).unlink()
    remaining = [name for name in content if name != "ir.attachment"]
    while remaining:
        # A model no other remaining model cascades from goes first.
        parents = {
            target
            for target in remaining
            for child, _field in _many2one_towards(env, target, "cascade")
            if child in remaining and child != target
        }
        leaves = [name for name in remaining if name not in parents] or remaining[:1]
        for name in leaves:
            records = env[name].with_context(active_test=False).browse(sorted(content[name])).exists()
            records.unlink()
            remaining.remove(name)
    return True


def retention_label(env, item):
    """«Срок хранения и № статьи по перечню» of a nomenclature line, as archives abbreviate it
    (5 л., ст. 57; Пост.; ДМН, не менее 3 л.)."""
    if not item:
        return ""
    if item.retention_kind == "permanent":
        period = env._("Permanent")
    elif item.retention_kind == "years":
        period = env._("%(years)s y.", years=item.retention_years)
    elif item.retention_kind == "until_not_needed":
        period = (
            env._("Until no longer needed, at least %(years)s y.", years=item.min_retention_years)
            if item.min_retention_years
            else env._("Until no longer needed")
        )
    else:
        period = env._("not set")
    if item.article:
        return env._("%(period)s, art. %(article)s", period=period, article=item.article)
    return period
