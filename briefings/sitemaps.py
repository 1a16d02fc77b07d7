"""The public pages of briefings, claims and topics for search engines, with last changes."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from sources.models import Source

from .models import Briefing, Claim
from .topics import public_topics_changed

# URLs per sitemap file: each file stays well under a megabyte; the index lists the files.
SECTION_SIZE = 5000


def _latest(queryset):
    return queryset.order_by().aggregate(latest=Max("updated_at"))["latest"]


class LatestChangeMixin:
    """A section's last change for the sitemap index, by one aggregate, not item by item."""

    limit = SECTION_SIZE

    def get_latest_lastmod(self):
        return _latest(self.items())


def _latest_of(*moments):
    return max(filter(None, moments), default=None)


class StaticViewSitemap(Sitemap):
    """Index pages; each changes when the newest public thing it lists changes."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        briefings = _latest(Briefing.objects.published())
        claims = _latest(Claim.objects.published())
        sources = _latest(Source.objects.published())
        topics = max(filter(None, [briefings, claims]), default=None)
        return [
            ("briefings:home", max(filter(None, [briefings, claims, sources]), default=None)),
            ("briefings:briefing_list", briefings),
            ("briefings:topic_list", topics),
            ("briefings:claim_list", claims),
            ("briefings:timeline", claims),
            ("sources:source_list", sources),
            # A template page: no record says when it last changed.
            ("briefings:methodology", None),
        ]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


class BriefingSitemap(LatestChangeMixin, Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Briefing.objects.published().only("slug", "updated_at").order_by("-published_at", "pk")
        )

    def lastmod(self, item):
        return item.updated_at


class ClaimSitemap(LatestChangeMixin, Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Claim.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(Sitemap):
    """Public topics; a topic changes when one of its public claims or briefings does."""

    changefreq = "weekly"
    priority = 0.6
    limit = SECTION_SIZE

    def items(self):
        return public_topics_changed()

    def get_latest_lastmod(self):
        # The newest public claim or briefing with a topic changed its topic last.
        return _latest_of(_latest(Claim.objects.published()), _latest(Briefing.objects.published()))

    def location(self, item):
        return reverse("briefings:topic_detail", args=[item.slug])

    def lastmod(self, item):
        return _latest_of(item.claims_changed, item.briefings_changed)
