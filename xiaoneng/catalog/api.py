"""The public service catalogue in the REST API (/api/v1/service-items/).

The catalogue is public information (政务公开), so it is readable without an
account; it is never written through the API (officials edit it in the
admin, with history).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from xiaoneng.catalog.choices import FeeKind
from xiaoneng.catalog.models import Material, ServiceItem, Stage
from xiaoneng.org.models import Unit


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["code", "name"]


class MaterialSerializer(serializers.ModelSerializer):
    form_display = serializers.CharField(source="get_form_display", read_only=True)

    class Meta:
        model = Material
        fields = ["order", "name", "form", "form_display", "copies", "required", "note"]


class StageSerializer(serializers.ModelSerializer):
    is_committee = serializers.BooleanField(read_only=True)

    class Meta:
        model = Stage
        fields = ["order", "code", "name", "kind", "role", "budget_days", "is_committee"]


class FeeSerializer(serializers.Serializer):
    """The fee rule of an item: free, a fixed amount, or an amount per unit."""

    kind = serializers.ChoiceField(source="fee_kind", choices=FeeKind.choices)
    kind_display = serializers.CharField(source="get_fee_kind_display")
    amount = serializers.DecimalField(source="fee_amount", max_digits=12, decimal_places=2)
    unit = serializers.CharField(source="fee_unit")
    basis = serializers.CharField(source="fee_basis")


class ServiceItemSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    warning_days = serializers.IntegerField(
        source="effective_warning_days",
        read_only=True,
        help_text=_("Warning threshold in working days (the default when none is set)."),
    )
    fee = FeeSerializer(source="*", read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceItem
        fields = [
            "code",
            "name",
            "category",
            "category_display",
            "level",
            "level_display",
            "unit",
            "legal_basis",
            "conditions",
            "statutory_limit_days",
            "promised_limit_days",
            "warning_days",
            "max_extension_days",
            "fee",
            "online_allowed",
            "venue",
            "office_hours",
            "phone",
            "materials",
            "stages",
        ]
        read_only_fields = fields


class ServiceItemFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("Code or name contains"))

    class Meta:
        model = ServiceItem
        fields = ["category", "level", "online_allowed"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


@extend_schema_view(
    list=extend_schema(summary=_("List the service items (public)"), tags=["service-items"]),
    retrieve=extend_schema(
        summary=_("One service item by its code (public)"), tags=["service-items"]
    ),
)
class ServiceItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The active items of the service catalogue with their limits, fee, materials and stages."""

    serializer_class = ServiceItemSerializer
    permission_classes = [AllowAny]
    filterset_class = ServiceItemFilter
    lookup_field = "code"
    # Three queries whatever the page size: items with their unit, then all
    # their materials and all their stages.
    queryset = (
        ServiceItem.objects.active()
        .select_related("unit")
        .prefetch_related("materials", "stages")
        .order_by("code")
    )
