def unread_notifications(request):
    """The header badge: the user's unread notices, one COUNT on the (recipient, read_at) index.

    Lazy: the query runs only when a template reads the number.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "profile"):
        return {}
    from django.utils.functional import SimpleLazyObject

    from xiaoneng.supervision.selectors import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
