"""Every staff page and API endpoint of the penalty cases refuses the other region and the
administrators; the matrix names every route (a new one without a line here fails)."""

import pytest
from django.urls import reverse

from xiaoneng.api_urls import router
from xiaoneng.cases.models import CaseEvent
from xiaoneng.cases.scope import user_roles
from xiaoneng.enforcement import urls as page_urls
from xiaoneng.enforcement.models import DiscretionBenchmark, PenaltyFacts
from xiaoneng.org.models import StaffProfile

pytestmark = pytest.mark.django_db

# kind: "object" (the case: 404 outside the scope), "list" (200, without the case),
# "shared" (the province's benchmark table, readable by all business staff),
# "create" (opens a case of the user's own authority).
PAGES = {
    "enforcement:list": ("get", lambda c: reverse("enforcement:list"), "list"),
    "enforcement:open": ("post", lambda c: reverse("enforcement:open"), "create"),
    "enforcement:benchmarks": ("get", lambda c: reverse("enforcement:benchmarks"), "shared"),
    "enforcement:detail": (
        "get",
        lambda c: reverse("enforcement:detail", args=[c.number]),
        "object",
    ),
    "enforcement:step": (
        "post",
        lambda c: reverse("enforcement:step", args=[c.number, "notice"]),
        "object",
    ),
}
STEPS = [
    "approve",
    "close",
    "execute",
    "facts",
    "hearing",
    "hearing-held",
    "notice",
    "propose",
    "publish",
    "reject",
    "statement",
]
API = {
    "penalty-case-list": ("get", lambda c: "/api/v1/penalty-cases/", "list"),
    "penalty-case-detail": ("get", lambda c: f"/api/v1/penalty-cases/{c.number}/", "object"),
    "discretion-benchmark-list": ("get", lambda c: "/api/v1/discretion-benchmarks/", "shared"),
    "discretion-benchmark-detail": (
        "get",
        lambda c: f"/api/v1/discretion-benchmarks/{DiscretionBenchmark.objects.first().pk}/",
        "shared",
    ),
    **{
        f"penalty-case-{step.replace('-', '_')}": (
            "post",
            lambda c, step=step: f"/api/v1/penalty-cases/{c.number}/{step}/",
            "object",
        )
        for step in STEPS
    },
}
ROUTES = {**PAGES, **API}
BODY = {"fine": "1000", "statement": "x", "reason": "x", "amount_paid": "1", "summary": "x"}


def test_the_matrix_covers_every_route():
    pages = {f"enforcement:{p.name}" for p in page_urls.urlpatterns}
    api = {
        u.name
        for u in router.urls
        if u.name and u.name.startswith(("penalty-case-", "discretion-benchmark-"))
    }
    assert pages == set(PAGES)
    assert api == set(API)


def _yinchuan(role: str):
    for profile in StaffProfile.objects.filter(unit__code="NX-YC").select_related("user"):
        if role in user_roles(profile.user):
            return profile.user
    raise AssertionError(f"no Yinchuan {role}")


def _call(client, method, url, api):
    if method == "get":
        return client.get(url)
    if api:
        return client.post(url, BODY, content_type="application/json")
    return client.post(url, BODY)


@pytest.fixture
def case(open_penalty):
    case = open_penalty()
    case.events_before = CaseEvent.objects.filter(case=case).count()
    return case


def _untouched(case):
    assert CaseEvent.objects.filter(case=case).count() == case.events_before
    facts = PenaltyFacts.objects.get(case=case)
    assert facts.notice_served_on is None
    assert facts.summary == "未经批准占用土地建设厂房"


@pytest.mark.parametrize("role", ["handler", "approver", "supervisor"])
@pytest.mark.parametrize("name", [name for name in ROUTES if ROUTES[name][2] != "create"])
def test_the_other_region_is_refused(name, role, case, client_for):
    method, url, kind = ROUTES[name]
    client = client_for(_yinchuan(role))
    response = _call(client, method, url(case), name in API)
    if kind == "object":
        assert response.status_code == 404, (name, role, response.status_code)
    elif kind == "list":
        assert response.status_code == 200, name
        assert case.number not in response.content.decode()
    else:
        assert response.status_code == 200, name
    _untouched(case)


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin"])
@pytest.mark.parametrize("name", list(ROUTES))
def test_administrators_are_refused(name, username, case, users, client_for):
    method, url, _kind = ROUTES[name]
    response = _call(client_for(users[username]), method, url(case), name in API)
    assert response.status_code == 403, (name, username, response.status_code)
    _untouched(case)


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in(name, case, client):
    method, url, _kind = ROUTES[name]
    response = _call(client, method, url(case), name in API)
    assert response.status_code in ((302,) if name in PAGES else (401, 403)), name
    _untouched(case)
