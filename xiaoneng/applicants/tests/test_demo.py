"""The demo applicants: three accounts with applications, idempotent."""

import pytest
from django.contrib.auth import get_user_model

from xiaoneng.applicants.demo import DEMO_PASSWORD, seed_applicants
from xiaoneng.applicants.models import ApplicantProfile
from xiaoneng.cases.choices import Status
from xiaoneng.cases.models import Case

pytestmark = pytest.mark.django_db


def test_seed_applicants_is_idempotent(media):
    assert seed_applicants() == 3
    assert seed_applicants() == 0
    assert ApplicantProfile.objects.count() == 3
    statuses = sorted(
        Case.objects.filter(applicant_user__isnull=False).values_list("status", flat=True)
    )
    assert statuses == sorted([Status.IN_REVIEW, Status.SUPPLEMENT, Status.RECEIVED])
    assert get_user_model().objects.get(username="13800001001").check_password(DEMO_PASSWORD)
