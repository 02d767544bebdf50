import pytest

from xiaoneng.portal.demo import ANNOUNCEMENTS, POLICIES, seed_portal
from xiaoneng.portal.models import Announcement, PolicyDocument

pytestmark = pytest.mark.django_db


def test_seed_portal_is_idempotent():
    assert seed_portal() == {"announcements": len(ANNOUNCEMENTS), "policies": len(POLICIES)}
    assert seed_portal() == {"announcements": 0, "policies": 0}
    assert Announcement.objects.published().count() == 5
    assert PolicyDocument.objects.published().count() == 6
    assert PolicyDocument.objects.filter(title="中华人民共和国土地管理法").get().document_number
