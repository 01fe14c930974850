from . import dpo_group_lesson_plan
from . import dpo_journal_export
from . import dpo_attestation_sheet_line_correct
from . import dpo_group_order_draft
from . import dpo_attendance_correct
from . import dpo_numbering_start
