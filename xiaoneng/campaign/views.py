"""The campaign's staff pages: tasks, checklists, problems and the ledger, study, checks, board.

Scope and role rules live in the services and selectors; a view only reads
the request, calls one of them and renders. Refusals: an object outside the
user's scope is a 404, the wrong role a 403, bad input a 400 and the wrong
state a 409 — each with the service's message on the page.
"""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xiaoneng.campaign import campaigns, discipline, exports, selectors, services, study
from xiaoneng.campaign.choices import (
    AnswerResult,
    FindingKind,
    GroupRole,
    PhaseKind,
    ProblemStatus,
    Severity,
    SubmissionKind,
)
from xiaoneng.campaign.models import (
    Campaign,
    DisciplineCheck,
    Finding,
    PhaseTask,
    Problem,
    StudySession,
    Submission,
)
from xiaoneng.core import clock
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role
from xiaoneng.org.models import StaffProfile, Unit
from xiaoneng.org.scope import authority_of, unit_filter

User = get_user_model()
OVERSIGHT = {"supervisor", "leader"}


# -- helpers ---------------------------------------------------------------------------


def _require_profile(user):
    return services.require_profile(user)


def _require_oversight(user) -> None:
    _require_profile(user)
    if not services.has_role(user, *OVERSIGHT):
        raise PermissionDenied(_("This page is for supervisors and leaders."))


def _campaign(user, pk) -> Campaign:
    _require_profile(user)
    found = Campaign.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such campaign."))
    return found


def _get(queryset, pk, message):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(message)
    return found


def _act(request, action, back: str):
    """Run ``action``; on bad input or state show the message with 400 / 409."""
    try:
        action()
    except ValidationError as error:
        return _refused(request, error.messages, back, 400)
    except TransitionError as error:
        return _refused(request, [str(error)], back, 409)
    messages.success(request, _("Saved."))
    return redirect(back)


def _refused(request, errors, back, status):
    return render(request, "campaign/refused.html", {"errors": errors, "back": back}, status=status)


def _int(value, field):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choose a valid entry.")}) from None


def _datetime(value, field):
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        raise ValidationError({field: _("Enter a valid date and time.")}) from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


# -- campaign ---------------------------------------------------------------------------


@login_required
def index(request):
    """The campaigns the user takes part in, and his own tasks in them."""
    _require_profile(request.user)
    user, today = request.user, clock.today()
    profile = user.profile
    campaign_list = list(Campaign.objects.visible_to(user))
    own_unit = Unit.objects.filter(pk=profile.unit_id)
    tasks = selectors.with_lights(
        PhaseTask.objects.filter(phase__campaign__in=campaign_list, unit__in=own_unit)
        .select_related("phase__campaign", "unit")
        .order_by("due_date"),
        today,
    )
    submissions = selectors.with_lights(
        Submission.objects.filter(campaign__in=campaign_list, unit=profile.unit).select_related(
            "campaign"
        ),
        today,
    )
    problems = selectors.with_lights(
        Problem.objects.visible_to(user)
        .filter(responsible=user)
        .exclude(status=ProblemStatus.CLOSED)
        .select_related("unit"),
        today,
    )
    sessions = (
        StudySession.objects.filter(campaign__in=campaign_list, audience=profile.unit)
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")[:5]
    )
    return render(
        request,
        "campaign/index.html",
        {
            "campaigns": campaign_list,
            "tasks": tasks,
            "submissions": submissions,
            "problems": problems,
            "sessions": sessions,
            "oversight": services.has_role(user, *OVERSIGHT),
            "findings": Finding.objects.filter(person=user).count(),
            "may_open": services.has_role(user, Role.LEADER),
        },
    )


