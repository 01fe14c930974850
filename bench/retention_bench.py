# Retention benchmark: the review (expire the cases past their period and put them into the
# draft destruction act) and the execution of the approved act (delete the cases' electronic
# content, keep the tombstones, draw up the personal data act), over 200,000 journal cells in
# 5,000 cases and over a run ten times smaller; prints times, queries, runs of the scheduled
# action, the process's peak resident memory after each phase and the ratios big/small (time
# near 10 and the peak memory flat mean batches that scale).
# Run with bench/run (inside `odoo shell`, rolled back at the end).
import os
import resource
import sys
from datetime import timedelta

sys.path.insert(0, os.environ["DPO_BENCH_DIR"])
from common import measure, report

from odoo.tools import SQL

from odoo.addons.dpo_records.models.company_date import company_today

env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell provides env)
company = env.company
today = company_today(company)
start = today - timedelta(days=400)
LEARNERS = 20  # per group
JOURNAL_SHARE = 5  # one case in five is a group's journal; the others hold a file each

program = env["dpo.program"].create(
    {
        "name": "Бенчмарк сроков хранения",
        "program_kind": "pk",
        "hours": 16,
        "subject_ids": [(0, 0, {"name": "Модуль", "hours": 16, "attestation_form": "none"})],
    }
)
subject = program.subject_ids
learners = env["dpo.learner"].create(
    [{"last_name": "Тестов", "first_name": "Слушатель", "patronymic": "Бенчевич"} for _ in range(LEARNERS)]
)
Item = env["dpo.nomenclature.item"]
items = {
    record_type: Item.create(
        {
            "index": f"БЕНЧ-{record_type}",
            "title": title,
            "record_type": record_type,
            "retention_kind": "years",
            "retention_years": 1,
        }
    )
    for record_type, title in (("journal", "Журналы"), ("optional_forms", "Необязательные формы"))
}
commission_order = env["dpo.order"].create(
    {
        "order_type": "commission",
        "date": start,
        "commission_kind": "expert",
        "commission_chair_id": env.user.partner_id.id,
        "commission_secretary_id": env.user.partner_id.id,
        "commission_date_from": start,
    }
)
commission_order.action_sign()
expert = commission_order.commission_id


