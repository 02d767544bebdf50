"""How the pages and reports show a frozen score: indicator rows, evidence tables, trends.

Everything here reads the snapshot (``IndicatorScore.definition``, the figure,
the evidence ids), never the live scheme, so a page shows what was computed
even after the scheme changed. The evidence tables show the records'
identifiers and dates only — no applicant's personal data.
"""

from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from xiaoneng.assessment import selectors
from xiaoneng.assessment.choices import RATE_SOURCES, Rule, Source

PERCENT_SOURCES = RATE_SOURCES - {Source.DAYS_RATIO}


def _number(value) -> str:
    """A Decimal without trailing zeros: 2.00 → 2, 2.50 → 2.5."""
    if value is None:
        return ""
    value = Decimal(value)
    text = format(value.normalize(), "f")
    return text


number_text = _number


def rule_text(definition: dict) -> str:
    """The rule of a frozen indicator definition in words."""
    rule, weight = definition.get("rule"), _number(definition.get("weight"))
    per = _number(definition.get("per_occurrence"))
    if rule == Rule.LINEAR:
        return _("{zero} → 0 points, {full} → {weight} points").format(
            zero=_figure_text(definition, definition.get("zero_at")),
            full=_figure_text(definition, definition.get("full_at")),
            weight=weight,
        )
    if rule == Rule.DEDUCTION:
        return _("−{per} each, at most −{weight}").format(per=per, weight=weight)
    if rule == Rule.BONUS:
        return _("+{per} each, at most +{weight}").format(per=per, weight=weight)
    return _("Entered by the assessor, 0 to {weight}").format(weight=weight)


def _figure_text(definition: dict, value) -> str:
    if value is None or value == "":
        return "—"
    if definition.get("source") in PERCENT_SOURCES:
        return f"{_number(value)}%"
    return _number(value)


def figure_text(item) -> str:
    """The raw figure as read: a rate in percent, a ratio, or a count."""
    definition = item.definition
    source = definition.get("source")
    if source == Source.MANUAL:
        return "—"
    if item.figure is not None:
        value = Decimal(item.figure).quantize(Decimal("0.01"))
        return _figure_text(definition, value)
    if item.count is not None:
        return str(item.count)
    return "—"


def basis_text(item) -> str:
    """What the figure is made of: "38 / 40 cases", "3 occurrences"."""
    if item.numerator is not None and item.denominator is not None:
        return f"{item.numerator} / {item.denominator}"
    if item.denominator is not None:
        return _("over {n}").format(n=item.denominator)
    return ""


def item_row(item) -> dict:
    """One line of the indicator table of a score."""
    definition = item.definition
    weight = Decimal(definition.get("weight") or 0)
    rule = definition.get("rule")
    applicable = item.points is not None
    lost = weight - item.points if applicable and rule != Rule.BONUS else None
    return {
        "item": item,
        "pk": item.pk,
        "code": definition.get("code", ""),
        "name": definition.get("name", ""),
        "source": Source(definition["source"]).label
        if definition.get("source") in Source.values
        else "",
        "rule": rule_text(definition),
        "weight": weight,
        "figure": figure_text(item),
        "basis": basis_text(item),
        "points": item.points,
        "applicable": applicable,
        "lost": lost if lost and lost > 0 else None,
        "evidence": selectors.evidence_kinds(item),
        "manual": selectors.manual_entry(item),
        "full": bool(weight) and applicable and item.points >= weight,
    }


# -- evidence tables --------------------------------------------------------------------


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _date(value) -> str:
    if value is None:
        return "—"
    if hasattr(value, "date") and callable(value.date):
        from django.utils import timezone

        value = timezone.localtime(value).date()
    return value.isoformat()


