"""Forms of the complaint portal and of the staff's actions.

The forms only collect input; the services validate it against the rules
and their ValidationError dicts are put back on the form fields.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from xiaoneng.campaign.choices import ProblemArea
from xiaoneng.core.forms import StyledFormMixin
from xiaoneng.feedback import services
from xiaoneng.feedback.choices import (
    AppealDecision,
    ApplicantView,
    Finding,
    SubjectKind,
    Verdict,
    VisitMethod,
)


class ComplaintForm(StyledFormMixin, forms.Form):
    subject_kind = forms.ChoiceField(
        label=_("The complaint is about"), choices=SubjectKind.choices, widget=forms.RadioSelect
    )
    unit = forms.CharField(
        label=_("Unit code"),
        max_length=32,
        required=False,
        help_text=_("As shown in the staff directory, e.g. NX-DLR-USE."),
    )
    staff = forms.CharField(
        label=_("Staff number"),
        max_length=20,
        required=False,
        help_text=_("The number on the staff member's badge."),
    )
    case = forms.CharField(label=_("Case number"), max_length=40, required=False)
    area = forms.ChoiceField(label=_("Problem area"), choices=ProblemArea.choices)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    anonymous = forms.BooleanField(
        label=_("Complain anonymously (you will not be contacted)"), required=False
    )
    name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("One PDF, JPEG or PNG file."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_kind"].widget.attrs["class"] = "form-check-input"


class TrackForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=20)
    code = forms.CharField(
        label=_("Secret code"), max_length=20, widget=forms.PasswordInput(render_value=False)
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class TextForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class EmptyForm(forms.Form):
    pass


class FindingForm(StyledFormMixin, forms.Form):
    finding = forms.ChoiceField(label=_("Finding"), choices=Finding.choices)
    text = forms.CharField(label=_("Findings in detail"), widget=forms.Textarea(attrs={"rows": 4}))


class OrderForm(StyledFormMixin, forms.Form):
    instruction = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))
    limit_days = forms.IntegerField(
        label=_("Limit (working days)"), min_value=1, max_value=60, initial=10
    )


class VerifyForm(StyledFormMixin, forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for an invalid rating."),
    )


class FixForm(StyledFormMixin, forms.Form):
    fix = forms.CharField(label=_("What was fixed"), widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label=_("Answer to the applicant"), widget=forms.Textarea(attrs={"rows": 3})
    )


class VisitForm(StyledFormMixin, forms.Form):
    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(label=_("Method"), choices=VisitMethod.choices)
    view = forms.ChoiceField(label=_("Applicant's view"), choices=ApplicantView.choices)
    note = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=AppealDecision.choices)
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


# Staff actions: name → (label, form class, call(obj, user, data), who may see it).
COMPLAINT_ACTIONS = {
    "accept": (
        _("Accept"),
        EmptyForm,
        lambda obj, user, data: services.accept_complaint(obj, acting_user=user),
    ),
    "decline": (
        _("Decline"),
        ReasonForm,
        lambda obj, user, data: services.decline_complaint(
            obj, acting_user=user, reason=data["reason"]
        ),
    ),
    "note": (
        _("Add an investigation note"),
        TextForm,
        lambda obj, user, data: services.add_investigation_note(
            obj, acting_user=user, text=data["text"]
        ),
    ),
    "finding": (
        _("Record the finding"),
        FindingForm,
        lambda obj, user, data: services.record_finding(
            obj, acting_user=user, finding=data["finding"], text=data["text"]
        ),
    ),
    "reply": (
        _("Reply to the complainant"),
        TextForm,
        lambda obj, user, data: services.reply_complaint(obj, acting_user=user, text=data["text"]),
    ),
    "order": (
        _("Issue a supervision order"),
        OrderForm,
        lambda obj, user, data: services.order_on_complaint(
            obj, acting_user=user, instruction=data["instruction"], limit_days=data["limit_days"]
        ),
    ),
}

RECTIFICATION_ACTIONS = {
    "verify": (
        _("Verify the bad rating"),
        VerifyForm,
        lambda obj, user, data: services.verify_rectification(
            obj, acting_user=user, valid=data["verdict"] == Verdict.VALID, reason=data["reason"]
        ),
    ),
    "fix": (
        _("Record the rectification and answer"),
        FixForm,
        lambda obj, user, data: services.record_fix(
            obj, acting_user=user, fix=data["fix"], answer=data["answer"]
        ),
    ),
    "visit": (
        _("Record the return visit"),
        VisitForm,
        lambda obj, user, data: services.record_return_visit(
            obj,
            acting_user=user,
            visited_on=data["visited_on"],
            method=data["method"],
            view=data["view"],
            note=data["note"],
        ),
    ),
    "review": (
        _("Review the appeal"),
        ReviewForm,
        lambda obj, user, data: services.review_appeal(
            obj,
            acting_user=user,
            overturn=data["decision"] == AppealDecision.OVERTURNED,
            reason=data["reason"],
        ),
    ),
}
