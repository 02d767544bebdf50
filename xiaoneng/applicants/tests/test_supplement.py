"""The one-time notice reaches the applicant, who uploads the missing materials online."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiaoneng.applicants.tests.conftest import pdf
from xiaoneng.cases import actions
from xiaoneng.cases.choices import EventKind, Status
from xiaoneng.cases.testing import at

pytestmark = pytest.mark.django_db

MISSING = ["土地权属证明", "建设项目批准文件"]


@pytest.fixture
def noticed(apply_online, applicant, users):
    case, _code = apply_online(applicant)
    return actions.do_request_supplement(
        case, acting_user=users.clerk, missing=MISSING, now=at("2026-02-09", 11)
    )


def case_url(case, name="applicants:case"):
    return reverse(name, args=[case.number])


def test_notice_reaches_the_applicant_who_uploads_and_the_clerk_accepts(
    noticed, client_for, applicant, users
):
    client = client_for(applicant)
    page = client.get(case_url(noticed))
    assert page.status_code == 200
    content = page.content.decode()
    assert all(name in content for name in MISSING)
    form = page.context["supplement_form"]
    assert [field.label for field in form] == MISSING
    before = list(noticed.materials.values_list("pk", flat=True))
    response = client.post(
        case_url(noticed, "applicants:supplement"),
        {"file_0": pdf("proof.pdf"), "file_1": pdf("approval.pdf")},
    )
    assert response.status_code == 302
    added = noticed.materials.exclude(pk__in=before)
    assert sorted(added.values_list("name", flat=True)) == sorted(MISSING)
    # A name of the item's catalogue links to that material.
    assert added.get(name="建设项目批准文件").material is not None
    last = noticed.events.order_by("-seq").first()
    assert last.kind == EventKind.MATERIAL_ADDED
    assert last.actor == applicant
    case = actions.do_accept(noticed, acting_user=users.clerk, now=at("2026-02-10", 9))
    assert case.status == Status.IN_REVIEW
    page = client_for(applicant).get(case_url(case))
    assert page.context["supplement_form"] is None


def test_bad_supplement_upload_is_refused(noticed, client_for, applicant):
    before = noticed.materials.count()
    response = client_for(applicant).post(
        case_url(noticed, "applicants:supplement"),
        {"file_0": SimpleUploadedFile("x.pdf", b"GIF89a...."), "file_1": pdf()},
    )
    assert response.status_code == 400
    assert response.context["supplement_form"].errors["file_0"]
    assert noticed.materials.count() == before


def test_an_empty_supplement_is_refused(noticed, client_for, applicant):
    response = client_for(applicant).post(case_url(noticed, "applicants:supplement"), {})
    assert response.status_code == 400


def test_no_supplement_without_an_open_notice(apply_online, applicant, client_for):
    case, _code = apply_online(applicant)
    response = client_for(applicant).post(
        case_url(case, "applicants:supplement"), {"file_0": pdf()}
    )
    assert response.status_code == 409


def test_another_applicant_cannot_supplement(noticed, client_for, other_applicant):
    response = client_for(other_applicant).post(
        case_url(noticed, "applicants:supplement"), {"file_0": pdf()}
    )
    assert response.status_code == 404


def test_the_clerks_hear_of_materials_supplemented_online(noticed, applicant, users):
    from xiaoneng.applicants import services
    from xiaoneng.supervision.models import Notification

    services.submit_supplement(
        noticed,
        acting_user=applicant,
        files=[("file_0", MISSING[0], pdf("proof.pdf")), ("file_1", MISSING[1], pdf("b.pdf"))],
    )
    notice = Notification.objects.get(recipient=users.clerk, key__startswith="supplemented:")
    assert noticed.number in notice.title
    assert all(name in notice.body for name in MISSING)
    assert not Notification.objects.filter(
        recipient=users.yc_clerk, key__startswith="supplemented:"
    ).exists()
