"""Citizens' secret codes: one module for query and complaint codes, hashes unchanged."""

import hashlib
import hmac

import pytest
from django.conf import settings

from xiaoneng.applicants.models import QUERY_CODE
from xiaoneng.core import codes
from xiaoneng.feedback import services as complaints


def _hmac(message: bytes) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def test_stored_hashes_are_what_each_app_stored_before():
    """The codes moved to core; a query code or complaint code given before still matches."""
    code = codes.new_code()
    assert len(code) == codes.LENGTH
    assert set(code) <= set(codes.ALPHABET)
    assert codes.keyed_hash(code, context=QUERY_CODE) == _hmac(QUERY_CODE + code.encode())
    number = "TS-2026-000001"
    assert complaints.code_hash(number, code) == _hmac(f"{number}:{code}".encode())


@pytest.mark.parametrize("typed", ["abcde-fghjk", " ABCDE FGHJK ", "ABCDE-FGHJK"])
def test_a_code_matches_as_people_copy_it(typed):
    stored = codes.keyed_hash("ABCDEFGHJK", context=QUERY_CODE)
    assert codes.matches(typed, stored, context=QUERY_CODE)


def test_a_code_is_worth_nothing_in_another_context():
    code = codes.new_code()
    stored = complaints.code_hash("TS-2026-000001", code)
    assert codes.matches(code, stored, context=b"TS-2026-000001:")
    assert not codes.matches(code, stored, context=b"TS-2026-000002:")
    assert not codes.matches(code, stored, context=QUERY_CODE)
    assert not codes.matches(code, None, context=QUERY_CODE)