def build(cells, cases):
    """`cases` expired cases, one in JOURNAL_SHARE a group's journal; `cells` journal cells."""
    journals = cases // JOURNAL_SHARE
    lessons_per_group = cells // journals // LEARNERS
    groups = env["dpo.group"].create(
        [
            {"name": f"Бенч-{cases}-{n}", "program_id": program.id, "date_start": start, "date_end": start}
            for n in range(journals)
        ]
    )
    env.flush_all()
    uid = env.uid
    env.cr.execute(
        SQL(
            """INSERT INTO dpo_enrollment (learner_id, group_id, program_id, company_id, state, funding,
                                           learner_name, date_enrolled,
                                           create_uid, write_uid, create_date, write_date)
               SELECT l.id, g, %s, %s, 'completed', 'paid', 'Тестов Слушатель Бенчевич', %s,
                      %s, %s, now(), now()
                 FROM unnest(%s) g CROSS JOIN unnest(%s) AS l(id)""",
            program.id,
            company.id,
            start,
            uid,
            uid,
            groups.ids,
            learners.ids,
        )
    )
    env.cr.execute(
        SQL(
            """INSERT INTO dpo_lesson (group_id, company_id, subject_id, hours, teacher_id, kind, date,
                                       time_start, is_marked, create_uid, write_uid, create_date, write_date)
               SELECT g, %s, %s, 2, %s, 'lecture', %s, 9 + n, true, %s, %s, now(), now()
                 FROM unnest(%s) g CROSS JOIN generate_series(0, %s) n""",
            company.id,
            subject.id,
            uid,
            start,
            uid,
            uid,
            groups.ids,
            lessons_per_group - 1,
        )
    )
    env.cr.execute(
        SQL(
            """INSERT INTO dpo_attendance (lesson_id, enrollment_id, group_id, company_id, teacher_id,
                                           learner_name, presence, lesson_date,
                                           create_uid, write_uid, create_date, write_date)
               SELECT l.id, e.id, l.group_id, %s, %s, e.learner_name, 'present', l.date,
                      %s, %s, now(), now()
                 FROM dpo_lesson l JOIN dpo_enrollment e ON e.group_id = l.group_id
                WHERE l.group_id = ANY(%s)""",
            company.id,
            uid,
            uid,
            uid,
            groups.ids,
        )
    )
    files = env["ir.attachment"].create(
        [{"name": f"Работа {n}.pdf", "raw": b"%PDF-1.4 work"} for n in range(cases - journals)]
    )
    Case = env["dpo.archive.case"]
    journal_cases = Case.create(
        [
            {
                "nomenclature_item_id": items["journal"].id,
                "title": group.name,
                "year": start.year,
                "group_id": group.id,
            }
            for group in groups
        ]
    )
    form_cases = Case.create(
        [
            {"nomenclature_item_id": items["optional_forms"].id, "title": f.name, "year": start.year}
            for f in files
        ]
    )
    env["dpo.archive.case.entry"].sudo().create(
        [
            {"case_id": case.id, "res_model": "dpo.group", "res_id": group.id, "name": group.name}
            for case, group in zip(journal_cases, groups, strict=True)
        ]
        + [
            {"case_id": case.id, "res_model": "ir.attachment", "res_id": f.id, "name": f.name}
            for case, f in zip(form_cases, files, strict=True)
        ]
    )
    all_cases = journal_cases | form_cases
    # Closed long ago, past their period; the journals' extracts count as made (the review only).
    all_cases._write_retention_state(
        {"state": "closed", "date_closed": start, "retention_until": today - timedelta(days=1)}
    )
    journal_cases._write_retention_state({"attestation_extract_done": True})
    env.flush_all()
    env.invalidate_all()
    return all_cases


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def until_done(method, *args):
    """Run a scheduled action's method until nothing remains; each run ends as the cron's own
    commit ends it (flushed, the cache emptied), within the benchmark's one transaction."""
    runs = 0
    while True:
        runs += 1
        remaining = method(*args)
        env.flush_all()
        env.invalidate_all()
        if not remaining:
            return runs


results = {}
for cells, cases in ((20_000, 500), (200_000, 5_000)):
    all_cases = build(cells, cases)
    Case = env["dpo.archive.case"]
    with measure(env) as review:
        review["runs"] = until_done(Case._cron_review)
    review["peak_mb"] = peak_rss_mb()
    act = all_cases.destruction_act_id
    assert len(act) == 1 and set(all_cases.mapped("state")) == {"in_act"}, "review incomplete"
    act.write({"commission_id": expert.id, "agreement_date": today, "agreement_number": "1"})
    act.action_approve()
    act._write_signing({"execution_queued": True, "executed_by_id": env.uid})
    env.invalidate_all()
    with measure(env) as execution:
        execution["runs"] = until_done(act._cron_execute)
    execution["peak_mb"] = peak_rss_mb()
    assert act.state == "done" and set(all_cases.mapped("state")) == {"destroyed"}, "execution incomplete"
    results[cells] = (review, execution)
    for name, figures in (("review", review), ("execution", execution)):
        report(
            f"retention {name} {cells} cells / {cases} cases",
            {
                "seconds": f"{figures['seconds']:.2f}",
                "queries": figures["queries"],
                "runs": figures["runs"],
                "peak_rss_mb": f"{figures['peak_mb']:.0f}",
            },
        )
    # The next size starts from a clean slate: these cases are destroyed, their act done.
    env.invalidate_all()
(small_review, small_execution), (big_review, big_execution) = results[20_000], results[200_000]
for name, small, big in (("review", small_review, big_review), ("execution", small_execution, big_execution)):
    report(
        f"retention {name} ratio 200000/20000",
        {
            "time": f"{big['seconds'] / small['seconds']:.2f}",
            "queries": f"{big['queries'] / small['queries']:.2f}",
            "peak_rss": f"{big['peak_mb'] / small['peak_mb']:.2f}",
        },
    )
env.cr.rollback()
