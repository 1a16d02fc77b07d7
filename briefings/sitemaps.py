"""The public pages of briefings, claims and topics for search engines, with last changes."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from rnk_site import pagecache
from rnk_site.sitemaps import IndexFiguresMixin
from sources.models import Source

from .models import Briefing, Claim
from .topics import topic_figures

# URLs per sitemap file: each file stays well under a megabyte; the index lists the files.
SECTION_SIZE = 5000


def _latest(queryset):
    return queryset.order_by().aggregate(latest=Max("updated_at"))["latest"]


def _latest_of(*moments):
    return max(filter(None, moments), default=None)


def _index_pages():
    briefings = _latest(Briefing.objects.published())
    claims = _latest(Claim.objects.published())
    sources = _latest(Source.objects.published())
    topics = _latest_of(briefings, claims)
    return [
        ("briefings:home", _latest_of(briefings, claims, sources)),
        ("briefings:briefing_list", briefings),
        ("briefings:topic_list", topics),
        ("briefings:claim_list", claims),
        ("briefings:timeline", claims),
        ("sources:source_list", sources),
        # A template page: no record says when it last changed.
        ("briefings:methodology", None),
    ]


class StaticViewSitemap(Sitemap):
    """Index pages; each changes when the newest public thing it lists changes."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        # Three whole-corpus aggregates: once per change to public content.
        return pagecache.listing_memo("sitemap:pages", _index_pages)

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


class BriefingSitemap(IndexFiguresMixin, Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = SECTION_SIZE
    memo_name = "briefings"

    def items(self):
        return (
            Briefing.objects.published().only("slug", "updated_at").order_by("-published_at", "pk")
        )

    def lastmod(self, item):
        return item.updated_at


class ClaimSitemap(IndexFiguresMixin, Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = SECTION_SIZE
    memo_name = "claims"

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
        return topic_figures()

    def get_latest_lastmod(self):
        return _latest_of(*(topic.changed for topic in self.items()))

    def location(self, item):
        return reverse("briefings:topic_detail", args=[item.slug])

    def lastmod(self, item):
        return item.changed
