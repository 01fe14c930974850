# FIS FRDO export benchmark: the export of 1,000 and of 10,000 issued documents (checked, written
# to the xlsx in constant memory, marked exported); prints time, queries and peak Python memory
# (tracemalloc) of each and the 10,000/1,000 ratios (time: the best of three runs). Run with
# bench/run (inside `odoo shell`, rolled back at the end).
import os
import sys
import tracemalloc
from datetime import date, timedelta

sys.path.insert(0, os.environ["DPO_BENCH_DIR"])
from common import measure, report

env = env(user=env.ref("base.user_admin"), context={"tracking_disable": True})  # noqa: F821 (odoo shell)
company = env.company
program = env["dpo.program"].create({"name": "Bench FRDO", "program_kind": "pk", "hours": 72})
group = env["dpo.group"].create(
    {"name": "Bench-FRDO", "program_id": program.id, "date_start": "2025-01-13", "date_end": "2025-01-31"}
)
learner = env["dpo.learner"].create({"last_name": "Тестов", "first_name": "Слушатель"})
enrollment = env["dpo.enrollment"].create({"learner_id": learner.id, "group_id": group.id})
LAST_NAMES = ("Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев", "Морозов")


def issue(count, first_day, prefix):
    """`count` issued documents with the register's data, spread over the days from `first_day`."""
    vals_list = [
        {
            "enrollment_id": enrollment.id,
            "document_kind": "certificate_pk",
            "issue_date": first_day + timedelta(days=i % 28),
            "name": f"{prefix}-{i:05d}",
            "number": f"{prefix}{i:06d}",
            "recipient_last_name": LAST_NAMES[i % len(LAST_NAMES)],
            "recipient_first_name": "Пётр",
            "recipient_patronymic": "Сергеевич",
            "recipient_birth_date": date(1980, 1, 1) + timedelta(days=i),
            "recipient_gender": "male",
            "recipient_snils": "112-233-445 95",
            "recipient_citizenship_code": "643",
            "program_name": "Охрана труда для руководителей и специалистов",
            "program_kind": "pk",
            "program_hours": 72,
            "study_form": "full_time",
            "funding": "paid",
            "study_date_start": date(2025, 1, 13),
            "study_date_end": date(2025, 1, 31),
            "education_level": "higher",
            "education_doc_number": f"{100000 + i}",
        }
        for i in range(count)
    ]
    for start in range(0, count, 1000):
        env["dpo.document"]._import_issued(vals_list[start : start + 1000])
    env.flush_all()
    env.invalidate_all()


def export(date_from, date_to):
    wizard = env["dpo.frdo.export"].create(
        {"date_from": date_from, "date_to": date_to, "only_not_exported": False, "company_id": company.id}
    )
    wizard.action_export()
    assert wizard.state == "done", wizard.error_ids[:3].mapped("message")
    return wizard.document_count


issue(1000, date(2025, 2, 1), "S")
issue(10000, date(2025, 4, 1), "L")
periods = {1000: (date(2025, 2, 1), date(2025, 2, 28)), 10000: (date(2025, 4, 1), date(2025, 4, 28))}
export(*periods[1000])  # warm-up: code paths and caches
results = {}
for size, (date_from, date_to) in periods.items():
    runs = []
    for _run in range(3):  # the best of three: the machine may be busy with something else
        env.invalidate_all()
        with measure(env) as timed:
            exported = export(date_from, date_to)
        runs.append(timed)
    timed = min(runs, key=lambda run: run["seconds"])
    env.invalidate_all()
    tracemalloc.start()
    export(date_from, date_to)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results[size] = (timed, peak)
    report(
        f"frdo export {size} documents",
        {
            "rows": exported,
            "time_s": f"{timed['seconds']:.2f}",
            "queries": timed["queries"],
            "queries_per_document": f"{timed['queries'] / exported:.3f}",
            "peak_memory_mb": f"{peak / 2**20:.2f}",
        },
    )
small, big = results[1000], results[10000]
report(
    "frdo export ratio 10000/1000",
    {
        "time": f"{big[0]['seconds'] / small[0]['seconds']:.2f}",
        "queries": f"{big[0]['queries'] / small[0]['queries']:.2f}",
        "peak_memory": f"{big[1] / small[1]:.2f}",
    },
)
env.cr.rollback()
