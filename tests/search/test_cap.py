"""
The search page keeps the best SEARCH_MAX_RESULTS hits: pages, counts and topics come
from those, and a page that found more says "more than" rather than a number.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefings.models import Claim
from search.views import SearchView
from tests.search.pages import URL, found, search
from tests.test_queries import count_queries

CAP = 5


@pytest.fixture(autouse=True)
def small_cap(settings):
    settings.SEARCH_MAX_RESULTS = CAP


def status(response):
    """The sentence that says how many results there are."""
    content = response.content.decode()
    start = content.index('class="result-count"')
    return content[start : content.index("</p>", start)]


@pytest.fixture
def ferries(make_source, make_claim):
    """
    Eight claims that match "ferry": five with the word in the statement (ranked first,
    topic "transport"), three only in the passage they quote (topic "harbours").
    """
    source = make_source(title="Harbour log", body="The ferry sails weekly from Rajin.")
    best = [make_claim(statement=f"A ferry links port {n}.", tags=("transport",)) for n in range(5)]
    rest = [
        make_claim(
            statement=f"Boats call at port {n}.",
            source=source,
            quote="The ferry sails weekly",
            tags=("harbours",),
        )
        for n in range(3)
    ]
    return best, rest


def test_more_hits_than_the_cap_say_more_than(client, ferries):
    """Nine matches (eight claims, a source), five kept: the page never claims a number."""
    best, _ = ferries
    response = search(client, q="ferry")
    assert set(found(response)) == set(best)
    assert response.context["hits"].more
    assert response.context["paginator"].count == CAP
    text = status(response)
    assert "More than 5 results for" in text
    assert "Add a word or choose a topic to narrow them." in text
    assert "9 results" not in text


def test_hits_up_to_the_cap_are_counted_exactly(client, ferries):
    """Narrowed to what the cap holds, the page says exactly how many it found."""
    best, rest = ferries
    everything = search(client, q="ferry", type="claim")
    assert "More than 5 results" in status(everything)
    in_title = search(client, q="ferry", topic="transport")
    assert set(found(in_title)) == set(best)
    assert not in_title.context["hits"].more
    assert "5 results for" in status(in_title)
    assert "More than" not in status(in_title)
    harbours = search(client, q="ferry", topic="harbours")
    assert set(found(harbours)) == set(rest)
    assert "3 results for" in status(harbours)


def test_topics_are_counted_over_the_kept_hits_only(client, ferries):
    """The three "harbours" claims fall outside the best five: the topic list says so."""
    response = search(client, q="ferry")
    counts = {topic.slug: topic.matches for topic in response.context["topic_counts"]}
    assert counts == {"transport": 5}
    assert "counted among the best 5 results" in response.content.decode()
    # Narrowed to a topic, the topics are still counted over what the query finds everywhere.
    narrowed = search(client, q="ferry", topic="harbours")
    assert {t.slug: t.matches for t in narrowed.context["topic_counts"]} == counts


def test_topics_of_an_uncapped_search_are_not_marked(client, ferries):
    response = search(client, q="weekly")
    assert not response.context["hits"].more
    assert "counted among" not in response.content.decode()


def test_drafts_take_no_place_among_the_kept_hits(client, make_claim):
    """Hidden claims that would rank first are left out before the best are kept."""
    for n in range(10):
        make_claim(statement=f"Ferry {n}", status=Claim.Status.DRAFT, tags=("secret",))
    public = [make_claim(statement=f"A ferry to port {n}.") for n in range(4)]
    response = search(client, q="ferry")
    assert set(found(response)) == set(public)
    assert "4 results for" in status(response)
    assert "More than" not in status(response)
    public += [make_claim(statement=f"A ferry to harbour {n}.") for n in range(2)]
    response = search(client, q="ferry")
    assert "More than 5 results" in status(response)
    assert set(found(response)) < set(public)
    assert "secret" not in {topic.slug for topic in response.context["topic_counts"]}
    assert b"secret" not in response.content


def test_pages_are_cut_from_the_kept_hits(client, ferries, monkeypatch):
    """Two to a page: the five kept hits fill three pages; a fourth does not exist."""
    monkeypatch.setattr(SearchView, "paginate_by", 2)
    best, _ = ferries
    pages = [found(search(client, q="ferry", page=n)) for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert sorted(claim.pk for page in pages for claim in page) == sorted(c.pk for c in best)
    second = search(client, q="ferry", page=2)
    assert "More than 5 results" in status(second)
    assert "Page 2 of 3" in second.content.decode()
    assert client.get(URL, {"q": "ferry", "page": 4}).status_code == 404


def test_matches_are_never_counted_or_read_whole(client, ferries):
    """One ranked, limited read of keys: no COUNT over the matches, no texts beyond a page."""
    with CaptureQueriesContext(connection) as queries:
        search(client, q="ferry")
    searches = [q["sql"] for q in queries if "search_searchentry_fts" in q["sql"]]
    if connection.vendor == "postgresql":
        searches = [q["sql"] for q in queries if "search_vector" in q["sql"]]
    assert len(searches) == 1
    assert f"LIMIT {CAP + 1}" in searches[0]
    assert "COUNT(" not in searches[0].upper()


def test_query_count_is_the_same_for_one_hit_and_more_than_the_cap(client, make_claim):
    make_claim(statement="A lone zeppelin.", tags=("air", "shared"))
    for n in range(CAP + 3):
        make_claim(statement=f"A ferry to port {n}.", tags=("sea", f"port{n}", "shared"))
    for params in ({}, {"type": "claim"}, {"topic": "shared"}, {"page": 1}):
        one = count_queries(client, URL, q="zeppelin", **params)
        many = count_queries(client, URL, q="ferry", **params)
        assert one == many, params
