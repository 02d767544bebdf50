"""The staff site's navigation: an entry appears only when its feature exists
and the user may use it (no dead links, no "coming soon")."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def _has_profile(user) -> bool:
    return hasattr(user, "profile")


def _works_on_cases(user) -> bool:
    from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles

    return _has_profile(user) and bool(user_roles(user) & BUSINESS_ROLES)


def _is_clerk(user) -> bool:
    from xiaoneng.cases.scope import user_roles

    return _has_profile(user) and "clerk" in user_roles(user)


def _supervises(user) -> bool:
    from xiaoneng.cases.scope import user_roles

    return _has_profile(user) and bool(user_roles(user) & {"supervisor", "leader"})


def _uses_committees(user) -> bool:
    from xiaoneng.committee.selectors import may_use

    return may_use(user)


@dataclass(frozen=True)
class NavEntry:
    label: Promise
    url_name: str
    icon: str
    allowed: Callable
    section: str  # url prefix that marks the entry active
    more: bool = False  # directory pages: under "More", so the bar fits one line

    def url(self) -> str:
        return reverse(self.url_name)


ENTRIES = [
    NavEntry(_("Home"), "home", "house", lambda user: True, "/$"),
    NavEntry(_("My to-do"), "cases:todo", "inbox", _works_on_cases, "/cases/"),
    NavEntry(_("Window registration"), "cases:register", "pencil-square", _is_clerk, "/cases/new/"),
    NavEntry(
        _("Supervision centre"), "supervision:centre", "shield-check", _supervises, "/supervision/"
    ),
    NavEntry(
        _("Notifications"),
        "supervision:notifications",
        "bell",
        _has_profile,
        "/supervision/notifications/",
    ),
    NavEntry(
        _("My supervision"),
        "supervision:mine",
        "clipboard-check",
        _has_profile,
        "/supervision/mine/",
    ),
    NavEntry(
        _("Key projects"), "projects:board", "lightning-charge", _works_on_cases, "/projects/"
    ),
    NavEntry(
        _("Complaints and ratings"),
        "feedback:complaint_list",
        "chat-square-text",
        _supervises,
        "/feedback/",
    ),
    NavEntry(
        _("Review committees"),
        "committee:list",
        "people-fill",
        _uses_committees,
        "/committees/",
    ),
    NavEntry(_("Penalty cases"), "enforcement:list", "hammer", _works_on_cases, "/enforcement/"),
    NavEntry(_("Efficiency campaign"), "campaign:index", "flag", _has_profile, "/campaign/"),
    NavEntry(_("Assessment"), "assessment:index", "award", _works_on_cases, "/assessment/"),
    NavEntry(_("Units"), "org:units", "diagram-3", _has_profile, "/org/units/", more=True),
    NavEntry(_("Staff"), "org:staff", "people", _has_profile, "/org/staff/", more=True),
    NavEntry(
        _("Accounts"),
        "org:accounts",
        "person-gear",
        lambda user: user.has_perm("org.manage_accounts"),
        "/org/accounts/",
    ),
    NavEntry(
        _("Audit log"),
        "audit_log",
        "journal-check",
        lambda user: user.has_perm("core.view_audit_log"),
        "/audit/",
    ),
    NavEntry(
        _("System configuration"),
        "admin:index",
        "gear",
        lambda user: user.is_active and user.is_staff,
        "/admin/",
    ),
]


def entries_for(user) -> list[NavEntry]:
    if not user.is_authenticated:
        return []
    return [entry for entry in ENTRIES if entry.allowed(user)]
