"""The shapes of alerts, cards, appeals, orders and notices on the API.

As in the cases API, input serializers check shapes and types only; who may
act, in which state, and whether a person or unit belongs to the case's
authority is the service's to say (``services.py``), so every client is
refused the same things with the same message. A username or unit code that
does not exist gets the same message as one outside the authority: the API
reveals nothing about accounts beyond the user's scope.

Output ``color``/``status``/``level`` fields are plain strings beside their
``*_display``: enums would share names with other apps' enums, which
drf-spectacular can only name with a warning.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from xiaoneng.cases.serializers import StrictCharField
from xiaoneng.org.models import Unit
from xiaoneng.supervision.models import Alert, Card, CardAppeal, Notification, SupervisionOrder

USERNAME = {"slug_field": "username", "read_only": True}
UNIT_CODE = {"slug_field": "code", "read_only": True}
CASE_NUMBER = {"slug_field": "number", "read_only": True}


def _user(username: str | None, message):
    if username is None:
        return None
    user = (
        get_user_model().objects.select_related("profile__unit").filter(username=username).first()
    )
    if user is None:
        raise serializers.ValidationError(message)
    return user


def _unit(code: str | None, message):
    if code is None:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise serializers.ValidationError(message)
    return unit


# -- output --------------------------------------------------------------------


class AlertSerializer(serializers.ModelSerializer):
    rule = serializers.CharField(source="rule.code", read_only=True)
    rule_display = serializers.CharField(source="rule.get_code_display", read_only=True)
    case = serializers.SlugRelatedField(**CASE_NUMBER)
    level = serializers.CharField(read_only=True, help_text="warning | violation | breach")
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    unit = serializers.SlugRelatedField(**UNIT_CODE)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    handler = serializers.SlugRelatedField(**USERNAME)
    open = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id",
            "rule",
            "rule_display",
            "case",
            "rung",
            "level",
            "level_display",
            "unit",
            "unit_name",
            "handler",
            "open",
            "opened_at",
            "opened_on",
            "closed_at",
            "close_reason",
            "evidence",
        ]
        read_only_fields = fields

    def get_open(self, alert) -> bool:
        return alert.closed_at is None


class CardAppealSerializer(serializers.ModelSerializer):
    card = serializers.PrimaryKeyRelatedField(read_only=True)
    appellant = serializers.SlugRelatedField(**USERNAME)
    decided_by = serializers.SlugRelatedField(**USERNAME)
    decision = serializers.CharField(read_only=True, help_text="upheld | revoked | empty")

    class Meta:
        model = CardAppeal
        fields = [
            "id",
            "card",
            "appellant",
            "reason",
            "submitted_at",
            "decision",
            "decision_reason",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class CardSerializer(serializers.ModelSerializer):
    color = serializers.CharField(read_only=True, help_text="yellow | red")
    color_display = serializers.CharField(source="get_color_display", read_only=True)
    case = serializers.SlugRelatedField(**CASE_NUMBER)
    rule = serializers.SlugRelatedField(slug_field="code", read_only=True)
    carded_user = serializers.SlugRelatedField(**USERNAME)
    carded_unit = serializers.SlugRelatedField(**UNIT_CODE)
    issued_by = serializers.SlugRelatedField(**USERNAME)
    status = serializers.CharField(read_only=True, help_text="valid | appealed | upheld | revoked")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    appeals = CardAppealSerializer(many=True, read_only=True)

    class Meta:
        model = Card
        fields = [
            "id",
            "color",
            "color_display",
            "case",
            "alert",
            "rule",
            "carded_user",
            "carded_unit",
            "issued_by",
            "issued_at",
            "reason",
            "evidence",
            "status",
            "status_display",
            "appeals",
        ]
        read_only_fields = fields


class SupervisionOrderSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(**CASE_NUMBER)
    unit = serializers.SlugRelatedField(**UNIT_CODE)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    handler = serializers.SlugRelatedField(**USERNAME)
    issued_by = serializers.SlugRelatedField(**USERNAME)
    replied_by = serializers.SlugRelatedField(**USERNAME)
    escalated_to = serializers.SlugRelatedField(**USERNAME)
    status = serializers.CharField(read_only=True, help_text="open | replied | closed")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    history_log = serializers.JSONField(
        read_only=True, help_text=_("Issue, replies, closing, reopenings, escalation: who, when.")
    )

    class Meta:
        model = SupervisionOrder
        fields = [
            "id",
            "number",
            "case",
            "alert",
            "unit",
            "unit_name",
            "handler",
            "issued_by",
            "instruction",
            "issued_on",
            "limit_days",
            "due_date",
            "status",
            "status_display",
            "reply",
            "replied_by",
            "replied_at",
            "closed_at",
            "escalated_to",
            "escalated_at",
            "history_log",
        ]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="warning | card | appeal | order")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "body",
            "url",
            "items",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "items": {
                "help_text": "A sweep's digest: its first cases, [case number, what was found]"
            }
        }


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


# -- input ---------------------------------------------------------------------


class CardIssueSerializer(serializers.Serializer):
    case = StrictCharField(help_text=_("Case number."))
    color = serializers.ChoiceField(choices=[("yellow", _("Yellow card")), ("red", _("Red card"))])
    reason = StrictCharField(allow_blank=True)
    carded_user = StrictCharField(
        required=False,
        allow_null=True,
        help_text=_("Username of a staff member of the case's authority."),
    )
    carded_unit = StrictCharField(
        required=False, allow_null=True, help_text=_("Code of a unit of the case's authority.")
    )

    def validate_carded_user(self, username):
        return _user(username, _("The person must work for the authority of the case."))

    def validate_carded_unit(self, code):
        return _unit(code, _("The unit must belong to the authority of the case."))


class ReasonSerializer(serializers.Serializer):
    reason = StrictCharField(allow_blank=True)


class AppealDecisionSerializer(serializers.Serializer):
    uphold = serializers.BooleanField(help_text=_("True keeps the card; false revokes it."))
    reason = StrictCharField(allow_blank=True)


class OrderIssueSerializer(serializers.Serializer):
    unit = StrictCharField(help_text=_("Code of the ordered unit."))
    instruction = StrictCharField(allow_blank=True)
    limit_days = serializers.IntegerField(help_text=_("Working days to act (1–60)."))
    case = StrictCharField(required=False, allow_null=True, help_text=_("Case number."))
    alert = serializers.IntegerField(required=False, allow_null=True, help_text=_("Alert id."))
    handler = StrictCharField(
        required=False,
        allow_null=True,
        help_text=_("Username of a handler of the unit's authority."),
    )

    def validate_unit(self, code):
        return _unit(code, _("This unit is outside your region."))

    def validate_handler(self, username):
        return _user(username, _("The handler must work for the ordered unit."))


class OrderReplySerializer(serializers.Serializer):
    reply = StrictCharField(allow_blank=True)


class OrderCloseSerializer(serializers.Serializer):
    note = StrictCharField(allow_blank=True)


class OrderReopenSerializer(serializers.Serializer):
    reason = StrictCharField(allow_blank=True)
    limit_days = serializers.IntegerField(
        required=False, help_text=_("Working days from today; the order's limit when omitted.")
    )
