from . import res_company
from . import res_config_settings
from . import res_country
from . import dpo_program
from . import dpo_program_subject
from . import snils  # noqa: F401 (helper module, no model)
from . import dpo_learner
from . import dpo_group
from . import dpo_enrollment
