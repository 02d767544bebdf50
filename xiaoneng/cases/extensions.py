"""Buttons other apps add to the staff case page.

The cases app sits below the apps that act on a case in their own records
(the applicants app issues the query code of a window case): it cannot
import them. The settings list their functions (``CASE_PAGE_ACTIONS``,
dotted paths, like ``SUPERVISION_CENTRE_PANELS``); each takes
``(case, user)`` and returns a ``CaseAction`` the user may take, or None.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class CaseAction:
    title: str
    url: str  # POSTed to, with the CSRF token
    icon: str  # a Bootstrap icon name
    help: str = ""


def case_page_actions(case, user) -> list[CaseAction]:
    found = []
    for path in getattr(settings, "CASE_PAGE_ACTIONS", []):
        action = import_string(path)(case, user)
        if action is not None:
            found.append(action)
    return found
