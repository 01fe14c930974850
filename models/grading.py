"""Marks on the programme's grading scale, shared by statements and protocols.

A programme grades on five points (5/4/3/2) or pass/fail. A credit (зачет) or a test gives
зачтено / не зачтено on either scale; graded credits and exams give 5/4/3/2 on a five-point
programme. A company may keep its statements on зачтено / не зачтено only (seed 004, 2.4:
«с указанием соответствующей отметки (зачтено, не зачтено)»), whatever the form.
"""

from odoo.tools.misc import formatLang

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


def allowed_results(grading_scale, form, pass_fail_only=False):
    if pass_fail_only or grading_scale == "pass_fail" or form in PASS_FAIL_FORMS:
        return PASS_FAIL
    return FIVE_POINT


def is_passing(result):
    return result in PASSING


def grade_on_scale(result, allowed):
    """`result` (a statement's mark) as a grade of the scale `allowed`: itself when the scale
    has it, зачтено / не зачтено on a pass/fail scale, nothing when a pass/fail mark meets a
    five-point scale (no grade can be made up from it)."""
    if not result:
        return False
    if result in allowed:
        return result
    if allowed == PASS_FAIL:
        return "pass" if is_passing(result) else "fail"
    return False


def format_number(env, value):
    """A score as the reader's language writes it: «86,5» in Russian, no «,0» on a whole number."""
    value = float(value)
    return formatLang(env, value, digits=0 if value.is_integer() else 1)
