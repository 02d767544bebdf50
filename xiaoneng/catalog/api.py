from rest_framework import permissions, serializers, viewsets

from xiaoneng.catalog.models import ServiceItem


class ServiceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceItem
        fields = ["code", "name", "category", "statutory_limit_days", "promised_limit_days"]


class ServiceItemViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ServiceItem.objects.active()
    serializer_class = ServiceItemSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
