"""
Which cached pages a change to sources shows on (the page cache: rnk_site/pagecache.py).

A source's page shows its text, metadata, topics, references, copies and the sources it
shares material with; the pages of the claims that cite it show its metadata and count
independent support through copies and shared material. So a change to a source
invalidates the pages of the sources related to it, and announces them
(``signals.sources_changed``) to the apps whose pages cite them.
"""

from django.db.models import Q

from rnk_site import pagecache

from . import signals
from .models import Source, SourceOverlap


def source_names(slugs):
    return {pagecache.object_name("source", slug) for slug in slugs if slug}


def _copies(ids):
    """``ids`` and every copy of them, down the chains of copies."""
    found, frontier = set(ids), set(ids)
    while frontier:
        frontier = (
            set(Source.objects.filter(derived_from__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def _originals(ids):
    """The originals of ``ids``, up the chains of copies."""
    found, frontier = set(), set(ids)
    while frontier:
        frontier = (
            set(
                Source.objects.filter(pk__in=frontier, derived_from__isnull=False).values_list(
                    "derived_from", flat=True
                )
            )
            - found
            - set(ids)
        )
        found |= frontier
    return found


def related_source_ids(ids):
    """
    The sources whose pages, or whose citing claims' support counts, a change to ``ids`` may alter.

    The sources, their copies and originals (the chains that decide a source's origin), and
    every source sharing material with any of those.
    """
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return set()
    related = _copies(ids) | _originals(ids)
    pairs = SourceOverlap.objects.filter(Q(left__in=related) | Q(right__in=related)).values_list(
        "left", "right"
    )
    for left, right in pairs:
        related.update((left, right))
    return related


def sources_changed(ids, *, slugs=()):
    """Sources ``ids`` changed (or are about to be deleted): invalidate what shows them."""
    if pagecache.in_bulk():
        return
    related = related_source_ids(ids)
    names = source_names(Source.objects.filter(pk__in=related).values_list("slug", flat=True))
    pagecache.invalidate(names | source_names(slugs))
    signals.sources_changed.send(sender=Source, source_ids=frozenset(related))


def source_pages_changed(ids, *, slugs=()):
    """Only the pages of sources ``ids`` changed (their topics, their references)."""
    if pagecache.in_bulk():
        return
    slugs = set(slugs) | set(Source.objects.filter(pk__in=ids).values_list("slug", flat=True))
    pagecache.invalidate(source_names(slugs))