@login_required
def detail(request, pk):
    campaign = _campaign(request.user, pk)
    today = clock.today()
    units = selectors.units_in_scope(request.user, campaign)
    # One query for the tasks of all phases (not one per phase).
    tasks = PhaseTask.objects.filter(phase__campaign=campaign).filter(
        Q(unit__isnull=True) | Q(unit__in=units)
    )
    by_phase = {}
    for task in selectors.with_lights(tasks.select_related("unit"), today):
        by_phase.setdefault(task.phase_id, []).append(task)
    phases = [(phase, by_phase.get(phase.pk, [])) for phase in campaign.phases.all()]
    submissions = selectors.with_lights(
        campaign.submissions.filter(unit__in=units).select_related("unit"), today
    )
    return render(
        request,
        "campaign/detail.html",
        {
            "campaign": campaign,
            "phases": phases,
            "group": selectors.leading_group(campaign),
            "rows": campaign.units.filter(unit__in=units).select_related("unit", "responsible"),
            "submissions": submissions,
            "today": today,
            "manager": campaigns.may_manage(request.user, campaign),
            "oversight": services.has_role(request.user, *OVERSIGHT),
            "unit_id": request.user.profile.unit_id,
            "kinds": SubmissionKind.choices,
            "roles": GroupRole.choices,
            "phase_kinds": PhaseKind.choices,
        },
    )


@login_required
@require_POST
def complete_task(request, pk):
    visible = PhaseTask.objects.filter(
        phase__campaign__in=Campaign.objects.visible_to(request.user)
    ).filter(Q(unit__isnull=True) | Q(unit__in=Unit.objects.visible_to(request.user)))
    task = _get(visible, pk, _("No such task."))
    back = f"/campaign/{task.phase.campaign_id}/"
    return _act(
        request,
        lambda: campaigns.complete_phase_task(
            task, acting_user=request.user, note=request.POST.get("note", "")
        ),
        back,
    )


@login_required
@require_POST
def submit_plan(request, pk):
    submission = _get(
        Submission.objects.filter(unit__in=Unit.objects.visible_to(request.user)),
        pk,
        _("No such submission."),
    )
    return _act(
        request,
        lambda: campaigns.submit(
            submission,
            acting_user=request.user,
            text=request.POST.get("text", ""),
            upload=request.FILES.get("file"),
        ),
        f"/campaign/{submission.campaign_id}/",
    )


def _date(value, field):
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise ValidationError({field: _("Enter a valid date.")}) from None


def _staff(username, field):
    user = User.objects.filter(username=(username or "").strip(), profile__isnull=False).first()
    if user is None:
        raise ValidationError({field: _("No such person.")})
    return user


@login_required
@require_POST
def manage(request, pk, action):
    """The leading group's forms: set a phase, add a task, request plans or ideas, seat a
    member, name a unit's responsible person (the services check the role)."""
    campaign = _campaign(request.user, pk)
    user, post = request.user, request.POST
    units = Unit.objects.filter(campaign_rows__campaign=campaign)

    def unit_or_none():
        if not post.get("unit"):
            return None
        return _get(units, _int(post["unit"], "unit"), _("No such unit."))

    def run():
        if action == "task":
            phase = _get(campaign.phases.all(), _int(post.get("phase"), "phase"), "")
            campaigns.add_phase_task(
                phase,
                acting_user=user,
                title=post.get("title"),
                issued_on=_date(post.get("issued_on"), "issued_on"),
                limit_days=post.get("limit_days"),
                unit=unit_or_none(),
                description=post.get("description", ""),
            )
        elif action == "phase":
            campaigns.set_phase(
                campaign,
                acting_user=user,
                kind=post.get("kind"),
                starts_on=_date(post.get("starts_on"), "starts_on"),
                ends_on=_date(post.get("ends_on"), "ends_on"),
                goals=post.get("goals", ""),
            )
        elif action == "request":
            campaigns.request_submissions(
                campaign,
                acting_user=user,
                kind=post.get("kind"),
                issued_on=_date(post.get("issued_on"), "issued_on"),
                limit_days=post.get("limit_days"),
            )
        elif action == "member":
            campaigns.set_group_member(
                campaign,
                acting_user=user,
                user=_staff(post.get("username"), "username"),
                role=post.get("role"),
                duty=post.get("duty", ""),
            )
        elif action == "responsible":
            unit = unit_or_none()
            if unit is None:
                raise ValidationError({"unit": _("Choose a unit.")})
            campaigns.set_unit_responsible(
                campaign,
                acting_user=user,
                unit=unit,
                responsible=_staff(post.get("username"), "username"),
            )
        else:
            raise Http404

    return _act(request, run, f"/campaign/{pk}/")


