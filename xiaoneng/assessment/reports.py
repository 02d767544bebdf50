"""The assessment's Excel export and printable PDF report (with charts).

Both print exactly the rows of the period page for the reader's scope and
version, from the frozen snapshot (item definitions, figures, points), so
paper, spreadsheet and screen agree. The PDF uses reportlab's built-in
STSong-Light (see ``xiaoneng.cases.fonts`` for why) and reportlab's own
graphics for the charts (no browser, no network).
"""

import tempfile
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from xiaoneng.assessment import drilldown
from xiaoneng.assessment.choices import NOT_RANKED, Subject
from xiaoneng.cases.fonts import song

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

GRADE_COLORS = {
    "excellent": colors.HexColor("#198754"),
    "good": colors.HexColor("#0d6efd"),
    "pass": colors.HexColor("#fd7e14"),
    "fail": colors.HexColor("#dc3545"),
}
CHART_SUBJECTS = 30  # the bar chart shows the best 30; the table lists everyone


def _subject_header(period) -> str:
    return _("Staff member") if period.scheme.subject == Subject.STAFF else _("Unit")


def _place(score) -> str:
    if score.staff_id:
        return score.unit.short_name or score.unit.name
    return score.region.name


def _with_items(scores):
    """The scores with their items prefetched (a list or a queryset), by rank: the
    subjects not ranked (no case in the period) after the ranked ones."""
    if hasattr(scores, "prefetch_related"):
        return drilldown.ranked_first(scores.prefetch_related("items"))
    from django.db.models import prefetch_related_objects

    scores = list(scores)
    prefetch_related_objects(scores, "items")
    return drilldown.ranked_first(scores)


def _float(value):
    """A number cell: a float, or empty (not applicable, not ranked)."""
    return float(value) if value is not None else None


def _text(value) -> str:
    """A number in the PDF: "—" when there is none (not applicable, not ranked)."""
    return "—" if value is None else str(value)


# -- Excel ------------------------------------------------------------------------------


def xlsx_response(period, scores, *, version: int) -> FileResponse:
    """Two sheets: the ranking with one column per indicator, and every indicator's figures."""
    scores = _with_items(scores)
    columns, table = drilldown.ranking_table(scores)
    # Imported here, as the charts below: every process loads the URL conf (and so
    # this module), few make a report.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    ranking = workbook.create_sheet(title=_("Ranking")[:31])
    ranking.append(
        _bold_row(
            workbook,
            [_("Rank"), _subject_header(period), _("Region"), _("Unit")]
            + [f"{c['name']} ({c['weight']})" for c in columns]
            + [_("Total"), _("Grade")],
            bold,
        )
    )
    for row in table:
        score = row["score"]
        ranking.append(
            [
                score.rank,
                score.subject_name,
                score.region.name,
                score.unit.name,
                *[_float(cell["points"]) for cell in row["cells"]],
                _float(score.total),
                score.grade_label,
            ]
        )

    detail = workbook.create_sheet(title=_("Indicators")[:31])
    detail.append(
        _bold_row(
            workbook,
            [
                _subject_header(period),
                _("Unit"),
                _("Indicator"),
                _("Rule"),
                pgettext("assessment", "Figure"),
                _("Numerator"),
                _("Denominator"),
                _("Occurrences"),
                _("Points"),
                _("Full points"),
                _("Records counted"),
            ],
            bold,
        )
    )
    for score in scores:
        for item in sorted(score.items.all(), key=lambda i: (i.position, i.pk)):
            counted = "; ".join(
                f"{label}: {n}" for _kind, label, n in drilldown.selectors.evidence_kinds(item)
            )
            detail.append(
                [
                    score.subject_name,
                    score.unit.name,
                    item.definition.get("name", ""),
                    drilldown.rule_text(item.definition),
                    float(item.figure) if item.figure is not None else None,
                    item.numerator,
                    item.denominator,
                    item.count,
                    _float(item.points),
                    float(Decimal(item.definition.get("weight") or 0)),
                    counted,
                ]
            )

    about = workbook.create_sheet(title=pgettext("assessment", "About")[:31])
    for label, value in _facts(period, version):
        about.append([label, value])
    about.append([_("Empty cells"), _empty_cells_note()])

    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"assessment-{period.scheme.code}-{period.label}-v{version}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _empty_cells_note() -> str:
    return _(
        "Points left empty: the indicator did not apply (no figure in the period); "
        "the total is rescaled over the indicators that apply. Total, grade and rank left "
        "empty: not ranked (no cases in the period)."
    )


