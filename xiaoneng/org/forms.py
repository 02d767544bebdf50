from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.forms import StyledFormMixin
from xiaoneng.org.choices import Role
from xiaoneng.org.models import Unit


class StaffSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name, username or staff number"), required=False, max_length=50)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AccountForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Post"), max_length=50, required=False)
    duties = forms.CharField(
        label=_("Duties"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label=_("Office phone"), max_length=30, required=False)
    shown_in_public = forms.BooleanField(
        label=_("Shown in the public staff directory"), required=False
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An administrator duty cannot be combined with any other role."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.select_related("region")


class NewAccountForm(AccountForm):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[a-z][a-z0-9_.]{2,29}$",
        error_messages={
            "invalid": _(
                "3–30 characters: lower-case letters, digits, dot or underscore, "
                "starting with a letter."
            )
        },
    )
    staff_no = forms.RegexField(
        label=_("Staff number"),
        regex=r"^[A-Z0-9]{2,20}$",
        error_messages={"invalid": _("2–20 upper-case letters or digits.")},
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    field_order = ["username", "full_name", "staff_no", "unit", "title", "password"]


class EditAccountForm(AccountForm):
    is_active = forms.BooleanField(label=_("Account active"), required=False)


class PasswordResetForm(StyledFormMixin, forms.Form):
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
