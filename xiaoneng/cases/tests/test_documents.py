"""The official notices: real PDFs from cases built by the real actions, read back by pypdf."""

import re
import shutil
import subprocess
import time
from datetime import date
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from xiaoneng.cases import actions
from xiaoneng.cases.choices import DocumentKind, PauseKind
from xiaoneng.cases.documents import (
    NO_LINE_END,
    NO_LINE_START,
    PAUSE_KINDS,
    TITLES,
    break_lines,
    chinese_date,
    reconsideration_government,
    render_pdf,
)
from xiaoneng.cases.fonts import song
from xiaoneng.cases.testing import CREDIT_CODE, at
from xiaoneng.core.masking import mask_identifier
from xiaoneng.org.choices import UnitKind
from xiaoneng.org.models import Unit

pytestmark = pytest.mark.django_db

MISSING = ["建设项目批准文件", "用地界址图"]
A4_POINTS = (595.28, 841.89)
FOOTER = re.compile(r"案件编号：\S+\s+文号：\S+\s+第 \d+ 页 共 \d+ 页\s*$")


def pdf_text(pdf: bytes) -> str:
    """All pages' text with the whitespace removed (pypdf breaks lines where the PDF does)."""
    pages = PdfReader(BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def body_text(pdf: bytes) -> str:
    """The text without the page footers, so a paragraph reads on across a page break."""
    pages = PdfReader(BytesIO(pdf)).pages
    text = "".join(re.sub(FOOTER, "", page.extract_text()) for page in pages)
    return re.sub(r"\s+", "", text)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def notice(submit, reviewed, users):
    """The document of ``kind``, issued by the real action on a fresh case."""

    def decided(result, reason):
        case = reviewed()
        case = actions.do_advance(
            case, acting_user=users.handler, opinion="材料齐全。", now=at("2026-02-12")
        )
        case = actions.do_advance(
            case, acting_user=users.reviewer, opinion="同意。", now=at("2026-02-26")
        )
        return actions.do_decide(
            case, acting_user=users.approver, result=result, reason=reason, now=at("2026-03-02")
        )

    def extended():
        case = reviewed()
        case = actions.do_request_extension(
            case,
            acting_user=users.handler,
            days=5,
            reason="需会同林业部门核实用地范围",
            now=at("2026-03-02"),
        )
        return actions.do_approve_extension(case, acting_user=users.approver, now=at("2026-03-03"))

    builders = {
        DocumentKind.ACCEPTANCE: reviewed,
        DocumentKind.SUPPLEMENT: lambda: actions.do_request_supplement(
            submit(),
            acting_user=users.clerk,
            missing=MISSING,
            note="复印件须加盖公章",
            now=at("2026-02-10"),
        ),
        DocumentKind.REFUSAL: lambda: actions.do_refuse(
            submit(
                applicant_kind="org",
                applicant_name="宁夏贺兰山矿业有限公司",
                id_number="",
                credit_code=CREDIT_CODE,
                legal_representative="马明",
            ),
            acting_user=users.clerk,
            reason="申请事项依法不属于本机关职权范围，应向银川市国土资源局申请",
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
            now=at("2026-02-10"),
        ),
        DocumentKind.PAUSE: lambda: actions.do_pause(
            reviewed(),
            acting_user=users.handler,
            kind=PauseKind.EXPERT_REVIEW,
            reason="用地规模较大，需组织土地利用专家论证",
            now=at("2026-03-03"),
        ),
        DocumentKind.EXTENSION: extended,
        DocumentKind.APPROVAL: lambda: decided("approve", "符合土地利用总体规划"),
        DocumentKind.DENIAL: lambda: decided("deny", "拟用地块涉及永久基本农田，不符合用地政策"),
    }

    def make(kind):
        case = builders[kind]()
        return case.documents.filter(kind=kind).latest("pk")

    return make


# -- every kind ----------------------------------------------------------------------------

# The notices of a licensing case. The penalty decision is issued by the
# enforcement app on a penalty case and names the party in full (it is served
# on him): enforcement/tests/test_decision_document.py reads it.
NOTICE_KINDS = [kind for kind in DocumentKind.values if kind != DocumentKind.PENALTY]


@pytest.mark.parametrize("kind", NOTICE_KINDS)
def test_every_notice_is_an_a4_pdf_naming_case_number_and_masked_applicant(notice, kind):
    document = notice(kind)
    case = document.case
    pdf = render_pdf(document)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.5)
    text = pdf_text(pdf)
    identifier = case.id_number or case.credit_code
    for needle in [
        "宁夏回族自治区国土资源厅",
        TITLES[kind],
        document.number,
        case.number,
        case.applicant_name,
        mask_identifier(identifier),
        case.service_item.name,
        chinese_date(case.received_on),
        chinese_date(document.issued_on),
        "第1页共1页",
    ]:
        assert needle in text, needle
    assert identifier not in text
    assert reader.metadata.title == f"{TITLES[kind]} {document.number}"
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"/STSong-Light"}  # nothing to download, nothing else to substitute