@login_required
def new_campaign(request):
    """A leader opens a campaign of his authority for the units in his scope."""
    if not services.has_role(request.user, Role.LEADER):
        raise PermissionDenied(_("Only a leader may open a campaign."))
    organiser = authority_of(request.user.profile.unit)
    units = Unit.objects.filter(unit_filter(request.user, prefix="")).order_by(
        "region__code", "sort_order", "code"
    )
    if request.method == "POST":
        post = request.POST

        def run():
            chosen = [
                _get(units, _int(pk, "units"), _("No such unit.")) for pk in post.getlist("units")
            ]
            return campaigns.create_campaign(
                acting_user=request.user,
                name=post.get("name"),
                organiser=organiser,
                starts_on=_date(post.get("starts_on"), "starts_on"),
                ends_on=_date(post.get("ends_on"), "ends_on"),
                units=chosen,
                description=post.get("description", ""),
                personal_checklists=bool(post.get("personal_checklists")),
            )

        try:
            campaign = run()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The campaign is open: now set its phases."))
            return redirect("campaign:detail", pk=campaign.pk)
    return render(request, "campaign/new.html", {"units": units, "organiser": organiser})


# -- checklists --------------------------------------------------------------------------


@login_required
def checklist(request, pk, personal=False):
    campaign = _campaign(request.user, pk)
    try:
        sheet = campaigns.open_checklist(
            campaign,
            acting_user=request.user,
            personal=personal,
            create=request.method == "POST",
        )
    except ValidationError as error:
        return _refused(request, error.messages, f"/campaign/{pk}/", 400)
    items = list(campaigns.active_items())
    if request.method == "POST":
        answers = {
            item.pk: (
                request.POST.get(f"result_{item.pk}"),
                request.POST.get(f"text_{item.pk}", ""),
                request.POST.get(f"severity_{item.pk}", Severity.MINOR),
            )
            for item in items
        }
        return _act(
            request,
            lambda: campaigns.submit_checklist(sheet, acting_user=request.user, answers=answers),
            request.path,
        )
    answers = {answer.item_id: answer for answer in sheet.answers.all()} if sheet.pk else {}
    return render(
        request,
        "campaign/checklist.html",
        {
            "campaign": campaign,
            "sheet": sheet,
            "rows": [(item, answers.get(item.pk)) for item in items],
            "results": AnswerResult.choices,
            "severities": Severity.choices,
            "oversight": services.has_role(request.user, *OVERSIGHT),
        },
    )


# -- problems and the ledger --------------------------------------------------------------


# The ledger and the checks page by fifty (the ledger's Excel export has every row).
LIST_PAGE_SIZE = 50

# Lazy: the headers are translated per request, not once at import.
LEDGER_COLUMNS = [
    exports.Column(gettext_lazy("Number"), lambda p: p.number),
    exports.Column(gettext_lazy("Unit"), lambda p: str(p.unit)),
    exports.Column(gettext_lazy("Problem area"), lambda p: str(p.get_area_display())),
    exports.Column(gettext_lazy("Severity"), lambda p: str(p.get_severity_display())),
    exports.Column(gettext_lazy("Source"), lambda p: str(p.get_source_kind_display())),
    exports.Column(gettext_lazy("Problem"), lambda p: p.title),
    exports.Column(gettext_lazy("Measures"), lambda p: p.measures),
    exports.Column(
        gettext_lazy("Responsible"),
        lambda p: p.responsible.get_full_name() if p.responsible else "",
    ),
    exports.Column(gettext_lazy("Raised on"), lambda p: p.raised_on),
    exports.Column(gettext_lazy("Due"), lambda p: p.due_date),
    exports.Column(gettext_lazy("Status"), lambda p: str(p.get_status_display())),
    exports.Column(gettext_lazy("Closed on"), lambda p: p.closed_on),
]


@login_required
def ledger(request):
    """The rectification ledger (整改台账) of the units in scope; ``?unit=`` narrows to one."""
    _require_profile(request.user)
    unit_ids = None
    units = Unit.objects.visible_to(request.user).filter(campaign_problems__isnull=False)
    units = units.distinct().order_by("region__code", "sort_order", "code")
    if request.GET.get("unit"):
        try:
            unit_ids = [_int(request.GET["unit"], "unit")]
        except ValidationError as error:
            return _refused(request, error.messages, "/campaign/problems/", 400)
    rows = selectors.ledger(request.user, unit_ids)
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(
            filename="rectification-ledger.xlsx",
            title=_("Rectification ledger"),
            columns=LEDGER_COLUMNS,
            rows=rows.iterator(chunk_size=exports.CHUNK),
        )
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_lights(page, clock.today())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaign/ledger.html",
        {
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "units": units,
            "unit": request.GET.get("unit", ""),
        },
    )


