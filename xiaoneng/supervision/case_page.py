"""What the supervision app shows on the staff case page (``settings.CASE_PAGE_PANELS``).

The case's cards and supervision orders, to whoever may see them; for a
supervisor also the case's open warnings, each with the way to order on
it, and the links to issue a card or an order. A constant number of
queries, whatever the number of cards and orders: the panel is on every
case page.
"""

from xiaoneng.cases.extensions import CasePanel
from xiaoneng.cases.scope import user_roles
from xiaoneng.core import clock
from xiaoneng.org.choices import Role
from xiaoneng.supervision import selectors
from xiaoneng.supervision.choices import CardColor, Level
from xiaoneng.workdays.services import recent_calendar


def supervision_panel(case, user) -> CasePanel | None:
    supervisor = Role.SUPERVISOR in user_roles(user)
    cards = list(selectors.case_cards(user, case))
    orders = list(selectors.case_orders(user, case))
    alerts = list(selectors.case_open_alerts(user, case)) if supervisor else []
    if not (cards or orders or supervisor):
        return None
    for card in cards:
        card.color_css = "danger" if card.color == CardColor.RED else "warning"
    if orders:
        today, calendar = clock.today(), recent_calendar()
        for order in orders:
            order.clock = selectors.order_clock(order, today, calendar)
    for alert in alerts:
        alert.level_css = Level(alert.level).color
    return CasePanel(
        template="supervision/_case_panel.html",
        data={
            "case": case,
            "cards": cards,
            "orders": orders,
            "alerts": alerts,
            "supervisor": supervisor,
        },
    )
