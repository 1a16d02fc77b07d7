"""
The read-only JSON API, documented by its OpenAPI 3 schema at ``/api/schema/``.

The schema is YAML by default, JSON with ``?format=json``; ``/api/docs/`` shows
it with Swagger UI, served from our own static files (no CDN). The split view serves its
start-up script as a file, so the page runs under a Content-Security-Policy without inline
scripts.
"""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"


class Router(DefaultRouter):
    # One address per resource: no ".json" suffix variants.
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("briefings", views.BriefingViewSet, basename="briefing")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("sources", views.SourceViewSet, basename="source")
router.register("topics", views.TopicViewSet, basename="topic")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's stylesheet draws its icons as data: SVG images; only this page allows them.
    path(
        "docs/",
        csp_update({"img-src": "data:"})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