def _bold_row(workbook, values, font):
    from openpyxl.cell import WriteOnlyCell

    sheet = workbook.worksheets[-1]
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.font = font
        cells.append(cell)
    return cells


def _facts(period, version: int) -> list[tuple[str, str]]:
    scheme = period.scheme
    status = (
        _("Published on {day}").format(day=timezone.localtime(period.published_at).date())
        if period.is_published and period.published_at
        else _("Not published (for internal review)")
    )
    computed = (
        timezone.localtime(period.computed_at).strftime("%Y-%m-%d %H:%M")
        if (period.computed_at)
        else "—"
    )
    return [
        (_("Scoring scheme"), f"{scheme.name} ({scheme.code})"),
        (
            pgettext("assessment", "Period"),
            _("{label}: {start} to {end}").format(
                label=period.label, start=period.start, end=period.end
            ),
        ),
        (_("Assessed"), f"{scheme.get_subject_display()}（{scheme.region.name}）"),
        (_("Version"), f"{version} / {period.version}"),
        (_("Computed"), computed),
        (_("Status"), status),
        (
            _("Grade bands"),
            _("Excellent ≥ {e}, good ≥ {g}, pass ≥ {p}").format(
                e=scheme.excellent_min, g=scheme.good_min, p=scheme.pass_min
            ),
        ),
    ]


# -- PDF ---------------------------------------------------------------------------------


def _styles(font):
    return {
        "title": ParagraphStyle("t", fontName=font, fontSize=18, leading=26, alignment=1),
        "sub": ParagraphStyle("s", fontName=font, fontSize=11, leading=16, alignment=1),
        "head": ParagraphStyle("h", fontName=font, fontSize=13, leading=20, spaceBefore=8),
        "body": ParagraphStyle("b", fontName=font, fontSize=10, leading=15, wordWrap="CJK"),
        "cell": ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK"),
        "num": ParagraphStyle("n", fontName=font, fontSize=8.5, leading=11, alignment=2),
    }


