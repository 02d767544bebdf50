"""The official notices (文书) of a case, rendered as A4 PDF.

``render_pdf(document)`` turns a :class:`~xiaoneng.cases.models.Document`
(issued by an action in ``actions.py``, with its facts in ``content``) into
the notice the applicant receives: 受理通知书, 补正材料通知书, 不予受理决定书,
暂停计时告知书, 延期告知书, 准予/不予行政许可决定书, and the 行政处罚决定书 of a
penalty case (its content is written by the enforcement app).

Language: the notices are official documents of a Chinese authority and are
always issued in Chinese, whatever language the staff member who prints one
has chosen, so their text is Chinese literals here and deliberately does not
go through gettext (a translated notice would not be a valid one).

Law cited on the notices (中华人民共和国行政许可法):
- Art. 32: acceptance (para. 1 (5)); one notice of everything missing within
  five days, else deemed accepted on receipt (para. 1 (4)); refusal to accept.
- Art. 38: a grant in writing (para. 1); a denial gives its reasons and the
  applicant's right to reconsideration or litigation (para. 2). Art. 39 and
  44: the licence is issued within ten days of the decision.
- Art. 42: one extension approved by the head of the authority, with its
  reasons told to the applicant. Art. 45: time not counted, told in writing.
- 行政处罚法 (2021) Art. 59: what a penalty decision states (the party, the
  facts and evidence, the penalty and its basis, how and by when to carry it
  out, the remedies, the authority and date); Art. 67 (a fine is paid within
  15 days), Art. 72 (3% a day for late payment, at most the fine), Art. 73
  (a remedy does not suspend the penalty). The party is named in full: the
  decision is served on him (its publication on the portal is masked).
- Remedies: 行政复议法 (2023) Art. 20 (60 days) and Art. 24 (a department's or
  its branch's act is reviewed by the people's government at the
  department's level); 行政诉讼法 Art. 46 (six months).

A notice states what was true on the day it was issued: due dates are read
by the workdays engine as of ``issued_on``, counting only the pauses and the
extension notified up to this document. Printing it again a month later, or
after a further pause, gives the same bytes (the PDF is also rendered in
reportlab's invariant mode, dated ``issued_on``).

The font is reportlab's built-in ``STSong-Light``; ``fonts.py`` says why.
"""

import re
from copy import copy
from datetime import date
from functools import partial
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from xiaoneng.cases.choices import ApplicantKind, DocumentKind, PauseKind
from xiaoneng.cases.clock import read_clock
from xiaoneng.cases.fonts import song
from xiaoneng.cases.models import Case
from xiaoneng.core.masking import mask_identifier
from xiaoneng.org.choices import UnitKind
from xiaoneng.workdays.choices import State
from xiaoneng.workdays.services import get_calendar

TITLES = {
    DocumentKind.ACCEPTANCE: "受理通知书",
    DocumentKind.SUPPLEMENT: "补正材料通知书",
    DocumentKind.REFUSAL: "不予受理决定书",
    DocumentKind.PAUSE: "暂停计时告知书",
    DocumentKind.EXTENSION: "延期告知书",
    DocumentKind.APPROVAL: "准予行政许可决定书",
    DocumentKind.DENIAL: "不予行政许可决定书",
    DocumentKind.PENALTY: "行政处罚决定书",
}

# The kind of a pause as the notice names it, and what the authority does then.
PAUSE_KINDS = {
    PauseKind.HEARING: ("听证", "依法组织听证"),
    PauseKind.EXPERT_REVIEW: ("专家评审", "组织专家评审"),
    PauseKind.PUBLIC_NOTICE: ("公示（公告）", "依法进行公示（公告）"),
    PauseKind.SITE_SURVEY: ("现场踏勘", "进行现场踏勘"),
    PauseKind.TESTING: ("检验、检测、鉴定", "进行检验、检测、鉴定"),
    PauseKind.SUPPLEMENT: ("受理后补正材料", "由{you}补正材料"),
}

