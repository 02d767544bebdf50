"""Reads for the pages and the API, scoped by the case's data scope."""

from datetime import date

from django.db.models import Case as Switch
from django.db.models import IntegerField, Q, Value, When

from xiaoneng.cases.models import Case
from xiaoneng.enforcement import deadlines
from xiaoneng.enforcement.choices import DecisionStatus, Tier
from xiaoneng.enforcement.models import DiscretionBenchmark, PenaltyDecision
from xiaoneng.workdays.clock import compute_clock
from xiaoneng.workdays.services import get_calendar


def penalty_cases(user):
    """The penalty cases ``user`` may see, with their facts and decision."""
    return (
        Case.objects.visible_to(user)
        .filter(service_item__category="penalty")
        .select_related("service_item", "handler", "penalty_facts", "penalty_decision")
        .order_by("-received_at", "-pk")
    )


def penalty_case_for(user, number: str) -> Case:
    """One penalty case by number; ``Case.DoesNotExist`` when outside the scope."""
    return penalty_cases(user).get(number=number)


def publication_light(decision: PenaltyDecision, today: date) -> str | None:
    """The light of the 7-working-day publication limit (None before the decision)."""
    if decision.decided_on is None:
        return None
    reading = compute_clock(
        get_calendar(),
        decision.decided_on,
        deadlines.PUBLISH_WORKDAYS,
        as_of=max(today, decision.decided_on),
        stopped_on=decision.published_on,
    )
    return reading.light


def overdue_publications(user, today: date):
    """Decisions in ``user``'s scope not published by their due date."""
    return (
        PenaltyDecision.objects.visible_to(user)
        .filter(status=DecisionStatus.DECIDED, published_on__isnull=True, publish_due__lt=today)
        .select_related("case")
        .order_by("publish_due", "pk")
    )


def published_decisions(query: str = ""):
    """Published decisions for the portal (no scope: they are public)."""
    rows = (
        PenaltyDecision.objects.filter(published_on__isnull=False, status=DecisionStatus.DECIDED)
        .select_related("case", "case__penalty_facts", "case__authority")
        .order_by("-published_on", "-pk")
    )
    query = (query or "").strip()
    if query:
        rows = rows.filter(Q(case__number__icontains=query) | Q(decision_number__icontains=query))
    return rows


def active_benchmarks():
    """The benchmarks in force, each violation's tiers mildest first (not by their codes:
    "grave" sorts before "minor")."""
    severity = Switch(
        *(When(tier=tier, then=Value(Tier(tier).severity)) for tier in Tier.values),
        output_field=IntegerField(),
    )
    return DiscretionBenchmark.objects.filter(is_active=True).order_by(
        "violation_type", severity, "pk"
    )
