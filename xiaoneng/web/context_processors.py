from xiaoneng.web.navigation import entries_for


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
    return {
        "nav_items": [item for item in items if not item["more"]],
        "nav_more": [item for item in items if item["more"]],
        "nav_more_active": any(item["active"] for item in items if item["more"]),
    }
