from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.org import services
from xiaoneng.org.forms import EditAccountForm, NewAccountForm, PasswordResetForm, StaffSearchForm
from xiaoneng.org.models import StaffProfile, Unit

PAGE_SIZE = 30
MANAGE = "org.manage_accounts"


def _require_profile(user):
    if not hasattr(user, "profile"):
        raise PermissionDenied(_("This account has no staff profile."))


def _filter_staff(profiles, form):
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            profiles = profiles.filter(
                Q(user__first_name__icontains=query)
                | Q(user__username__iexact=query)
                | Q(staff_no__iexact=query)
            )
        if form.cleaned_data["unit"]:
            profiles = profiles.filter(unit=form.cleaned_data["unit"])
    return profiles


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def unit_list(request):
    _require_profile(request.user)
    units = Unit.objects.visible_to(request.user).select_related("region", "parent")
    return render(request, "org/unit_list.html", {"units": units})


@login_required
def staff_list(request):
    _require_profile(request.user)
    units = Unit.objects.visible_to(request.user)
    form = StaffSearchForm(request.GET or None, units=units)
    profiles = StaffProfile.objects.visible_to(request.user).select_related(
        "user", "unit", "unit__region"
    )
    page = Paginator(_filter_staff(profiles, form), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "org/staff_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


def _locked_usernames(usernames) -> set[str]:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def account_list(request):
    units = services.manageable_units(request.user)
    form = StaffSearchForm(request.GET or None, units=units)
    profiles = (
        services.manageable_profiles(request.user)
        .select_related("user", "unit", "unit__region")
        .prefetch_related("user__groups")
    )
    page = Paginator(_filter_staff(profiles, form), PAGE_SIZE).get_page(request.GET.get("page"))
    locked = _locked_usernames([profile.user.username for profile in page])
    return render(
        request,
        "org/account_list.html",
        {"form": form, "page": page, "locked": locked, "query": _query_without_page(request)},
    )


def _apply_service(form, call) -> bool:
    """Run a service call; put its validation errors on the form."""
    try:
        call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


@login_required
@permission_required(MANAGE, raise_exception=True)
def account_create(request):
    units = services.manageable_units(request.user)
    form = NewAccountForm(request.POST or None, units=units, initial={"shown_in_public": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply_service(
            form,
            lambda: services.create_staff_account(
                acting_user=request.user,
                username=data["username"],
                full_name=data["full_name"],
                unit=data["unit"],
                staff_no=data["staff_no"],
                roles=data["roles"],
                password=data["password"],
                title=data["title"],
                duties=data["duties"],
                phone=data["phone"],
                shown_in_public=data["shown_in_public"],
                request=request,
            ),
        ):
            messages.success(request, _("The account has been created."))
            return redirect("org:account_edit", staff_no=data["staff_no"])
    return render(request, "org/account_form.html", {"form": form, "profile": None})


def _managed_profile(request, staff_no) -> StaffProfile:
    profile = get_object_or_404(
        StaffProfile.objects.select_related("user", "unit"), staff_no=staff_no
    )
    if not services.manageable_profiles(request.user).filter(pk=profile.pk).exists():
        raise PermissionDenied(_("This account is outside your region."))
    return profile


@login_required
@permission_required(MANAGE, raise_exception=True)
def account_edit(request, staff_no):
    profile = _managed_profile(request, staff_no)
    user = profile.user
    initial = {
        "full_name": user.first_name,
        "unit": profile.unit,
        "title": profile.title,
        "duties": profile.duties,
        "phone": profile.phone,
        "shown_in_public": profile.shown_in_public,
        "is_active": user.is_active,
        "roles": [role.value for role in profile.roles],
    }
    units = services.manageable_units(request.user)
    form = EditAccountForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            services.update_staff_account(
                profile,
                acting_user=request.user,
                full_name=data["full_name"],
                is_active=data["is_active"],
                roles=data["roles"],
                unit=data["unit"],
                title=data["title"],
                duties=data["duties"],
                phone=data["phone"],
                shown_in_public=data["shown_in_public"],
                request=request,
            )

        if _apply_service(form, save):
            messages.success(request, _("The account has been saved."))
            return redirect("org:account_edit", staff_no=staff_no)
    return render(
        request,
        "org/account_form.html",
        {
            "form": form,
            "profile": profile,
            "password_form": PasswordResetForm(),
            "locked": bool(_locked_usernames([user.username])),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def account_password(request, staff_no):
    profile = _managed_profile(request, staff_no)
    form = PasswordResetForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply_service(
            form,
            lambda: services.set_password(
                profile, form.cleaned_data["password"], acting_user=request.user, request=request
            ),
        )
    ):
        messages.success(request, _("The password has been reset."))
        return redirect("org:account_edit", staff_no=staff_no)
    return render(request, "org/account_password.html", {"form": form, "profile": profile})


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def account_unlock(request, staff_no):
    profile = _managed_profile(request, staff_no)
    services.unlock_account(profile, acting_user=request.user, request=request)
    messages.success(request, _("The account has been unlocked."))
    return redirect("org:account_edit", staff_no=staff_no)
