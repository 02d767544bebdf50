"""Masking a natural person's name for publication (办结公示).

``xiaoneng.core.masking`` masks identifiers, phones and addresses; a name on
a public results list is masked here: the surname and, from three characters
on, the last character stay readable (张* / 张*三 / 欧阳**娜 → 欧**娜).
An organisation's name is published in full: licensing decisions on legal
persons are public information (行政许可法 Art. 40, the "双公示" rules of
administrative licensing and penalty publicity), a person's name is not.
"""


def mask_person_name(value: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳娜娜 → 欧**娜; a one-character name → *."""
    value = (value or "").strip()
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def public_applicant_name(kind: str, name: str) -> str:
    """The applicant as published: an organisation in full, a person masked."""
    from xiaoneng.cases.choices import ApplicantKind

    if kind == ApplicantKind.ORG:
        return (name or "").strip()
    return mask_person_name(name)
