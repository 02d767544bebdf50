"""A fixed-window request counter per client address, in Django's cache.

``cache.add`` creates the window's counter atomically and ``cache.incr`` is
atomic in Redis (production, shared by every gunicorn worker) and in the
local-memory cache (development, per process).
"""

import time

from django.core.cache import cache


def client_address(request) -> str:
    # Behind the reverse proxy REMOTE_ADDR must be set from the proxy's real-IP
    # header by the server; a client-supplied X-Forwarded-For is never trusted.
    return request.META.get("REMOTE_ADDR") or "unknown"


def allow(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request; False once ``limit`` requests were made in the window."""
    slot = int(time.time() // window)
    key = f"xn:rl:{scope}:{client_address(request)}:{slot}"
    if cache.add(key, 1, timeout=window + 1):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
