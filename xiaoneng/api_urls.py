"""The REST API under /api/v1/: each app contributes its viewsets."""

from rest_framework.routers import DefaultRouter

from xiaoneng.cases.api import CaseViewSet
from xiaoneng.catalog.api import ServiceItemViewSet
from xiaoneng.supervision.api import (
    AlertViewSet,
    CardViewSet,
    NotificationViewSet,
    SupervisionOrderViewSet,
)

router = DefaultRouter()
router.register("service-items", ServiceItemViewSet, basename="service-item")
router.register("cases", CaseViewSet, basename="case")
router.register("alerts", AlertViewSet, basename="alert")
router.register("cards", CardViewSet, basename="card")
router.register("orders", SupervisionOrderViewSet, basename="order")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
