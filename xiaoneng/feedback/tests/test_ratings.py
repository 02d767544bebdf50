from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.feedback import services
from xiaoneng.feedback.choices import RectificationStatus
from xiaoneng.feedback.models import Rating, RatingInvitation, RatingRectification
from xiaoneng.feedback.selectors import rectification_limit, satisfaction_rates

pytestmark = pytest.mark.django_db


def test_acceptance_rating_once_per_moment(accepted):
    case = accepted()
    rating = services.rate_case(case, moment="acceptance", level=1, now=at("2026-02-10"))
    assert rating.unit_id == case.unit_id
    assert rating.rated_on == date(2026, 2, 10)
    with pytest.raises(TransitionError):
        services.rate_case(case, moment="acceptance", level=2, now=at("2026-02-10"))
    assert Rating.objects.filter(case=case).count() == 1


def test_completion_rating_refused_while_open(accepted):
    case = accepted()
    with pytest.raises(TransitionError):
        services.rate_case(case, moment="completion", level=1)


def test_acceptance_rating_refused_before_acceptance(submit):
    case = submit()
    with pytest.raises(TransitionError):
        services.rate_case(case, moment="acceptance", level=1)


def test_bad_level_refused(completed):
    from django.core.exceptions import ValidationError

    case = completed()
    with pytest.raises(ValidationError):
        services.rate_case(case, moment="completion", level=6)


def test_good_rating_opens_no_rectification(completed):
    case = completed()
    services.rate_case(case, moment="completion", level=3, now=at("2026-02-10"))
    assert not RatingRectification.objects.exists()


