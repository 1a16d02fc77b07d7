"""
Independent corroboration: how many independent sources support a claim.

Sources that share an origin count once: those found to share material (a
copy, syndicated passages or a close paraphrase of each other, see
``sources.overlap``) and those the editors assessed as a copy of another
(``Source.derived_from``, followed up the chain of copies). A copy whose
original the project does not hold counts as at most one source. Broken
citations and citations that only contradict or give context do not count.

The count is stored on each claim (``Claim.independent_support``) so that lists
filter on it with an index; :func:`support_refresh` keeps it equal to what
:func:`support_counts` computes from the citations and sources, and
``manage.py check_support`` reports any claim where the two differ.
"""

from collections import defaultdict
from itertools import islice

from django.db.models import Value

from sources.models import Source, SourceOverlap

from .models import Citation, Claim

# Ids per UPDATE ... WHERE id IN (...): well under SQLite's limit on bound variables.
UPDATE_BATCH = 500


def batched(items, size):
    """``items`` in tuples of at most ``size`` (``itertools.batched`` from Python 3.12)."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


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
    """Narrow a claim queryset by its (stored) number of independent sources."""
    return queryset.with_support(at_least=at_least, at_most=at_most)


def attach_support(claims):
    """Set ``claim.support`` on each claim of a list, from the stored count (no query)."""
    for claim in claims:
        claim.support = claim.independent_support
    return claims


def family(source_ids, origins):
    """``source_ids`` with every source that shares an origin with one of them."""
    roots = {origins.get(source_id, source_id) for source_id in source_ids}
    return roots | {copy for copy, origin in origins.items() if origin in roots}


def support_drift(claims=None):
    """``{claim id: (stored, computed)}`` for the claims whose stored count is wrong."""
    claims = Claim.objects.all() if claims is None else claims
    stored = dict(claims.order_by().values_list("pk", "independent_support"))
    computed = _computed(claims)
    return {
        pk: (count, computed.get(pk, 0))
        for pk, count in stored.items()
        if count != computed.get(pk, 0)
    }


def _computed(claims):
    """:func:`support_counts` for a claim queryset, selected by a subquery (no id list)."""
    sources_by_claim = defaultdict(set)
    rows = supporting_citations().filter(claim__in=claims.order_by().values("pk"))
    for claim_id, source_id in rows.order_by().values_list("claim_id", "source_id"):
        sources_by_claim[claim_id].add(source_id)
    edges, origins = origin_links()
    return {
        claim_id: independent_sources(source_ids, edges, origins)
        for claim_id, source_ids in sources_by_claim.items()
    }


def support_refresh(*, claims=None, changes=None) -> int:
    """
    Store the computed count of independent sources on ``claims`` (all when None).

    Only claims whose count changed are written; returns how many, and appends
    ``(claim id, old count, new count)`` to ``changes`` when given. ``updated_at``
    is left alone: the claim's own text and status did not change.
    """
    by_count = defaultdict(list)
    for pk, (stored, computed) in support_drift(claims).items():
        by_count[computed].append(pk)
        if changes is not None:
            changes.append((pk, stored, computed))
    for count, ids in by_count.items():
        for batch in batched(ids, UPDATE_BATCH):
            Claim.objects.filter(pk__in=batch).update(independent_support=count)
    return sum(len(ids) for ids in by_count.values())


def support_refresh_for_claims(claim_ids, *, changes=None) -> int:
    """Recount the claims with these ids (a citation of theirs was added, changed or removed)."""
    ids = {pk for pk in claim_ids if pk is not None}
    if not ids:
        return 0
    return sum(
        support_refresh(claims=Claim.objects.filter(pk__in=batch), changes=changes)
        for batch in batched(sorted(ids), UPDATE_BATCH)
    )


def support_refresh_for_sources(source_ids, *, changes=None) -> int:
    """
    Recount the claims that cite a source of the same origin as one of ``source_ids``.

    Called when copies or overlaps changed: the links are read as they are now, and
    ``source_ids`` must hold both the old and the new original of a re-assessed copy.
    """
    if source_ids is None:
        return support_refresh(changes=changes)
    _, origins = origin_links()
    related = family({pk for pk in source_ids if pk is not None}, origins)
    changed = 0
    for batch in batched(sorted(related), UPDATE_BATCH):
        cited = Citation.objects.filter(source__in=batch).values("claim_id")
        changed += support_refresh(claims=Claim.objects.filter(pk__in=cited), changes=changes)
    return changed
