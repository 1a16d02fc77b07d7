"""The source pages for search engines, with their last changes."""

from django.contrib.sitemaps import Sitemap

from rnk_site.sitemaps import IndexFiguresMixin

from .models import Source


class SourceSitemap(IndexFiguresMixin, Sitemap):
    changefreq = "monthly"
    priority = 0.4
    # URLs per sitemap file; the sitemap index lists the files.
    limit = 5000
    memo_name = "sources"

    def items(self):
        # Only what a URL and its last change need: never the sources' full texts.
        return Source.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