LAW = "《中华人民共和国行政许可法》"
RED = colors.HexColor("#C00000")
GREY = colors.HexColor("#555555")
BODY_SIZE = 15  # close to 公文's 三号 (16 pt), so a notice of average length fits one page
INDENT = 2 * BODY_SIZE  # paragraphs open with two empty characters
MARGINS = {"leftMargin": 28 * mm, "rightMargin": 26 * mm, "topMargin": 25 * mm}
BOTTOM_MARGIN = 25 * mm


# -- small helpers ---------------------------------------------------------------


def chinese_date(day: date) -> str:
    """2026年2月9日, as official documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def _sentence(text: str) -> str:
    """Text entered by staff, closed with a full stop when it has none."""
    text = (text or "").strip()
    if not text or text[-1] in "。！？…!?":
        return text
    return text.rstrip("，、；：,;:") + "。"


def reconsideration_government(authority) -> str:
    """The people's government that hears a reconsideration of ``authority``'s decisions.

    行政复议法 (2023) Art. 24: a department's act goes to the people's government
    at its level; a branch bureau's (派出机构) to that of the department which
    set it up.
    """
    if authority.kind == UnitKind.BRANCH and authority.parent_id is not None:
        authority = authority.parent
    return f"{authority.region.name}人民政府"


def _pdf_date(day: date, *_timestamp) -> str:
    return f"D:{day:%Y%m%d}000000+08'00'"


# -- layout ------------------------------------------------------------------------


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "number": ParagraphStyle(
            "number", fontName=font, fontSize=14, leading=20, alignment=TA_CENTER
        ),
        "cell": ParagraphStyle(
            "cell", fontName=font, fontSize=11, leading=15, alignment=TA_LEFT, wordWrap="CJK"
        ),
    }


# 避头尾 (GB/T 15834 practice): marks that may not open a line, and marks that may not
# close one. reportlab's CJK wrapping knows only the Japanese set (no ，：；》”), so a
# line could start with a comma; body text is set by ``_Text`` below instead.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…%‰℃,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
# One token per Chinese character; a run of Latin letters and digits stays whole but
# may break after a hyphen or slash (a case number 640000-2026-TEST-00001).
_TOKEN = re.compile(r"[0-9A-Za-z*]+[-/]?|.", re.DOTALL)


def break_lines(text: str, font: str, size: float, first: float, rest: float) -> list[str]:
    """Lines of ``text`` at most ``first`` (line 1) or ``rest`` points wide, 避头尾 kept."""
    tokens = []
    for token in _TOKEN.findall(text.strip()):
        # A run longer than a line is cut between characters.
        tokens.extend(token if stringWidth(token, font, size) > rest else [token])
    widths = [stringWidth(token, font, size) for token in tokens]
    lines, start, used, limit, index = [], 0, 0.0, first, 0
    while index < len(tokens):
        if used + widths[index] <= limit + 0.01 or index == start:
            used += widths[index]
            index += 1
            continue
        end = index
        # Push characters down until the next line opens and this one closes legally;
        # when that would empty the line, hang the closing marks in the margin instead.
        while end - start > 1 and (tokens[end] in NO_LINE_START or tokens[end - 1] in NO_LINE_END):
            end -= 1
        if tokens[end] in NO_LINE_START or tokens[end - 1] in NO_LINE_END:
            end = index
            while end < len(tokens) and tokens[end] in NO_LINE_START:
                end += 1
        lines.append("".join(tokens[start:end]))
        start = index = end
        used, limit = 0.0, rest
    if start < len(tokens) or not lines:
        lines.append("".join(tokens[start:]))
    return lines


class _Text(Flowable):
    """A paragraph of Chinese text: 避头尾 line breaks, justified by character spacing.

    Each line is one text-showing operator, so copying or extracting the text
    gives the characters without spurious spaces.
    """

    def __init__(self, text, font, size, *, first_indent=0.0, indent=0.0, lines=None):
        super().__init__()
        self.text, self.font, self.size = text, font, size
        self.leading = size * 1.75
        self.first_indent, self.indent = first_indent, indent
        self.lines = lines  # [(x, text, justified)], set by wrap or by a split
        self._width = None

    def wrap(self, available_width, available_height):
        if self.lines is None or self._width != available_width:
            broken = break_lines(
                self.text,
                self.font,
                self.size,
                available_width - self.first_indent,
                available_width - self.indent,
            )
            self.lines = [
                (self.first_indent if number == 0 else self.indent, line, number < len(broken) - 1)
                for number, line in enumerate(broken)
            ]
            self._width = available_width
        self.width, self.height = available_width, len(self.lines) * self.leading
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        fit = int(available_height // self.leading)
        if fit <= 0:
            return []
        if fit >= len(self.lines):
            return [self]
        return [self._part(self.lines[:fit]), self._part(self.lines[fit:])]

    def _part(self, lines):
        part = _Text(self.text, self.font, self.size, lines=lines)
        part._width = self._width
        return part

    def draw(self):
        top = self.height
        for number, (x, line, justified) in enumerate(self.lines):
            # The em box sits in the middle of the line; the baseline 0.88 em below its top.
            baseline = (
                top - number * self.leading - (self.leading - self.size) / 2 - 0.88 * self.size
            )
            text = self.canv.beginText(x, baseline)
            text.setFont(self.font, self.size)
            if justified and len(line) > 1:
                slack = self.width - x - stringWidth(line, self.font, self.size)
                gap = slack / (len(line) - 1)
                if 0 < gap < 0.3 * self.size:  # a much shorter line stays ragged
                    text.setCharSpace(gap)
            text.textOut(line)
            self.canv.drawText(text)


class _Heading(Flowable):
    """One centred line in a heavier stroke (the Song face has no bold weight)."""

    def __init__(self, text: str, font: str, size: float, color=colors.black):
        super().__init__()
        self.text, self.font, self.size, self.color = text, font, size, color

    def wrap(self, available_width, available_height):
        self.width = available_width
        natural = stringWidth(self.text, self.font, self.size)
        # A long authority name shrinks to fit the line rather than overflow it.
        self.fitted = min(self.size, self.size * available_width / natural) if natural else 0
        return available_width, self.fitted * 1.5

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.color)
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(self.fitted * 0.03)
        text = canvas.beginText()
        text.setTextRenderMode(2)  # fill and stroke: a faux bold
        text.setFont(self.font, self.fitted)
        width = stringWidth(self.text, self.font, self.fitted)
        text.setTextOrigin((self.width - width) / 2, self.fitted * 0.35)
        text.textOut(self.text)
        canvas.drawText(text)
        canvas.restoreState()


class _NoticeCanvas(Canvas):
    """Draws the footer once the page count is known: case number, 第 N 页 共 M 页."""

    def __init__(self, *args, footer: str, issued_on: date, font: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._font = font
        self._pages = []
        # Dated by the notice, not by the printer's clock: the same bytes every time.
        self.setDateFormatter(partial(_pdf_date, issued_on))

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width = A4[0]
        left, right = MARGINS["leftMargin"], width - MARGINS["rightMargin"]
        self.saveState()
        self.setStrokeColor(GREY)
        self.setLineWidth(0.4)
        self.line(left, 18 * mm, right, 18 * mm)
        self.setFillColor(GREY)
        self.setFont(self._font, 9)
        self.drawString(left, 13 * mm, self._footer)
        self.drawRightString(right, 13 * mm, f"第 {number} 页 共 {total} 页")
        self.restoreState()


# -- the notice ------------------------------------------------------------------------


class _Notice:
    """The facts of one notice and the flowables that print them."""

    def __init__(self, document, case, font: str):
        self.document = document
        self.case = case
        self.content = document.content or {}
        self.font = font
        self.styles = _styles(font)
        self.you = "你" if case.applicant_kind == ApplicantKind.PERSON else "你单位"
        item = case.service_item.name
        self.subject = f"{item}（{case.title}）" if case.title else item
        self.received = chinese_date(case.received_on)
        self.accepted = chinese_date(case.accepted_on) if case.accepted_on else ""
        number = f"（案件编号：{case.number}）"
        self.intro = f"{self.you}于{self.received}提出的{self.subject}申请{number}"
        self.accepted_intro = (
            f"{self.you}申请的{self.subject}{number}，本机关已于{self.accepted}依法受理。"
        )

    # Plain text in, flowables out: nothing the record holds is read as markup.
    def para(self, text: str, first_indent: float = INDENT) -> _Text:
        return _Text(text, self.font, BODY_SIZE, first_indent=first_indent)

    def item(self, number: int, text: str) -> _Text:
        """A numbered item, its second line aligned under its text."""
        label = f"{number}．"
        hang = INDENT + stringWidth(label, self.font, BODY_SIZE)
        return _Text(label + text, self.font, BODY_SIZE, first_indent=INDENT, indent=hang)

    def small(self, text: str, style: str) -> Paragraph:
        return Paragraph(escape(text), self.styles[style])

    def clock(self) -> dict:
        """The clock fields on the day of issue, as this notice knows the record."""
        document, case = self.document, self.case
        notified = list(
            case.documents.filter(
                kind__in=[DocumentKind.PAUSE, DocumentKind.EXTENSION], pk__lte=document.pk
            ).values_list("kind", flat=True)
        )
        as_issued = copy(case)
        if DocumentKind.EXTENSION not in notified:
            as_issued.extension_days = 0
        # Each pause is notified by exactly one pause notice, in the same order.
        count = notified.count(DocumentKind.PAUSE)
        pauses = [(p.start, p.end) for p in case.pauses.order_by("pk")[:count]] if count else []
        return read_clock(as_issued, get_calendar(), document.issued_on, pauses=pauses)

    def due_dates(self, clock: dict) -> str:
        due, statutory = clock["due_date"], clock["statutory_due_date"]
        text = f"承诺办结日期为{chinese_date(due)}，法定办理期限届满日为{chinese_date(statutory)}"
        if clock["clock_state"] == State.PAUSED:
            text += "（本案现处于暂停计时状态，上述日期按暂停时间相应顺延）"
        if clock["unconfirmed"]:
            text += "（上述日期涉及尚未公布的节假日安排，如有调整，以调整后的日期为准）"
        return text + "。"

    def remedy(self) -> str:
        government = reconsideration_government(self.case.authority)
        return (
            f"如不服本决定，{self.you}可以自收到本决定书之日起六十日内依照"
            f"《中华人民共和国行政复议法》的规定向{government}申请行政复议，也可以自收到"
            "本决定书之日起六个月内依照《中华人民共和国行政诉讼法》的规定向人民法院提起行政诉讼。"
        )

    def facts(self) -> Table:
        """The table under the title: who, what, which case, when."""
        case, kind = self.case, self.document.kind
        person = case.applicant_kind == ApplicantKind.PERSON
        if kind == DocumentKind.PENALTY:
            return self._party()
        rows = [
            [
                "申请人",
                case.applicant_name,
                "身份证号码" if person else "统一社会信用代码",
                mask_identifier(case.id_number if person else case.credit_code),
            ],
            ["申请事项", self.subject, "", ""],
            ["案件编号", case.number, "收件日期", chinese_date(case.received_on)],
        ]
        if not person and case.legal_representative:
            rows.insert(1, ["法定代表人", case.legal_representative, "", ""])
        if case.accepted_on and kind not in (DocumentKind.SUPPLEMENT, DocumentKind.REFUSAL):
            limits = (
                f"承诺{case.promised_limit_days}个工作日",
                f"法定{case.statutory_limit_days}个工作日",
            )
            rows.append(["受理日期", chinese_date(case.accepted_on), "办理时限", limits])
        return self._table(rows)

    def _party(self) -> Table:
        """A penalty decision's party, in full (行政处罚法 Art. 59 (1)): it is served on him."""
        case = self.case
        person = case.applicant_kind == ApplicantKind.PERSON
        rows = [
            [
                "当事人",
                case.applicant_name,
                "身份证号码" if person else "统一社会信用代码",
                case.id_number if person else case.credit_code,
            ],
        ]
        if not person and case.legal_representative:
            rows.append(["法定代表人", case.legal_representative, "", ""])
        rows.append(["地址", case.address or "—", "", ""])
        opened = chinese_date(case.accepted_on) if case.accepted_on else "—"
        rows.append(["案件编号", case.number, "立案日期", opened])
        return self._table(rows)

    def _table(self, rows: list[list]) -> Table:
        """Two label-value pairs a row; a value is a string or a tuple of lines."""
        cells = [
            [
                [self.small(line, "cell") for line in value]
                if isinstance(value, tuple)
                else self.small(value, "cell")
                for value in row
            ]
            for row in rows
        ]
        widths = [25 * mm, 50 * mm, 36 * mm, 45 * mm]
        style = [
            ("FONT", (0, 0), (-1, -1), self.font, 11),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        for index, row in enumerate(rows):
            if row[2]:
                style.append(("BACKGROUND", (2, index), (2, index), colors.HexColor("#F2F2F2")))
            else:  # a long value spans the rest of the row
                style.append(("SPAN", (1, index), (3, index)))
        return Table(cells, colWidths=widths, style=TableStyle(style), hAlign="CENTER")

    def signature(self) -> Table:
        """署名 and date: the date four characters from the right, the name centred on it."""
        name = self.case.authority.name
        day = chinese_date(self.document.issued_on)
        width = max(stringWidth(text, self.font, BODY_SIZE) for text in (name, day))
        return Table(
            [[name, ""], [day, ""]],
            colWidths=[width, 4 * BODY_SIZE],
            rowHeights=BODY_SIZE * 1.75,
            hAlign="RIGHT",
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.font, BODY_SIZE),
                    ("ALIGN", (0, 0), (0, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )

    def story(self) -> list[Flowable]:
        document, case = self.document, self.case
        heading = [
            _Heading(case.authority.name, self.font, 24, RED),
            Spacer(0, 2),
            self.small(document.number, "number"),
            HRFlowable(width="100%", thickness=1.6, color=RED, spaceBefore=4, spaceAfter=10),
            _Heading(TITLES[document.kind], self.font, 22),
            Spacer(0, 10),
            self.facts(),
            Spacer(0, 10),
            Spacer(0, 4),
            self.para(f"{case.applicant_name}：", first_indent=0),
        ]
        body = BODIES[document.kind](self)
        # The last paragraph does not leave the signature alone on a new page.
        ending = KeepTogether([body.pop(), Spacer(0, 24), self.signature()])
        return [*heading, *body, ending]


# -- the bodies, one per kind ------------------------------------------------------------


def _acceptance(notice: _Notice) -> list[Flowable]:
    case = notice.case
    if notice.content.get("deemed"):
        opening = (
            f"{notice.intro}，本机关未在收到申请材料之日起五个工作日内一次告知需要补正的"
            f"全部内容。根据{LAW}第三十二条第一款第（四）项的规定，该申请自收到申请材料"
            f"之日（{notice.received}）起即为受理。"
        )
    else:
        opening = (
            f"{notice.intro}，经审查，申请事项属于本机关职权范围，申请材料齐全、符合法定形式。"
            f"根据{LAW}第三十二条第一款第（五）项的规定，本机关决定予以受理，"
            f"受理日期为{notice.accepted}。"
        )
    limits = (
        f"本事项法定办理时限为{case.statutory_limit_days}个工作日，本机关承诺"
        f"{case.promised_limit_days}个工作日内办结，均自受理次日起按工作日计算："
    )
    return [
        notice.para(opening),
        notice.para(limits + notice.due_dates(notice.clock())),
        notice.para(
            "依法需要听证、检验、检测、鉴定和专家评审等的，所需时间不计算在上述期限内，"
            f"本机关将书面告知{notice.you}（{LAW}第四十五条）。"
        ),
        notice.para(f"{notice.you}可凭案件编号查询办理进度。"),
    ]


def _supplement(notice: _Notice) -> list[Flowable]:
    missing = notice.content.get("missing") or []
    note = (notice.content.get("note") or "").strip()
    flowables = [
        notice.para(
            f"{notice.intro}，经审查，申请材料不齐全或者不符合法定形式。根据{LAW}"
            f"第三十二条第一款第（四）项的规定，现将需要补正的全部内容（共{len(missing)}项）"
            "一次性告知如下："
        ),
        *(notice.item(number, name) for number, name in enumerate(missing, start=1)),
    ]
    if note:
        flowables.append(notice.para(f"补正要求：{_sentence(note)}"))
    flowables.append(
        notice.para(
            f"以上为需要补正的全部内容。请{notice.you}按照上述要求一次性补正全部材料后"
            "重新提交；补正材料齐全、符合法定形式的，本机关将依法予以受理。"
        )
    )
    return flowables


def _refusal(notice: _Notice) -> list[Flowable]:
    content = notice.content
    return [
        notice.para(f"{notice.intro}，经审查，不符合受理条件。"),
        notice.para(f"不予受理的理由：{_sentence(content.get('reason'))}"),
        notice.para(f"法律依据：{_sentence(content.get('legal_basis'))}"),
        notice.para(f"根据{LAW}第三十二条第一款的规定，本机关决定不予受理。"),
        notice.para(notice.remedy()),
    ]


def _pause(notice: _Notice) -> list[Flowable]:
    content = notice.content
    label, activity = PAUSE_KINDS[content["kind"]]
    start = chinese_date(date.fromisoformat(content["start"]))
    clock = notice.clock()
    counted = f"截至暂停之日，本案已计算{clock['elapsed_workdays']}个工作日"
    if clock["statutory_remaining_workdays"] > 0:
        counted += f"，距法定办理期限尚余{clock['statutory_remaining_workdays']}个工作日"
    return [
        notice.para(
            f"{notice.accepted_intro}在审查过程中，需要{activity.format(you=notice.you)}。"
        ),
        notice.para(f"暂停计时事由：{label}。"),
        notice.para(f"具体原因：{_sentence(content.get('reason'))}"),
        notice.para(
            f"根据{LAW}第四十五条的规定，{label}所需时间不计算在行政许可办理期限内。"
            f"本案自{start}起暂停计时，{label}结束后恢复计时，本机关将另行告知{notice.you}。"
        ),
        notice.para(counted + "。"),
    ]


def _extension(notice: _Notice) -> list[Flowable]:
    case, content = notice.case, notice.content
    return [
        notice.para(notice.accepted_intro),
        notice.para(
            f"因本机关在法定办理时限{case.statutory_limit_days}个工作日内不能作出行政许可"
            f"决定，经本机关负责人批准，根据{LAW}第四十二条的规定，办理期限延长"
            f"{content['days']}个工作日。"
        ),
        notice.para(f"延长期限的理由：{_sentence(content.get('reason'))}"),
        notice.para("延长后，" + notice.due_dates(notice.clock())),
    ]


def _approval(notice: _Notice) -> list[Flowable]:
    flowables = [
        notice.para(
            f"{notice.intro}，本机关于{notice.accepted}依法受理。经审查，{notice.you}的申请"
            f"符合法定条件、标准。根据{LAW}第三十八条第一款的规定，本机关决定准予行政许可。"
        )
    ]
    if reason := (notice.content.get("reason") or "").strip():
        flowables.append(notice.para(f"审查意见：{_sentence(reason)}"))
    flowables.append(
        notice.para(
            f"根据{LAW}第三十九条、第四十四条的规定，本机关将自本决定作出之日起十日内"
            f"向{notice.you}颁发、送达加盖本机关印章的行政许可证件或者批准文件。"
        )
    )
    return flowables


def _denial(notice: _Notice) -> list[Flowable]:
    return [
        notice.para(
            f"{notice.intro}，本机关于{notice.accepted}依法受理。经审查，{notice.you}的申请"
            "不符合法定条件、标准。"
        ),
        notice.para(f"不予行政许可的理由：{_sentence(notice.content.get('reason'))}"),
        notice.para(f"根据{LAW}第三十八条第二款的规定，本机关决定不予行政许可。"),
        notice.para(notice.remedy()),
    ]


PENALTY_LAW = "《中华人民共和国行政处罚法》"


def _penalty(notice: _Notice) -> list[Flowable]:
    """行政处罚决定书 (行政处罚法 Art. 59); the facts come as the enforcement app wrote them."""
    case, content = notice.case, notice.content
    opened = chinese_date(case.accepted_on) if case.accepted_on else ""
    flowables = [
        notice.para(
            f"当事人{content.get('violation', '')}一案，本机关于{opened}立案调查。"
            f"经查明：{_sentence(content.get('summary'))}"
        )
    ]
    if location := (content.get("location") or "").strip():
        flowables.append(notice.para(f"违法行为地点：{_sentence(location)}"))
    facts = content.get("facts") or []
    if facts:
        flowables.append(notice.para("违法情节如下："))
        flowables += [
            notice.item(number, f"{label}：{value}。")
            for number, (label, value) in enumerate(facts, start=1)
        ]
    flowables.append(notice.para(f"上述事实有以下证据证明：{_sentence(content.get('evidence'))}"))
    if served := content.get("notice_served_on"):
        hearing = content.get("hearing_right")
        rights = "陈述、申辩和要求听证" if hearing else "陈述、申辩"
        articles = "第四十四条、第四十五条" + ("、第六十三条、第六十四条" if hearing else "")
        flowables.append(
            notice.para(
                f"本机关于{chinese_date(date.fromisoformat(served))}向当事人送达了行政处罚告知书，"
                f"告知了拟作出行政处罚的事实、理由、依据及当事人依法享有的{rights}的权利"
                f"（{PENALTY_LAW}{articles}）。{_sentence(content.get('statement'))}"
            )
        )
    decision = (
        f"根据{_sentence(content.get('article')).rstrip('。')}的规定，参照本机关行政处罚"
        f"自由裁量基准，本案违法情节属于“{content.get('tier', '')}”档次"
    )
    if scope := content.get("range"):
        decision += f"（裁量幅度：{scope}）"
    decision += f"。本机关决定：对当事人处以罚款人民币{content.get('fine', '')}元。"
    flowables.append(notice.para(decision))
    if justification := (content.get("justification") or "").strip():
        flowables.append(
            notice.para(
                f"罚款数额在上述裁量幅度以外的理由：{_sentence(justification)}"
                "该决定经本机关负责人批准。"
            )
        )
    flowables.append(
        notice.para(
            "当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳"
            f"罚款（{PENALTY_LAW}第六十七条）。到期不缴纳罚款的，本机关可以每日按罚款数额的"
            f"百分之三加处罚款，加处罚款的数额不得超出罚款的数额（{PENALTY_LAW}第七十二条）。"
        )
    )
    flowables.append(
        notice.para(
            notice.remedy().replace(f"{notice.you}可以", "当事人可以")
            + f"申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外"
            f"（{PENALTY_LAW}第七十三条）。"
        )
    )
    return flowables


BODIES = {
    DocumentKind.ACCEPTANCE: _acceptance,
    DocumentKind.SUPPLEMENT: _supplement,
    DocumentKind.REFUSAL: _refusal,
    DocumentKind.PAUSE: _pause,
    DocumentKind.EXTENSION: _extension,
    DocumentKind.APPROVAL: _approval,
    DocumentKind.DENIAL: _denial,
    DocumentKind.PENALTY: _penalty,
}


# -- entry point -------------------------------------------------------------------------


def render_pdf(document) -> bytes:
    """The A4 PDF of ``document``: the same bytes however often it is printed."""
    font = song()
    case = Case.objects.select_related(
        "service_item", "authority__region", "authority__parent__region"
    ).get(pk=document.case_id)
    notice = _Notice(document, case, font)
    title = TITLES[document.kind]
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        bottomMargin=BOTTOM_MARGIN,
        title=f"{title} {document.number}",
        author=case.authority.name,
        subject=case.number,
        creator="Xiaoneng 效能",
        lang="zh-CN",
        invariant=True,
        initialFontName=font,  # no unused Helvetica in the file
        initialFontSize=BODY_SIZE,
        **MARGINS,
    )
    template.build(
        notice.story(),
        canvasmaker=partial(
            _NoticeCanvas,
            footer=f"案件编号：{case.number}    文号：{document.number}",
            issued_on=document.issued_on,
            font=font,
        ),
    )
    return buffer.getvalue()
