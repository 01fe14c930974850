"""СНИЛС (insurance number of individual ledger account) format and checksum.

python-stdnum has no Russian СНИЛС module, so the rule of the Pension Fund is kept here:
11 digits, the last two a checksum of the first nine weighted 9..1, taken modulo 101
(100 and 101 give 00). Numbers up to 001-001-998 were issued before checksums existed;
000-000-000 was never issued.
"""

import re

# ASCII digits only: Python's `\d` and `int()` also take Arabic-Indic, full-width and other
# Unicode digits, which would pass the checksum and be stored as a second, different string
# for the number of an existing learner.
_DIGITS = re.compile(r"[0-9]{11}")
_SEPARATORS = re.compile(r"[\s\-]")


def compact(value):
    return _SEPARATORS.sub("", value or "")


def checksum(first_nine):
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(9, 0, -1), strict=True))
    total %= 101
    return 0 if total == 100 else total


def is_well_formed(value):
    return bool(_DIGITS.fullmatch(compact(value)))


def is_zero(value):
    """Whether the first nine digits are all zeros: no such number was ever issued."""
    digits = compact(value)
    return bool(_DIGITS.fullmatch(digits)) and not int(digits[:9])


def is_valid(value):
    digits = compact(value)
    if not _DIGITS.fullmatch(digits):
        return False
    number = int(digits[:9])
    if not number:
        return False
    if number <= 1001998:
        return True
    return checksum(digits[:9]) == int(digits[9:])


def format_snils(value):
    """Return the number as `000-000-000 00`."""
    digits = compact(value)
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"
