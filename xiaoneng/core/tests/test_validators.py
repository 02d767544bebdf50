import pytest
from django.core.exceptions import ValidationError

from xiaoneng.core.validators import (
    CharacterClassValidator,
    credit_code_is_valid,
    id_number_is_valid,
    is_mobile,
    is_phone,
)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11010519491231002X", True),  # the GB 11643 standard's own example
        ("110105194912310021", False),  # wrong check character
        ("11010519491331002X", False),  # month 13
        ("1101051949123100", False),
        ("", False),
    ],
)
def test_id_number_check_character(value, valid):
    assert id_number_is_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("91350100M000100Y43", True),  # GB 32100 example
        ("91350100M000100Y44", False),
        ("91350100M000100YI3", False),  # I is not in the code alphabet
        ("9135", False),
    ],
)
def test_credit_code_check_character(value, valid):
    assert credit_code_is_valid(value) is valid


@pytest.mark.parametrize("password", ["abcdefgh", "abcd1234", "ABCDabcd"])
def test_password_with_fewer_than_three_classes_is_refused(password):
    with pytest.raises(ValidationError):
        CharacterClassValidator(min_classes=3).validate(password)


def test_password_with_three_classes_is_accepted():
    CharacterClassValidator(min_classes=3).validate("Demo@2026")


@pytest.mark.parametrize(
    ("value", "mobile", "phone"),
    [
        ("13912345678", True, True),
        ("19912345678", True, True),
        ("12912345678", False, False),
        ("1391234567", False, False),
        ("139123456789", False, False),
        ("0951-1234567", False, True),
        ("09511234567", False, True),
        ("010-12345678", False, True),
        ("951-1234567", False, False),
        (" 13912345678", False, False),
        ("", False, False),
    ],
)
def test_mobile_and_phone_numbers(value, mobile, phone):
    assert is_mobile(value) is mobile
    assert is_phone(value) is phone
