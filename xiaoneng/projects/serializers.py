from rest_framework import serializers

from xiaoneng.cases.models import KeyProject
from xiaoneng.projects.models import ProjectService


class FiguresSerializer(serializers.Serializer):
    status = serializers.CharField()
    cases = serializers.IntegerField()
    open = serializers.IntegerField()
    done = serializers.IntegerField()
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()
    green = serializers.IntegerField()
    steps_done = serializers.IntegerField()
    steps_total = serializers.IntegerField()
    approved_hectares = serializers.DecimalField(max_digits=14, decimal_places=4)
    approved_farmland_hectares = serializers.DecimalField(max_digits=14, decimal_places=4)
    next_step = serializers.CharField(source="next_code", allow_null=True)
    next_step_name = serializers.CharField(source="next_item.name", allow_null=True, default=None)


class KeyProjectSerializer(serializers.ModelSerializer):
    # Plain strings: a named enum here would collide with the other apps' "level" enums.
    level = serializers.CharField(help_text="national | region | city")
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    region_name = serializers.CharField(source="region.name", allow_null=True, default=None)
    coordinator = serializers.CharField(
        source="coordinator.username", allow_null=True, default=None
    )
    figures = serializers.SerializerMethodField()

    class Meta:
        model = KeyProject
        fields = [
            "code",
            "name",
            "owner",
            "level",
            "region",
            "region_name",
            "industry",
            "planned_hectares",
            "planned_farmland_hectares",
            "minerals",
            "coordinator",
            "planned_start",
            "promised_limit_days",
            "is_active",
            "figures",
        ]

    def get_figures(self, project) -> dict:
        figures = self.context["figures"][project.pk]
        return FiguresSerializer(figures).data


class ApprovalSerializer(serializers.Serializer):
    case = serializers.CharField(source="case.number")
    item = serializers.CharField(source="case.service_item.code")
    item_name = serializers.CharField(source="case.service_item.name")
    phase = serializers.CharField()
    status = serializers.CharField(source="case.status")
    light = serializers.CharField(source="case.light")
    remaining_workdays = serializers.IntegerField(source="case.remaining_workdays", allow_null=True)
    due_date = serializers.DateField(source="case.due_date", allow_null=True)
    received_on = serializers.DateField(source="case.received_on")
    done = serializers.BooleanField()
    is_next = serializers.BooleanField()
    approved_hectares = serializers.DecimalField(
        source="land.hectares", max_digits=12, decimal_places=4, allow_null=True, default=None
    )


class ProjectServiceSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="consultation | onsite")
    recorded_by = serializers.CharField(source="recorded_by.username")

    class Meta:
        model = ProjectService
        fields = ["id", "kind", "held_on", "place", "participants", "notes", "recorded_by"]


class KeyProjectDetailSerializer(KeyProjectSerializer):
    approvals = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()

    class Meta(KeyProjectSerializer.Meta):
        fields = [*KeyProjectSerializer.Meta.fields, "approvals", "services"]

    def get_approvals(self, project) -> list[dict]:
        return ApprovalSerializer(self.context["approvals"], many=True).data

    def get_services(self, project) -> list[dict]:
        return ProjectServiceSerializer(self.context["services"], many=True).data
