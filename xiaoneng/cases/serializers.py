"""The shapes of cases on the API, and of what each action takes.

Input serializers check shapes and types only (a list of strings, an
integer, one of a few words); every rule of substance — who may act, in
which state, which ID numbers are valid, how long an extension may be — is
the action's, so the API, the workbench and the admin refuse the same
things with the same message.

Personal data (DESIGN.md §2): ID card numbers, credit codes, phones and
addresses are masked (6401**********1234) everywhere except in the
representation of one case for a user who handles it — who may take an
action on it now, or is its assigned handler. Lists are always masked: a
queue needs the name, not the ID number, and a list is what gets exported
and cached.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xiaoneng.cases.choices import ApplicantKind, Channel, DecisionResult, PauseKind
from xiaoneng.cases.models import Case, CaseEvent, CaseMaterial, Document, Pause
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.masking import mask_address, mask_identifier, mask_phone


class StrictCharField(serializers.CharField):
    """A CharField that takes only JSON strings (DRF would turn 5 into "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# -- output --------------------------------------------------------------------

NULLABLE_STRING = {"type": "string", "nullable": True}


# Output ``kind`` fields are plain strings beside their ``kind_display``: an
# enum there would share the name "kind" with the request enums and with the
# catalogue's, which drf-spectacular can only name with a warning.


class CaseApplicantSerializer(serializers.Serializer):
    """The applicant of a case, masked unless the context says ``unmasked``."""

    kind = serializers.CharField(source="applicant_kind", help_text="person | org")
    name = serializers.CharField(source="applicant_name")
    id_number = serializers.SerializerMethodField()
    credit_code = serializers.SerializerMethodField()
    legal_representative = serializers.CharField()
    phone = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    def _shown(self, value: str, masker=mask_identifier) -> str:
        return value if self.context.get("unmasked") else masker(value)

    @extend_schema_field(OpenApiTypes.STR)
    def get_id_number(self, case) -> str:
        return self._shown(case.id_number)

    @extend_schema_field(OpenApiTypes.STR)
    def get_credit_code(self, case) -> str:
        return self._shown(case.credit_code)

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, case) -> str:
        return self._shown(case.phone, mask_phone)

    @extend_schema_field(OpenApiTypes.STR)
    def get_address(self, case) -> str:
        return self._shown(case.address, mask_address)