@login_required
def problem(request, pk):
    _require_profile(request.user)
    found = _get(
        Problem.objects.visible_to(request.user).select_related("unit", "responsible"),
        pk,
        _("No such problem."),
    )
    (found,) = selectors.with_lights([found], clock.today())
    candidates = StaffProfile.objects.filter(unit=found.unit).select_related("user")
    return render(
        request,
        "campaign/problem.html",
        {
            "problem": found,
            "reports": found.reports.select_related("author"),
            "verifications": found.verifications.select_related("verified_by"),
            "candidates": candidates,
            "supervisor": services.has_role(request.user, "supervisor"),
        },
    )


@login_required
@require_POST
def problem_action(request, pk, action):
    found = _get(Problem.objects.visible_to(request.user), pk, _("No such problem."))
    user, post = request.user, request.POST

    def run():
        if action == "plan":
            responsible = None
            if post.get("responsible"):
                responsible = User.objects.filter(pk=_int(post["responsible"], "responsible"))
                responsible = responsible.first()
            services.plan_rectification(
                found, acting_user=user, measures=post.get("measures"), responsible=responsible
            )
        elif action == "report":
            services.report_progress(
                found,
                acting_user=user,
                text=post.get("text"),
                final=post.get("final") == "on",
                evidence=request.FILES.get("evidence"),
            )
        elif action == "verify":
            services.verify_rectification(
                found,
                acting_user=user,
                passed=post.get("passed") == "yes",
                reason=post.get("reason", ""),
            )
        else:
            raise Http404

    return _act(request, run, f"/campaign/problems/{pk}/")


# -- study ------------------------------------------------------------------------------


@login_required
def sessions(request, pk):
    campaign = _campaign(request.user, pk)
    visible = StudySession.objects.visible_to(request.user).filter(campaign=campaign)
    units = selectors.units_in_scope(request.user, campaign)
    held = visible.filter(starts_at__lte=timezone.now())
    profiles = StaffProfile.objects.filter(pk=request.user.profile.pk).select_related("user")
    if services.has_role(request.user, *OVERSIGHT):
        profiles = (
            StaffProfile.objects.filter(unit__in=units, user__is_active=True)
            .select_related("user", "unit")
            .order_by("unit__sort_order", "staff_no")
        )
    return render(
        request,
        "campaign/sessions.html",
        {
            "campaign": campaign,
            "sessions": visible.prefetch_related("audience").order_by("starts_at"),
            "unit_rates": study.unit_rates(held, units),
            "person_rates": study.person_rates(held, profiles),
            "manager": campaigns.may_manage(request.user, campaign),
            "audience_units": units,
            "oversight": services.has_role(request.user, *OVERSIGHT),
        },
    )


@login_required
def session(request, pk):
    _require_profile(request.user)
    found = _get(
        StudySession.objects.visible_to(request.user).prefetch_related("audience", "materials"),
        pk,
        _("No such study session."),
    )
    organiser = found.organiser_id == request.user.pk
    attendances = found.attendances.select_related("person", "unit")
    if not organiser:
        attendances = attendances.filter(person=request.user)
    return render(
        request,
        "campaign/session.html",
        {"session": found, "organiser": organiser, "attendances": attendances},
    )


@login_required
@require_POST
def session_action(request, pk, action):
    found = _get(StudySession.objects.visible_to(request.user), pk, _("No such study session."))
    user, post = request.user, request.POST

    def attendance():
        return _get(found.attendances.all(), _int(post.get("attendance"), "attendance"), "")

    def run():
        if action == "sign-in":
            study.sign_in(found, acting_user=user)
        elif action == "leave":
            study.request_leave(found, acting_user=user, reason=post.get("reason"))
        elif action == "confirm":
            study.confirm_attendance(attendance(), acting_user=user)
        elif action == "decide":
            study.decide_leave(attendance(), acting_user=user, approve=post.get("approve") == "yes")
        elif action == "material":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": _("Choose a file.")})
            study.add_material(found, acting_user=user, title=post.get("title"), upload=upload)
        else:
            raise Http404

    return _act(request, run, f"/campaign/sessions/{pk}/")