def test_document_number_has_the_official_form(notice):
    assert re.fullmatch(r"宁国土资受〔2026〕\d+号", notice(DocumentKind.ACCEPTANCE).number)


@pytest.mark.parametrize("kind", NOTICE_KINDS)
def test_notice_renders_to_png_with_glyphs_and_red_header(notice, kind, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("!!! pdftoppm (Debian poppler-utils) is not installed: PNG check SKIPPED !!!")
    pdf_path = tmp_path / f"{kind}.pdf"
    pdf_path.write_bytes(render_pdf(notice(kind)))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf_path, tmp_path / kind],
        check=True,
        capture_output=True,
    )
    image = Image.open(next(tmp_path.glob(f"{kind}*.png"))).convert("RGB")
    width, height = image.size
    assert (width, height) in {(496, 702), (497, 702)}  # A4 at 60 dpi, as poppler rounds it
    colours = image.getcolors(maxcolors=width * height)
    dark = sum(count for count, (r, g, b) in colours if r + g + b < 200)
    red = sum(count for count, (r, g, b) in colours if r > 150 and g < 80 and b < 80)
    assert dark > 3000  # the title, table and body were drawn, not left blank
    assert red > 300  # the authority's name and the rule under the number


# -- what each kind says --------------------------------------------------------------------


def test_acceptance_notice_cites_art_32_and_states_both_due_dates(notice):
    document = notice(DocumentKind.ACCEPTANCE)
    text = pdf_text(render_pdf(document))
    assert "第三十二条第一款第（五）项" in text
    assert "受理日期为2026年2月9日" in text
    # 15 promised and 20 statutory working days across the 2026 Spring Festival.
    assert "承诺办结日期为2026年3月6日" in text
    assert "法定办理期限届满日为2026年3月13日" in text
    assert "办理时限承诺15个工作日法定20个工作日" in text
    assert "第四十五条" in text


def test_deemed_acceptance_says_accepted_on_the_day_of_receipt(submit, users):
    case = submit("2026-02-09")
    # Five working days after 9 February end on Saturday 14 February (调休).
    case = actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-24"))
    assert case.deemed_accepted
    text = pdf_text(render_pdf(case.documents.get(kind=DocumentKind.ACCEPTANCE)))
    assert "第三十二条第一款第（四）项" in text
    assert "自收到申请材料之日（2026年2月9日）起即为受理" in text
    assert "决定予以受理" not in text


def test_supplement_notice_lists_every_missing_item_numbered_in_one_notice(notice):
    text = pdf_text(render_pdf(notice(DocumentKind.SUPPLEMENT)))
    assert "1．建设项目批准文件" in text
    assert "2．用地界址图" in text
    assert "需要补正的全部内容（共2项）一次性告知" in text
    assert "一次性补正全部材料" in text
    assert "第三十二条第一款第（四）项" in text
    assert "补正要求：复印件须加盖公章" in text


def test_a_long_list_of_missing_items_flows_onto_a_second_page(submit, users):
    missing = [f"第{n}号宗地的权属来源证明材料" for n in range(1, 31)]
    case = actions.do_request_supplement(
        submit(), acting_user=users.clerk, missing=missing, now=at("2026-02-10")
    )
    pdf = render_pdf(case.documents.get(kind=DocumentKind.SUPPLEMENT))
    text = pdf_text(pdf)
    assert page_count(pdf) == 2
    assert "第1页共2页" in text
    assert "第2页共2页" in text
    for number, name in enumerate(missing, start=1):
        assert f"{number}．{name}" in text


