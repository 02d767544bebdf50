from django import template

from xiaoneng.committee import selectors

register = template.Library()


@register.simple_tag
def has_seat(user) -> bool:
    """Whether ``user`` sits on a committee (and so has ballots of his own)."""
    return selectors.has_seat(user)
