"""Forms of the staff workbench: list filters, window registration, one form per action.

The forms only type the input (a number, a date, a choice); the actions in
``actions.py`` decide what is required and allowed, and their
``ValidationError`` lands on the form field of the same name. The UI and the
API therefore refuse exactly the same things with the same messages.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiaoneng.cases import actions, selectors
from xiaoneng.cases.choices import (
    OPEN_STATUSES,
    PENALTY_DECIDED,
    PENALTY_STATUS_LABELS,
    ApplicantKind,
    Channel,
    DecisionResult,
    PauseKind,
    Status,
)
from xiaoneng.cases.models import KeyProject
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.forms import StyledFormMixin
from xiaoneng.workdays.choices import Light


class RadioFormMixin(StyledFormMixin):
    """StyledFormMixin, with radio buttons styled as Bootstrap checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.RadioSelect:
                field.widget.attrs["class"] = "form-check-input"


def apply_errors(form, exc: ValidationError, fallback: str | None = None) -> None:
    """Put an action's ValidationError on the form: by field, else on ``fallback``."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else fallback, errors)
    else:
        form.add_error(fallback, exc)


# -- lists ---------------------------------------------------------------------


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Number or applicant"), required=False, max_length=60)
    item = forms.ModelChoiceField(
        label=_("Service item"),
        queryset=ServiceItem.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All items"),
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    light = forms.ChoiceField(
        label=_("Light"), required=False, choices=[("", _("All lights")), *Light.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    green = forms.BooleanField(label=_("Green channel only"), required=False)

    def __init__(self, *args, open_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages"))] + [
            (name, name) for name in selectors.stage_names()
        ]
        statuses = []
        for status in Status:
            if not open_only or status in OPEN_STATUSES:
                statuses.append((status.value, status.label))
            if status == Status.APPROVED:
                statuses.append((PENALTY_DECIDED, PENALTY_STATUS_LABELS[status]))
        self.fields["status"].choices = [("", _("All statuses")), *statuses]
        self.fields["q"].widget.attrs.update(
            placeholder=_("Case number or applicant name"), autocomplete="off"
        )
        # HTMX reloads the table when one of these changes (the text box: as typed).
        for name in ["item", "stage", "light", "status", "green"]:
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} xn-filter-choice".strip()


# -- window registration -------------------------------------------------------


class RegisterForm(RadioFormMixin, forms.Form):
    """Register an application at the window (``actions.do_submit`` validates)."""

    service_item = forms.ModelChoiceField(
        label=_("Service item"),
        queryset=ServiceItem.objects.none(),
        to_field_name="code",
        empty_label=_("Choose the service item"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        initial=Channel.WINDOW,
        widget=forms.RadioSelect,
    )
    applicant_kind = forms.ChoiceField(
        label=_("Applicant type"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(label=_("Applicant name"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("ID card number"),
        max_length=18,
        required=False,
        help_text=_("18 characters; the last one is a check character (GB 11643)."),
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("18 characters; the last one is a check character (GB 32100)."),
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=50, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    title = forms.CharField(label=_("Project or subject"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity (for fees per unit)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    key_project = forms.ModelChoiceField(
        label=_("Key project (green channel)"),
        queryset=KeyProject.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_("None"),
    )

    # Required by the action (an ID number for a person, a credit code for an
    # organisation); the form only marks them.
    required_marks = ("service_item", "applicant_name", "id_number", "credit_code", "phone")

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_item"].queryset = (
            ServiceItem.objects.active().filter(level=authority.region.level).order_by("code")
        )
        for name in self.required_marks:
            self.fields[name].show_required = True
        live = {
            "id_number": "cases:check_id_number",
            "credit_code": "cases:check_credit_code",
        }
        for name, url_name in live.items():
            # HTMX checks the check character as the clerk types; only the
            # feedback's content is swapped, never the input (the caret stays
            # put) nor the live region (screen readers announce the change).
            self.fields[name].live_url = url_name
            self.fields[name].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "maxlength": "18",
                    "hx-post": reverse(url_name),
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": f"#id_{name}_error",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                    "aria-describedby": f"id_{name}_error",
                }
            )
        self.fields["phone"].widget.input_type = "tel"

    def submit(self, user):
        data = self.cleaned_data
        return actions.do_submit(
            acting_user=user,
            service_item=data["service_item"],
            channel=data["channel"],
            applicant_kind=data["applicant_kind"],
            applicant_name=data["applicant_name"],
            id_number=data["id_number"],
            credit_code=data["credit_code"],
            legal_representative=data["legal_representative"],
            phone=data["phone"],
            address=data["address"],
            title=data["title"],
            quantity=data["quantity"],
            key_project=data["key_project"],
        )


# -- actions ---------------------------------------------------------------------


class ActionForm(RadioFormMixin, forms.Form):
    """One action of the case's action panel: its fields and the call."""

    action = ""
    label = ""
    icon = "check2"
    button = "btn-primary"
    success = _("Done.")
    confirm = ""  # a question asked before posting (static/js/cases.js)
    multipart = False
    error_fallback: str | None = None  # where an error without a field goes

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.case = case

    def perform(self, user):
        raise NotImplementedError

    def run(self, user) -> bool:
        """Call the action; on a ValidationError keep its messages on the form."""
        try:
            self.perform(user)
        except ValidationError as exc:
            apply_errors(self, exc, self.error_fallback)
            return False
        return True


