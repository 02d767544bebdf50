"""The applicants app's button on the staff case page (``settings.CASE_PAGE_ACTIONS``)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from xiaoneng.applicants import services
from xiaoneng.applicants.models import QueryCode
from xiaoneng.cases.extensions import CaseAction


def query_code_action(case, user) -> CaseAction | None:
    """The button that issues a query code, for the window clerks of the case's authority."""
    if not services.may_issue_query_code(user, case):
        return None
    url = reverse("applicants:issue_query_code", args=[case.number])
    if QueryCode.objects.filter(case=case).exists():
        return CaseAction(
            title=_("Issue a new query code"),
            url=url,
            icon="key",
            help=_("For an applicant who lost his: the old code stops working."),
        )
    return CaseAction(
        title=_("Issue the query code"),
        url=url,
        icon="key",
        help=_("Printed on a slip for the applicant, who looks up the progress on the portal."),
    )
