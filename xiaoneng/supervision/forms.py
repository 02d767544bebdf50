"""Forms of the supervisors' pages: issuing cards and orders, appeals, replies.

The forms only type the input (a choice among the case's own staff and
units, a number, a text); the actions in ``services.py`` decide what is
required and allowed, and their ``ValidationError`` lands on the form field
of the same name (``cases.forms.apply_errors``). The pages and the API
therefore refuse the same things with the same messages.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from xiaoneng.cases.forms import RadioFormMixin
from xiaoneng.cases.scope import BUSINESS_ROLES
from xiaoneng.org.models import Unit
from xiaoneng.supervision.choices import CardColor, CardStatus
from xiaoneng.supervision.services import MAX_ORDER_DAYS, authority_unit_ids, person_name


def _text(label, rows=3, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _person(user) -> str:
    name = person_name(user)
    profile = getattr(user, "profile", None)
    return f"{name} · {profile.unit.name}" if profile is not None else name


def staff_of_authority(authority):
    """Active staff with a business role in the authority and its offices, by unit."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=BUSINESS_ROLES,
            profile__unit_id__in=authority_unit_ids(authority),
        )
        .select_related("profile__unit")
        .distinct()
        .order_by("profile__unit__sort_order", "profile__staff_no")
    )


def units_of_authority(authority, user=None):
    """The authority and its offices (those in the user's scope, when a user is given)."""
    units = Unit.objects.filter(pk__in=authority_unit_ids(authority), is_active=True)
    if user is not None:
        units = units.visible_to(user)
    return units.order_by("sort_order", "code")


class _RequiredMarks:
    """Mark the fields the action requires (the action, not the form, checks them)."""

    required_marks: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_marks:
            self.fields[name].show_required = True


class CardIssueForm(_RequiredMarks, RadioFormMixin, forms.Form):
    """A supervisor's card on a case (``services.issue_card``)."""

    color = forms.ChoiceField(
        label=_("Card colour"),
        required=False,
        choices=[c for c in CardColor.choices if c[0] != CardColor.NONE],
        initial=CardColor.YELLOW,
        widget=forms.RadioSelect,
    )
    reason = _text(_("Reason"), rows=4)
    carded_user = forms.ModelChoiceField(
        label=_("Carded person"),
        queryset=None,
        required=False,
        empty_label=_("Nobody (a card to the unit)"),
    )
    carded_unit = forms.ModelChoiceField(
        label=_("Carded unit"),
        queryset=None,
        required=False,
        empty_label=_("No unit"),
        help_text=_(
            "Name the person, the unit, or both; both must belong to the case's authority."
        ),
    )

    required_marks = ("color", "reason")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carded_user"].queryset = staff_of_authority(case.authority)
        self.fields["carded_user"].label_from_instance = _person
        self.fields["carded_unit"].queryset = units_of_authority(case.authority)
        if not self.is_bound and case.handler_id is not None:
            self.initial["carded_user"] = case.handler_id


class OrderIssueForm(_RequiredMarks, RadioFormMixin, forms.Form):
    """A supervision order on a case or one of its alerts (``services.issue_order``)."""

    unit = forms.ModelChoiceField(
        label=_("Ordered unit"), queryset=None, required=False, empty_label=_("Choose the unit")
    )
    handler = forms.ModelChoiceField(
        label=_("Handler (optional)"),
        queryset=None,
        required=False,
        empty_label=_("The unit (its leader is told)"),
    )
    instruction = _text(_("Instruction"), rows=4)
    limit_days = forms.IntegerField(
        label=_("Limit (working days)"),
        required=False,
        initial=5,
        help_text=_("1 to {max} working days, counted from the day after today.").format(
            max=MAX_ORDER_DAYS
        ),
    )
    alert = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    required_marks = ("unit", "instruction", "limit_days")

    def __init__(self, *args, case, user, alerts, alert=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_of_authority(case.authority, user)
        self.fields["handler"].queryset = staff_of_authority(case.authority)
        self.fields["handler"].label_from_instance = _person
        self.fields["alert"].queryset = alerts
        self.fields["limit_days"].widget.attrs.update(min=1, max=MAX_ORDER_DAYS)
        if not self.is_bound:
            self.initial["unit"] = case.unit_id
            if alert is not None:
                self.initial["alert"] = alert.pk
                self.initial["handler"] = alert.handler_id

    def clean(self):
        data = super().clean()
        if not self.has_error("unit") and data.get("unit") is None:
            # The action needs a unit object to check; this is its one required input.
            self.add_error("unit", _("Choose the unit to order."))
        return data


class AppealForm(_RequiredMarks, RadioFormMixin, forms.Form):
    """The carded person's appeal (``services.appeal_card``)."""

    reason = _text(_("Reasons of the appeal"), rows=4)

    required_marks = ("reason",)


class DecideAppealForm(_RequiredMarks, RadioFormMixin, forms.Form):
    """A supervisor's decision on an appeal (``services.decide_appeal``)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CardStatus.UPHELD, _("Uphold the card (reject the appeal)")),
            (CardStatus.REVOKED, _("Revoke the card (grant the appeal)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to uphold or to revoke the card.")},
    )
    reason = _text(_("Reasons of the decision"), rows=4)

    required_marks = ("reason",)


class OrderReplyForm(_RequiredMarks, RadioFormMixin, forms.Form):
    """The ordered unit's reply (``services.reply_order``)."""

    reply = _text(_("What was done"), rows=4)

    required_marks = ("reply",)


class OrderCloseForm(_RequiredMarks, RadioFormMixin, forms.Form):
    """A supervisor accepts the reply (``services.close_order``)."""

    note = _text(_("Assessment of the reply"), rows=3)

    required_marks = ("note",)


class OrderReopenForm(_RequiredMarks, RadioFormMixin, forms.Form):
    """A supervisor finds the reply insufficient (``services.reopen_order``)."""

    reason = _text(_("Why the order is reopened"), rows=3)
    limit_days = forms.IntegerField(
        label=_("New limit (working days)"),
        required=False,
        help_text=_("Empty: the order's own limit, counted from the day after today."),
    )

    required_marks = ("reason",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["limit_days"].widget.attrs.update(min=1, max=MAX_ORDER_DAYS)