def _text(label, rows=3, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class AcceptForm(ActionForm):
    action = "accept"
    label = _("Accept the application")
    icon = "check2-circle"
    button = "btn-success"
    success = _("The application has been accepted; the notice of acceptance is issued.")

    def perform(self, user):
        actions.do_accept(self.case, acting_user=user)


class SupplementForm(ActionForm):
    action = "request_supplement"
    label = _("One-time notice of missing materials")
    icon = "list-check"
    button = "btn-warning"
    success = _("The notice of missing materials has been issued.")
    missing = forms.MultipleChoiceField(
        label=_("Missing materials"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other = _text(_("Other missing materials (one per line)"))
    note = _text(_("Note to the applicant"), rows=2)

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = [(name, name) for name in materials]

    def perform(self, user):
        listed = list(self.cleaned_data["missing"])
        listed += [line.strip() for line in self.cleaned_data["other"].splitlines()]
        actions.do_request_supplement(
            self.case, acting_user=user, missing=listed, note=self.cleaned_data["note"]
        )


class RefuseForm(ActionForm):
    action = "refuse"
    label = _("Refuse to accept")
    icon = "x-octagon"
    button = "btn-outline-danger"
    success = _("The decision not to accept has been issued.")
    confirm = _("Refuse this application? The decision not to accept will be issued.")
    reason = _text(_("Reason"))
    legal_basis = _text(_("Legal basis"), rows=2)

    def perform(self, user):
        data = self.cleaned_data
        actions.do_refuse(
            self.case, acting_user=user, reason=data["reason"], legal_basis=data["legal_basis"]
        )


def _handler_label(user) -> str:
    return f"{user.get_full_name() or user.get_username()} · {user.profile.unit.name}"


class AssignForm(ActionForm):
    action = "assign"
    label = _("Assign the handler")
    icon = "person-check"
    button = "btn-outline-primary"
    success = _("The handler has been assigned.")
    handler = forms.ModelChoiceField(
        label=_("Handler"), queryset=None, required=False, empty_label=_("Choose a handler")
    )

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = _handler_label
        if self.case.handler_id and not self.is_bound:
            self.initial["handler"] = self.case.handler_id

    def perform(self, user):
        actions.do_assign(self.case, acting_user=user, handler=self.cleaned_data["handler"])


class AdvanceForm(ActionForm):
    action = "advance"
    label = _("Forward to the next stage")
    icon = "arrow-right-circle"
    success = _("The case has been forwarded to the next stage.")
    opinion = _text(_("Opinion"), rows=4)

    def perform(self, user):
        actions.do_advance(self.case, acting_user=user, opinion=self.cleaned_data["opinion"])


class SendBackForm(ActionForm):
    action = "send_back"
    label = _("Send back to the previous stage")
    icon = "arrow-left-circle"
    button = "btn-outline-secondary"
    success = _("The case has been sent back.")
    reason = _text(_("Reason"))

    def perform(self, user):
        actions.do_send_back(self.case, acting_user=user, reason=self.cleaned_data["reason"])


class PauseForm(ActionForm):
    action = "pause"
    label = _("Pause the clock")
    icon = "pause-circle"
    button = "btn-outline-secondary"
    success = _("The clock is paused; the notice of the pause is issued.")
    kind = forms.ChoiceField(
        label=_("Kind of pause"),
        required=False,
        choices=[("", _("Choose the kind")), *PauseKind.choices],
    )
    reason = _text(_("Reason"))

    def perform(self, user):
        data = self.cleaned_data
        actions.do_pause(self.case, acting_user=user, kind=data["kind"], reason=data["reason"])


class ResumeForm(ActionForm):
    action = "resume"
    label = _("Resume the clock")
    icon = "play-circle"
    button = "btn-outline-primary"
    success = _("The clock runs again.")

    def perform(self, user):
        actions.do_resume(self.case, acting_user=user)


class ExtensionForm(ActionForm):
    action = "request_extension"
    label = _("Request an extension")
    icon = "calendar-plus"
    button = "btn-outline-secondary"
    success = _("The extension has been requested from the approver.")
    days = forms.IntegerField(label=_("Working days"), required=False)
    reason = _text(_("Reason"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap = self.case.rules.get("max_extension_days", 10)
        self.fields["days"].widget.attrs.update(min=1, max=cap)
        self.fields["days"].help_text = _("At most {cap} working days, once (Art. 42).").format(
            cap=cap
        )

    def perform(self, user):
        data = self.cleaned_data
        actions.do_request_extension(
            self.case, acting_user=user, days=data["days"], reason=data["reason"]
        )


class ApproveExtensionForm(ActionForm):
    action = "approve_extension"
    label = _("Approve the extension")
    icon = "calendar-check"
    button = "btn-success"
    success = _("The extension has been approved; the notice of extension is issued.")
    note = _text(_("Note"), rows=2)

    def perform(self, user):
        actions.do_approve_extension(self.case, acting_user=user, note=self.cleaned_data["note"])


class RejectExtensionForm(ActionForm):
    action = "reject_extension"
    label = _("Reject the extension")
    icon = "calendar-x"
    button = "btn-outline-danger"
    success = _("The extension has been rejected.")
    note = _text(_("Note"), rows=2)

    def perform(self, user):
        actions.do_reject_extension(self.case, acting_user=user, note=self.cleaned_data["note"])


class DecideForm(ActionForm):
    action = "decide"
    label = _("Decide")
    icon = "hammer"
    success = _("The decision has been issued.")
    confirm = _("Issue this decision? It cannot be changed afterwards.")
    result = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=DecisionResult.choices,
        widget=forms.RadioSelect,
    )
    reason = _text(_("Reasons (required for a denial)"))

    def perform(self, user):
        data = self.cleaned_data
        actions.do_decide(self.case, acting_user=user, result=data["result"], reason=data["reason"])


class CompleteForm(ActionForm):
    action = "complete"
    label = _("Issue the licence and complete")
    icon = "patch-check"
    button = "btn-success"
    success = _("The case is completed.")
    confirm = _("Issue the licence and close the case?")
    fee_charged = forms.DecimalField(
        label=_("Fee charged (yuan)"), required=False, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_charged"].initial = self.case.fee_due

    def perform(self, user):
        actions.do_complete(
            self.case, acting_user=user, fee_charged=self.cleaned_data["fee_charged"]
        )


class WithdrawForm(ActionForm):
    action = "withdraw"
    label = _("Record a withdrawal")
    icon = "box-arrow-left"
    button = "btn-outline-danger"
    success = _("The withdrawal has been recorded.")
    confirm = _("Record that the applicant withdraws this application?")
    reason = _text(_("Applicant's reason"))

    def perform(self, user):
        actions.do_withdraw(self.case, acting_user=user, reason=self.cleaned_data["reason"])


class AttachMaterialForm(ActionForm):
    action = "attach_material"
    label = _("Add a material")
    icon = "paperclip"
    button = "btn-outline-secondary"
    success = _("The material has been added.")
    multipart = True
    error_fallback = "file"
    material = forms.ModelChoiceField(
        label=_("Required material"), queryset=None, required=False, empty_label=_("Other")
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Empty: the name of the required material."),
    )
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG or PNG; the type is checked by content.")
    )

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = materials
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def perform(self, user):
        data = self.cleaned_data
        name = data["name"] or (data["material"].name if data["material"] else "")
        actions.do_attach_material(
            self.case, acting_user=user, name=name, file=data["file"], material=data["material"]
        )


ACTION_FORMS = {
    form.action: form
    for form in [
        AcceptForm,
        SupplementForm,
        RefuseForm,
        AssignForm,
        AdvanceForm,
        SendBackForm,
        PauseForm,
        ResumeForm,
        ExtensionForm,
        ApproveExtensionForm,
        RejectExtensionForm,
        DecideForm,
        CompleteForm,
        WithdrawForm,
        AttachMaterialForm,
    ]
}
