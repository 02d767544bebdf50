from xiaoneng.web.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    path = request.path
    items = []
    for entry in entries_for(user):
        url = entry.url()
        active = path == url if entry.section == "/$" else path.startswith(entry.section)
        items.append({"label": entry.label, "url": url, "icon": entry.icon, "active": active})
    return {"nav_items": items}