def test_refusal_states_reason_legal_basis_and_remedies_for_an_organisation(notice):
    document = notice(DocumentKind.REFUSAL)
    text = pdf_text(render_pdf(document))
    assert "不予受理的理由：申请事项依法不属于本机关职权范围，应向银川市国土资源局申请" in text
    assert "法律依据：《中华人民共和国行政许可法》第三十二条第一款第（二）项" in text
    assert "本机关决定不予受理" in text
    assert "统一社会信用代码" in text
    assert "9135**********0Y43" in text
    assert "法定代表人马明" in text
    assert "你单位" in text
    assert "向宁夏回族自治区人民政府申请行政复议" in text


def test_pause_notice_names_the_kind_in_chinese_and_art_45(notice):
    text = pdf_text(render_pdf(notice(DocumentKind.PAUSE)))
    assert "暂停计时事由：专家评审" in text
    assert "需要组织专家评审" in text
    assert "具体原因：用地规模较大，需组织土地利用专家论证" in text
    assert "第四十五条" in text
    assert "本案自2026年3月3日起暂停计时" in text
    # Accepted 9 Feb; 10–14 Feb and 24 Feb–2 Mar counted (Spring Festival excluded).
    assert "本案已计算11个工作日，距法定办理期限尚余9个工作日" in text


def test_extension_notice_gives_days_reason_and_the_new_statutory_due_date(notice):
    document = notice(DocumentKind.EXTENSION)
    case = document.case
    text = pdf_text(render_pdf(document))
    assert case.statutory_due_date == date(2026, 3, 20)
    assert "办理期限延长5个工作日" in text
    assert "延长期限的理由：需会同林业部门核实用地范围" in text
    assert "第四十二条" in text
    assert f"法定办理期限届满日为{chinese_date(case.statutory_due_date)}" in text
    assert f"承诺办结日期为{chinese_date(case.due_date)}" in text


def test_approval_cites_art_38_and_the_licence_within_ten_days(notice):
    text = pdf_text(render_pdf(notice(DocumentKind.APPROVAL)))
    assert "第三十八条第一款" in text
    assert "本机关决定准予行政许可" in text
    assert "审查意见：符合土地利用总体规划" in text
    assert "第三十九条、第四十四条" in text
    assert "行政复议" not in text


def test_denial_states_reasons_and_the_right_to_reconsideration_or_litigation(notice):
    text = pdf_text(render_pdf(notice(DocumentKind.DENIAL)))
    assert "不予行政许可的理由：拟用地块涉及永久基本农田，不符合用地政策" in text
    assert "第三十八条第二款" in text
    assert "六十日内依照《中华人民共和国行政复议法》" in text
    assert "向宁夏回族自治区人民政府申请行政复议" in text
    assert "六个月内依照《中华人民共和国行政诉讼法》" in text
    assert "提起行政诉讼" in text


def test_a_branch_bureau_is_reviewed_by_the_government_of_its_city():
    branch = Unit.objects.filter(kind=UnitKind.BRANCH).select_related("parent__region").first()
    assert reconsideration_government(branch) == f"{branch.parent.region.name}人民政府"
    assert reconsideration_government(branch.parent) == f"{branch.parent.region.name}人民政府"


def test_text_from_the_record_is_printed_literally_not_as_markup(submit, users):
    case = actions.do_refuse(
        submit(),
        acting_user=users.clerk,
        reason="用地面积<5公顷 & 位于<b>基本农田</b>",
        legal_basis="《土地管理法》第四十四条",
        now=at("2026-02-10"),
    )
    text = pdf_text(render_pdf(case.documents.get(kind=DocumentKind.REFUSAL)))
    assert "用地面积<5公顷&位于<b>基本农田</b>" in text


