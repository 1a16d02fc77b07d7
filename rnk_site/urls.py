from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from briefings.sitemaps import BriefingSitemap, ClaimSitemap, StaticViewSitemap, TopicSitemap
from rnk_site.health import healthz
from sources.sitemaps import SourceSitemap

admin.site.site_header = "RNK Briefings — editors"
admin.site.site_title = "RNK Briefings admin"
admin.site.index_title = "Editorial desk"


class FaviconView(RedirectView):
    """``/favicon.ico``, asked for by clients that don't read the page's icon link."""

    # Temporary: the target's hashed name changes whenever the icon does.
    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: the hashed name exists only once static files are collected.
        return static("favicon.svg")


sitemaps = {
    "pages": StaticViewSitemap,
    "briefings": BriefingSitemap,
    "claims": ClaimSitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("", include("briefings.urls")),
    path("sources/", include("sources.urls")),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
]
