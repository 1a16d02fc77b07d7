"""The source pages for search engines, with their last changes."""

from django.contrib.sitemaps import Sitemap

from .models import Source


class SourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Source.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at
