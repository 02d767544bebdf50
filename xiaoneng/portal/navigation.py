"""The portal's header navigation and quick links.

Each entry is (label, URL name, active prefix). Pages of other apps join the
header as soon as their URL name resolves: an entry whose name does not
resolve (``NoReverseMatch``) is left out, so the header never shows a dead
link. An empty prefix means "the entry's own URL".
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PortalEntry:
    label: Promise
    url_name: str
    prefix: str = ""  # request paths starting with it mark the entry active


NAVIGATION = [
    PortalEntry(_("Home"), "portal:home", "/portal/"),
    PortalEntry(_("Service guides"), "portal:guides", "/portal/guides/"),
    PortalEntry(_("Apply online"), "applicants:apply"),
    PortalEntry(_("Progress lookup"), "applicants:progress"),
    PortalEntry(_("Results"), "portal:results", "/portal/results/"),
    PortalEntry(_("Staff on duty"), "portal:staff", "/portal/staff/"),
    PortalEntry(_("Announcements"), "portal:news", "/portal/news/"),
    PortalEntry(_("Policies and laws"), "portal:policies", "/portal/policies/"),
    PortalEntry(_("Statistics"), "portal:statistics", "/portal/statistics/"),
    PortalEntry(_("Complaints"), "feedback_portal:complaint_new"),
    PortalEntry(_("Satisfaction"), "feedback_portal:rates"),
    PortalEntry(_("Penalty decisions"), "enforcement_portal:decisions"),
    PortalEntry(_("Assessment results"), "assessment_portal:grades", "/portal/assessment/"),
]

# The top bar above the header: the applicant's own pages.
UTILITY = [
    PortalEntry(_("My applications"), "applicants:account"),
    PortalEntry(_("Track a complaint"), "feedback_portal:complaint_track"),
]

# The home page's quick links (label, URL name, Bootstrap icon).
QUICK_LINKS = [
    (_("Apply online"), "applicants:apply", "pencil-square"),
    (_("Progress lookup"), "applicants:progress", "search"),
    (_("Service guides"), "portal:guides", "journal-text"),
    (_("Results"), "portal:results", "check2-square"),
    (_("Complaints"), "feedback_portal:complaint_new", "megaphone"),
    (_("Track a complaint"), "feedback_portal:complaint_track", "binoculars"),
    (_("Satisfaction"), "feedback_portal:rates", "emoji-smile"),
    (_("Penalty decisions"), "enforcement_portal:decisions", "file-earmark-ruled"),
    (_("Staff on duty"), "portal:staff", "person-badge"),
    (_("Statistics"), "portal:statistics", "bar-chart"),
    (_("Assessment results"), "assessment_portal:grades", "award"),
]


def optional_url(name: str, *args, **kwargs) -> str:
    """The URL of ``name``, or "" while the page does not exist (yet)."""
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def nav_items(entries, path: str) -> list[dict]:
    """The entries that resolve, the one with the longest matching prefix marked active."""
    items = []
    for entry in entries:
        url = optional_url(entry.url_name)
        if url:
            items.append({"label": entry.label, "url": url, "prefix": entry.prefix or url})
    matching = [item for item in items if path.startswith(item["prefix"])]
    active = max(matching, key=lambda item: len(item["prefix"]), default=None)
    for item in items:
        item["active"] = item is active
    return items


def quick_links() -> list[dict]:
    links = []
    for label, name, icon in QUICK_LINKS:
        url = optional_url(name)
        if url:
            links.append({"label": label, "url": url, "icon": icon})
    return links
