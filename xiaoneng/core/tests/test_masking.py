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


def test_a_person_is_masked_one_way_and_an_organisation_not_at_all():
    """Published results showed 张*三 where penalty decisions and the progress lookup
    showed 张**: one masker now serves them all."""
    from xiaoneng.core.masking import mask_person_name, public_name

    assert [mask_person_name(name) for name in ["张三", "张小三", "欧阳娜娜", "张", ""]] == [
        "张*",
        "张*三",
        "欧**娜",
        "*",
        "",
    ]
    assert public_name("person", " 张小三 ") == "张*三"
    assert public_name("org", " 宁夏宝丰能源集团股份有限公司 ") == "宁夏宝丰能源集团股份有限公司"