def test_invitation_sent_once_and_not_to_rated_cases(
    completed, caplog, django_capture_on_commit_callbacks
):
    unrated = completed()
    rated = completed()
    services.rate_case(rated, moment="completion", level=2, now=at("2026-02-10"))
    with (
        caplog.at_level("INFO", logger="xiaoneng.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.send_rating_invitations(date(2026, 2, 10)) == 1
        assert services.send_rating_invitations(date(2026, 2, 11)) == 0
    assert RatingInvitation.objects.get().case == unrated
    sms = [record for record in caplog.records if "SMS to" in record.getMessage()]
    assert len(sms) == 1
    assert unrated.number in sms[0].getMessage()


def test_invitation_command_prints_one_json_line(completed, capsys):
    completed()
    call_command("rating_invitations", "--as-of", "2026-02-10")
    out = capsys.readouterr().out.strip()
    assert out == '{"as_of": "2026-02-10", "invited": 1}'


def test_bad_rating_rectification_full_cycle(completed, users):
    case = completed()
    rating = services.rate_case(
        case, moment="completion", level=5, comment="窗口态度差", now=at("2026-02-10")
    )
    rect = rating.rectification
    assert rect.status == RectificationStatus.VERIFYING
    # 15 working days: 02-14 and 02-28 worked, the Spring Festival 02-15..23 skipped.
    assert rect.due_date == date(2026, 3, 9)
    with pytest.raises(PermissionDenied):  # a handler may not verify
        services.verify_rectification(rect, acting_user=users.handler, valid=True)
    rect = services.verify_rectification(
        rect, acting_user=users.supervisor, valid=True, now=at("2026-02-11")
    )
    assert rect.status == RectificationStatus.FIXING
    with time_machine.travel(at("2026-03-10"), tick=False):
        assert rectification_limit(rect).light == "red"
    rect = services.record_fix(
        rect, acting_user=users.handler, fix="加强培训", answer="已整改", now=at("2026-02-12")
    )
    assert rect.status == RectificationStatus.ANSWERED
    assert rectification_limit(rect, as_of=date(2026, 3, 10)).light == "green"
    rect = services.record_return_visit(
        rect,
        acting_user=users.handler,
        visited_on=date(2026, 2, 13),
        method="phone",
        view="dissatisfied",
        now=at("2026-02-13"),
    )
    assert rect.status == RectificationStatus.CLOSED
    rect = services.appeal_rectification(rect, reason="问题仍未解决", now=at("2026-02-14"))
    assert rect.status == RectificationStatus.APPEALED
    with pytest.raises(TransitionError):
        services.appeal_rectification(rect, reason="再次申诉")
    rect = services.review_appeal(
        rect, acting_user=users.supervisor, overturn=True, reason="重新整改", now=at("2026-02-24")
    )
    assert rect.status == RectificationStatus.FIXING
    assert rect.opened_on == date(2026, 2, 24)
    kinds = list(rect.events.values_list("kind", flat=True))
    assert kinds == ["opened", "verified", "fixed", "visited", "appealed", "reviewed"]


def test_invalid_verdict_needs_a_reason_and_closes(completed, users):
    from django.core.exceptions import ValidationError

    case = completed()
    rect = services.rate_case(case, moment="completion", level=4).rectification
    with pytest.raises(ValidationError):
        services.verify_rectification(rect, acting_user=users.supervisor, valid=False)
    rect = services.verify_rectification(
        rect, acting_user=users.supervisor, valid=False, reason="与办件无关"
    )
    assert rect.status == RectificationStatus.CLOSED
    rect = services.appeal_rectification(rect, reason="有关")
    rect = services.review_appeal(rect, acting_user=users.supervisor, overturn=False, reason="维持")
    assert rect.status == RectificationStatus.CLOSED


def test_other_region_supervisor_cannot_verify(completed, users):
    from django.http import Http404

    case = completed()
    rect = services.rate_case(case, moment="completion", level=5).rectification
    with pytest.raises(Http404):
        services.verify_rectification(rect, acting_user=users.yc_supervisor, valid=True)


def test_satisfaction_rates_match_hand_counts(completed, accepted):
    cases = [completed() for _ in range(4)]
    levels = [1, 3, 4, 5]
    for case, level in zip(cases, levels, strict=True):
        services.rate_case(case, moment="completion", level=level, now=at("2026-02-10"))
    services.rate_case(cases[0], moment="acceptance", level=2, now=at("2026-02-10"))
    outside = accepted()
    services.rate_case(outside, moment="acceptance", level=5, now=at("2026-03-10"))
    rows = satisfaction_rates(date(2026, 2, 1), date(2026, 2, 28), "unit")
    assert rows == [
        {
            "key": cases[0].unit.code,
            "name": cases[0].unit.name,
            "ratings": 5,
            "satisfied": 3,
            "rate": 0.6,
        }
    ]
    items = satisfaction_rates(date(2026, 1, 1), date(2026, 12, 31), "item")
    assert [(row["key"], row["ratings"], row["satisfied"]) for row in items] == [("TEST", 6, 3)]
    assert satisfaction_rates(date(2025, 1, 1), date(2025, 12, 31), "unit") == []
    with pytest.raises(ValueError, match="by must be"):
        satisfaction_rates(date(2026, 1, 1), date(2026, 1, 2), "region")


def test_demo_seeder_is_idempotent(completed):
    from xiaoneng.feedback.demo import seed_feedback
    from xiaoneng.feedback.models import Complaint

    for _ in range(6):
        completed()
    counts = seed_feedback(seed=1)
    assert counts["complaints"] == 40
    assert Complaint.objects.filter(finding="substantiated").exists()
    assert Complaint.objects.filter(status="declined").exists()
    assert Complaint.objects.exclude(order=None).exists()
    assert seed_feedback(seed=1) == {"ratings": 0, "rectifications": 0, "complaints": 0}


def test_rateable_moments_follow_the_case_state(accepted, completed, submit):
    from xiaoneng.feedback.selectors import rateable_moments

    assert rateable_moments(submit()) == []
    case = accepted()
    assert rateable_moments(case) == ["acceptance"]
    done = completed()
    assert rateable_moments(done) == ["acceptance", "completion"]
    services.rate_case(done, moment="completion", level=1)
    assert rateable_moments(done) == ["acceptance"]


def test_valid_verdict_tells_the_unit(completed, users):
    from xiaoneng.supervision.models import Notification

    case = completed()
    rect = services.rate_case(case, moment="completion", level=5).rectification
    services.verify_rectification(rect, acting_user=users.supervisor, valid=True)
    assert Notification.objects.filter(recipient=users.handler, key__contains="fix").exists()


def test_a_level_reads_as_a_level_and_a_count_as_a_count(completed, client_for, users):
    """The level "satisfied" (满意) is not the count of a statistics column (满意数)."""
    from django.urls import reverse

    services.rate_case(completed(), moment="completion", level=2, now=at("2026-02-10"))
    html = client_for(users.supervisor).get(reverse("feedback:rating_list")).content.decode()
    assert ">满意</span>" in html
    assert "满意数" not in html
    assert "<title>好差评" in html
    statistics = client_for(users.supervisor).get(reverse("portal:statistics")).content.decode()
    assert "满意数" in statistics
