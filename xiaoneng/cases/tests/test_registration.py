"""Bad applicant data and bad files are refused with a message; nothing is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case, CaseMaterial
from xiaoneng.cases.testing import CREDIT_CODE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_invalid_id_number_is_refused(submit):
    with pytest.raises(ValidationError) as error:
        submit(id_number="110105194912310021")
    assert "id_number" in error.value.message_dict
    assert not Case.objects.exists()


def test_organisation_needs_a_valid_credit_code(submit):
    with pytest.raises(ValidationError) as error:
        submit(
            applicant_kind="org",
            applicant_name="宁夏某矿业有限公司",
            credit_code="91350100M000100Y44",
        )
    assert "credit_code" in error.value.message_dict
    case = submit(
        applicant_kind="org", applicant_name="宁夏某矿业有限公司", credit_code=CREDIT_CODE
    )
    assert case.credit_code == CREDIT_CODE
    assert case.id_number == ""


def test_only_clerks_register(submit, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        submit(acting_user=users.handler)


def test_pdf_material_is_stored_with_its_hash(submit, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = submit()
    upload = SimpleUploadedFile("申请书.pdf", PDF)
    row = actions.do_attach_material(case, acting_user=users.clerk, name="申请书", file=upload)
    assert row.content_type == "application/pdf"
    import hashlib

    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (tmp_path / row.file.name).read_bytes() == PDF
    case.refresh_from_db()
    assert case.events.last().kind == "material_added"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a Windows program named .pdf
        ("scan.pdf", b"<html><script>alert(1)</script></html>"),
        ("empty.pdf", b""),
    ],
)
def test_disguised_files_are_refused(submit, users, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    case = submit()
    with pytest.raises(ValidationError, match="文件内容"):
        actions.do_attach_material(
            case, acting_user=users.clerk, name="申请书", file=SimpleUploadedFile(name, content)
        )
    assert not CaseMaterial.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_png_named_pdf_is_kept_as_png(submit, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = submit()
    row = actions.do_attach_material(
        case, acting_user=users.clerk, name="身份证", file=SimpleUploadedFile("id.pdf", PNG)
    )
    assert row.content_type == "image/png"


def test_oversized_file_is_refused(submit, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CASE_MATERIAL_MAX_BYTES = 1024
    case = submit()
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError, match="超过"):
        actions.do_attach_material(case, acting_user=users.clerk, name="申请书", file=big)
    assert not CaseMaterial.objects.exists()


def test_case_numbers_stay_unique_in_the_database(submit):
    """The number's uniqueness is a constraint of Meta (no pattern-ops index): still enforced."""
    from django.db import IntegrityError, transaction

    case = submit()
    values = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}
    values["id"] = None
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(**values)
    assert Case.objects.filter(number=case.number).count() == 1