def _table(rows, widths, *, header_rows=1):
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eef1f4")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _grade_chart(counts, font) -> "Drawing":
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(110 * mm, 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 10 * mm
    chart.width, chart.height = 90 * mm, 40 * mm
    chart.data = [[c["n"] for c in counts]]
    chart.categoryAxis.categoryNames = [str(c["label"]) for c in counts]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    top = max([c["n"] for c in counts] + [1])
    chart.valueAxis.valueMax = top + 1
    chart.valueAxis.valueStep = max(1, (top + 1) // 5)
    chart.barWidth = 10
    chart.bars[0].fillColor = colors.HexColor("#6c757d")
    for index, count in enumerate(counts):
        chart.bars[(0, index)].fillColor = GRADE_COLORS[count["grade"]]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _ranking_chart(scores, font, title: str) -> "Drawing":
    """Totals of the best ``CHART_SUBJECTS``, one horizontal bar each, coloured by grade
    (the subjects not ranked have no total and no bar)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String

    shown = [score for score in scores if score.total is not None][:CHART_SUBJECTS]
    bar = 4.2 * mm
    height = max(len(shown), 1) * bar + 20 * mm
    drawing = Drawing(250 * mm, height)
    drawing.add(String(0, height - 6 * mm, title, fontName=font, fontSize=10))
    if not shown:
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 8 * mm
    chart.width, chart.height = 190 * mm, len(shown) * bar
    # Best first from the top: reportlab draws the first category at the bottom.
    ordered = list(reversed(shown))
    chart.data = [[float(score.total) for score in ordered]]
    chart.categoryAxis.categoryNames = [_label(score) for score in ordered]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 10
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    chart.bars.strokeColor = None
    for index, score in enumerate(ordered):
        chart.bars[(0, index)].fillColor = GRADE_COLORS.get(score.grade, colors.grey)
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def _label(score) -> str:
    if score.staff_id:
        return f"{score.subject_name}（{score.unit.short_name or score.unit.name}）"
    return score.unit.short_name or score.unit.name


def render_report(period, scores, *, version: int, user=None) -> bytes:
    """The period report for the reader's scope: facts, charts, ranking, indicator detail."""
    font = song()
    s = _styles(font)
    scores = _with_items(scores)
    columns, table = drilldown.ranking_table(scores)
    counts = drilldown.grade_counts(scores)
    unranked = drilldown.not_ranked(scores)
    ranked = len(scores) - unranked
    scheme = period.scheme

    def p(text, style="cell"):
        return Paragraph(escape(str(text)), s[style])

    story = [
        p(_("Assessment report {label}").format(label=period.label), "title"),
        p(scheme.name, "sub"),
        Spacer(1, 5 * mm),
    ]
    facts = [[p(label), p(value)] for label, value in _facts(period, version)]
    if user is not None:
        facts.append(
            [
                p(_("Printed by")),
                p(
                    "{}，{}".format(
                        user.get_full_name() or user.get_username(),
                        timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                    )
                ),
            ]
        )
    facts.append([p(_("Assessed in this report")), p(str(len(scores)))])
    if unranked:
        facts.append([p(str(NOT_RANKED)), p(str(unranked))])
    story.append(KeepTogether([_facts_table(facts)]))
    story += [
        p(_("Grade distribution"), "head"),
        Table(
            [
                [
                    _grade_chart(counts, font),
                    _table(
                        [[p(_("Grade")), p(pgettext("assessment", "Number"))]]
                        + [[p(c["label"]), p(c["n"], "num")] for c in counts]
                        + ([[p(str(NOT_RANKED)), p(unranked, "num")]] if unranked else []),
                        [35 * mm, 20 * mm],
                    ),
                ]
            ],
            colWidths=[120 * mm, 60 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
        ),
        PageBreak(),
        KeepTogether(
            [
                p(_("Totals, best first"), "head"),
                _ranking_chart(
                    scores,
                    font,
                    _("The best {n} of {total}").format(
                        n=min(ranked, CHART_SUBJECTS), total=ranked
                    ),
                ),
            ]
        ),
        p(_("Ranking"), "head"),
    ]
    header = [
        p(_("Rank")),
        p(_subject_header(period)),
        p(_("Region") if scheme.subject == Subject.UNIT else _("Unit")),
        *[p(f"{c['name']}（{c['weight']}）") for c in columns],
        p(_("Total")),
        p(_("Grade")),
    ]
    grade_styles = {
        grade: ParagraphStyle(f"g-{grade}", parent=s["cell"], textColor=color)
        for grade, color in GRADE_COLORS.items()
    }
    rows = [header]
    for row in table:
        score = row["score"]
        rows.append(
            [
                p(_text(score.rank), "num"),
                p(score.subject_name),
                p(_place(score)),
                *[p(_text(cell["points"]), "num") for cell in row["cells"]],
                p(_text(score.total), "num"),
                Paragraph(escape(score.grade_label), grade_styles.get(score.grade, s["cell"])),
            ]
        )
    available = 267 * mm
    fixed = [11 * mm, 40 * mm, 27 * mm]
    tail = [15 * mm, 17 * mm]
    rest = available - sum(fixed) - sum(tail)
    each = rest / max(len(columns), 1)
    story.append(_table(rows, fixed + [each] * len(columns) + tail))
    story.append(
        KeepTogether(
            [p(_("Indicators: average points"), "head"), _indicator_summary(columns, table, p)]
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        p(
            _(
                "Every figure comes from the snapshot frozen when the period was computed; "
                "each score can be traced on the platform to the cases and events behind it."
            ),
            "body",
        )
    )
    story.append(p(_dash_note(), "body"))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=f"{scheme.name} {period.label}",
        author=scheme.region.name,
        creator="Xiaoneng 效能",
        lang="zh-CN",
        initialFontName=font,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    ).build(story, onFirstPage=_footer(font), onLaterPages=_footer(font))
    return buffer.getvalue()


def _facts_table(facts):
    table = Table(facts, colWidths=[40 * mm, 150 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef1f4")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _dash_note() -> str:
    return _(
        "“—” for points: the indicator did not apply (no figure in the period) and the total "
        "is rescaled over the indicators that apply; “—” for the total: not ranked (no cases "
        "in the period), listed after the ranked ones."
    )


def _indicator_summary(columns, table, p):
    rows = [
        [
            p(_("Indicator")),
            p(_("Full points")),
            p(_("Average points")),
            p(_("Short of full")),
            p(_("Not applicable")),
        ]
    ]
    for index, column in enumerate(columns):
        values = [
            r["cells"][index]["points"] for r in table if r["cells"][index]["points"] is not None
        ]
        average = (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None
        short = sum(1 for r in table if r["cells"][index]["short"])
        na = sum(1 for r in table if r["cells"][index]["na"])
        rows.append(
            [
                p(column["name"]),
                p(column["weight"], "num"),
                p(_text(average), "num"),
                p(short, "num"),
                p(na, "num"),
            ]
        )
    return _table(rows, [80 * mm, 30 * mm, 30 * mm, 30 * mm, 30 * mm])


def _footer(font):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawRightString(
            document.pagesize[0] - 15 * mm,
            8 * mm,
            _("Page {n}").format(n=canvas.getPageNumber()),
        )
        canvas.restoreState()

    return draw
