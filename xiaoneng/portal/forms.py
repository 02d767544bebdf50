"""The results list's filters: a service item and a range of months of receipt."""

import calendar
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.catalog.choices import Category
from xiaoneng.catalog.models import ServiceItem


class MonthField(forms.CharField):
    """A month as the browser's ``<input type="month">`` sends it: YYYY-MM."""

    widget = forms.TextInput(attrs={"type": "month", "class": "form-control"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from None


class ResultFilterForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Service item"),
        # Penalty decisions are published on their own page, not as results.
        queryset=ServiceItem.objects.active().exclude(category=Category.PENALTY).order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All items"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = MonthField(label=_("Received from (month)"), required=False)
    end = MonthField(label=_("Received to (month)"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if end is not None:
            # The end month is included to its last day.
            data["end"] = end.replace(day=calendar.monthrange(end.year, end.month)[1])
        if start and data.get("end") and start > data["end"]:
            raise forms.ValidationError(_("The first month must not be after the last."))
        return data
