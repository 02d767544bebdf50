"""Fixtures of the portal's tests: fresh cache, published content, decided cases."""

import pytest
from django.core.cache import cache

from xiaoneng.cases import actions
from xiaoneng.cases.testing import CREDIT_CODE, at
from xiaoneng.portal.choices import AnnouncementCategory, LegalLevel
from xiaoneng.portal.models import Announcement, PolicyDocument

# An internal opinion: it must never reach a public page.
OPINION = "内部承办意见：材料齐全拟同意"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The portal caches its figures for a few minutes; every test starts without."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content(db):
    """One published and one unpublished row of each kind."""
    return {
        "news": Announcement.objects.create(
            title="关于开展效能建设活动的通知",
            body="正文",
            category=AnnouncementCategory.CAMPAIGN,
            is_published=True,
            published_at=at("2026-03-01"),
        ),
        "news_draft": Announcement.objects.create(
            title="尚未发布的通知", body="草稿", is_published=False, published_at=at("2026-03-01")
        ),
        "policy": PolicyDocument.objects.create(
            title="中华人民共和国行政许可法",
            body="正文",
            document_number="中华人民共和国主席令第二十九号",
            issuer="全国人民代表大会常务委员会",
            legal_level=LegalLevel.LAW,
            is_published=True,
            published_at=at("2026-03-01"),
        ),
        "policy_draft": PolicyDocument.objects.create(
            title="尚未发布的规定",
            body="草稿",
            issuer="国土资源厅",
            legal_level=LegalLevel.NORMATIVE_DOCUMENT,
            is_published=False,
            published_at=at("2026-03-01"),
        ),
    }


@pytest.fixture
def decide(users):
    """Take a reviewed case through both reviews to the decision on ``day``."""

    def run(case, day: str, result: str = "approve", complete_on: str | None = None):
        case = actions.do_advance(case, acting_user=users.handler, opinion=OPINION, now=at(day, 8))
        case = actions.do_advance(case, acting_user=users.reviewer, opinion=OPINION, now=at(day, 9))
        case = actions.do_decide(
            case,
            acting_user=users.approver,
            result=result,
            reason="" if result == "approve" else "不符合土地利用总体规划",
            now=at(day, 10),
        )
        if complete_on:
            case = actions.do_complete(case, acting_user=users.clerk, now=at(complete_on, 10))
        return case

    return run


@pytest.fixture
def org_case(submit, users):
    """An organisation's application, accepted on 2026-02-09."""
    case = submit(
        applicant_kind="org",
        applicant_name="宁夏宝丰能源集团股份有限公司",
        id_number="",
        credit_code=CREDIT_CODE,
        phone="13912345678",
    )
    case = actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
    return actions.do_assign(
        case, acting_user=users.clerk, handler=users.handler, now=at("2026-02-09", 12)
    )
