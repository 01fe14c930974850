"""Marks on the programme's grading scale, shared by statements and protocols.

A programme grades on five points (5/4/3/2) or pass/fail. A credit (зачет) or a test gives
зачтено / не зачтено on either scale; graded credits and exams give 5/4/3/2 on a five-point
programme.
"""

RESULTS = [
    ("5", "5 (excellent)"),
    ("4", "4 (good)"),
    ("3", "3 (satisfactory)"),
    ("2", "2 (unsatisfactory)"),
    ("pass", "Pass"),
    ("fail", "Fail"),
]

FIVE_POINT = ("5", "4", "3", "2")
PASS_FAIL = ("pass", "fail")
PASSING = frozenset(("5", "4", "3", "pass"))
PASS_FAIL_FORMS = frozenset(("credit", "testing"))


def allowed_results(grading_scale, form):
    if grading_scale == "pass_fail" or form in PASS_FAIL_FORMS:
        return PASS_FAIL
    return FIVE_POINT


def is_passing(result):
    return result in PASSING
