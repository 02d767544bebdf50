"""The forms of the penalty pages; each step's form feeds one service function."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.forms import StyledFormMixin
from xiaoneng.enforcement.choices import LandClass, PartyKind, ViolationType

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class FactsForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the violation"), widget=forms.Textarea(attrs={"rows": 2})
    )
    location = forms.CharField(label=_("Site of the violation"), max_length=200, required=False)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The evidence gathered (site survey record, interviews, photos, survey map)."),
    )
    area_m2 = forms.DecimalField(label=_("Area (m²)"), max_digits=12, decimal_places=2, min_value=0)
    land_class = forms.ChoiceField(label=_("Land class"), choices=LandClass.choices)
    restorable = forms.BooleanField(label=_("Can be restored"), required=False, initial=True)
    illegal_gains = forms.DecimalField(label=_("Illegal gains (yuan)"), **MONEY)
    repeat_offence = forms.BooleanField(label=_("Repeat offence"), required=False)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class OpenCaseForm(FactsForm):
    violation_type = forms.ChoiceField(label=_("Violation type"), choices=ViolationType.choices)
    discovered_on = forms.DateField(
        label=_("Discovered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    late_opening_reason = forms.CharField(
        label=_("Reason for opening late"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the case is opened after the filing limit."),
    )
    party_kind = forms.ChoiceField(label=_("Party type"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("Party"), max_length=200)
    id_number = forms.CharField(label=_("ID card number"), max_length=18, required=False)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=50, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    field_order = [
        "violation_type",
        "discovered_on",
        "late_opening_reason",
        "party_kind",
        "party_name",
        "id_number",
        "credit_code",
        "legal_representative",
        "phone",
        "address",
    ]


class NoticeForm(StyledFormMixin, forms.Form):
    fine = forms.DecimalField(label=_("Intended fine (yuan)"), **MONEY)
    justification = forms.CharField(
        label=_("Justification (required outside the benchmark range)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProposeForm(StyledFormMixin, forms.Form):
    fine = forms.DecimalField(
        label=_("Fine (yuan)"),
        required=False,
        help_text=_("Empty: the fine of the notice."),
        **MONEY,
    )
    justification = forms.CharField(
        label=_("Justification (required outside the benchmark range)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatementForm(StyledFormMixin, forms.Form):
    statement = forms.CharField(
        label=_("Statement and defence of the party"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExecutionForm(StyledFormMixin, forms.Form):
    amount_paid = forms.DecimalField(label=_("Amount paid (yuan)"), **MONEY)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class EmptyForm(forms.Form):
    pass
