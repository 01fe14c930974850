from . import dpo_group_lesson_plan
from . import dpo_journal_export
