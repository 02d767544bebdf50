"""Masking personal data for everyone but the staff handling a case (DESIGN.md §2).

A natural person's name is masked one way wherever it is shown to others
(the portal's published results and penalty decisions, the progress lookup):
the surname and, from three characters on, the last character stay readable
(张* / 张*三 / 欧阳**娜 → 欧**娜). An organisation's name is published in full:
licensing and penalty decisions on legal persons are public information
(行政许可法 Art. 40, the "双公示" rules), a person's name is not.
"""


def mask_identifier(value: str) -> str:
    """An ID card number or credit code as 6401**********1234.

    The first four (the region) and the last four stay readable; a value of
    eight characters or fewer is masked entirely.
    """
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """A phone number as 138****0000."""
    value = (value or "").strip()
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """An address cut to its first few characters: 银川市金凤****."""
    value = (value or "").strip()
    return value[: min(6, len(value) // 2)] + "****" if value else ""


def mask_person_name(value: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳娜娜 → 欧**娜; a one-character name → *."""
    value = (value or "").strip()
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def public_name(kind: str, name: str) -> str:
    """An applicant or party as others see it: an organisation in full, a person masked."""
    from xiaoneng.cases.choices import ApplicantKind

    if kind == ApplicantKind.ORG:
        return (name or "").strip()
    return mask_person_name(name)
