from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import groupby

from . import grading
from .dpo_destroying import is_destroying
from .dpo_uninstall import is_module_uninstall

# What is recorded in a cell; the rest of a cell (its lesson, its learner) never changes.
JOURNAL_FIELDS = ("presence", "mark", "note")


class _Correction:
    """The reason of a correction, put in the context only by `_write_with_reason`: a client
    cannot send an instance over RPC, so no context key makes a write a correction."""

    __slots__ = ("reason",)

    def __init__(self, reason):
        self.reason = reason


class DpoAttendance(models.Model):
    """One cell of the journal: a learner at a lesson."""

    _name = "dpo.attendance"
    _description = "Journal Cell"
    _check_company_auto = True
    _order = "lesson_date, lesson_id, learner_name, id"

    lesson_id = fields.Many2one("dpo.lesson", required=True, index=True, ondelete="cascade")
    enrollment_id = fields.Many2one(
        "dpo.enrollment", required=True, index=True, ondelete="restrict", check_company=True
    )
    learner_name = fields.Char(related="enrollment_id.learner_name", store=True, string="Learner")
    group_id = fields.Many2one(related="lesson_id.group_id", store=True, index=True)
    company_id = fields.Many2one(related="lesson_id.company_id", store=True, index=True)
    lesson_date = fields.Date(related="lesson_id.date", store=True)
    teacher_id = fields.Many2one(related="lesson_id.teacher_id", store=True, index=True)
    hours = fields.Integer(related="lesson_id.hours")
    presence = fields.Selection(
        [("present", "Present"), ("absent", "Absent"), ("excused", "Excused"), ("late", "Late")]
    )
    mark = fields.Selection(grading.RESULTS)
    note = fields.Char()

    _sql_constraints = [
        ("lesson_enrollment_uniq", "UNIQUE(lesson_id, enrollment_id)", "A learner has one cell per lesson."),
    ]

    @api.depends("lesson_id", "learner_name")
    def _compute_display_name(self):
        for cell in self:
            cell.display_name = f"{cell.learner_name or ''}, {cell.lesson_id.display_name or ''}"

    @api.constrains("enrollment_id", "lesson_id")
    def _check_enrollment(self):
        for cell in self:
            enrollment, lesson = cell.enrollment_id, cell.lesson_id
            if enrollment.group_id != lesson.group_id or not enrollment._attends_on(lesson.date):
                raise ValidationError(
                    self.env._(
                        "%(learner)s is not a learner of group %(group)s on %(date)s.",
                        learner=cell.learner_name,
                        group=lesson.group_id.name,
                        date=lesson.date.strftime("%d.%m.%Y"),
                    )
                )

    @api.constrains("mark")
    def _check_mark(self):
        labels = dict(self._fields["mark"]._description_selection(self.env))
        for cell in self.filtered("mark"):
            allowed = grading.allowed_results(cell.lesson_id.program_id.grading_scale, None)
            if cell.mark not in allowed:
                raise ValidationError(
                    self.env._(
                        "Mark «%(mark)s» is not on the grading scale of the programme; use: %(allowed)s.",
                        mark=labels[cell.mark],
                        allowed=", ".join(labels[key] for key in allowed),
                    )
                )

    def write(self, vals):
        fixed = set(vals) - set(JOURNAL_FIELDS)
        if fixed:
            raise UserError(
                self.env._(
                    "Only the presence, the mark and the note of a journal cell are written; its "
                    "lesson and learner stay as the journal made them (%(fields)s).",
                    fields=", ".join(
                        sorted(self._fields[name]._description_string(self.env) for name in fixed)
                    ),
                )
            )
        changed = [name for name in JOURNAL_FIELDS if name in vals]
        if changed:
            correction = self.env.context.get("dpo_correction")
            reason = correction.reason.strip() if isinstance(correction, _Correction) else ""
            self._check_journal_access(bool(reason))
            self._record_corrections(vals, changed, reason)
        return super().write(vals)

    def _write_with_reason(self, vals, reason):
        """Write `vals` on these cells as a correction (or a late entry) made for `reason`: the
        access rules take the reason into account and every changed value goes to the ledger."""
        if not (reason or "").strip():
            raise UserError(self.env._("A correction needs a reason."))
        return self.with_context(dpo_correction=_Correction(reason)).write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_recorded(self):
        if is_module_uninstall(self.env) or is_destroying(self.env):
            return
        if self._filter_recorded():
            raise UserError(
                self.env._(
                    "A recorded journal cell is never deleted: correct its value with a reason instead."
                )
            )

    def _filter_recorded(self):
        """The cells where something is recorded: a presence, a mark or a note."""
        return self.filtered(lambda cell: cell.presence or cell.mark or cell.note)

    def _check_journal_access(self, has_reason):
        """Who may write a cell: the lesson's teacher while the journal is open and within the
        edit window; after the window a specialist or the head, with a reason; in a closed
        journal only the head, with a reason."""
        user = self.env.user
        if self.env.su:
            return
        is_head = user.has_group("dpo_records.group_dpo_head")
        is_specialist = user.has_group("dpo_records.group_dpo_specialist")
        for lesson in self.lesson_id:
            if lesson.group_id.journal_state == "closed":
                if not is_head:
                    raise AccessError(
                        self.env._(
                            "The journal of group %(group)s is closed: only the head of department may "
                            "correct it.",
                            group=lesson.group_id.name,
                        )
                    )
                if not has_reason:
                    raise UserError(self.env._("A closed journal is corrected only with a reason."))
            elif is_specialist:
                if lesson._company_today() > lesson.edit_deadline and not has_reason:
                    raise UserError(
                        self.env._(
                            "The edit window of the lesson of %(date)s has passed: give the reason of the "
                            "late entry.",
                            date=lesson.date.strftime("%d.%m.%Y"),
                        )
                    )
            else:
                lesson._check_teacher_may_edit()

    def _record_corrections(self, vals, changed, reason):
        """A recorded value that changes is a correction: it needs a reason and goes to the
        ledger. The first recording of an empty cell is not, unless it comes with a reason
        (a late entry)."""
        ledger = self.env["dpo.correction"]
        for name in changed:
            new = vals[name] or False
            touched = self.filtered(lambda cell, n=name, v=new: (cell[n] or False) != v)
            corrected = touched.filtered(lambda cell, n=name: cell[n]) if not reason else touched
            if not corrected:
                continue
            if not reason:
                raise UserError(
                    self.env._(
                        "Changing a recorded journal cell is a correction: give its reason with "
                        "«Correct» on the lesson (%(learner)s, %(date)s).",
                        learner=corrected[0].learner_name,
                        date=corrected[0].lesson_date.strftime("%d.%m.%Y"),
                    )
                )
            for old, cells in groupby(
                corrected.sorted(lambda c, n=name: c[n] or ""), key=lambda c, n=name: c[n]
            ):
                ledger._record(self.browse([cell.id for cell in cells]), name, old, new, reason)

    @api.model
    def _write_commands(self, commands):
        """Apply x2many UPDATE commands from the journal grid in a few batched writes: cells
        with the same new values are written together, so that saving a lesson costs the
        same number of queries for 30 or 150 learners."""
        by_vals = {}
        for command in commands:
            if command[0] == 1 and command[2]:
                key = tuple(sorted(command[2].items()))
                by_vals.setdefault(key, []).append(command[1])
        for key, ids in by_vals.items():
            self.browse(ids).write(dict(key))
