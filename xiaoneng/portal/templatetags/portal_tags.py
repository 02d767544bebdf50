"""The portal's header (navigation of every public page) and optional links."""

from django import template

from xiaoneng.portal import navigation

register = template.Library()


@register.inclusion_tag("portal/_nav.html", takes_context=True)
def portal_nav(context):
    request = context.get("request")
    path = request.path if request is not None else ""
    return {
        "items": navigation.nav_items(navigation.NAVIGATION, path),
        "utility": navigation.nav_items(navigation.UTILITY, path),
        "request": request,
    }


@register.simple_tag
def optional_url(name, *args):
    """``{% optional_url "app:page" as url %}``: "" while the page does not exist."""
    return navigation.optional_url(name, *args)


@register.filter
def percent(value):
    """A rate 0..1 as "85.7%"; "—" when there is none."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def paragraphs(text):
    """Each non-empty line of an announcement's or policy's text as one paragraph."""
    from django.utils.html import format_html_join

    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return format_html_join("\n", "<p>{}</p>", ((line,) for line in lines))
