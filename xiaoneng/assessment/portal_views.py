"""The public summary of unit grades (考评结果公示) on the portal.

Only periods a leader has published appear, and only unit schemes: the grade
and total of each unit, grouped by city with its counties. A unit with no
case in the period is not ranked: it shows "—" and "not ranked (no cases)",
after the ranked units of its part of the table. Staff scores and the
evidence never reach the public site.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from xiaoneng.assessment import drilldown, selectors
from xiaoneng.assessment.choices import Grade


def grades(request, pk=None):
    periods = list(selectors.public_periods())
    if pk is None:
        period = periods[0] if periods else None
    else:
        period = next((p for p in periods if p.pk == pk), None)
        if period is None:
            raise Http404(_("No published assessment with this number."))
    scores = list(selectors.published_unit_grades(period)) if period else []
    return render(
        request,
        "assessment_portal/grades.html",
        {
            "period": period,
            "periods": periods,
            "regions": _grouped(scores),
            "grades": drilldown.grade_counts(scores),
            "not_ranked": drilldown.not_ranked(scores),
            "grade_choices": Grade,
            "count": len(scores),
        },
    )


def _grouped(scores) -> list[dict]:
    """The department's offices, then each city bureau followed by its counties, each
    part best total first and the units not ranked (no case) last."""
    groups: dict = {}
    for score in scores:
        region = score.region
        city = region.parent if region.level == "county" and region.parent else region
        group = groups.setdefault(city.code, {"region": city, "rows": []})
        group["rows"].append(score)
    ordered = sorted(groups.values(), key=lambda g: g["region"].code)
    for group in ordered:
        group["rows"].sort(
            key=lambda s: (
                s.region.code != group["region"].code,
                s.total is None,
                -(s.total or 0),
                s.region.code,
                s.unit.code,
            )
        )
    return ordered