@login_required
@require_POST
def schedule(request, pk):
    campaign = _campaign(request.user, pk)
    post = request.POST

    def run():
        audience_ids = [_int(value, "audience") for value in post.getlist("audience")]
        audience = Unit.objects.filter(pk__in=audience_ids)
        study.schedule_session(
            campaign,
            acting_user=request.user,
            topic=post.get("topic"),
            speaker=post.get("speaker"),
            starts_at=_datetime(post.get("starts_at"), "starts_at"),
            ends_at=_datetime(post.get("ends_at"), "ends_at"),
            place=post.get("place"),
            audience=audience,
        )

    return _act(request, run, f"/campaign/{pk}/sessions/")


# -- work-discipline checks ------------------------------------------------------------------


@login_required
def checks(request):
    """Supervisors and leaders: the checks of their region; supervisors record new ones."""
    _require_oversight(request.user)
    rows = (
        DisciplineCheck.objects.visible_to(request.user)
        .select_related("unit", "checked_by")
        .prefetch_related("findings__person")
    )
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    units = Unit.objects.visible_to(request.user).order_by("region__code", "sort_order")
    supervisor = services.has_role(request.user, "supervisor")
    # Whom a finding may name: the staff of the units in scope, by staff number.
    staff = (
        StaffProfile.objects.visible_to(request.user).select_related("user", "unit")
        if supervisor
        else StaffProfile.objects.none()
    )
    return render(
        request,
        "campaign/checks.html",
        {
            "rows": page,
            "page": page,
            "units": units,
            "staff": staff,
            "kinds": FindingKind.choices,
            "supervisor": supervisor,
        },
    )


@login_required
@require_POST
def record_check(request):
    _require_oversight(request.user)
    post = request.POST

    def run():
        unit = _get(Unit.objects.visible_to(request.user), _int(post.get("unit"), "unit"), "")
        findings = []
        for username, kind, text in zip(
            post.getlist("person"), post.getlist("kind"), post.getlist("description"), strict=False
        ):
            if not username.strip():
                continue
            # By staff number (as on the staff badge), or by user name.
            wanted = username.strip()
            person = (
                User.objects.filter(
                    Q(profile__staff_no__iexact=wanted) | Q(username=wanted),
                    profile__isnull=False,
                )
                .order_by("pk")
                .first()
            )
            if person is None:
                raise ValidationError({"person": _("No such person.")})
            findings.append((person, kind, text))
        discipline.record_check(
            acting_user=request.user,
            unit=unit,
            checked_at=_datetime(post.get("checked_at"), "checked_at"),
            findings=findings,
            notes=post.get("notes", ""),
            evidence=request.FILES.get("evidence"),
        )

    return _act(request, run, "/campaign/checks/")


@login_required
def findings(request):
    """The person's own findings, with the form to explain them."""
    _require_profile(request.user)
    rows = Finding.objects.filter(person=request.user).select_related("check_row__unit")
    return render(request, "campaign/findings.html", {"rows": rows})


@login_required
@require_POST
def explain(request, pk):
    finding = _get(Finding.objects.visible_to(request.user), pk, _("No such finding."))
    return _act(
        request,
        lambda: discipline.explain_finding(
            finding, acting_user=request.user, explanation=request.POST.get("explanation")
        ),
        "/campaign/findings/",
    )


# -- the leaders' board ----------------------------------------------------------------------


@login_required
def board(request, pk):
    _require_oversight(request.user)
    campaign = _campaign(request.user, pk)
    today = clock.today()
    figures = selectors.board(request.user, campaign, today)
    return render(
        request,
        "campaign/board.html",
        {
            "campaign": campaign,
            "board": figures,
            "chart": figures.chart_data(),
            "current": selectors.current_phase(campaign, today),
        },
    )


@login_required
def summary_pdf(request, pk):
    _require_oversight(request.user)
    campaign = _campaign(request.user, pk)
    from xiaoneng.campaign.report import render_summary

    figures = selectors.board(request.user, campaign, clock.today())
    response = HttpResponse(render_summary(figures), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="campaign-summary.pdf"'
    return response
