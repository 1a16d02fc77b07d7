"""Independent corroboration: sources of one origin count once."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.corroboration import (
    attach_support,
    claims_with_support,
    count_independent,
    support_counts,
)
from briefings.models import Citation, Claim
from sources.models import SourceOverlap

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


def test_attach_support_takes_two_queries_whatever_the_number_of_claims(
    make_claim, django_assert_num_queries
):
    for _ in range(8):
        make_claim()
    claims = list(Claim.objects.all())
    with django_assert_num_queries(2):
        attach_support(claims)
    assert {claim.support for claim in claims} == {1}
