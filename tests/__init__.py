from . import test_program
from . import test_learner
from . import test_group_enrollment
from . import test_access
from . import test_install
from . import test_translations
from . import test_attestation_sheet
from . import test_journal
