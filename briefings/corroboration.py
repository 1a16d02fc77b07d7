"""
Independent corroboration: how many independent sources support a claim.

Sources that share an origin count once: those found to share material (a
copy, syndicated passages or a close paraphrase of each other, see
``sources.overlap``) and those the editors assessed as a copy of another
(``Source.derived_from``, followed up the chain of copies). A copy whose
original the project does not hold counts as at most one source. Broken
citations and citations that only contradict or give context do not count.
"""

from collections import defaultdict

from django.db.models import Value

from sources.models import Source, SourceOverlap

from .models import Citation


def count_independent(source_ids, edges):
    """How many groups ``source_ids`` fall into when ``edges`` join sources of one origin."""
    parent = {source_id: source_id for source_id in source_ids}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in edges:
        if left in parent and right in parent:
            parent[root(left)] = root(right)
    return len({root(node) for node in parent})


def origin_map(copies):
    """``{source id: its original}`` from ``(copy, original)`` pairs, following chains of copies."""
    parent = dict(copies)

    def origin(node):
        seen = {node}
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        return node

    return {copy: origin(copy) for copy in parent}


def independent_sources(source_ids, overlaps, origins):
    """How many independent sources ``source_ids`` are, given overlap edges and copy origins."""
    resolved = {origins.get(source_id, source_id) for source_id in source_ids}
    edges = [(origins.get(left, left), origins.get(right, right)) for left, right in overlaps]
    return count_independent(resolved, edges)


def group_by_origin(source_ids, overlaps, origins):
    """
    ``{source id: its origin's representative}``: sources that share an origin map to one.

    The same grouping as ``independent_sources`` counts: there are as many distinct values
    as independent sources among ``source_ids``.
    """
    resolved = {source_id: origins.get(source_id, source_id) for source_id in source_ids}
    parent = {origin: origin for origin in resolved.values()}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in overlaps:
        left, right = origins.get(left, left), origins.get(right, right)
        if left in parent and right in parent:
            parent[root(left)] = root(right)
    return {source_id: root(origin) for source_id, origin in resolved.items()}


def origin_links(source_ids=None):
    """
    Overlap edges and copy → original pairs, fetched together in one query.

    With ``source_ids``, only the overlaps between two of them (the only ones that count
    among them); copy pairs are all read, since a chain of copies may pass through others.
    """
    overlaps = SourceOverlap.objects.order_by().annotate(copy=Value(False))
    if source_ids is not None:
        ids = list(source_ids)
        overlaps = overlaps.filter(left__in=ids, right__in=ids)
    copies = (
        Source.objects.order_by()
        .filter(derived_from__isnull=False)
        .annotate(copy=Value(True))
        .values_list("pk", "derived_from_id", "copy")
    )
    rows = overlaps.values_list("left_id", "right_id", "copy").union(copies, all=True)
    edges, pairs = [], []
    for left, right, is_copy in rows:
        (pairs if is_copy else edges).append((left, right))
    return edges, origin_map(pairs)


def supporting_citations():
    return Citation.objects.filter(stance=Citation.Stance.SUPPORTS).exclude(
        anchor_status=Citation.AnchorStatus.BROKEN
    )


def support_counts(claim_ids=None):
    """``{claim id: independent sources}`` for ``claim_ids`` (all when None), in two queries."""
    citations = supporting_citations()
    if claim_ids is not None:
        citations = citations.filter(claim_id__in=list(claim_ids))
    sources_by_claim = defaultdict(set)
    for claim_id, source_id in citations.values_list("claim_id", "source_id"):
        sources_by_claim[claim_id].add(source_id)
    edges, origins = origin_links()
    counts = dict.fromkeys(claim_ids or (), 0)
    for claim_id, source_ids in sources_by_claim.items():
        counts[claim_id] = independent_sources(source_ids, edges, origins)
    return counts


def claims_with_support(queryset, *, at_least=None, at_most=None):
    """Narrow a claim queryset by its number of independent sources."""
    counts = support_counts(queryset.values_list("pk", flat=True))
    keep = [
        claim_id
        for claim_id, count in counts.items()
        if (at_least is None or count >= at_least) and (at_most is None or count <= at_most)
    ]
    return queryset.filter(pk__in=keep)


def attach_support(claims):
    """Set ``claim.support`` on each claim of an evaluated list; two queries in all."""
    counts = support_counts([claim.pk for claim in claims])
    for claim in claims:
        claim.support = counts.get(claim.pk, 0)
    return claims
