from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from briefings.sitemaps import BriefingSitemap, ClaimSitemap, StaticViewSitemap, TopicSitemap
from sources.sitemaps import SourceSitemap

admin.site.site_header = "RNK Briefings — editors"
admin.site.site_title = "RNK Briefings admin"
admin.site.index_title = "Editorial desk"

sitemaps = {
    "pages": StaticViewSitemap,
    "briefings": BriefingSitemap,
    "claims": ClaimSitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's); a 404 there is
    # an error in every visitor's console.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("", include("briefings.urls")),
    path("sources/", include("sources.urls")),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
]
