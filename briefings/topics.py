"""Topics (taggit tags) as readers see them: only those with public content."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from sources.models import Topic

from .models import Briefing, Claim, TaggedBriefing, TaggedClaim


def _public_count(through, published):
    items = (
        through.objects.filter(tag=OuterRef("pk"), content_object__in=published)
        .order_by()
        .values("tag")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(items, output_field=IntegerField()), 0)


def public_topics():
    """Tags with public claims or briefings, annotated with how many of each."""
    return (
        Topic.objects.annotate(
            claim_count=_public_count(TaggedClaim, Claim.objects.published()),
            briefing_count=_public_count(TaggedBriefing, Briefing.objects.published()),
        )
        .filter(Q(claim_count__gt=0) | Q(briefing_count__gt=0))
        .order_by("name")
    )
