"""Demo applicant accounts with online applications (password Demo@2026).

13800001001 (a person, accepted), 13800001002 (a person, notice of missing
materials open), demo-firm@example.com (an organisation, awaiting the
window). Everything goes through the services; a second run adds nothing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from xiaoneng.applicants import selectors, services
from xiaoneng.applicants.models import ApplicantProfile
from xiaoneng.cases import actions

DEMO_PASSWORD = "Demo@2026"  # noqa: S105  (published demo logins, as in the README)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACCOUNTS = [
    # username, kind, name, ID number or credit code, what the window did
    ("13800001001", "person", "马晓东", "640104198805120016", "accept"),
    ("13800001002", "person", "杨丽", "640105199203150025", "supplement"),
    ("demo-firm@example.com", "org", "宁夏塞上矿业有限公司", "91640100MA76XJ4T2L", ""),
]


def _valid(kind: str, identifier: str) -> str:
    """The identifier with its check character recomputed (demo numbers are made up)."""
    from xiaoneng.core.validators import credit_code_check_character, id_check_character

    check = id_check_character if kind == "person" else credit_code_check_character
    return identifier[:17] + check(identifier[:17])


@transaction.atomic
def seed_applicants() -> int:
    """Create the demo applicants and their applications; returns how many accounts were added."""
    from django.contrib.auth import get_user_model

    item = (
        selectors.online_items()
        .filter(level="province", materials__isnull=False)
        .distinct()
        .first()
    )
    if item is None:
        return 0
    clerk = get_user_model().objects.filter(username="clerk").first()
    added = 0
    for username, kind, name, identifier, outcome in ACCOUNTS:
        if ApplicantProfile.objects.filter(user__username=username).exists():
            continue
        identifier = _valid(kind, identifier)
        profile = services.register_applicant(
            username=username,
            name=name,
            password=DEMO_PASSWORD,
            kind=kind,
            id_number=identifier if kind == "person" else "",
            credit_code=identifier if kind == "org" else "",
        )
        materials = [
            (material, SimpleUploadedFile(f"material-{material.pk}.pdf", PDF))
            for material in item.materials.all()
        ]
        case, _code = services.submit_application(
            acting_user=profile.user,
            service_item=item,
            applicant={
                "phone": profile.phone or "13800001003",
                "address": "银川市金凤区正源北街1号",
                "title": f"{name}的申请",
                "legal_representative": "王建国" if kind == "org" else "",
            },
            materials=materials,
        )
        if clerk is not None and outcome == "accept":
            actions.do_accept(case, acting_user=clerk)
        elif clerk is not None and outcome == "supplement":
            actions.do_request_supplement(
                case, acting_user=clerk, missing=["土地权属证明材料", "法定代表人身份证明"]
            )
        added += 1
    return added
