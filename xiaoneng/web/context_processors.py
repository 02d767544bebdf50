from django.utils import translation

from xiaoneng.web.navigation import entries_for

# How many entries the top bar holds before "More", by language: what fits beside the
# language switch and the user menu at 1,280 px (Chinese) and 1,400 px (English).
BAR_ENTRIES = {"zh": 10, "en": 6}


def navigation(request):
    """The navigation entries of the user, the one whose section matches best marked active."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    path = request.path
    entries = entries_for(user)

    def matches(entry) -> bool:
        if entry.section == "/$":
            return path == "/"
        return path.startswith(entry.section)

    # /cases/new/ is "window registration", not "my to-do" (/cases/): the
    # longest matching section wins.
    active = max((e for e in entries if matches(e)), key=lambda e: len(e.section), default=None)
    items = [
        {"label": e.label, "url": e.url(), "icon": e.icon, "active": e is active, "more": e.more}
        for e in entries
    ]
    # What does not fit on one line goes under "More", after the bar's own entries
    # in their order (English labels are about half as long again as Chinese).
    primary = [item for item in items if not item["more"]]
    room = BAR_ENTRIES["en" if translation.get_language().startswith("en") else "zh"]
    more = primary[room:] + [item for item in items if item["more"]]
    return {
        "nav_items": primary[:room],
        "nav_more": more,
        "nav_more_active": any(item["active"] for item in more),
    }
