# Documents benchmark: issue 100 and 1,000 documents of a signed protocol in one action
# («Issue» on the selected drafts: registration numbers, blanks, frozen data, the kept PDF
# copies); prints times, queries per document and the ratio 1,000/100.
# Run with bench/run (inside `odoo shell`, rolled back at the end).
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.environ["DPO_BENCH_DIR"])
from common import measure, report

env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell provides env)
today = env["dpo.document"]._fields["issue_date"].default(env["dpo.document"])
start = today - timedelta(days=40)
program = env["dpo.program"].create(
    {
        "name": "Бенчмарк выдачи документов",
        "program_kind": "pk",
        "hours": 16,
        "subject_ids": [(0, 0, {"name": "Модуль", "hours": 16, "attestation_form": "none"})],
    }
)
chair = env["res.partner"].create({"name": "Председатель"})
template = env["dpo.document.template"]._get(env.company, "certificate_pk")
template.uses_blanks = True
receipt = env["dpo.document.blank.receipt"].create(
    {
        "name": "Бенчмарк",
        "date": start,
        "document_kind": "certificate_pk",
        "series": "БЕНЧ",
        "number_from": "000001",
        "number_to": "001300",
    }
)
receipt.action_receive()


def drafts_for(size):
    group = env["dpo.group"].create(
        {"name": f"Бенч-{size}", "program_id": program.id, "date_start": start, "date_end": today}
    )
    learners = env["dpo.learner"].create(
        [{"last_name": "Тестов", "first_name": "Слушатель", "patronymic": "Бенчевич"} for _ in range(size)]
    )
    env["dpo.enrollment"].create(
        [{"learner_id": learner.id, "group_id": group.id} for learner in learners]
    )._change_state("enrolled", date=start)
    order = env["dpo.order"].create(
        {
            "order_type": "commission",
            "date": start,
            "group_id": group.id,
            "commission_kind": "attestation",
            "commission_chair_id": chair.id,
            "commission_secretary_id": env.user.partner_id.id,
            "commission_date_from": start,
        }
    )
    order.action_sign()
    protocol = env["dpo.protocol"].create(
        {"group_id": group.id, "commission_id": order.commission_id.id, "date": today}
    )
    protocol.line_ids.write({"result": "passed", "grade": "5"})
    protocol.action_sign()
    drafts = env["dpo.document"]._draft_from_protocol(protocol)
    env.flush_all()
    env.invalidate_all()
    return drafts


# Warm-up: the first print compiles the report's templates and assets, as a running server has.
drafts_for(10).action_issue()
results = {}
for size in (100, 1000):
    documents = drafts_for(size)
    with measure(env) as issued:
        documents.action_issue()
    assert set(documents.mapped("state")) == {"issued"}
    assert all(documents.mapped("signed_copy_sha256"))
    results[size] = issued
    report(
        f"documents issue {size}",
        {
            "seconds": f"{issued['seconds']:.2f}",
            "queries": issued["queries"],
            "queries_per_document": f"{issued['queries'] / size:.2f}",
        },
    )
small, big = results[100], results[1000]
report(
    "documents issue ratio 1000/100",
    {
        "time": f"{big['seconds'] / small['seconds']:.2f}",
        "queries": f"{big['queries'] / small['queries']:.2f}",
        "queries_per_document_100": f"{small['queries'] / 100:.2f}",
        "queries_per_document_1000": f"{big['queries'] / 1000:.2f}",
    },
)
env.cr.rollback()