def _person(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def _case_cell(case):
    if case is None:
        return ("—", "")
    return (case.number, _url("cases:detail", case.number))


def _cases(rows):
    header = [
        _("Case number"),
        _("Service item"),
        _("Unit"),
        _("Decided on"),
        _("Promised due date"),
        _("Statutory due date"),
        _("Working days used"),
    ]
    body = [
        [
            _case_cell(case),
            case.service_item.name,
            case.unit.short_name or case.unit.name,
            _date(case.decided_on),
            _date(case.due_date),
            _date(case.statutory_due_date),
            case.elapsed_workdays if case.elapsed_workdays is not None else "—",
        ]
        for case in rows
    ]
    return header, body


def _alerts(rows):
    header = [_("Case number"), _("Rule"), _("Unit"), _("Handler"), _("Opened on")]
    body = [
        [
            _case_cell(alert.case),
            str(alert.rule),
            alert.unit.short_name or alert.unit.name,
            _person(alert.handler),
            _date(alert.opened_on),
        ]
        for alert in rows
    ]
    return header, body


def _cards(rows):
    header = [_("Card"), _("Case number"), _("Carded"), _("Issued at"), _("Status"), _("Reason")]
    body = [
        [
            card.get_color_display(),
            _case_cell(card.case),
            _person(card.carded_user) if card.carded_user_id else str(card.carded_unit),
            _date(card.issued_at),
            card.get_status_display(),
            card.reason,
        ]
        for card in rows
    ]
    return header, body


def _orders(rows):
    header = [
        _("Order number"),
        _("Case number"),
        _("Unit"),
        _("Due date"),
        _("Answered"),
        _("Status"),
    ]
    body = [
        [
            order.number,
            _case_cell(order.case),
            order.unit.short_name or order.unit.name,
            _date(order.due_date),
            _date(order.replied_at or order.closed_at),
            order.get_status_display(),
        ]
        for order in rows
    ]
    return header, body


def _complaints(rows):
    header = [_("Complaint number"), _("Subject"), _("Finding"), _("Found on")]
    body = [
        [
            (c.number, _url("feedback:complaint_detail", c.number)),
            _person(c.subject_staff.user) if c.subject_staff_id else str(c.subject_unit or "—"),
            c.get_finding_display(),
            _date(c.found_on),
        ]
        for c in rows
    ]
    return header, body


def _ratings(rows):
    header = [_("Case number"), _("Rating"), _("Moment"), _("Rated on"), _("Unit")]
    body = [
        [
            _case_cell(r.case),
            r.get_level_display(),
            r.get_moment_display(),
            _date(r.rated_on),
            r.unit.short_name or r.unit.name,
        ]
        for r in rows
    ]
    return header, body


def _rectifications(rows):
    header = [_("Rectification"), _("Unit"), _("Due date"), _("Answered on"), _("Status")]
    body = [
        [
            (f"#{r.pk}", _url("feedback:rectification_detail", r.pk)),
            r.unit.short_name or r.unit.name,
            _date(r.due_date),
            _date(r.answered_on),
            r.get_status_display(),
        ]
        for r in rows
    ]
    return header, body


def _submissions(rows):
    header = [_("Campaign"), _("Unit"), _("Submission"), _("Due date"), _("Done on")]
    body = [
        [
            str(s.campaign),
            s.unit.short_name or s.unit.name,
            s.get_kind_display(),
            _date(s.due_date),
            _date(s.done_on),
        ]
        for s in rows
    ]
    return header, body


def _tasks(rows):
    header = [_("Task"), _("Unit"), _("Due date"), _("Done on")]
    body = [
        [
            t.title,
            (t.unit.short_name or t.unit.name) if t.unit_id else "—",
            _date(t.due_date),
            _date(t.done_on),
        ]
        for t in rows
    ]
    return header, body


def _problems(rows):
    header = [_("Problem number"), _("Problem"), _("Unit"), _("Due date"), _("Closed on")]
    body = [
        [
            (p.number, _url("campaign:problem", p.pk)),
            p.title,
            p.unit.short_name or p.unit.name,
            _date(p.due_date),
            _date(p.closed_on),
        ]
        for p in rows
    ]
    return header, body


def _sessions(rows):
    header = [_("Study session"), _("Topic"), _("Starts at")]
    body = [
        [(f"#{s.number}", _url("campaign:session", s.pk)), s.topic, _date(s.starts_at)]
        for s in rows
    ]
    return header, body


def _attendances(rows):
    header = [_("Study session"), _("Person"), _("Unit"), _("Attendance")]
    body = [
        [
            s_label(a.session),
            _person(a.person),
            a.unit.short_name or a.unit.name,
            a.get_status_display(),
        ]
        for a in rows
    ]
    return header, body


def s_label(session) -> str:
    return f"#{session.number} {session.topic}"


TABLES = {
    "cases": (_cases, ["service_item", "unit"]),
    "late_cases": (_cases, ["service_item", "unit"]),
    "alerts": (_alerts, ["case", "rule", "unit", "handler"]),
    "cards": (_cards, ["case", "carded_user", "carded_unit"]),
    "pending_cards": (_cards, ["case", "carded_user", "carded_unit"]),
    "orders": (_orders, ["case", "unit"]),
    "complaints": (_complaints, ["subject_unit", "subject_staff__user"]),
    "ratings": (_ratings, ["case", "unit"]),
    "bad_ratings": (_ratings, ["case", "unit"]),
    "rectifications": (_rectifications, ["unit"]),
    "late_rectifications": (_rectifications, ["unit"]),
    "submissions": (_submissions, ["campaign", "unit"]),
    "tasks": (_tasks, ["unit"]),
    "problems": (_problems, ["unit"]),
    "sessions": (_sessions, []),
    "attendances": (_attendances, ["session", "person", "unit"]),
    "excused": (_attendances, ["session", "person", "unit"]),
}


def evidence_table(kind: str, page) -> dict:
    """``{"header": [...], "rows": [[cell, ...]], "page": page}``; a cell is text or (text, url)."""
    build, related = TABLES[kind]
    records = page.object_list
    if related:
        records = records.select_related(*related)
    header, body = build(list(records))
    rows = [[cell if isinstance(cell, tuple) else (str(cell), "") for cell in row] for row in body]
    return {"header": header, "rows": rows, "page": page}


# -- trends ------------------------------------------------------------------------------


def trend_table(scheme, periods, user) -> list[dict]:
    """One row per subject in scope: its current score in each period (or None)."""
    from xiaoneng.assessment.models import Score

    versions = {period.pk: period.version for period in periods}
    scores = (
        Score.objects.filter(period__in=periods)
        .filter(selectors.score_filter(user))
        .select_related("unit", "staff")
        .order_by("unit__region__code", "unit__sort_order", "unit__code", "staff__username")
    )
    rows: dict = {}
    for score in scores:
        if versions.get(score.period_id) != score.version:
            continue
        key = (score.unit_id, score.staff_id)
        row = rows.setdefault(
            key,
            {
                "name": score.subject_name,
                "unit": score.unit,
                "staff": score.staff,
                "cells": {},
            },
        )
        row["cells"][score.period_id] = score
    result = []
    for row in rows.values():
        row["scores"] = [row["cells"].get(period.pk) for period in periods]
        last = next((s for s in reversed(row["scores"]) if s is not None), None)
        row["last"] = last
        result.append(row)
    # The latest period's ranking first; those not assessed (or not ranked) in it after,
    # by their last rank.
    result.sort(key=lambda r: (r["scores"][-1] is None, _rank_key(r["last"]), r["name"]))
    return result


def _rank_key(score) -> tuple[bool, int]:
    """Sort key by rank, the subjects without a rank (not ranked: no cases) last."""
    rank = score.rank if score is not None else None
    return (rank is None, rank or 0)


def chart_total(score):
    """A total for a chart: a float, or None (a gap) for a subject not ranked."""
    return float(score.total) if score is not None and score.total is not None else None


def trend_chart(periods, rows, limit: int = 10) -> dict:
    """The trend chart's data island: the first ``limit`` subjects' totals per period."""
    return {
        "labels": [period.label for period in periods],
        "series": [
            {
                "name": row["name"],
                "data": [chart_total(s) for s in row["scores"]],
            }
            for row in rows[:limit]
        ],
    }


# -- rankings ----------------------------------------------------------------------------


def grade_counts(scores) -> list[dict]:
    """How many subjects in each grade band, best band first."""
    from xiaoneng.assessment.choices import Grade

    counts = dict.fromkeys(Grade.values, 0)
    for score in scores:
        if score.grade:  # not ranked (no cases): no grade, see ``not_ranked``
            counts[score.grade] = counts.get(score.grade, 0) + 1
    return [
        {"grade": grade.value, "label": grade.label, "color": grade.color, "n": counts[grade]}
        for grade in Grade
    ]


def not_ranked(scores) -> int:
    """How many subjects are not ranked (no case in the period: no total, no grade)."""
    return sum(1 for score in scores if score.total is None)


def ranked_first(scores) -> list:
    """The scores by rank, the subjects not ranked after the ranked ones (order kept)."""
    return sorted(scores, key=_rank_key)


def ranking_table(scores) -> tuple[list[dict], list[dict]]:
    """The summary table (考评得分汇总表): one column per indicator of the snapshot.

    The columns come from the frozen definitions of the scores' items (not the
    live scheme, which may have changed since). ``scores`` must prefetch
    ``items``.
    """
    columns: dict = {}
    for score in scores:
        for item in score.items.all():
            if item.indicator_id not in columns:
                definition = item.definition
                columns[item.indicator_id] = {
                    "id": item.indicator_id,
                    "name": definition.get("name", ""),
                    "weight": _number(definition.get("weight")),
                    "position": item.position,
                }
    ordered = sorted(columns.values(), key=lambda c: (c["position"], c["id"]))
    rows = []
    for score in scores:
        by_indicator = {item.indicator_id: item for item in score.items.all()}
        cells = []
        for column in ordered:
            item = by_indicator.get(column["id"])
            weight = Decimal(column["weight"] or 0)
            applicable = item is not None and item.points is not None
            cells.append(
                {
                    "points": item.points if item else None,
                    "short": applicable and item.points < weight,
                    # A rate indicator without a figure in the period: no points, "—".
                    "na": item is not None and item.points is None,
                    "item": item,
                }
            )
        rows.append({"score": score, "cells": cells})
    return ordered, rows


def side_by_side(scores) -> dict:
    """Unit scores for the side-by-side view: the province's own units, then each city.

    ``{"province": [Score], "cities": [{"region", "bureau": [Score], "counties": [Score]}]}``,
    cities in code order, each city's bureau first and its counties by rank.
    """
    from xiaoneng.org.choices import RegionLevel

    province, cities = [], {}
    for score in scores:
        region = score.region
        if region.level == RegionLevel.PROVINCE:
            province.append(score)
            continue
        city = region.parent if region.level == RegionLevel.COUNTY else region
        group = cities.setdefault(city.code, {"region": city, "bureau": [], "counties": []})
        (group["counties"] if region.level == RegionLevel.COUNTY else group["bureau"]).append(score)
    for group in cities.values():
        group["counties"].sort(key=lambda s: (_rank_key(s), s.region.code))
    return {"province": province, "cities": [cities[code] for code in sorted(cities)]}
