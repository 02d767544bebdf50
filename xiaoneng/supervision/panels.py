"""Panels other apps add to the supervision centre: what is overdue in their own records.

Supervision sits below the apps whose limits it should also watch (campaign
rectifications, complaints): it cannot import them. The settings list their
panel functions (``SUPERVISION_CENTRE_PANELS``, dotted paths, like
middleware); each takes ``(user, as_of)`` and returns a ``Panel`` of the
user's scope, or None when the user has nothing there to see.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PanelRow:
    label: str
    url: str
    due_date: date
    overdue_days: int


@dataclass(frozen=True)
class Panel:
    title: str
    count: int
    url: str  # the full list in the owning app
    rows: list[PanelRow] = field(default_factory=list)


PANEL_ROWS = 8


def centre_panels(user, as_of: date) -> list[Panel]:
    panels = []
    for path in getattr(settings, "SUPERVISION_CENTRE_PANELS", []):
        panel = import_string(path)(user, as_of)
        if panel is not None:
            panels.append(panel)
    return panels