class CaseSerializer(serializers.ModelSerializer):
    """A case as lists show it (personal data masked)."""

    service_item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    service_item_name = serializers.CharField(source="service_item.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    stage = serializers.SerializerMethodField(help_text=_("Name of the current stage."))
    stage_code = serializers.SerializerMethodField()
    stage_kind = serializers.SerializerMethodField()
    applicant = CaseApplicantSerializer(source="*", read_only=True)
    handler = serializers.SlugRelatedField(slug_field="username", read_only=True)
    green_channel = serializers.BooleanField(read_only=True)
    # A plain string: the request of ``decide`` names the same choices "result".
    decision_result = serializers.CharField(read_only=True, help_text="approve | deny | empty")

    class Meta:
        model = Case
        fields = [
            "number",
            "service_item",
            "service_item_name",
            "title",
            "status",
            "status_display",
            "stage",
            "stage_code",
            "stage_kind",
            "channel",
            "applicant",
            "handler",
            "received_on",
            "accepted_on",
            "due_date",
            "statutory_due_date",
            "remaining_workdays",
            "statutory_remaining_workdays",
            "light",
            "unconfirmed",
            "clock_state",
            "extension_status",
            "extension_days",
            "green_channel",
            "fee_due",
            "fee_charged",
            "decision_result",
            "decision_number",
        ]
        read_only_fields = fields

    def _stage(self, case, key):
        stage = case.stage
        return stage[key] if stage else None

    @extend_schema_field(NULLABLE_STRING)
    def get_stage(self, case) -> str | None:
        return self._stage(case, "name")

    @extend_schema_field(NULLABLE_STRING)
    def get_stage_code(self, case) -> str | None:
        return self._stage(case, "code")

    @extend_schema_field(NULLABLE_STRING)
    def get_stage_kind(self, case) -> str | None:
        return self._stage(case, "kind")


class CaseEventSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    data = serializers.JSONField(
        read_only=True, help_text=_("Details of the event (internal users only).")
    )

    class Meta:
        model = CaseEvent
        fields = ["seq", "kind", "kind_display", "at", "actor_name", "stage_name", "data"]
        read_only_fields = fields

    def to_representation(self, event):
        representation = super().to_representation(event)
        if not self.context.get("internal"):
            # Opinions, notes and names of officers are internal (PUBLIC_EVENTS).
            representation.pop("data")
        return representation


class CasePauseSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Pause
        fields = ["kind", "kind_display", "reason", "start", "end"]
        read_only_fields = fields


class CaseDocumentSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Document
        fields = ["kind", "kind_display", "number", "issued_on"]
        read_only_fields = fields


class CaseMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseMaterial
        fields = ["name", "content_type", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    """One case with its record and the actions the requesting user may take now.

    Context: ``allowed_actions`` (list of names), ``unmasked`` and
    ``internal`` (booleans), set by the view for the requesting user.
    """

    events = serializers.SerializerMethodField()
    pauses = CasePauseSerializer(many=True, read_only=True)
    documents = CaseDocumentSerializer(many=True, read_only=True)
    materials = CaseMaterialSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "deemed_accepted",
            "decided_on",
            "closed_on",
            "events",
            "pauses",
            "documents",
            "materials",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(CaseEventSerializer(many=True))
    def get_events(self, case):
        events = case.events.all()
        if not self.context.get("internal"):
            events = [event for event in events if event.public]
        return CaseEventSerializer(events, many=True, context=self.context).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, case) -> list[str]:
        return self.context.get("allowed_actions", [])


# -- input: registration ---------------------------------------------------------


class CaseApplicantInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    name = StrictCharField(max_length=200, allow_blank=True)
    id_number = StrictCharField(
        required=False, allow_blank=True, help_text=_("ID card number (GB 11643), for a person.")
    )
    credit_code = StrictCharField(
        required=False,
        allow_blank=True,
        help_text=_("Unified social credit code (GB 32100), for an organisation."),
    )
    phone = StrictCharField(max_length=30, allow_blank=True)
    address = StrictCharField(max_length=200, required=False, allow_blank=True)
    legal_representative = StrictCharField(max_length=50, required=False, allow_blank=True)


class CaseCreateSerializer(serializers.Serializer):
    """An application registered by a window clerk (``do_submit``)."""

    service_item = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceItem.objects.all(), help_text=_("Service item code.")
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    applicant = CaseApplicantInputSerializer()
    title = StrictCharField(max_length=200, required=False, allow_blank=True)

    # do_submit's error keys → where the field is in this request.
    ERROR_FIELDS = {
        "applicant_kind": ("applicant", "kind"),
        "applicant_name": ("applicant", "name"),
        "id_number": ("applicant", "id_number"),
        "credit_code": ("applicant", "credit_code"),
        "phone": ("applicant", "phone"),
        "address": ("applicant", "address"),
        "legal_representative": ("applicant", "legal_representative"),
    }

    def submit_kwargs(self) -> dict:
        data = self.validated_data
        applicant = data["applicant"]
        return {
            "service_item": data["service_item"],
            "channel": data["channel"],
            "title": data.get("title", ""),
            "applicant_kind": applicant["kind"],
            "applicant_name": applicant["name"],
            "id_number": applicant.get("id_number", ""),
            "credit_code": applicant.get("credit_code", ""),
            "phone": applicant["phone"],
            "address": applicant.get("address", ""),
            "legal_representative": applicant.get("legal_representative", ""),
        }

    @classmethod
    def nest_errors(cls, message_dict: dict) -> dict:
        """Place do_submit's flat error keys where the request has the fields."""
        nested: dict = {}
        for key, messages in message_dict.items():
            if key in cls.ERROR_FIELDS:
                outer, inner = cls.ERROR_FIELDS[key]
                nested.setdefault(outer, {})[inner] = messages
            else:
                nested[key] = messages
        return nested


# -- input: one serializer per action -----------------------------------------------
# Texts the action requires are ``allow_blank`` here: the action refuses a
# blank one with the message the workbench shows too.


class CaseSupplementRequestSerializer(serializers.Serializer):
    missing = serializers.ListField(
        child=StrictCharField(max_length=200),
        allow_empty=False,
        help_text=_("Every missing material, in the one notice (Art. 32)."),
    )
    note = StrictCharField(required=False, allow_blank=True)


class CaseRefusalSerializer(serializers.Serializer):
    reason = StrictCharField(allow_blank=True)
    legal_basis = StrictCharField(allow_blank=True)


class CaseAssignSerializer(serializers.Serializer):
    handler = StrictCharField(help_text=_("Username of a handler of the case's authority."))

    def validate_handler(self, username):
        # An unknown name reaches do_assign as None: it answers with the same
        # message as for a handler of another authority, so the API reveals
        # nothing about accounts outside the user's scope.
        return (
            get_user_model()
            .objects.select_related("profile__unit")
            .filter(username=username)
            .first()
        )


class CaseOpinionSerializer(serializers.Serializer):
    opinion = StrictCharField(allow_blank=True)


class CaseReasonSerializer(serializers.Serializer):
    reason = StrictCharField(allow_blank=True)


class CasePauseRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PauseKind.choices)
    reason = StrictCharField(allow_blank=True)


class CaseExtensionRequestSerializer(serializers.Serializer):
    days = serializers.IntegerField(help_text=_("Working days (at most the item's cap, Art. 42)."))
    reason = StrictCharField(allow_blank=True)


class CaseExtensionDecisionSerializer(serializers.Serializer):
    note = StrictCharField(required=False, allow_blank=True)


class CaseDecisionSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=DecisionResult.choices)
    reason = StrictCharField(
        required=False, allow_blank=True, help_text=_("Required for a denial (Art. 38).")
    )


class CaseCompletionSerializer(serializers.Serializer):
    fee_charged = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Yuan; the fee due when omitted."),
    )


class CaseErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
