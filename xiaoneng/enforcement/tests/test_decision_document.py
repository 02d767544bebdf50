"""Deciding a penalty case issues the 行政处罚决定书 as a case document, printed as a PDF."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from xiaoneng.cases.choices import DocumentKind
from xiaoneng.cases.documents import render_pdf
from xiaoneng.cases.testing import ID_NUMBER, at
from xiaoneng.enforcement import services

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_decision_document_states_what_the_law_requires(open_penalty, users):
    case = open_penalty(
        evidence="现场勘测笔录、询问笔录、现场照片12张、勘测定界图",
        location="兴庆区掌政镇",
    )
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    services.record_statement(
        case, acting_user=users.handler, statement="厂房系临时建设", now=at("2026-03-05")
    )
    services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
    case = services.approve_decision(case, acting_user=users.approver, now=at("2026-03-11", 15))

    document = case.documents.get(kind=DocumentKind.PENALTY)
    decision = case.penalty_decision
    assert document.number == decision.decision_number == case.decision_number
    assert document.issued_on.isoformat() == "2026-03-11"
    pdf = render_pdf(document)
    assert pdf == render_pdf(document)  # the same bytes however often it is printed
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata.title == f"行政处罚决定书 {document.number}"
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            (595.28, 841.89), abs=0.5
        )  # A4
    text = _text(pdf)
    for expected in [
        "行政处罚决定书",
        decision.decision_number,
        # The party in full (the document is served on him; only publication is masked).
        "张三",
        ID_NUMBER,
        "宁夏银川市兴庆区解放西街100号",
        # Facts and evidence.
        "未经批准非法占用土地",
        "未经批准占用土地建设厂房",
        "兴庆区掌政镇",
        "1,000.00平方米",
        "建设用地",
        "现场勘测笔录、询问笔录、现场照片12张、勘测定界图",
        # The notice and the party's statement.
        "2026年3月3日",
        "陈述、申辩和要求听证的权利",
        "第六十三条、第六十四条",
        "厂房系临时建设",
        # Basis, tier, range and fine.
        decision.article.replace(" ", ""),
        "“一般”档次",
        "罚款人民币200,000.00元",
        # How to pay, and the remedies: 60 days / 6 months.
        "十五日内",
        "百分之三",
        "六十日内",
        "申请行政复议",
        "六个月内",
        "提起行政诉讼",
        # The authority and the date.
        case.authority.name,
        "2026年3月11日",
    ]:
        assert expected in text, expected
    assert "**" not in text  # nothing masked


def test_an_out_of_range_fine_carries_its_justification(decided):
    case = decided(fine="600000", justification="多次责令停止违法行为仍继续建设，情节恶劣")
    text = _text(render_pdf(case.documents.get(kind=DocumentKind.PENALTY)))
    assert "罚款人民币600,000.00元" in text
    assert "多次责令停止违法行为仍继续建设，情节恶劣" in text
    assert "罚款数额在上述裁量幅度以外的理由" in text
    assert "经本机关负责人批准" in text


def test_the_pdf_is_served_to_staff_of_the_case_only(decided, users, client_for):
    case = decided()
    document = case.documents.get(kind=DocumentKind.PENALTY)
    url = reverse("cases:document_pdf", args=[case.number, document.pk])
    page = client_for(users.approver).get(reverse("enforcement:detail", args=[case.number]))
    assert url in page.content.decode()
    response = client_for(users.approver).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_for(users.yc_clerk).get(url).status_code == 404


def test_no_notice_without_recorded_evidence(open_penalty, users):
    from django.core.exceptions import ValidationError

    case = open_penalty(evidence="")
    with pytest.raises(ValidationError) as refused:
        services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    assert "evidence" in refused.value.message_dict
    services.update_facts(
        case, acting_user=users.handler, evidence="现场勘测笔录", now=at("2026-03-03")
    )
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))


def test_a_small_fine_names_no_hearing(open_penalty, users):
    case = open_penalty(area_m2="40")
    services.serve_notice(case, acting_user=users.handler, fine="4000", now=at("2026-03-03"))
    services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
    case = services.approve_decision(case, acting_user=users.approver, now=at("2026-03-11", 15))
    text = _text(render_pdf(case.documents.get(kind=DocumentKind.PENALTY)))
    assert "依法享有的陈述、申辩的权利" in text
    assert "当事人在规定期限内未提出陈述、申辩。" in text
    assert "听证" not in text
