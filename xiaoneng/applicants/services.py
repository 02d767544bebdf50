"""State changes of the applicant side: accounts, online applications, supplements.

Each runs in one transaction and writes one audit event; the case itself
changes only through ``xiaoneng.cases.actions`` (its event log records it).
"""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.applicants.models import QUERY_CODE, ApplicantProfile, QueryCode
from xiaoneng.cases import actions
from xiaoneng.cases.choices import ApplicantKind
from xiaoneng.cases.scope import user_roles
from xiaoneng.cases.selectors import staff_of
from xiaoneng.catalog.choices import Category
from xiaoneng.core import audit, codes
from xiaoneng.core.masking import mask_identifier, mask_phone
from xiaoneng.core.validators import is_mobile, validate_credit_code, validate_id_number
from xiaoneng.org.choices import Role
from xiaoneng.org.scope import authority_of
from xiaoneng.supervision.choices import NotificationKind
from xiaoneng.supervision.notifications import notify


def normalize_username(username: str) -> tuple[str, str, str]:
    """(username, phone, e-mail) from a mobile number or an e-mail address, or ValidationError."""
    username = (username or "").strip()
    if is_mobile(username):
        return username, username, ""
    try:
        validate_email(username)
    except ValidationError:
        raise ValidationError(
            {"username": _("Enter a mobile phone number (11 digits) or an e-mail address.")}
        ) from None
    email = username.lower()
    return email, "", email


@transaction.atomic
def register_applicant(
    *,
    username: str,
    name: str,
    password: str,
    kind: str,
    id_number: str = "",
    credit_code: str = "",
    request=None,
) -> ApplicantProfile:
    """Create an applicant account: no staff profile, no role, only the portal."""
    User = get_user_model()
    errors = {}
    try:
        username, phone, email = normalize_username(username)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        phone = email = ""
    else:
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("An account with this phone number or e-mail exists.")]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Enter the name of the person or organisation.")]
    id_number = (id_number or "").strip().upper()
    credit_code = (credit_code or "").strip().upper()
    try:
        if kind == ApplicantKind.PERSON:
            validate_id_number(id_number)
            credit_code = ""
        elif kind == ApplicantKind.ORG:
            validate_credit_code(credit_code)
            id_number = ""
        else:
            errors["kind"] = [_("Choose a natural person or an organisation.")]
    except ValidationError as exc:
        errors["id_number" if kind == ApplicantKind.PERSON else "credit_code"] = exc.messages
    candidate = User(username=username, first_name=name[:150], email=email)
    try:
        password_validation.validate_password(password or "", user=candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_user(username, email=email, password=password, first_name=name[:150])
    profile = ApplicantProfile.objects.create(
        user=user,
        kind=kind,
        name=name,
        id_number=id_number,
        credit_code=credit_code,
        phone=phone,
        email=email,
    )
    audit.record(
        "applicants.registered",
        actor=user,
        target=profile,
        new={
            "username": mask_phone(username) if phone else username,
            "kind": kind,
            "identifier": mask_identifier(profile.identifier),
        },
        request=request,
    )
    return profile


def applicant_of(user) -> ApplicantProfile:
    """The applicant profile of a logged-in applicant account, else PermissionDenied."""
    profile = getattr(user, "applicant", None) if user.is_authenticated else None
    if profile is None or getattr(user, "profile", None) is not None:
        raise PermissionDenied(_("This page is for applicant accounts."))
    return profile


@transaction.atomic
def submit_application(
    *,
    acting_user,
    service_item,
    applicant: dict,
    materials,
    authority=None,
    request=None,
    now=None,
):
    """Submit an online application; returns (case, query code) — the code is shown once.

    With an account the identity is the account's (kind, name, ID number or
    credit code); a one-off application (``acting_user`` None) gives its own.
    """
    applicant = dict(applicant)
    if acting_user is not None:
        profile = applicant_of(acting_user)
        applicant.update(
            applicant_kind=profile.kind,
            applicant_name=profile.name,
            id_number=profile.id_number,
            credit_code=profile.credit_code,
        )
    case = actions.do_submit_online(
        acting_user=acting_user,
        service_item=service_item,
        authority=authority,
        materials=materials,
        now=now,
        **applicant,
    )
    code = codes.new_code()
    QueryCode.objects.create(case=case, code_hash=codes.keyed_hash(code, context=QUERY_CODE))
    _tell_the_window(
        case,
        key=f"online:{case.pk}",
        title=_("Online application {number}").format(number=case.number),
        body=_(
            "{item}, {applicant}: accept it, or list every missing material in one notice, "
            "within 5 working days."
        ).format(item=service_item.name, applicant=case.applicant_name),
    )
    audit.record(
        "applicants.submitted",
        actor=acting_user,
        target=case,
        new={
            "number": case.number,
            "item": service_item.code,
            "authority": case.authority.code,
            "one_off": acting_user is None,
            "materials": case.event_count - 1,
        },
        request=request,
    )
    return case, code


@transaction.atomic
def submit_supplement(case, *, acting_user, files, request=None, now=None):
    """Upload the materials listed by the case's open notice of missing materials."""
    applicant_of(acting_user)
    rows = actions.do_supplement_online(case, acting_user=acting_user, files=files, now=now)
    _tell_the_window(
        case,
        key=f"supplemented:{case.pk}:{rows[0].pk}",
        title=_("Materials supplemented online on case {number}").format(number=case.number),
        body="、".join(row.name for row in rows),
    )
    audit.record(
        "applicants.supplemented",
        actor=acting_user,
        target=case,
        new={"number": case.number, "materials": [row.name for row in rows]},
        request=request,
    )
    return rows


def _tell_the_window(case, *, key: str, title: str, body: str) -> None:
    """Notify the clerks of the case's authority (they accept, or ask for materials) of
    what an applicant did online: in-app, then e-mail/SMS after commit, once per ``key``."""
    notify(
        list(staff_of(case.authority, Role.CLERK)),
        kind=NotificationKind.CASE,
        key=key,
        title=title,
        body=body,
        url=reverse("cases:detail", args=[case.number]),
    )


def may_issue_query_code(user, case) -> bool:
    """A clerk (the window) of the case's deciding authority, for an application: a penalty
    case is opened by the authority against a party, not applied for (no progress lookup)."""
    profile = getattr(user, "profile", None)
    return (
        case.service_item.category != Category.PENALTY
        and user.is_authenticated
        and user.is_active
        and profile is not None
        and Role.CLERK.value in user_roles(user)
        and authority_of(profile.unit) == case.authority
    )


@transaction.atomic
def issue_query_code(case, *, acting_user, request=None) -> str:
    """Issue the case's query code at the window; returns it (shown once, on the slip).

    A case registered at the window has none until the clerk issues one; an
    applicant who lost his (online or window) gets a new one, and the old
    code stops working. Only the code's keyed hash is kept.
    """
    if not may_issue_query_code(acting_user, case):
        raise PermissionDenied(
            _("Only a window clerk of the case's authority issues its query code.")
        )
    code = codes.new_code()
    _stored, created = QueryCode.objects.update_or_create(
        case=case,
        defaults={
            "code_hash": codes.keyed_hash(code, context=QUERY_CODE),
            "created_at": timezone.now(),
        },
    )
    audit.record(
        "applicants.query_code_issued",
        actor=acting_user,
        target=case,
        new={"number": case.number, "reissued": not created},
        request=request,
    )
    return code
