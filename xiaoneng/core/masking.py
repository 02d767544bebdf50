"""Masking personal data for everyone but the staff handling a case (DESIGN.md §2)."""


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
