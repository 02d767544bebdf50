"""Secret codes given to citizens — a case's query code, a complaint's tracking code.

Generated once, shown once, kept only as a keyed hash and compared in constant
time. Each kind of code hashes with its own context (``keyed_hash``), so a
code of one kind never matches where another is asked for.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O, 1/I/L: a code read from paper or over the phone has one spelling.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10  # 31**10 ≈ 8e14, about 50 bits
# Compared against when nothing has the number, so that a wrong number costs
# the same hash and comparison as a wrong code.
_NOTHING = "0" * 64


def new_code(length: int = LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def display(code: str) -> str:
    """The code as printed and shown: two groups of five (``ABCDE-FGHJK``)."""
    return f"{code[:5]}-{code[5:]}"


def normalize(code: str) -> str:
    """Upper case without spaces or hyphens (as people copy codes)."""
    return "".join((code or "").split()).replace("-", "").upper()


def keyed_hash(code: str, *, context: bytes) -> str:
    """HMAC-SHA256 of the normalized code after ``context``, keyed by the SECRET_KEY."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, context + normalize(code).encode(), hashlib.sha256).hexdigest()


def matches(code: str, stored_hash: str | None, *, context: bytes) -> bool:
    """Always hash and compare, whether or not a stored hash exists."""
    digest = keyed_hash(code, context=context)
    same = hmac.compare_digest(digest, stored_hash or _NOTHING)
    return same and stored_hash is not None
