"""The source pages for search engines, with their last changes."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Source


class SourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    # URLs per sitemap file; the sitemap index lists the files.
    limit = 5000

    def items(self):
        # Only what a URL and its last change need: never the sources' full texts.
        return Source.objects.published().only("slug", "updated_at").order_by("pk")

    def get_latest_lastmod(self):
        """The section's last change for the sitemap index, by one aggregate."""
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, item):
        return item.updated_at
