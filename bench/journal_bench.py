# Journal benchmark, server side: open (dpo.group.dpo_journal_data, as the journal grid loads
# it) and save (dpo.group.dpo_journal_save: one lesson, then all the other lessons) the journal
# of a group of 30 and of 150 learners with 60 lessons; prints times, queries and ratios.
# Run with bench/run (inside `odoo shell`, rolled back at the end).
import os
import sys
from datetime import date, timedelta

sys.path.insert(0, os.environ["DPO_BENCH_DIR"])
from common import measure, report

LESSONS = 60
env.company.dpo_teacher_edit_days = 10000  # noqa: F821 (entries within the window, no ledger)
env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell provides env)
program = env["dpo.program"].create(
    {
        "name": "Bench",
        "program_kind": "pk",
        "hours": LESSONS * 2,
        "subject_ids": [(0, 0, {"name": "S", "hours": LESSONS * 2})],
    }
)


def make_group(size):
    start = date(2026, 1, 12)
    group = env["dpo.group"].create(
        {
            "name": f"Bench-{size}",
            "program_id": program.id,
            "date_start": start,
            "date_end": start + timedelta(days=LESSONS),
        }
    )
    learners = env["dpo.learner"].create(
        [{"last_name": "Тестов", "first_name": "Слушатель"} for _ in range(size)]
    )
    env["dpo.enrollment"].create(
        [{"learner_id": lr.id, "group_id": group.id} for lr in learners]
    )._change_state("enrolled")
    env["dpo.lesson"].create(
        [
            {
                "group_id": group.id,
                "date": start + timedelta(days=i),
                "subject_id": program.subject_ids.id,
                "hours": 2,
                "teacher_id": env.uid,
            }
            for i in range(LESSONS)
        ]
    )
    env.flush_all()
    env.invalidate_all()
    return group


results = {}
for size in (30, 150):
    group = make_group(size)
    # What the journal grid does: one call to load it, one call per save.
    with measure(env) as opened:
        group.dpo_journal_data()
    env.invalidate_all()
    lesson = group.lesson_ids[0]
    with measure(env) as saved_lesson:
        group.dpo_journal_save([{"id": c.id, "presence": "present"} for c in lesson.attendance_ids])
    env.invalidate_all()
    cells = group.lesson_ids[1:].attendance_ids
    with measure(env) as saved_all:
        group.dpo_journal_save([{"id": c.id, "presence": "present" if c.id % 7 else "absent"} for c in cells])
    results[size] = (opened, saved_lesson, saved_all)
    report(
        f"journal {size} learners x {LESSONS} lessons",
        {
            "open_s": f"{opened['seconds']:.3f}",
            "open_queries": opened["queries"],
            "save_lesson_s": f"{saved_lesson['seconds']:.3f}",
            "save_lesson_queries": saved_lesson["queries"],
            "save_all_s": f"{saved_all['seconds']:.3f}",
            "save_all_queries": saved_all["queries"],
        },
    )
small, big = results[30], results[150]
report(
    "journal ratio 150/30",
    {
        "open_time": f"{big[0]['seconds'] / small[0]['seconds']:.2f}",
        "save_lesson_time": f"{big[1]['seconds'] / small[1]['seconds']:.2f}",
        "save_lesson_queries": f"{big[1]['queries'] / small[1]['queries']:.2f}",
        "save_all_time": f"{big[2]['seconds'] / small[2]['seconds']:.2f}",
    },
)
env.cr.rollback()