def test_a_paragraph_longer_than_a_page_continues_on_the_next(submit, users):
    reason = "拟用地块与已批准的建设项目用地范围重叠，" * 35
    case = actions.do_refuse(
        submit(),
        acting_user=users.clerk,
        reason=reason,
        legal_basis="《土地管理法》第四十四条",
        now=at("2026-02-10"),
    )
    pdf = render_pdf(case.documents.get(kind=DocumentKind.REFUSAL))
    text = pdf_text(pdf)
    assert page_count(pdf) == 2
    assert f"不予受理的理由：{reason[:-1]}。" in body_text(pdf)
    assert text.endswith(
        "2026年2月10日案件编号：640000-2026-TEST-00001文号：宁国土资不受〔2026〕1号第2页共2页"
    )


def test_names_with_a_middle_dot_or_a_character_beyond_the_bmp_extract_intact(submit, users):
    name = "阿依古丽·马𠮷"
    case = actions.do_accept(
        submit(applicant_name=name), acting_user=users.clerk, now=at("2026-02-09", 11)
    )
    text = pdf_text(render_pdf(case.documents.get(kind=DocumentKind.ACCEPTANCE)))
    assert f"申请人{name}" in text
    assert f"{name}：" in text


# -- stable, fast -------------------------------------------------------------------------


def test_a_notice_printed_again_after_later_events_is_byte_identical(reviewed, users):
    case = reviewed()
    document = case.documents.get(kind=DocumentKind.ACCEPTANCE)
    first = render_pdf(document)
    assert render_pdf(document) == first
    actions.do_pause(
        case, acting_user=users.handler, kind="site_survey", reason="踏勘", now=at("2026-02-26")
    )
    case = actions.do_request_extension(
        case, acting_user=users.handler, days=3, reason="延期", now=at("2026-02-27")
    )
    case = actions.do_approve_extension(case, acting_user=users.approver, now=at("2026-02-27"))
    assert case.due_date != date(2026, 3, 6)
    assert render_pdf(document) == first  # still the dates of 9 February
    metadata = PdfReader(BytesIO(first)).metadata
    assert metadata["/CreationDate"] == "D:20260209000000+08'00'"


def test_rendering_takes_under_100_ms_and_few_queries(notice, django_assert_max_num_queries):
    document = notice(DocumentKind.PAUSE)
    render_pdf(document)  # the first call registers the font
    with django_assert_max_num_queries(5):
        render_pdf(document)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        render_pdf(document)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.1


# -- Chinese line breaking (避头尾) --------------------------------------------------------------

_PUNCTUATION = NO_LINE_START | NO_LINE_END
_CHARACTERS = st.text(
    alphabet=st.sampled_from(sorted(set("国土资源厅受理申请材料审查2026TEST-") | _PUNCTUATION)),
    min_size=1,
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(text=_CHARACTERS, width=st.integers(min_value=60, max_value=450))
def test_no_line_opens_with_closing_punctuation_or_ends_with_an_opening_mark(text, width):
    font = song()
    lines = break_lines(text, font, 15, width - 30, width)
    assert "".join(lines) == text.strip()
    for line in lines[1:]:
        # Only a line of punctuation alone (no legal break exists) may break the rule.
        if line[0] in NO_LINE_START:
            assert all(character in _PUNCTUATION for character in line)
    for line in lines[:-1]:
        if line[-1] in NO_LINE_END:
            assert all(character in _PUNCTUATION for character in line)


def test_lines_fit_their_width_and_keep_latin_runs_whole_up_to_a_hyphen():
    font = song()
    text = "你于2026年2月9日提出的测试用地审批申请（案件编号：640000-2026-TEST-00001），经审查，"
    lines = break_lines(text, font, 15, 300, 330)
    assert "".join(lines) == text
    assert lines[0].startswith("你于2026年")
    for line in lines:
        assert not re.search(r"[0-9A-Za-z]$", line) or line == lines[-1] or line[-1] == "-"
    assert all(line[0] not in NO_LINE_START for line in lines)


# -- helpers ---------------------------------------------------------------------------------


def test_every_kind_has_a_title_and_every_pause_kind_a_chinese_name():
    assert set(TITLES) == set(DocumentKind.values)
    assert set(PAUSE_KINDS) == set(PauseKind.values)
    assert chinese_date(date(2026, 2, 9)) == "2026年2月9日"
