"""The assessment pages' forms: they check input only; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.assessment.choices import ObjectionOutcome
from xiaoneng.core.forms import StyledFormMixin

REASON = {"max_length": 2000, "widget": forms.Textarea(attrs={"rows": 3})}


class ComputeForm(StyledFormMixin, forms.Form):
    """Compute a period of a scheme: 2026-Q3, 2026-07 or 2026."""

    scheme = forms.ModelChoiceField(label=_("Scoring scheme"), queryset=None, empty_label=None)
    label = forms.RegexField(
        label=pgettext_lazy("assessment", "Period"),
        regex=r"^\d{4}(-[Qq][1-4]|-(0[1-9]|1[0-2]))?$",
        max_length=10,
        help_text=_("A quarter (2026-Q3), a month (2026-07) or a year (2026)."),
        error_messages={"invalid": _("Enter a period as 2026-Q3, 2026-07 or 2026.")},
    )

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes

    def clean_label(self) -> str:
        return self.cleaned_data["label"].upper()


class ReasonForm(StyledFormMixin, forms.Form):
    """A recomputation or an unpublication: an explicit act with a reason."""

    reason = forms.CharField(label=_("Reason"), **REASON)


class ManualScoreForm(StyledFormMixin, forms.Form):
    """Points of one indicator for one subject, entered by an assessor with a reason."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None, empty_label=None)
    subject = forms.TypedChoiceField(label=_("Assessed"), coerce=int)
    points = forms.DecimalField(
        label=_("Points"), max_digits=7, decimal_places=2, min_value=Decimal("0")
    )
    reason = forms.CharField(label=_("Reason"), **REASON)

    def __init__(self, *args, indicators, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["subject"].choices = subjects

    def clean(self):
        data = super().clean()
        indicator, points = data.get("indicator"), data.get("points")
        if indicator is not None and points is not None and points > indicator.weight:
            self.add_error(
                "points",
                _("At most {weight} points for this indicator.").format(weight=indicator.weight),
            )
        return data


class ObjectionForm(StyledFormMixin, forms.Form):
    """An objection (异议) to a score, or to one of its indicators."""

    item = forms.TypedChoiceField(label=_("Objection to"), coerce=int, required=False)
    reason = forms.CharField(label=_("Grounds of the objection"), **REASON)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("The score as a whole"))] + [
            (item.pk, item.definition.get("name", "")) for item in items
        ]
        self.fields["item"].empty_value = None


class AnswerForm(StyledFormMixin, forms.Form):
    """The assessor's answer: dismissed, or adjusted with the indicator's new points."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=ObjectionOutcome.choices)
    answer = forms.CharField(label=_("Answer and reasons"), **REASON)
    points = forms.DecimalField(
        label=_("New points of the indicator"),
        required=False,
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=_("Only when the score is adjusted."),
    )
