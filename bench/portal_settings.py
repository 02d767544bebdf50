"""Settings of the gunicorn server that bench/portal.py starts.

The project's settings, with three changes for a load test: the lookup rate
limit is lifted (every request comes from 127.0.0.1), static files need no
collectstatic manifest, and each response carries its server time in a
``Server-Timing`` header (the whole middleware stack and the view).
"""

import time

from xiaoneng.settings import *  # noqa: F403
from xiaoneng.settings import MIDDLEWARE, STORAGES

APPLICANTS_LOOKUPS_PER_MINUTE = 10**9
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class ServerTiming:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.3f}"
        return response


MIDDLEWARE = ["bench.portal_settings.ServerTiming", *MIDDLEWARE]
