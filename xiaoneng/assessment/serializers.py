"""The assessment's read API representations: schemes, periods, scores with their indicators."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xiaoneng.assessment.models import Indicator, IndicatorScore, Period, Scheme, Score


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "position",
            "source",
            "rule",
            "weight",
            "zero_at",
            "full_at",
            "per_occurrence",
        ]


class SchemeSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "code",
            "name",
            "subject",
            "region",
            "description",
            "is_active",
            "excellent_min",
            "good_min",
            "pass_min",
            "indicators",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.code")
    computed_by = serializers.CharField(
        source="computed_by.username", allow_null=True, default=None
    )
    published_by = serializers.CharField(
        source="published_by.username", allow_null=True, default=None
    )

    class Meta:
        model = Period
        fields = [
            "id",
            "scheme",
            "kind",
            "label",
            "start",
            "end",
            "status",
            "version",
            "computed_at",
            "computed_by",
            "published_at",
            "published_by",
        ]


class IndicatorScoreSerializer(serializers.ModelSerializer):
    """One indicator of a score: the frozen definition, the figure, the points, the ids counted."""

    code = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    applicable = serializers.BooleanField(
        source="is_applicable",
        read_only=True,
        help_text="False for a rate indicator without a figure in the period: points null.",
    )

    class Meta:
        model = IndicatorScore
        fields = [
            "id",
            "indicator",
            "code",
            "name",
            "definition",
            "figure",
            "numerator",
            "denominator",
            "count",
            "points",
            "applicable",
            "evidence",
        ]

    def get_code(self, item) -> str:
        return item.definition.get("code", "")

    def get_name(self, item) -> str:
        return item.definition.get("name", "")


class ScoreSerializer(serializers.ModelSerializer):
    period = serializers.IntegerField(source="period_id")
    period_label = serializers.CharField(source="period.label")
    scheme = serializers.CharField(source="period.scheme.code")
    staff = serializers.CharField(source="staff.username", allow_null=True, default=None)
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    region = serializers.CharField(source="region.code")
    subject_name = serializers.CharField()
    current = serializers.SerializerMethodField()
    ranked = serializers.BooleanField(
        source="is_ranked",
        read_only=True,
        help_text="False when no rate indicator applies (no case in the period): "
        "total, rank null and grade empty.",
    )
    grade_label = serializers.CharField(read_only=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "period",
            "period_label",
            "scheme",
            "version",
            "current",
            "staff",
            "unit",
            "unit_name",
            "region",
            "subject_name",
            "ranked",
            "total",
            "grade",
            "grade_label",
            "rank",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_current(self, score) -> bool:
        return score.version == score.period.version


class ScoreDetailSerializer(ScoreSerializer):
    items = IndicatorScoreSerializer(many=True, read_only=True)

    class Meta(ScoreSerializer.Meta):
        fields = [*ScoreSerializer.Meta.fields, "items"]
