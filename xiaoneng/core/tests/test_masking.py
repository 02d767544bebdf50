import pytest

from xiaoneng.core.masking import mask_address, mask_identifier, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("640104198801011234", "6401**********1234"),
        ("91640100MA76L1234X", "9164**********234X"),
        ("123456789", "1234*6789"),
        ("12345678", "********"),
        ("", ""),
    ],
)
def test_mask_identifier(value, masked):
    assert mask_identifier(value) == masked


def test_mask_phone_and_address():
    assert mask_phone("13800001234") == "138****1234"
    assert mask_phone("12345") == "*****"
    assert mask_address("银川市金凤区北京中路1号") == "银川市金凤区****"
    assert mask_address("") == ""
