"""Topics (taggit tags) as readers see them: only those with public content."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery

from rnk_site import pagecache
from sources.models import Topic

from .models import Briefing, Claim, TaggedBriefing

# The reverse accessor from a topic to its claim links (``NaturalKeyTaggedItem.tag``).
CLAIM_LINKS = "briefings_taggedclaim_items"


def _public_claim_links():
    """A topic's links to public claims, as an aggregate's filter over ``CLAIM_LINKS``."""
    return Claim.public_condition(f"{CLAIM_LINKS}__content_object__")


class SubqueryCount(Subquery):
    """
    How many rows a correlated subquery has: always a number, 0 for none.

    Unlike ``Coalesce(Subquery(...))``, grouping by it groups by the outer columns it
    refers to, so it is evaluated once per group, not once per row joined before grouping.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()


def _public_count(through, published):
    return SubqueryCount(
        through.objects.filter(tag=OuterRef("pk"), content_object__in=published)
        .order_by()
        .values("pk")
    )


def public_topics():
    """
    Tags with public claims or briefings, annotated with how many of each; one query.

    The claims are counted by one grouped join over the claim links, not by a
    subquery per topic (which scanned the claims once per topic); briefings are
    few, so theirs stays a subquery on the topic's links.
    """
    return (
        Topic.objects.annotate(
            claim_count=Count(CLAIM_LINKS, filter=_public_claim_links()),
            briefing_count=_public_count(TaggedBriefing, Briefing.objects.published()),
        )
        .filter(Q(claim_count__gt=0) | Q(briefing_count__gt=0))
        .order_by("name")
    )


def public_topics_changed():
    """:func:`public_topics`, each also with its public claims' and briefings' last change."""
    latest_briefing = (
        Briefing.objects.published()
        .filter(tags=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return public_topics().annotate(
        claims_changed=Max(
            f"{CLAIM_LINKS}__content_object__updated_at", filter=_public_claim_links()
        ),
        briefings_changed=Subquery(latest_briefing),
    )


def topics_in_use():
    """
    The same topics as :func:`public_topics`, without counting: for lookups and choices.

    Each topic stops at its first public claim or briefing (an index lookup), so
    a filter's list of topics costs the same at any number of claims.
    """
    return Topic.objects.filter(
        Exists(Claim.objects.published().filter(tags=OuterRef("pk")))
        | Exists(Briefing.objects.published().filter(tags=OuterRef("pk")))
    ).order_by("name")


@dataclass(frozen=True)
class TopicFigures:
    """A public topic as the lists show it: name, address, counts and last change."""

    pk: int
    name: str
    slug: str
    claim_count: int
    briefing_count: int
    changed: datetime | None

    @classmethod
    def of(cls, topic):
        moments = [m for m in (topic.claims_changed, topic.briefings_changed) if m]
        return cls(
            pk=topic.pk,
            name=topic.name,
            slug=topic.slug,
            claim_count=topic.claim_count,
            briefing_count=topic.briefing_count,
            changed=max(moments, default=None),
        )


def topic_figures():
    """
    The public topics by name, with their counts and last change: what home, the topic
    list, the API's topics and the sitemap show.

    Counting them is a pass over every topic link (:func:`public_topics_changed`), so it is
    done once per change to public content (``pagecache.listing_memo``), not per request.
    """
    return pagecache.listing_memo(
        "topics", lambda: [TopicFigures.of(topic) for topic in public_topics_changed()]
    )
