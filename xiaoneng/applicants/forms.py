"""Forms of the applicant pages; the rules themselves live in the services and actions."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from xiaoneng.cases.choices import ApplicantKind
from xiaoneng.cases.files import ALLOWED_TYPES
from xiaoneng.core.forms import StyledFormMixin
from xiaoneng.org.choices import UnitKind
from xiaoneng.org.models import Unit

ACCEPT = ",".join([*ALLOWED_TYPES, ".jpeg"])
AUTHORITY_KINDS = [UnitKind.DEPARTMENT, UnitKind.BUREAU, UnitKind.BRANCH]


def _upload(label, required=True, help_text=""):
    return forms.FileField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ApplicantLoginForm(StyledFormMixin, AuthenticationForm):
    """The portal's login: applicant accounts only (staff use the staff site)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The phone number / e-mail or the password is wrong. After 5 failures within 30 "
            "minutes the account is locked for 30 minutes."
        ),
        "not_applicant": _("This is a staff account: log in on the staff site."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Mobile phone or e-mail")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        return username.lower() if "@" in username else username

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if getattr(user, "applicant", None) is None or getattr(user, "profile", None) is not None:
            raise forms.ValidationError(self.error_messages["not_applicant"], code="not_applicant")


class RegisterForm(StyledFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Mobile phone or e-mail"),
        max_length=150,
        help_text=_("You log in with it."),
    )
    kind = forms.ChoiceField(label=_("Applicant type"), choices=ApplicantKind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("A person's name or the organisation's name.")
    )
    id_number = forms.CharField(
        label=_("ID card number"), max_length=18, required=False, help_text=_("Natural persons.")
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("Organisations."),
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ApplicationForm(StyledFormMixin, forms.Form):
    """One online application: applicant (one-off only), subject, one upload per material."""

    applicant_kind = forms.ChoiceField(label=_("Applicant type"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("Applicant"), max_length=200)
    id_number = forms.CharField(
        label=_("ID card number"), max_length=18, required=False, help_text=_("Natural persons.")
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("Organisations."),
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=50, required=False
    )
    phone = forms.CharField(label=_("Contact phone"), max_length=30)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    title = forms.CharField(label=_("Project or subject"), max_length=200, required=False)
    authority = forms.ModelChoiceField(
        label=_("Deciding department or bureau"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        required=False,
    )

    IDENTITY = ("applicant_kind", "applicant_name", "id_number", "credit_code")

    def __init__(self, *args, item, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if profile is not None:
            # An account applies with its own verified identity.
            for name in self.IDENTITY:
                del self.fields[name]
            self.fields["phone"].initial = profile.phone
        authorities = Unit.objects.filter(
            kind__in=AUTHORITY_KINDS, region__level=item.level, is_active=True
        ).order_by("sort_order", "code")
        if len(authorities) > 1:
            self.fields["authority"].queryset = authorities
            self.fields["authority"].required = True
        else:
            del self.fields["authority"]
        self.materials = list(item.materials.all())
        for material in self.materials:
            field = _upload(material.name, required=material.required, help_text=material.note)
            field.widget.attrs["class"] = "form-control"  # added after the mixin styled the rest
            self.fields[self.material_field(material)] = field

    @staticmethod
    def material_field(material) -> str:
        return f"material_{material.pk}"

    def applicant_fields(self) -> dict:
        names = [*self.IDENTITY, "legal_representative", "phone", "address", "title"]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def material_files(self) -> list:
        return [
            (material, self.cleaned_data.get(self.material_field(material)))
            for material in self.materials
        ]

    def material_bound_fields(self):
        return [self[self.material_field(material)] for material in self.materials]

    def identity_bound_fields(self):
        return [
            self[name] for name in [*self.IDENTITY, "legal_representative"] if name in self.fields
        ]


class SupplementForm(StyledFormMixin, forms.Form):
    """One upload per material the notice listed as missing."""

    def __init__(self, *args, missing: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = missing
        for index, name in enumerate(missing):
            field = _upload(name, required=False)
            field.widget.attrs["class"] = "form-control"
            self.fields[f"file_{index}"] = field

    def files_given(self) -> list:
        return [
            (f"file_{index}", name, self.cleaned_data.get(f"file_{index}"))
            for index, name in enumerate(self.missing)
        ]


class ProgressForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    code = forms.CharField(
        label=_("Query code"),
        max_length=32,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Given once: on submitting online, or on the slip from the window."),
    )


class RateForm(StyledFormMixin, forms.Form):
    moment = forms.ChoiceField(label=_("Moment"), choices=())
    level = forms.TypedChoiceField(label=_("Your rating"), coerce=int, choices=())
    comment = forms.CharField(
        label=_("Comment"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, moments, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moment"].choices = moments
        self.fields["level"].choices = levels
