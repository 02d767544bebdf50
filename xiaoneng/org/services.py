"""Actions on staff accounts: the security administrator's duty.

Every function here is one transaction: it checks the acting user's
permission and scope, writes the change and appends one audit event.
"""

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.core import audit
from xiaoneng.org.models import StaffProfile, Unit
from xiaoneng.org.roles import is_staff_for, validate_role_set
from xiaoneng.org.scope import unit_filter

MANAGE = "org.manage_accounts"
User = get_user_model()


def manageable_profiles(acting_user):
    """Staff accounts ``acting_user`` may manage: his region and every region below."""
    return StaffProfile.objects.filter(
        unit_filter(acting_user, prefix="unit__", region_perm=MANAGE)
    )


def manageable_units(acting_user):
    return Unit.objects.filter(unit_filter(acting_user, prefix="", region_perm=MANAGE))


def _check_manager(acting_user, *, unit=None, profile=None):
    if not acting_user.has_perm(MANAGE):
        raise PermissionDenied(_("Only the security administrator manages accounts."))
    if unit is not None and not manageable_units(acting_user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("This unit is outside your region."))
    if profile is not None:
        if profile.user_id == acting_user.pk:
            raise PermissionDenied(_("Nobody may change his own account or roles."))
        if not manageable_profiles(acting_user).filter(pk=profile.pk).exists():
            raise PermissionDenied(_("This account is outside your region."))


def _validate_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from None


def _role_names(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def _apply_roles(user, roles) -> None:
    validate_role_set(roles)
    user.groups.set(Group.objects.filter(name__in=[str(role) for role in roles]))
    staff = is_staff_for(roles)
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def create_staff_account(
    *,
    acting_user,
    username: str,
    full_name: str,
    unit: Unit,
    staff_no: str,
    roles,
    password: str,
    title: str = "",
    duties: str = "",
    phone: str = "",
    shown_in_public: bool = True,
    request=None,
) -> StaffProfile:
    """Open an account with its staff profile and roles."""
    _check_manager(acting_user, unit=unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    if StaffProfile.objects.filter(staff_no=staff_no).exists():
        raise ValidationError({"staff_no": _("This staff number is taken.")})
    validate_role_set(roles)
    user = User(username=username, first_name=full_name)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    profile = StaffProfile.objects.create(
        user=user,
        unit=unit,
        staff_no=staff_no,
        title=title,
        duties=duties,
        phone=phone,
        shown_in_public=shown_in_public,
    )
    _apply_roles(user, roles)
    audit.record(
        "org.account_created",
        actor=acting_user,
        target=profile,
        new={
            "username": username,
            "unit": unit.code,
            "staff_no": staff_no,
            "roles": _role_names(user),
        },
        request=request,
    )
    return profile


PROFILE_FIELDS = ("unit", "title", "duties", "phone", "shown_in_public")


@transaction.atomic
def update_staff_account(
    profile: StaffProfile,
    *,
    acting_user,
    full_name: str,
    is_active: bool,
    roles=None,
    request=None,
    **fields,
) -> bool:
    """Change name, roles, unit, post, duties, phone, badge flag or active state.

    ``roles`` None leaves the roles alone. Returns False (and writes nothing)
    when nothing changed.
    """
    profile = (
        StaffProfile.objects.select_for_update().select_related("user", "unit").get(pk=profile.pk)
    )
    _check_manager(acting_user, profile=profile)
    if "unit" in fields:
        _check_manager(acting_user, unit=fields["unit"])
    user = profile.user
    old, new = {}, {}
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise TypeError(name)
        if getattr(profile, name) != value:
            old[name] = str(getattr(profile, name))
            new[name] = str(value)
            setattr(profile, name, value)
    user_changes = []
    if user.first_name != full_name:
        old["full_name"], new["full_name"] = user.first_name, full_name
        user.first_name = full_name
        user_changes.append("first_name")
    if user.is_active != is_active:
        old["is_active"], new["is_active"] = user.is_active, is_active
        user.is_active = is_active
        user_changes.append("is_active")
    if roles is not None:
        validate_role_set(roles)
        old_roles, new_roles = _role_names(user), sorted(str(role) for role in roles)
        if old_roles != new_roles:
            old["roles"], new["roles"] = old_roles, new_roles
            _apply_roles(user, roles)
    if not old:
        return False
    profile_changes = [name for name in PROFILE_FIELDS if name in new]
    if profile_changes:
        profile.save(update_fields=profile_changes)
    if user_changes:
        user.save(update_fields=user_changes)
    audit.record(
        "org.account_changed", actor=acting_user, target=profile, old=old, new=new, request=request
    )
    return True


@transaction.atomic
def set_password(profile: StaffProfile, password: str, *, acting_user, request=None) -> None:
    """Give an account a new (temporary) password."""
    profile = StaffProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    _check_manager(acting_user, profile=profile)
    _validate_password(password, profile.user)
    profile.user.set_password(password)
    profile.user.save(update_fields=["password"])
    audit.record("org.password_reset", actor=acting_user, target=profile, request=request)


@transaction.atomic
def unlock_account(profile: StaffProfile, *, acting_user, request=None) -> int:
    """Lift a django-axes lockout before its 30 minutes are over."""
    _check_manager(acting_user, profile=profile)
    count = axes_reset(username=profile.user.get_username())
    audit.record(
        "org.account_unlocked",
        actor=acting_user,
        target=profile,
        new={"attempts_cleared": count},
        request=request,
    )
    return count
