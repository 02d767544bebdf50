"""The printable summary of a campaign board (A4 PDF, reportlab).

It prints exactly the figures of :func:`xiaoneng.campaign.selectors.board`
for the reader's scope, so the paper and the screen agree. The font is
reportlab's built-in STSong-Light (see ``xiaoneng.cases.fonts`` for why);
the labels go through gettext like the board's.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from xiaoneng.cases.fonts import song


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def render_summary(board) -> bytes:
    font = song()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=18, spaceBefore=8)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15)

    def table(header, rows, widths=None):
        data = [[Paragraph(escape(str(cell)), body) for cell in header]]
        data += [[Paragraph(escape(str(cell)), body) for cell in row] for row in rows]
        result = Table(data, colWidths=widths, repeatRows=1)
        result.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return result

    campaign, totals = board.campaign, board.totals
    story = [
        Paragraph(escape(_("{name}: summary").format(name=campaign.name)), title),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _("Period {start} to {end}; figures as of {as_of}.").format(
                    start=campaign.starts_on, end=campaign.ends_on, as_of=board.as_of
                )
            ),
            body,
        ),
        Paragraph(escape(_("Key figures")), heading),
        table(
            [_("Figure"), _("Value")],
            [
                (_("Units"), totals["units"]),
                (_("Problems found"), totals["problems"]),
                (_("Problems rectified"), totals["rectified"]),
                (_("Rectification rate"), _pct(totals["rectified_rate"])),
                (_("Overdue rectifications"), totals["overdue"]),
                (
                    _("Study sessions held"),
                    f"{board.sessions_held} / {board.sessions_total}",
                ),
                (_("Attendance rate"), _pct(totals["attendance_rate"])),
                (_("Work-discipline checks"), totals["checks"]),
                (_("Discipline findings"), totals["findings"]),
            ],
            [90 * mm, 60 * mm],
        ),
        Paragraph(escape(_("Phases")), heading),
        table(
            [_("Phase"), _("From"), _("To"), _("Tasks done")],
            [
                (phase.get_kind_display(), phase.starts_on, phase.ends_on, f"{done} / {total}")
                for phase, done, total, _lights in board.phases
            ],
        ),
        Paragraph(escape(_("Plans and ideas received")), heading),
        table(
            [_("Submission"), _("Received"), _("Expected")],
            [(label, received, expected) for label, received, expected in board.plans.values()],
        ),
        Paragraph(escape(_("Problems by area")), heading),
        table([_("Problem area"), _("Found"), _("Rectified")], board.areas),
        Paragraph(escape(_("Problems by unit")), heading),
        table([_("Unit"), _("Found"), _("Rectified"), _("Overdue")], board.units),
        Paragraph(escape(_("Study attendance by unit")), heading),
        table(
            [_("Unit"), _("Expected"), _("Present"), _("Excused"), _("Absent"), _("Rate")],
            [
                (r.label, r.expected, r.present, r.excused, r.absent, _pct(r.rate))
                for r in board.attendance
            ],
        ),
        Paragraph(escape(_("Discipline findings")), heading),
        table([_("Finding"), _("Count")], board.findings),
    ]
    output = BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        title=campaign.name,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story)
    return output.getvalue()
