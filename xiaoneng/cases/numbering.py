"""Case and document numbers, gap-free per sequence.

A sequence row is locked for the rest of the caller's transaction, so two
clerks registering at the same moment get consecutive numbers, and a
rolled-back registration gives its number back.
"""

from xiaoneng.cases.choices import DOCUMENT_PREFIX
from xiaoneng.cases.models import CaseSequence


def next_value(key: str) -> int:
    sequence, _ = CaseSequence.objects.select_for_update().get_or_create(key=key)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def case_number(authority, item, year: int) -> str:
    """E.g. 640000-2026-YDYS-00012: region code, year, item code, sequence."""
    region = authority.region.code
    value = next_value(f"case:{region}:{year}:{item.code}")
    return f"{region}-{year}-{item.code}-{value:05d}"


def document_number(authority, kind: str, year: int) -> str:
    """E.g. 宁国土资受〔2026〕12号: the authority's abbreviation, kind, year, sequence."""
    value = next_value(f"doc:{authority.code}:{year}:{kind}")
    abbreviation = authority.region.name[0] + "国土资"
    return f"{abbreviation}{DOCUMENT_PREFIX[kind]}〔{year}〕{value}号"
