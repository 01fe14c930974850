"""СНИЛС (insurance number of individual ledger account) format and checksum.

python-stdnum has no Russian СНИЛС module, so the rule of the Pension Fund is kept here:
11 digits, the last two a checksum of the first nine weighted 9..1, taken modulo 101
(100 and 101 give 00). Numbers up to 001-001-998 were issued before checksums existed.
"""

import re

_DIGITS = re.compile(r"\d{11}")
_SEPARATORS = re.compile(r"[\s\-]")


def compact(value):
    return _SEPARATORS.sub("", value or "")


def checksum(first_nine):
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(9, 0, -1), strict=True))
    total %= 101
    return 0 if total == 100 else total


def is_well_formed(value):
    return bool(_DIGITS.fullmatch(compact(value)))


def is_valid(value):
    digits = compact(value)
    if not _DIGITS.fullmatch(digits):
        return False
    if int(digits[:9]) <= 1001998:
        return True
    return checksum(digits[:9]) == int(digits[9:])


def format_snils(value):
    """Return the number as `000-000-000 00`."""
    digits = compact(value)
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"
