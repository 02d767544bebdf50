"""Online application: with an account or one-off, uploads checked, into the clerk's queue."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiaoneng.applicants.models import QueryCode
from xiaoneng.applicants.tests.conftest import pdf
from xiaoneng.cases import actions, selectors
from xiaoneng.cases.choices import Channel, EventKind, Status
from xiaoneng.cases.models import Case, CaseMaterial
from xiaoneng.cases.testing import ID_NUMBER, at
from xiaoneng.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def apply_url(item):
    return reverse("applicants:apply_item", args=[item.code])


def upload_data(item, **overrides):
    data = {f"material_{m.pk}": pdf(f"m{m.pk}.pdf") for m in item.materials.all()}
    data.update(phone="13912345678", address="银川市兴庆区解放西街88号", title="一期")
    data.update(overrides)
    return data


def test_apply_list_offers_online_items_only(client, item):
    item_offline = type(item).objects.exclude(pk=item.pk).filter(online_allowed=False).first()
    response = client.get(reverse("applicants:apply"))
    assert response.status_code == 200
    assert item in response.context["items"]
    if item_offline is not None:
        assert item_offline not in response.context["items"]
        assert client.get(apply_url(item_offline)).status_code == 404


def test_account_applies_online_and_the_clerk_accepts(client_for, applicant, item, users):
    client = client_for(applicant)
    response = client.get(apply_url(item))
    assert response.status_code == 200
    assert "applicant_name" not in response.context["form"].fields  # the account's identity
    response = client.post(apply_url(item), upload_data(item))
    assert response.status_code == 200, response.context["form"].errors
    case = Case.objects.get(applicant_user=applicant)
    code = response.context["code"]
    assert case.number in response.content.decode()
    assert code in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert len(code) >= 8
    assert QueryCode.objects.get(case=case).code_hash != code
    assert case.channel == Channel.ONLINE
    assert case.status == Status.RECEIVED
    assert case.applicant_name == "王五"
    assert case.id_number == ID_NUMBER
    assert case.authority.code == "NX-DLR"
    assert case.materials.count() == 2
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMITTED, EventKind.MATERIAL_ADDED, EventKind.MATERIAL_ADDED]
    assert case.events.first().actor == applicant
    assert AuditEvent.objects.filter(action="applicants.submitted", object_id=str(case.pk)).exists()
    # The window clerk of the authority sees it in his queue …
    assert case in selectors.todo_cases(users.clerk)
    assert case.number in client_for(users.clerk).get(reverse("cases:todo")).content.decode()
    assert case not in selectors.todo_cases(users.yc_clerk)
    # … accepts it, and the applicant's page shows the acceptance.
    actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
    client = client_for(applicant)
    page = client.get(reverse("applicants:case", args=[case.number]))
    assert page.status_code == 200
    assert page.context["status_label"] == Status.IN_REVIEW.label
    assert EventKind.ACCEPTED.label in [row["label"] for row in page.context["timeline"]]
    document = case.documents.get()
    assert document.number in page.content.decode()
    pdf_response = client.get(reverse("applicants:document_pdf", args=[case.number, document.pk]))
    assert pdf_response.status_code == 200
    assert pdf_response.content.startswith(b"%PDF")
    listing = client.get(reverse("applicants:account"))
    assert case.number in listing.content.decode()


def test_one_off_application_without_an_account(client, item, users):
    data = upload_data(
        item, applicant_kind="person", applicant_name="李四", id_number=ID_NUMBER, credit_code=""
    )
    response = client.post(apply_url(item), data)
    assert response.status_code == 200, response.context["form"].errors
    case = Case.objects.get(number=response.context["case"].number)
    assert case.applicant_user is None
    assert case.channel == Channel.ONLINE
    assert case.events.first().actor is None
    assert case in selectors.todo_cases(users.clerk)


@pytest.mark.parametrize(
    ("upload", "message_part"),
    [
        (SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf"), "scan.pdf"),
        (SimpleUploadedFile("empty.pdf", b""), ""),
    ],
)
def test_bad_upload_is_refused_and_nothing_is_written(
    client_for, applicant, item, media, upload, message_part
):
    first = item.materials.order_by("order").first()
    data = upload_data(item, **{f"material_{first.pk}": upload})
    response = client_for(applicant).post(apply_url(item), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[f"material_{first.pk}"]
    assert message_part in errors[0]
    assert not Case.objects.filter(applicant_user=applicant).exists()
    assert not CaseMaterial.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_oversized_upload_is_refused(client_for, applicant, item, settings):
    settings.CASE_MATERIAL_MAX_BYTES = 10
    response = client_for(applicant).post(apply_url(item), upload_data(item))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_a_required_material_is_missing(client_for, applicant, item):
    first = item.materials.order_by("order").first()
    data = upload_data(item)
    del data[f"material_{first.pk}"]
    response = client_for(applicant).post(apply_url(item), data)
    assert response.status_code == 400
    assert response.context["form"].errors[f"material_{first.pk}"]
    assert not Case.objects.exists()


def test_one_off_with_a_bad_id_number_is_refused(client, item):
    data = upload_data(
        item, applicant_kind="person", applicant_name="李四", id_number="110105194912310021"
    )
    response = client.post(apply_url(item), data)
    assert response.status_code == 400
    assert response.context["form"].errors["id_number"]
    assert not Case.objects.exists()


def test_staff_cannot_apply_on_the_portal(client_for, users, item):
    for username in ["clerk", "yc_clerk", "supervisor"]:
        response = client_for(users[username]).post(apply_url(item), upload_data(item))
        assert response.status_code == 403
    assert not Case.objects.exists()


def test_action_refuses_an_item_closed_to_online_application(item, applicant, apply_online):
    item.online_allowed = False
    item.save(update_fields=["online_allowed"])
    with pytest.raises(ValidationError) as raised:
        apply_online(applicant)
    assert "service_item" in raised.value.message_dict
    assert not Case.objects.exists()


def test_city_item_goes_to_the_chosen_city_bureau(client, users):
    from xiaoneng.catalog.models import ServiceItem

    city_item = (
        ServiceItem.objects.filter(online_allowed=True, is_active=True, level="city")
        .filter(materials__isnull=False)
        .distinct()
        .first()
    )
    if city_item is None:
        pytest.skip("the demo catalogue has no city item open online")
    form = client.get(apply_url(city_item)).context["form"]
    assert "NX-YC" in [unit.code for unit in form.fields["authority"].queryset]
    data = upload_data(
        city_item,
        applicant_kind="person",
        applicant_name="李四",
        id_number=ID_NUMBER,
        authority="NX-YC",
    )
    response = client.post(apply_url(city_item), data)
    assert response.status_code == 200, response.context["form"].errors
    case = response.context["case"]
    assert case.authority.code == "NX-YC"
    assert case in selectors.todo_cases(users.yc_clerk)
    assert case not in selectors.todo_cases(users.clerk)


def test_the_authoritys_clerks_hear_of_an_online_application_after_commit(
    apply_online, applicant, users, django_capture_on_commit_callbacks
):
    from django.core import mail

    from xiaoneng.supervision.models import Notification

    users.clerk.email = "clerk@example.gov.cn"
    users.clerk.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case, _code = apply_online(applicant)
    notices = Notification.objects.filter(key=f"online:{case.pk}")
    recipients = set(notices.values_list("recipient__username", flat=True))
    assert "clerk" in recipients
    # Not the clerks of another authority, nor the department's other roles.
    assert "yc_clerk" not in recipients
    assert "handler" not in recipients
    notice = notices.get(recipient=users.clerk)
    assert notice.kind == "case"
    assert case.number in notice.title
    assert notice.url == reverse("cases:detail", args=[case.number])
    assert mail.outbox == []  # nothing leaves inside the transaction
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["clerk@example.gov.cn"]]
