"""The REST API under /api/v1/: each app contributes its viewsets."""

from rest_framework.routers import DefaultRouter

from xiaoneng.cases.api import CaseViewSet
from xiaoneng.catalog.api import ServiceItemViewSet

router = DefaultRouter()
router.register("service-items", ServiceItemViewSet, basename="service-item")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = router.urls
