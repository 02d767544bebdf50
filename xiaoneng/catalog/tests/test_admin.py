"""The system administrator edits the catalogue in the admin; the stage plan is checked."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from xiaoneng.catalog.models import ServiceItem, Stage

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:catalog_serviceitem_change", args=[item.pk])


def form_data(form) -> dict:
    """What a browser would post back for an unchanged ``form``."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
        elif value is not None:
            data[form.add_prefix(name)] = value
    return data


def change_form_data(response) -> dict:
    """The whole change page as posted back: the item, both inlines and their management."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data


def stage_field(item, code, field):
    """The posted name of ``field`` of the stage ``code`` (inline prefix ``stages``)."""
    index = list(item.stages.order_by("order").values_list("code", flat=True)).index(code)
    return f"stages-{index}-{field}"


@pytest.fixture
def item():
    return ServiceItem.objects.get(code="YDYS")


def test_sysadmin_sees_the_item_with_its_materials_stages_and_the_snapshot_note(
    client_for, users, item
):
    response = client_for(users.sysadmin).get(change_url(item))
    assert response.status_code == 200
    page = response.content.decode()
    assert "建设项目用地预审申请表" in page
    assert "初审" in page
    with translation.override("zh-hans"):
        from xiaoneng.catalog.admin import SNAPSHOT_NOTE

        assert str(SNAPSHOT_NOTE) in page


def test_sysadmin_saves_a_change_with_history(client_for, users, item):
    client = client_for(users.sysadmin)
    data = change_form_data(client.get(change_url(item)))
    data["promised_limit_days"] = 10
    data[stage_field(item, "preliminary", "budget_days")] = 3
    response = client.post(change_url(item), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.promised_limit_days == 10
    assert item.stages.get(code="preliminary").budget_days == 3
    assert item.history.first().history_user == users.sysadmin


def test_a_plan_without_acceptance_first_is_refused_with_its_reason(client_for, users, item):
    client = client_for(users.sysadmin)
    data = change_form_data(client.get(change_url(item)))
    data[stage_field(item, "accept", "kind")] = "review"
    response = client.post(change_url(item), data)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        reason = translation.gettext("The first stage must be acceptance.")
    assert reason in response.content.decode()
    assert Stage.objects.get(item=item, code="accept").kind == "acceptance"


def test_deleting_the_decision_stage_is_refused(client_for, users, item):
    client = client_for(users.sysadmin)
    data = change_form_data(client.get(change_url(item)))
    data[stage_field(item, "decide", "DELETE")] = "on"
    data["name"] = "改名不应保存"
    response = client.post(change_url(item), data)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        reason = translation.gettext("A procedure has exactly one decision stage.")
    assert reason in response.content.decode()
    item.refresh_from_db()
    assert item.name == "建设项目用地预审"
    assert item.stages.filter(code="decide").exists()


def test_model_rules_show_on_the_field(client_for, users, item):
    client = client_for(users.sysadmin)
    data = change_form_data(client.get(change_url(item)))
    data["promised_limit_days"] = 25
    response = client.post(change_url(item), data)
    assert response.status_code == 200
    assert "promised_limit_days" in response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.promised_limit_days == 12


@pytest.mark.parametrize("username", ["clerk", "secadmin"])
def test_other_roles_are_refused_the_catalogue_admin(client_for, users, item, username):
    client = client_for(users[username])
    assert client.get(change_url(item)).status_code == 302  # to the admin login
    response = client.post(change_url(item), {"name": "篡改"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "建设项目用地预审"


def test_changelist_filters_and_search(client_for, users):
    client = client_for(users.sysadmin)
    url = reverse("admin:catalog_serviceitem_changelist")
    response = client.get(url + "?category__exact=licensing&level__exact=province&q=采矿")
    assert response.status_code == 200
    codes = {item.code for item in response.context["cl"].result_list}
    assert codes == {"CKXL", "CKYX", "CKBG", "CKZX", "KQZR"}


def test_add_and_history_pages_render(client_for, users, item):
    client = client_for(users.sysadmin)
    assert client.get(reverse("admin:catalog_serviceitem_add")).status_code == 200
    history = client.get(reverse("admin:catalog_serviceitem_history", args=[item.pk]))
    assert history.status_code == 200
