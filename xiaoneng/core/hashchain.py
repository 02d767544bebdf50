"""SM3 hash chains for append-only logs.

Each row stores the hash of its own canonical content and the hash of the row
before it. Editing or deleting any row breaks every later link, which
``verify_chain`` reports. SM3 (GB/T 32905) is the national standard hash and
OpenSSL provides it through hashlib.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64


def canonical_json(data: Mapping[str, Any]) -> bytes:
    """Serialise ``data`` the same way on every machine and database."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def link_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    digest = hashlib.new("sm3")
    digest.update(prev_hash.encode())
    digest.update(canonical_json(content))
    return digest.hexdigest()


def verify_chain(rows: Iterable[tuple[Any, str, str, Mapping[str, Any]]]) -> list[Any]:
    """Return the ids of rows whose link is broken.

    ``rows`` yields ``(id, prev_hash, hash, content)`` in chain order.
    """
    broken = []
    expected_prev = GENESIS
    for row_id, prev_hash, stored_hash, content in rows:
        if prev_hash != expected_prev or link_hash(prev_hash, content) != stored_hash:
            broken.append(row_id)
        expected_prev = stored_hash
    return broken
