"""The REST API under /api/v1/: each app contributes its viewsets."""

from rest_framework.routers import DefaultRouter

from xiaoneng.catalog.api import ServiceItemViewSet

router = DefaultRouter()
router.register("service-items", ServiceItemViewSet, basename="service-item")

urlpatterns = router.urls
