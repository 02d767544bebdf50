"""The figures of the staff home page: what waits on the user today.

Each figure is the count of a list the user can open, read with that list's own
selector (same scope, same filters), so the number and the list cannot disagree.
"""

from django.db.models import Count, Q

from xiaoneng.cases import selectors as case_selectors
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.supervision import selectors as supervision_selectors
from xiaoneng.supervision.choices import CardStatus, OrderStatus
from xiaoneng.workdays.choices import Light


def work_figures(user, today) -> dict:
    """The user's to-do by light, orders awaiting a reply, and cards of the year."""
    figures = {}
    if user_roles(user) & BUSINESS_ROLES:
        by_light = dict(
            case_selectors.todo_cases(user).order_by().values_list("light").annotate(n=Count("pk"))
        )
        figures["queue"] = {
            "total": sum(by_light.values()),
            "yellow": by_light.get(Light.YELLOW, 0),
            "red": by_light.get(Light.RED, 0),
        }
    figures["orders"] = (
        supervision_selectors.my_orders(user)
        .order_by()
        .filter(status=OrderStatus.OPEN)
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    )
    figures["cards"] = (
        supervision_selectors.my_cards(user)
        .order_by()
        .filter(issued_at__year=today.year)
        .aggregate(
            in_force=Count("pk", filter=Q(status__in=[CardStatus.VALID, CardStatus.UPHELD])),
            appealed=Count("pk", filter=Q(status=CardStatus.APPEALED)),
        )
    )
    return figures
