"""The public pages of briefings, claims and topics for search engines, with last changes."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from sources.models import Source

from .models import Briefing, Claim
from .topics import public_topics


def _latest(queryset):
    return queryset.aggregate(latest=Max("updated_at"))["latest"]


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


class BriefingSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Briefing.objects.published().order_by("-published_at", "pk")

    def lastmod(self, item):
        return item.updated_at


class ClaimSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Claim.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


def _latest_tagged(queryset):
    return Subquery(
        queryset.filter(tags=OuterRef("pk")).order_by("-updated_at").values("updated_at")[:1]
    )


class TopicSitemap(Sitemap):
    """Public topics; a topic changes when one of its public claims or briefings does."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return public_topics().annotate(
            claims_changed=_latest_tagged(Claim.objects.published()),
            briefings_changed=_latest_tagged(Briefing.objects.published()),
        )

    def location(self, item):
        return reverse("briefings:topic_detail", args=[item.slug])

    def lastmod(self, item):
        return max(filter(None, [item.claims_changed, item.briefings_changed]), default=None)
