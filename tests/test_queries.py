"""Every public page runs the same number of SQL queries however much content it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.models import Citation, Claim
from sources.models import Source

SMALL, LARGE = 5, 50


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def claims(make_source, make_claim):
    """Make ``n`` public claims with the tag, each citing its own source, with two topics."""

    def make(n, tag):
        return [make_claim(tags=(tag, "shared"), source=make_source()) for _ in range(n)]

    return make


def test_briefing_page_queries_do_not_grow_with_claims(client, claims, make_briefing):
    """A briefing with 50 claims costs as many queries as one with 5."""
    small = make_briefing(claims=claims(SMALL, "small"), sections=2)
    large = make_briefing(claims=claims(LARGE, "large"), sections=5)
    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, large.get_absolute_url()
    )


def test_staff_preview_queries_do_not_grow_with_claims(staff_client, claims, make_briefing):
    """Staff preview bundles its queries the same way."""
    small = make_briefing(claims=claims(SMALL, "small"), status="draft")
    large = make_briefing(claims=claims(LARGE, "large"), status="draft")
    assert count_queries(staff_client, small.get_absolute_url()) == count_queries(
        staff_client, large.get_absolute_url()
    )


def test_topic_page_queries_do_not_grow_with_claims(client, claims, make_briefing):
    """The assembled topical briefing runs a fixed number of queries."""
    claims(SMALL, "small")
    claims(LARGE, "large")
    make_briefing(tags=("small",))
    make_briefing(tags=("large",))
    small = reverse("briefings:topic_detail", args=["small"])
    large = reverse("briefings:topic_detail", args=["large"])
    assert count_queries(client, small) == count_queries(client, large)


def test_claim_list_queries_do_not_grow_with_claims(client, claims):
    """The claim list costs the same with 5 or 50 matching claims."""
    claims(SMALL, "small")
    claims(LARGE, "large")
    url = reverse("briefings:claim_list")
    assert count_queries(client, url, topic="small") == count_queries(client, url, topic="large")


def test_claim_detail_queries_do_not_grow_with_citations(client, make_source, make_claim):
    """A claim with 50 citations costs as many queries as one with 5."""
    pages = []
    for n in (SMALL, LARGE):
        claim = make_claim(quote=None)
        for _ in range(n):
            Citation.objects.create(claim=claim, source=make_source(), quote="Labour migration")
        pages.append(count_queries(client, claim.get_absolute_url()))
    assert pages[0] == pages[1]


def test_source_page_queries_do_not_grow_with_citations(client, make_source, make_claim):
    """The source page marks 5 or 50 cited passages with the same number of queries."""
    body = " ".join(f"Fact number {k} is recorded here." for k in range(LARGE))
    pages = []
    for n in (SMALL, LARGE):
        source = make_source(body=body)
        source.tags.add("a", "b")
        for k in range(n):
            make_claim(source=source, quote=f"Fact number {k} is recorded")
        response_queries = count_queries(client, source.get_absolute_url())
        pages.append(response_queries)
    assert pages[0] == pages[1]


def test_list_pages_queries_do_not_grow(client, claims, make_briefing, make_source):
    """Home, briefing list, topic list and source list cost the same at both sizes."""
    urls = [
        reverse("briefings:home"),
        reverse("briefings:briefing_list"),
        reverse("briefings:topic_list"),
        reverse("sources:source_list"),
    ]
    for n in range(SMALL):
        make_briefing(claims=claims(1, f"topic-{n}"))
    before = [count_queries(client, url) for url in urls]
    for n in range(LARGE):
        make_briefing(claims=claims(1, f"more-{n}"))
        Claim.objects.create(statement="Draft.", status=Claim.Status.DRAFT)
    after = [count_queries(client, url) for url in urls]
    assert before == after


def test_home_page_query_count(client, claims, make_briefing, django_assert_num_queries):
    """The front page runs a small, known number of queries (briefings, tags, topics, counts)."""
    for n in range(LARGE):
        make_briefing(claims=claims(1, f"topic-{n}"))
    with django_assert_num_queries(5):
        client.get(reverse("briefings:home"))


def test_pages_citing_copies_do_not_grow_with_claims(
    client, make_source, make_claim, make_briefing
):
    """Footnotes name each copy's original from the same join, at any number of copies."""

    def page_queries(n, tag):
        claims = []
        for _ in range(n):
            original = make_source()
            copy = make_source(assessment=Source.Assessment.REWORDED, derived_from=original)
            claim = make_claim(tags=(tag,), source=copy, event_date="2019-01-01")
            Citation.objects.create(claim=claim, source=original, quote="Labour migration")
            claims.append(claim)
        briefing = make_briefing(claims=claims, tags=(tag,))
        urls = [
            briefing.get_absolute_url(),
            reverse("briefings:topic_detail", args=[tag]),
            reverse("briefings:timeline"),
            claims[0].get_absolute_url(),
            reverse("briefings:briefing_bibliography", args=[briefing.slug, "bib"]),
        ]
        return [
            count_queries(client, url, **({"topic": tag} if "timeline" in url else {}))
            for url in urls
        ]

    assert page_queries(SMALL, "small") == page_queries(LARGE, "large")


def test_timeline_queries_do_not_grow_with_claims_in_the_year_range(client, make_claim):
    """The timeline limited to a range of years costs the same with 5 or 50 dated claims in it."""
    for n in range(SMALL):
        make_claim(event_date=f"{1990 + n % 5}-01-01")
    for n in range(LARGE):
        make_claim(event_date=f"{2010 + n % 5}-01-01")
    url = reverse("briefings:timeline")
    small = count_queries(client, url, from_year="1990", to_year="1999")
    large = count_queries(client, url, from_year="2010", to_year="2019")
    assert small == large
    # An impossible year is a form error; it costs no more than a real range.
    assert count_queries(client, url, from_year="0") <= large


@pytest.mark.parametrize("page", ["briefing", "topic"])
def test_claim_entries_do_not_load_the_claims_topics(client, claims, make_briefing, page):
    """A claim entry lists no topics, so its page does not prefetch them (taggit's is costly)."""
    briefing = make_briefing(claims=claims(SMALL, "small"), tags=("small",))
    url = {
        "briefing": briefing.get_absolute_url(),
        "topic": reverse("briefings:topic_detail", args=["small"]),
    }[page]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    claim_topics = [
        q["sql"]
        for q in queries
        if "_prefetch_related_val" in q["sql"] and "briefings_taggedclaim" in q["sql"]
    ]
    assert not claim_topics
