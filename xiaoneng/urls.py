from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from xiaoneng.web.views import favicon

admin.site.site_header = _("Xiaoneng system administration")
admin.site.site_title = _("Xiaoneng")
admin.site.index_title = _("System configuration")

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("xiaoneng.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
    path("org/", include("xiaoneng.org.urls")),
    path("cases/", include("xiaoneng.cases.urls")),
    path("supervision/", include("xiaoneng.supervision.urls")),
    path("campaign/", include("xiaoneng.campaign.urls")),
    path("feedback/", include("xiaoneng.feedback.urls")),
    path("committees/", include("xiaoneng.committee.urls")),
    path("enforcement/", include("xiaoneng.enforcement.urls")),
    path("projects/", include("xiaoneng.projects.urls")),
    path("assessment/", include("xiaoneng.assessment.urls")),
    # The public site: each app mounts its public pages under /portal/.
    path("portal/", include("xiaoneng.applicants.urls")),
    path("portal/", include("xiaoneng.feedback.portal_urls")),
    path("portal/", include("xiaoneng.enforcement.portal_urls")),
    path("portal/", include("xiaoneng.assessment.portal_urls")),
    path("portal/", include("xiaoneng.portal.urls")),
    path("", include("xiaoneng.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
