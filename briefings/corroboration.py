"""
Independent corroboration: how many independent sources support a claim.

Sources that share an origin (a copy, syndicated passages or a close
paraphrase of each other, see ``sources.overlap``) count once. Broken
citations and citations that only contradict or give context do not count.
"""

from collections import defaultdict

from sources.models import SourceOverlap

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
    edges = list(SourceOverlap.objects.values_list("left_id", "right_id"))
    counts = dict.fromkeys(claim_ids or (), 0)
    for claim_id, source_ids in sources_by_claim.items():
        counts[claim_id] = count_independent(source_ids, edges)
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
