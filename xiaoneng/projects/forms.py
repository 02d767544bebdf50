from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.forms import StyledFormMixin
from xiaoneng.projects.choices import ServiceKind


class ServiceForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)


class LandForm(StyledFormMixin, forms.Form):
    hectares = forms.DecimalField(
        label=_("Approved land (hectares)"), max_digits=12, decimal_places=4, min_value=0
    )
    farmland_hectares = forms.DecimalField(
        label=_("Of which farmland (hectares)"),
        max_digits=12,
        decimal_places=4,
        min_value=0,
        required=False,
    )
