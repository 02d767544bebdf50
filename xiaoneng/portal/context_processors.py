from django.conf import settings


def hotline(request):
    """The department's service and complaint hotline, for the portal's footer."""
    return {"department_hotline": settings.DEPARTMENT_HOTLINE}
