"""The periodic work of every app in one place: the top of the dependency order.

The supervision sweep re-reads the clocks and the centre's monthly tallies
are recounted; after them, each app's own follow-ups run: overdue
rectifications are flagged (campaign), completed unrated cases get their one
rating invitation (feedback), and key-project coordinators hear of their
cases' new events (projects), and notices read long ago are deleted
(supervision). Celery beat runs this every ten minutes in
production (``web.periodic``); ``make run`` runs ``manage.py periodic
--every 600`` beside the server when there is no broker. Each step is
idempotent and a failed one does not stop the others.
"""

import logging
import time
from datetime import date

from xiaoneng.campaign.services import flag_overdue_rectifications
from xiaoneng.core.clock import today
from xiaoneng.feedback.services import send_rating_invitations
from xiaoneng.projects.services import notify_project_events
from xiaoneng.supervision.services import prune_notifications
from xiaoneng.supervision.sweep import run_sweep
from xiaoneng.supervision.trend import refresh_trend_tallies

logger = logging.getLogger("xiaoneng.periodic")


def run_periodic(as_of: date | None = None) -> dict:
    """Run every periodic step on ``as_of`` (default today); returns what each did."""
    started = time.perf_counter()
    as_of = as_of or today()
    steps = [
        ("sweep", lambda: run_sweep(as_of=as_of)),
        ("trend_tallies", lambda: refresh_trend_tallies(as_of)),
        ("rectifications_flagged", lambda: flag_overdue_rectifications(as_of)),
        ("rating_invitations", lambda: send_rating_invitations(as_of)),
        ("project_notices", notify_project_events),
        ("notifications_pruned", prune_notifications),
    ]
    result: dict = {"as_of": as_of.isoformat()}
    for name, step in steps:
        try:
            result[name] = step()
        except Exception:
            logger.exception("periodic step %s failed", name)
            result[name] = "failed"
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result
