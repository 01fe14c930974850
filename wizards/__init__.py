from . import dpo_group_order_draft
