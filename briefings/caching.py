"""
Which cached pages a change to briefings, claims or citations shows on (rnk_site/pagecache.py).

- a claim's page shows its statement, status, topics, citations (with their sources'
  metadata and the independent support they add up to), history and the published
  briefings that hold it;
- a briefing's page shows its own fields, topics, authors, changelog and every claim
  it holds as the claim's page does;
- a source's page highlights the passages its public claims cite (sources/caching.py
  handles the source's own fields).

Every function here is called inside the writing transaction; the versions are bumped
after it commits (``pagecache.invalidate``), and every change also bumps the listing.
"""

from django.utils import timezone

from rnk_site import pagecache
from sources.caching import source_names
from sources.models import Source

from .models import (
    Briefing,
    Citation,
    Claim,
    Section,
    SectionClaim,
    TaggedBriefing,
    TaggedClaim,
)


def briefing_names(slugs):
    return {pagecache.object_name("briefing", slug) for slug in slugs if slug}


def claim_names(ids):
    """A claim's pages are addressed by its number (HTML) and its uid (API)."""
    names = set()
    for pk, uid in Claim.objects.filter(pk__in=ids).values_list("pk", "uid"):
        names.update((pagecache.object_name("claim", pk), pagecache.object_name("claim", uid)))
    return names


def _clean(ids):
    return {pk for pk in ids if pk is not None}


def claims_changed(claim_ids, *, source_ids=(), cited_pages=True):
    """
    Claims ``claim_ids`` changed: their pages, the briefings holding them and, with
    ``cited_pages``, the pages of the sources they cite (and of ``source_ids``).
    """
    if pagecache.in_bulk():
        return
    ids = _clean(claim_ids)
    if not ids and not source_ids:
        return
    names = claim_names(ids)
    names |= briefing_names(
        Briefing.objects.filter(sections__entries__claim__in=ids)
        .values_list("slug", flat=True)
        .distinct()
    )
    if cited_pages:
        cited = set(Citation.objects.filter(claim__in=ids).values_list("source", flat=True))
        cited |= _clean(source_ids)
        names |= source_names(Source.objects.filter(pk__in=cited).values_list("slug", flat=True))
    pagecache.invalidate(names)


def briefings_changed(briefing_ids, *, slugs=(), claim_ids=()):
    """
    Briefings ``briefing_ids`` changed: their pages (also under their old ``slugs``) and
    the pages of the claims they hold (or just stopped holding: ``claim_ids``), which list
    the briefings that show them.
    """
    if pagecache.in_bulk():
        return
    ids = _clean(briefing_ids)
    names = briefing_names(Briefing.objects.filter(pk__in=ids).values_list("slug", flat=True))
    names |= briefing_names(slugs)
    held = set(
        SectionClaim.objects.filter(section__briefing__in=ids).values_list("claim", flat=True)
    )
    names |= claim_names(held | _clean(claim_ids))
    pagecache.invalidate(names)


def sections_changed(section_ids, *, claim_ids=()):
    if pagecache.in_bulk():
        return
    sections = Section.objects.filter(pk__in=_clean(section_ids))
    briefings_changed(set(sections.values_list("briefing", flat=True)), claim_ids=claim_ids)


def claims_citing_changed(source_ids):
    """Sources changed (sources.signals.sources_changed): the claims citing them count anew."""
    if pagecache.in_bulk():
        return
    claims = Citation.objects.filter(source__in=source_ids).values_list("claim", flat=True)
    claims_changed(set(claims), cited_pages=False)


def topic_changed(tag):
    """A topic was renamed or is about to be deleted: what carries it shows its name."""
    if pagecache.in_bulk():
        return
    claims = TaggedClaim.objects.filter(tag=tag).values_list("content_object", flat=True)
    claims_changed(set(claims), cited_pages=False)
    briefings = TaggedBriefing.objects.filter(tag=tag).values_list("content_object", flat=True)
    briefings_changed(set(briefings))


def author_changed(user):
    """A user's name is shown on the briefings they wrote."""
    if pagecache.in_bulk():
        return
    briefings_changed(set(Briefing.objects.filter(authors=user).values_list("pk", flat=True)))


def next_scheduled_publication():
    """When the next scheduled briefing becomes public (pages are kept until then), or None."""
    return (
        Briefing.objects.scheduled(timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
