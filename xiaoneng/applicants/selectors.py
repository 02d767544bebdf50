"""Read queries of the applicant side: my cases, one of my cases, the progress lookup."""

from django.core.cache import cache
from django.http import Http404
from django.utils.translation import gettext as _

from xiaoneng.applicants.models import QUERY_CODE
from xiaoneng.cases.choices import PUBLIC_EVENTS
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core import codes

NUMBER_MAX = 40  # Case.number
ITEM_NAME_SECONDS = 300


def online_items():
    """Items open to online application, by code (a small table)."""
    return ServiceItem.objects.active().filter(online_allowed=True).order_by("code")


def cases_of(user):
    """The applicant account's own applications, newest first."""
    return (
        Case.objects.filter(applicant_user=user)
        .select_related("service_item", "authority")
        .order_by("-pk")
    )


def own_case(user, number: str) -> Case:
    """One of the account's cases, or 404 (someone else's case does not exist for him)."""
    try:
        return cases_of(user).get(number=number)
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


def public_events(case):
    """The timeline the applicant sees: public events only, in order (index case, seq).

    Plain tuples (kind, at, stage name, details): the lookup page is the
    portal's busiest and needs no model instances.
    """
    return (
        CaseEvent.objects.filter(case=case, public=True, kind__in=sorted(PUBLIC_EVENTS))
        .order_by("seq")
        .values_list("kind", "at", "stage_name", "data")
    )


def item_name(item_id: int) -> str:
    """A service item's name, cached for five minutes (the catalogue rarely renames).

    It keeps the lookup query at one join: the name is shown, never searched.
    """
    key = f"xn:item-name:{item_id}"
    name = cache.get(key)
    if name is None:
        name = ServiceItem.objects.filter(pk=item_id).values_list("name", flat=True).first() or ""
        cache.set(key, name, ITEM_NAME_SECONDS)
    return name


# The lookup, written out: the portal's busiest query skips the ORM's compiler.
# One indexed join: the unique index on the case number finds the case, the
# one-to-one index on query_code.case_id its code. The service item is not
# joined (``item_name`` reads it, cached).
LOOKUP_SQL = (
    "SELECT c.*, q.code_hash AS xn_code_hash FROM cases_case c "
    "INNER JOIN applicants_querycode q ON q.case_id = c.id WHERE c.number = %s"
)


def lookup(number: str, code: str) -> Case | None:
    """The case with this number and query code, else None.

    One query (``LOOKUP_SQL``). A wrong code and an unknown number do the
    same hashing and comparison.
    """
    number = (number or "").strip().upper()[:NUMBER_MAX]
    rows = list(Case.objects.raw(LOOKUP_SQL, [number])) if number else []
    case = rows[0] if rows else None
    stored = case.xn_code_hash if case is not None else None
    if codes.matches(code, stored, context=QUERY_CODE):
        return case
    return None
