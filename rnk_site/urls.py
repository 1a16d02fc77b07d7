from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
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
    # An index of section files; the large sections run over several pages (?p=2).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
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
