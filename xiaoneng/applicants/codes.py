"""Query codes: generated once, kept only as a keyed hash, compared in constant time."""

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O, 1/I/L: a code read from paper or over the phone has one spelling.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10  # 31**10 ≈ 8e14, about 50 bits
_SALT = b"xiaoneng.applicants.query-code:"
# Compared against when no case has the number, so that a wrong number costs
# the same hash and comparison as a wrong code.
_NO_CASE = "0" * 64


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """The code as printed and shown: two groups of five (``ABCDE-FGHJK``)."""
    return f"{code[:5]}-{code[5:]}"


def normalize(code: str) -> str:
    """Upper case without spaces or hyphens (as people copy codes)."""
    return "".join((code or "").split()).replace("-", "").upper()


def code_hash(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, _SALT + normalize(code).encode(), hashlib.sha256).hexdigest()


def matches(code: str, stored_hash: str | None) -> bool:
    """Always hash and compare, whether or not a stored hash exists."""
    digest = code_hash(code)
    same = hmac.compare_digest(digest, stored_hash or _NO_CASE)
    return same and stored_hash is not None
