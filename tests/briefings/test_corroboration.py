"""Independent corroboration: sources of one origin count once."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.corroboration import (
    attach_support,
    claims_with_support,
    count_independent,
    origin_map,
    support_counts,
)
from briefings.models import Citation, Claim
from sources.models import Source, SourceOverlap

pytestmark = pytest.mark.django_db


def test_count_independent_merges_connected_sources():
    assert count_independent({1, 2, 3, 4}, [(1, 2), (2, 3)]) == 2
    assert count_independent({1, 2}, [(3, 4)]) == 2
    assert count_independent(set(), [(1, 2)]) == 0


@given(
    st.sets(st.integers(0, 30), max_size=15),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=30),
)
def test_count_independent_is_between_one_and_the_number_of_sources(sources, edges):
    count = count_independent(sources, edges)
    assert (count == 0) == (not sources)
    assert count <= len(sources)
    assert count_independent(sources, []) == len(sources)


def add_citation(claim, source, **kwargs):
    return Citation.objects.create(
        claim=claim, source=source, quote="international sanctions", **kwargs
    )


def test_sources_sharing_an_origin_count_once(make_claim, make_source):
    """A claim cited by a source and its reworded copy has one independent source."""
    original, copy, other = make_source(), make_source(), make_source()
    claim = make_claim(source=original)
    add_citation(claim, copy)
    assert support_counts([claim.pk]) == {claim.pk: 2}
    SourceOverlap.objects.create(left=original, right=copy, kind="paraphrase", score=0.5)
    assert support_counts([claim.pk]) == {claim.pk: 1}
    add_citation(claim, other)
    assert support_counts([claim.pk]) == {claim.pk: 2}


def test_broken_and_contradicting_citations_do_not_count(make_claim, make_source):
    claim = make_claim()
    add_citation(claim, make_source(), stance=Citation.Stance.CONTRADICTS)
    broken = add_citation(claim, make_source())
    Citation.objects.filter(pk=broken.pk).update(anchor_status=Citation.AnchorStatus.BROKEN)
    assert support_counts([claim.pk]) == {claim.pk: 1}


def test_claims_can_be_narrowed_by_support(make_claim, make_source):
    single = make_claim()
    double = make_claim()
    add_citation(double, make_source())
    none = make_claim(quote=None)
    claims = Claim.objects.all()
    assert set(claims_with_support(claims, at_least=2)) == {double}
    assert set(claims_with_support(claims, at_most=1)) == {single, none}


def test_attach_support_reads_the_stored_count_without_a_query(
    make_claim, django_assert_num_queries
):
    """Pages read the stored count; the computed one takes two queries for any number of claims."""
    for _ in range(8):
        make_claim()
    claims = list(Claim.objects.all())
    with django_assert_num_queries(0):
        attach_support(claims)
    assert {claim.support for claim in claims} == {1}
    with django_assert_num_queries(2):
        assert set(support_counts([claim.pk for claim in claims]).values()) == {1}


def test_a_copy_never_counts_beside_its_original(make_claim, make_source):
    """derived_from joins a copy to its original even when no shared material was detected."""
    original = make_source()
    copy = make_source(assessment=Source.Assessment.REWORDED, derived_from=original)
    claim = make_claim(source=original)
    add_citation(claim, copy)
    assert support_counts([claim.pk]) == {claim.pk: 1}
    add_citation(claim, make_source())
    assert support_counts([claim.pk]) == {claim.pk: 2}


def test_copies_of_copies_count_with_the_first_original(make_claim, make_source):
    """A chain copy → copy → original is one origin, even if the middle one is not cited."""
    original = make_source()
    middle = make_source(assessment=Source.Assessment.COPY, derived_from=original)
    last = make_source(assessment=Source.Assessment.COPY, derived_from=middle)
    claim = make_claim(source=original)
    add_citation(claim, last)
    assert support_counts([claim.pk]) == {claim.pk: 1}


def test_two_copies_of_one_original_count_once_without_it(make_claim, make_source):
    """Two copies of an original the claim does not cite are still one source."""
    original = make_source()
    claim = make_claim(source=make_source(assessment=Source.Assessment.COPY, derived_from=original))
    add_citation(claim, make_source(assessment=Source.Assessment.COPY, derived_from=original))
    assert support_counts([claim.pk]) == {claim.pk: 1}


def test_a_copy_of_an_original_not_held_counts_at_most_once(make_claim, make_source):
    """With no original to join, a copy is one source: never zero, never more."""
    copy = make_source(assessment=Source.Assessment.REWORDED)
    claim = make_claim(source=copy)
    add_citation(claim, copy)
    assert support_counts([claim.pk]) == {claim.pk: 1}


def test_overlaps_of_a_copy_reach_its_original(make_claim, make_source):
    """Material shared with a copy is material shared with the copy's origin."""
    original, other = make_source(), make_source()
    copy = make_source(assessment=Source.Assessment.COPY, derived_from=original)
    left, right = sorted([copy, other], key=lambda source: source.pk)
    SourceOverlap.objects.create(left=left, right=right, kind="paraphrase", score=0.5)
    claim = make_claim(source=original)
    add_citation(claim, other)
    assert support_counts([claim.pk]) == {claim.pk: 1}


def test_origin_map_follows_chains_and_survives_circles():
    """Each copy maps to the end of its chain; a circle (raw data) does not loop forever."""
    assert origin_map([(3, 2), (2, 1)]) == {3: 1, 2: 1}
    origins = origin_map([(1, 2), (2, 1)])
    assert set(origins) == {1, 2}


def test_support_with_copies_still_takes_two_queries(
    make_claim, make_source, django_assert_num_queries
):
    """Copy links come in the same query as the overlaps."""
    original = make_source()
    for _ in range(4):
        claim = make_claim(source=original)
        add_citation(claim, make_source(assessment=Source.Assessment.COPY, derived_from=original))
    claims = list(Claim.objects.all())
    with django_assert_num_queries(2):
        counts = support_counts([claim.pk for claim in claims])
    assert set(counts.values()) == {1}
    assert {claim.support for claim in attach_support(claims)} == {1}
