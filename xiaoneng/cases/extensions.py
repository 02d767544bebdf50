"""Buttons and panels other apps add to the staff case page.

The cases app sits below the apps that act on a case in their own records
(the applicants app issues the query code of a window case, the supervision
app cards a case and orders on it): it cannot import them. The settings
list their functions (dotted paths, like ``SUPERVISION_CENTRE_PANELS``):

- ``CASE_PAGE_ACTIONS``: each takes ``(case, user)`` and returns a
  ``CaseAction`` the user may take, or None;
- ``CASE_PAGE_PANELS``: each takes ``(case, user)`` and returns a
  ``CasePanel`` (a template of the owning app and its context) the user may
  see, or None.
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


@dataclass(frozen=True)
class CasePanel:
    template: str  # included in the case page's side column
    data: dict  # the template reads it as ``panel``


def case_page_panels(case, user) -> list[CasePanel]:
    found = []
    for path in getattr(settings, "CASE_PAGE_PANELS", []):
        panel = import_string(path)(case, user)
        if panel is not None:
            found.append(panel)
    return found
