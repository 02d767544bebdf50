"""The Excel export and the PDF report: the ranking of the reader's scope, from the snapshot."""

import re
from io import BytesIO

import pytest
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader

from xiaoneng.assessment import selectors, services
from xiaoneng.assessment.choices import NOT_RANKED
from xiaoneng.assessment.models import Score
from xiaoneng.assessment.tests.conftest import AFTER_Q1, Q1, authorities

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(unit_scheme, decided, users):
    decided("NX-DLR-USE")
    decided("NX-YC", on="2026-02-25", due="2026-02-20", handler=users.yc_staff02)  # late
    decided("NX-640104", handler=users.c640104_2)
    return services.compute_period(unit_scheme, Q1, as_of=AFTER_Q1).period


def pdf_text(response) -> str:
    """The PDF's text without white space (a long name wraps inside its table cell)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"\s+", "", text)


def workbook(response):
    return load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)


def test_pdf_report_contains_the_ranking(client_for, users, period):
    response = client_for(users.leader).get(f"/assessment/periods/{period.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "测试考评细则" in text
    assert Q1 in text
    ranked = [
        (s.unit.name, s.total) for s in selectors.current_scores(period) if s.rank is not None
    ]
    assert len(ranked) == 3  # the three units with a decided case
    assert ranked[-1][0] == "银川市国土资源局"  # the late case puts Yinchuan last
    # Full names are printed in the ranking table only (the chart uses short names).
    table = text[text.index(ranked[0][0]) :]
    positions = []
    for name, total in ranked:
        assert str(total) in text
        positions.append(table.index(name))
    assert positions == sorted(positions)
    # The bureaus without a case are not ranked: listed after the ranked ones, no total.
    unranked = Score.objects.filter(period=period, rank__isnull=True).values_list(
        "unit__name", flat=True
    )
    assert len(unranked) == len(authorities()) + 1 - 3
    for name in unranked:
        assert table.index(name) > positions[-1], name
    assert re.sub(r"\s+", "", str(NOT_RANKED)) in text
    assert "None" not in text


def test_pdf_report_of_a_county_prints_only_the_county(client_for, users, period):
    response = client_for(users.c640104_2).get(f"/assessment/periods/{period.pk}/report.pdf")
    text = pdf_text(response)
    assert "兴庆" in text
    assert "银川市国土资源局" not in text.replace("银川市国土资源局兴庆分局", "")
    assert "土地利用管理处" not in text


def test_excel_export_has_the_ranking_and_every_indicator(client_for, users, period):
    response = client_for(users.leader).get(f"/assessment/periods/{period.pk}/export.xlsx")
    assert response.status_code == 200
    book = workbook(response)
    ranking = list(book.worksheets[0].iter_rows(values_only=True))
    # Every authority of the province is scored, plus the land-use office (it has a case).
    subjects = len(authorities()) + 1
    assert len(ranking) == 1 + subjects
    header = ranking[0]
    assert header[-2:] == (_("Total"), _("Grade"))
    assert len(header) == 4 + 5 + 2  # rank, name, region, unit; five indicators; total, grade
    ranked = [s for s in selectors.current_scores(period) if s.rank is not None]
    assert [row[1] for row in ranking[1:4]] == [s.unit.name for s in ranked]
    assert [row[-2] for row in ranking[1:4]] == [float(s.total) for s in ranked]
    # The bureaus without a case come after: no rank, no total, "not ranked", no points for
    # the rate indicators (not applicable) but the deductions and the manual score.
    for row in ranking[4:]:
        assert (row[0], row[-2], row[-1]) == (None, None, str(NOT_RANKED))
        assert row[4:6] == (None, None)
        assert row[6:9] == (20, 10, 10)
    detail = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(detail) == 1 + subjects * 5  # five indicators each


def test_exports_refuse_the_wrong_role_and_region(client_for, users, period, unit_scheme):
    for path in ("report.pdf", "export.xlsx"):
        assert (
            client_for(users.sysadmin).get(f"/assessment/periods/{period.pk}/{path}").status_code
            == 403
        )
        assert client_for(users.leader).get(f"/assessment/periods/999999/{path}").status_code == 404


def test_excel_export_of_a_county_holds_only_the_county(client_for, users, period):
    response = client_for(users.c640104_2).get(f"/assessment/periods/{period.pk}/export.xlsx")
    rows = list(workbook(response).worksheets[0].iter_rows(values_only=True))
    assert [row[3] for row in rows[1:]] == ["银川市国土资源局兴庆分局"]
