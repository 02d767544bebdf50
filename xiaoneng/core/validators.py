"""Validators for passwords, phone numbers and the national identifier standards.

GB 11643-1999: the 18-character citizen ID number, ISO 7064 MOD 11-2 check.
GB 32100-2015: the 18-character unified social credit code, MOD 31 check.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A mainland mobile number (11 digits, 13x–19x); a landline with its area code.
MOBILE = re.compile(r"1[3-9]\d{9}")
PHONE = re.compile(rf"{MOBILE.pattern}|0\d{{2,3}}-?\d{{7,8}}")


def is_mobile(value: str) -> bool:
    return MOBILE.fullmatch(value or "") is not None


def is_phone(value: str) -> bool:
    """A mobile number or a landline with area code (0951-1234567, 09511234567)."""
    return PHONE.fullmatch(value or "") is not None


_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


class CharacterClassValidator:
    """Require characters from several classes: lower, upper, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            re.search(r"[a-z]", password),
            re.search(r"[A-Z]", password),
            re.search(r"[0-9]", password),
            re.search(r"[^a-zA-Z0-9]", password),
        ]
        if sum(1 for found in classes if found) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must contain characters from at least %(n)d class: "
            "lower-case letters, upper-case letters, digits and symbols.",
            "Your password must contain characters from at least %(n)d classes: "
            "lower-case letters, upper-case letters, digits and symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}


def id_check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def credit_code_check_character(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def id_number_is_valid(value: str) -> bool:
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return id_check_character(value[:17]) == value[17]


def validate_id_number(value: str) -> None:
    if not id_number_is_valid(value):
        raise ValidationError(
            _("Enter a valid 18-character ID card number (GB 11643)."), code="invalid_id_number"
        )


def credit_code_is_valid(value: str) -> bool:
    value = value.strip().upper()
    if len(value) != 18 or any(ch not in _USCC_ALPHABET for ch in value):
        return False
    return credit_code_check_character(value[:17]) == value[17]


def validate_credit_code(value: str) -> None:
    if not credit_code_is_valid(value):
        raise ValidationError(
            _("Enter a valid 18-character unified social credit code (GB 32100)."),
            code="invalid_credit_code",
        )
