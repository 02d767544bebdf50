"""The minutes (会议纪要) of a closed committee meeting, as an A4 PDF.

Built from the meeting's records only (attendance, agenda, ballots, tallies),
so printing them again gives the same text. Like the case notices they are an
official document and always Chinese (no gettext), set in the Song font of
``cases.fonts`` (which explains why it is not embedded).
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from xiaoneng.cases.documents import chinese_date
from xiaoneng.cases.fonts import song
from xiaoneng.committee.choices import Choice, MemberRole

RESULTS = {"passed": "通过", "rejected": "未通过", "no_quorum": "不足法定人数，未作决定"}
CHOICES = {
    Choice.FOR: "同意",
    Choice.AGAINST: "不同意",
    Choice.ABSTAIN: "弃权",
    Choice.RECUSE: "回避",
}
ROLES = {MemberRole.CHAIR: "主任", MemberRole.MEMBER: "委员", MemberRole.SECRETARY: "秘书"}
BASES = {"present": "出席委员", "all": "全体委员"}


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _styles(font):
    return {
        "title": ParagraphStyle("t", fontName=font, fontSize=20, leading=30, alignment=TA_CENTER),
        "number": ParagraphStyle("n", fontName=font, fontSize=13, leading=20, alignment=TA_CENTER),
        "head": ParagraphStyle("h", fontName=font, fontSize=13, leading=22, spaceBefore=6),
        "body": ParagraphStyle("b", fontName=font, fontSize=11, leading=18, wordWrap="CJK"),
        "cell": ParagraphStyle("c", fontName=font, fontSize=10, leading=14, wordWrap="CJK"),
    }


def _rule_text(rule: dict) -> str:
    share = "{}分之{}".format(rule["decision_den"], rule["decision_num"])
    op = "超过" if rule["strict"] else "达到"
    text = "议事规则：出席委员达到全体委员的{}分之{}方可开会；同意票{}{}的{}为通过。".format(
        rule["quorum_den"], rule["quorum_num"], op, BASES[rule["base"]], share
    )
    text += "回避委员不计入该议题的委员人数和出席人数；"
    text += "弃权及未投票者计入表决基数。" if rule["abstain_in_base"] else "弃权不计入表决基数。"
    return text


def render_minutes(meeting) -> bytes:
    """The minutes of ``meeting`` (closed) as PDF bytes."""
    font = song()
    s = _styles(font)
    committee = meeting.committee
    attendance = list(meeting.attendance.select_related("user").order_by("role", "user__username"))
    chair = next((a.user for a in attendance if a.role == MemberRole.CHAIR), None)
    secretary = next((a.user for a in attendance if a.role == MemberRole.SECRETARY), None)
    present = [a for a in attendance if a.present and a.votes]
    absent = [a for a in attendance if not a.present and a.votes]
    starts = timezone.localtime(meeting.starts_at)
    story = [
        Paragraph(escape(committee.name) + "会议纪要", s["title"]),
        Paragraph(escape(meeting.number), s["number"]),
        Spacer(1, 6 * mm),
        Paragraph(f"会议时间：{chinese_date(starts.date())} {starts:%H:%M}", s["body"]),
        Paragraph("会议地点：" + escape(meeting.place), s["body"]),
        Paragraph(
            f"应到委员{meeting.member_count}人，实到{meeting.present_count}人。",
            s["body"],
        ),
        Paragraph(
            "出席委员："
            + "、".join(f"{escape(_name(a.user))}（{ROLES[a.role]}）" for a in present),
            s["body"],
        ),
        Paragraph(
            "缺席委员：" + ("、".join(escape(_name(a.user)) for a in absent) or "无"), s["body"]
        ),
        Paragraph("记录：" + escape(_name(secretary) if secretary else ""), s["body"]),
        Paragraph(escape(_rule_text(meeting.rule or committee.rule.as_dict())), s["body"]),
    ]
    items = meeting.items.select_related("case__service_item").prefetch_related("ballots__voter")
    for n, item in enumerate(items.order_by("order"), 1):
        case, tally = item.case, item.tally
        story += [
            Paragraph(
                f"议题{n}：{escape(case.number)} {escape(case.title or case.service_item.name)}",
                s["head"],
            ),
            Paragraph(
                f"申请人：{escape(case.applicant_name)}；事项：{escape(case.service_item.name)}",
                s["body"],
            ),
            Paragraph(
                "表决结果：同意{}票，不同意{}票，弃权{}票，回避{}人，未投票{}人。".format(
                    tally.get("votes_for", 0),
                    tally.get("against", 0),
                    tally.get("abstain", 0),
                    tally.get("recused", 0),
                    tally.get("not_voted", 0),
                )
                + "表决基数{}，通过需同意{}票。结论：{}。".format(
                    tally.get("base", 0),
                    tally.get("needed", 0),
                    RESULTS.get(item.result, "未表决"),
                ),
                s["body"],
            ),
        ]
        recused = [b for b in item.ballots.all() if b.choice == Choice.RECUSE]
        if recused:
            story.append(
                Paragraph(
                    "回避情况："
                    + "；".join(
                        f"{escape(_name(b.voter))}（{escape(b.opinion)}）" for b in recused
                    ),
                    s["body"],
                )
            )
        rows = [[Paragraph(t, s["cell"]) for t in ("委员", "表决", "意见")]]
        for ballot in item.ballots.all():
            rows.append(
                [
                    Paragraph(escape(_name(ballot.voter)), s["cell"]),
                    Paragraph(CHOICES[ballot.choice], s["cell"]),
                    Paragraph(escape(ballot.opinion) or "—", s["cell"]),
                ]
            )
        table = Table(rows, colWidths=[30 * mm, 22 * mm, 108 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [Spacer(1, 2 * mm), table]
    story += [
        Spacer(1, 12 * mm),
        Paragraph(
            "主任委员（签字）：{}　　　　会议秘书（签字）：{}".format(
                escape(_name(chair)) if chair else "", escape(_name(secretary)) if secretary else ""
            ),
            s["body"],
        ),
    ]
    if meeting.closed_at:
        story.append(
            Paragraph(chinese_date(timezone.localtime(meeting.closed_at).date()), s["body"])
        )
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{committee.name} {meeting.number}",
        author=committee.unit.name,
        creator="Xiaoneng 效能",
        lang="zh-CN",
        invariant=True,
        initialFontName=font,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
    ).build(story)
    return buffer.getvalue()
