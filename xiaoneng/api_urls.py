"""The REST API under /api/v1/: each app contributes its viewsets."""

from rest_framework.routers import DefaultRouter

from xiaoneng.assessment.api import PeriodViewSet, SchemeViewSet, ScoreViewSet
from xiaoneng.campaign.api import (
    CampaignViewSet,
    DisciplineCheckViewSet,
    FindingViewSet,
    ProblemViewSet,
    StudySessionViewSet,
)
from xiaoneng.cases.api import CaseViewSet
from xiaoneng.catalog.api import ServiceItemViewSet
from xiaoneng.committee.api import AgendaItemViewSet, CommitteeViewSet, MeetingViewSet
from xiaoneng.enforcement.api import BenchmarkViewSet, PenaltyCaseViewSet
from xiaoneng.feedback.api import ComplaintViewSet, RatingViewSet, RectificationViewSet
from xiaoneng.projects.api import KeyProjectViewSet
from xiaoneng.supervision.api import (
    AlertViewSet,
    CardAppealViewSet,
    CardViewSet,
    NotificationViewSet,
    SupervisionOrderViewSet,
)

router = DefaultRouter()
router.register("penalty-cases", PenaltyCaseViewSet, basename="penalty-case")
router.register("discretion-benchmarks", BenchmarkViewSet, basename="discretion-benchmark")
router.register("service-items", ServiceItemViewSet, basename="service-item")
router.register("cases", CaseViewSet, basename="case")
router.register("alerts", AlertViewSet, basename="alert")
router.register("cards", CardViewSet, basename="card")
router.register("appeals", CardAppealViewSet, basename="appeal")
router.register("orders", SupervisionOrderViewSet, basename="order")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("key-projects", KeyProjectViewSet, basename="key-project")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("ratings", RatingViewSet, basename="rating")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("committee-meetings", MeetingViewSet, basename="committee-meeting")
router.register("committee-items", AgendaItemViewSet, basename="committee-item")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("campaign-problems", ProblemViewSet, basename="campaign-problem")
router.register("study-sessions", StudySessionViewSet, basename="study-session")
router.register("discipline-checks", DisciplineCheckViewSet, basename="discipline-check")
router.register("discipline-findings", FindingViewSet, basename="discipline-finding")
router.register("assessment-schemes", SchemeViewSet, basename="assessment-scheme")
router.register("assessment-periods", PeriodViewSet, basename="assessment-period")
router.register("assessment-scores", ScoreViewSet, basename="assessment-score")

urlpatterns = router.urls
