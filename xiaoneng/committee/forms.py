from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.committee.choices import Choice
from xiaoneng.core.forms import StyledFormMixin


class ScheduleForm(StyledFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=100)


class AddItemForm(StyledFormMixin, forms.Form):
    case = forms.CharField(label=_("Case number"), max_length=40)


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Members present"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (m.user_id, f"{m.user.get_full_name() or m.user} ({m.get_role_display()})")
            for m in seats
        ]


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Vote"),
        choices=Choice.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    opinion = forms.CharField(
        label=_("Opinion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you declare a conflict of interest."),
    )
