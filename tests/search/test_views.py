"""The search page: ranking, claims found by their quotes, filters, visibility, snippets."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefings.models import Briefing, Claim
from briefings.services import briefing_unpublish
from tests.search.pages import URL, found, search
from tests.test_queries import LARGE, SMALL, count_queries

RAIL_TEXT = (
    "The Khasan–Rajin rail link carries Russian coal to the port of Rajin. "
    "Railway diplomacy has been a constant of the relationship."
)
MARKED = re.compile(r"<mark>(.*?)</mark>")


def test_search_page_without_a_query_shows_the_form_only(client, make_briefing):
    """The bare page lists nothing (a FilterSet would otherwise list everything)."""
    make_briefing(title="Railway diplomacy")
    response = search(client)
    assert found(response) == []
    assert b'<label for="id_q">Search for</label>' in response.content
    assert b"Search the published briefings" in response.content


def test_header_has_a_labelled_search_box(client, db):
    response = client.get(reverse("briefings:home"))
    assert b'role="search"' in response.content
    assert b'<label class="visually-hidden" for="site-search-q">' in response.content
    assert f'action="{URL}"'.encode() in response.content


def test_exact_title_match_ranks_first(make_source, make_briefing):
    """A briefing titled exactly as asked comes before documents that say it more often."""
    make_source(
        title="Railway diplomacy, railway finance and railway politics",
        body=" ".join(["Railway diplomacy."] * 40),
    )
    make_source(title="Notes", body=" ".join(["Railway diplomacy."] * 80))
    exact = make_briefing(title="Railway Diplomacy", standfirst="A short note.")
    from django.test import Client

    for query in ("Railway diplomacy", "railway DIPLOMACY!", "  railway   diplomacy "):
        results = found(search(Client(), q=query))
        assert results[0] == exact
        assert len(results) == 3


def test_title_match_ranks_above_a_match_in_the_text(client, make_source):
    in_text = make_source(title="Port statistics", body="Cargo through Rajin rose.")
    in_title = make_source(title="Rajin", body="A port in the north-east.")
    assert found(search(client, q="rajin")) == [in_title, in_text]


def test_claim_is_found_by_words_of_its_quoted_passage(client, make_source, make_claim):
    """The statement does not mention Rajin; the passage it quotes does."""
    source = make_source(title="Rail report", body=RAIL_TEXT)
    claim = make_claim(
        statement="Coal moves by rail to a North Korean port.",
        source=source,
        quote="The Khasan–Rajin rail link carries Russian coal",
    )
    response = search(client, q="Khasan Rajin", type="claim")
    assert found(response) == [claim]
    assert "<mark>Khasan</mark>–<mark>Rajin</mark>" in response.content.decode()
    assert claim.get_absolute_url().encode() in response.content


def test_claim_is_found_by_a_quote_added_later(client, make_source, make_claim):
    """Saving a citation re-indexes its claim."""
    from briefings.models import Citation

    source = make_source(body=RAIL_TEXT)
    claim = make_claim(statement="Coal moves by rail.", source=source, quote="Railway diplomacy")
    assert found(search(client, q="coal", type="claim")) == [claim]
    assert found(search(client, q="constant", type="claim")) == []
    Citation.objects.create(claim=claim, source=source, quote="a constant of the relationship")
    assert found(search(client, q="constant", type="claim")) == [claim]


@pytest.fixture
def mixed(make_source, make_claim, make_briefing):
    """A briefing, a claim and a source on 'ferry', in two topics."""
    source = make_source(title="Ferry timetable", body="The ferry sails weekly. " + RAIL_TEXT)
    source.tags.add("transport")
    claim = make_claim(
        statement="A ferry links Vladivostok and Rajin.",
        source=source,
        quote="The ferry sails weekly",
        tags=("transport",),
    )
    briefing = make_briefing(title="Ferries and sanctions", tags=("sanctions",))
    briefing.sections.update(body="The ferry route is sanctioned.")
    briefing.save()
    return {"source": source, "claim": claim, "briefing": briefing}


@pytest.mark.parametrize("kind", ["briefing", "claim", "source"])
def test_filter_by_type(client, mixed, kind):
    """Each type filter yields exactly the object of that type."""
    everything = found(search(client, q="ferry"))
    assert set(everything) == set(mixed.values())
    assert found(search(client, q="ferry", type=kind)) == [mixed[kind]]


def test_filter_by_topic(client, mixed):
    """The topic filter uses each object's topics as they are now."""
    assert set(found(search(client, q="ferry", topic="transport"))) == {
        mixed["claim"],
        mixed["source"],
    }
    assert found(search(client, q="ferry", topic="sanctions")) == [mixed["briefing"]]
    assert found(search(client, q="ferry", topic="transport", type="source")) == [mixed["source"]]


def test_topic_names_are_searchable(client, mixed):
    """Tagging re-indexes: a topic added later makes the object findable by its name."""
    assert found(search(client, q="maritime")) == []
    mixed["source"].tags.add("maritime")
    assert found(search(client, q="maritime")) == [mixed["source"]]


def test_unknown_filter_values_answer_with_no_results(client, mixed):
    response = search(client, q="ferry", type="memo", topic="no-such-topic")
    assert found(response) == []
    assert b'class="error"' in response.content


@pytest.fixture
def unpublished(make_source, make_claim, make_briefing):
    """One public briefing and claim, and every kind of hidden briefing and claim on 'ferry'."""
    source = make_source(title="Shipping register", body="The ferry sails weekly.")
    public_claim = make_claim(statement="Public ferry claim.", source=source, quote="ferry")
    hidden = {
        make_briefing(title="Draft ferry briefing", status=Briefing.Status.DRAFT),
        make_briefing(title="Ferry briefing in review", status=Briefing.Status.REVIEW),
        make_briefing(
            title="Scheduled ferry briefing", published_at=timezone.now() + timedelta(hours=1)
        ),
        make_claim(
            statement="Draft ferry claim.", source=source, quote="ferry", status=Claim.Status.DRAFT
        ),
        make_claim(
            statement="Disputed ferry claim.", source=source, quote="ferry", status="disputed"
        ),
        make_claim(
            statement="Retracted ferry claim.", source=source, quote="ferry", status="retracted"
        ),
    }
    public = {make_briefing(title="Public ferry briefing"), public_claim, source}
    return public, hidden


def test_drafts_and_unverified_never_appear(client, unpublished):
    """Only published briefings, verified claims and sources are found."""
    public, hidden = unpublished
    response = search(client, q="ferry")
    assert set(found(response)) == public
    assert response.context["paginator"].count == len(public)
    for obj in hidden:
        assert str(obj).encode() not in response.content


def test_topic_counts_count_only_what_readers_may_see(client, unpublished, make_claim):
    """Hidden claims and briefings neither add to a topic's count nor bring their own topic."""
    make_claim(statement="Draft ferry secret.", status=Claim.Status.DRAFT, tags=("secret",))
    response = search(client, q="ferry")
    counts = {topic.slug: topic.matches for topic in response.context["topic_counts"]}
    assert "secret" not in counts
    assert counts == {"sanctions": 2}, "the public briefing and claim carry 'sanctions'"
    assert b"secret" not in response.content


def test_staff_see_no_drafts_in_search_either(staff_client, unpublished):
    public, _ = unpublished
    assert set(found(search(staff_client, q="ferry"))) == public


def test_scheduled_briefing_appears_when_its_time_comes(client, make_briefing):
    """Visibility is decided at query time: no re-indexing when the clock passes the time."""
    briefing = make_briefing(
        title="Scheduled ferry briefing", published_at=timezone.now() + timedelta(hours=1)
    )
    assert found(search(client, q="ferry")) == []
    # update() sends no signal, as the passing of time does not.
    Briefing.objects.filter(pk=briefing.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    assert found(search(client, q="ferry")) == [briefing]


def test_unpublished_briefing_vanishes_at_once(client, make_briefing):
    briefing = make_briefing(title="Ferry briefing")
    assert found(search(client, q="ferry")) == [briefing]
    briefing_unpublish(briefing=briefing)
    assert found(search(client, q="ferry")) == []


def test_deleted_objects_leave_the_index(client, make_source, make_claim):
    source = make_source(title="Ferry register")
    claim = make_claim(statement="A ferry claim.", source=source, quote="sanctions")
    assert set(found(search(client, q="ferry"))) == {source, claim}
    claim.delete()
    assert found(search(client, q="ferry")) == [source]


def test_snippets_are_escaped_and_mark_only_matches(client, make_source):
    """A document's markup is shown as text; only the matched words are wrapped in <mark>."""
    make_source(
        title="<b>Ferry</b> report",
        body="Before <script>alert('ferry')</script> & the ferries <i>sail</i>.",
    )
    response = search(client, q="ferry")
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<b>" not in content and "<i>" not in content
    assert "&lt;script&gt;alert(&#x27;<mark>ferry</mark>&#x27;)&lt;/script&gt;" in content
    assert "&lt;b&gt;<mark>Ferry</mark>&lt;/b&gt; report" in content
    assert [m.lower() for m in MARKED.findall(content)] == ["ferry", "ferry", "ferries"]


def test_unicode_words_are_found(client, make_source):
    """Cyrillic (in any case) and Hangul words are found, Hangul by the start of a word."""
    source = make_source(title="Договор", body="Россия и КНДР подписали договор. 한국어 문서.")
    assert found(search(client, q="РОССИЯ кндр")) == [source]
    assert found(search(client, q="한국")) == [source]
    assert found(search(client, q="🚂")) == []


def test_all_words_must_occur(client, make_source):
    source = make_source(title="Ferry", body="The ferry sails weekly.")
    assert found(search(client, q="ferry weekly")) == [source]
    assert found(search(client, q="ferry monthly")) == []


def test_results_are_paginated(client, make_source):
    for n in range(25):
        make_source(title=f"Ferry note {n}")
    first = search(client, q="ferry")
    second = search(client, q="ferry", page=2)
    assert len(found(first)) == 20 and len(found(second)) == 5
    assert b"25 results for" in first.content
    assert b"q=ferry&amp;page=2" in first.content
    assert not set(found(first)) & set(found(second))


def test_no_results_message(client, make_source):
    make_source(title="Ferry")
    response = search(client, q="zeppelin")
    assert b"0 results for" in response.content
    assert b"Nothing matches" in response.content


ODD_QUERIES = [
    '"',
    '"unbalanced quote',
    "((( unbalanced",
    "a) OR (b",
    "ferry AND sails OR NOT weekly",
    "NEAR(ferry weekly, 2)",
    "ferry*",
    "^ferry",
    "-ferry",
    "title:ferry",
    "{title body}: ferry",
    "Россия КНДР",
    "한국어",
    "🚂🇰🇵",
    "\x00",
    "'; DROP TABLE search_searchentry; --",
    "%_\\",
]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.one_of(
        st.text(),
        st.sampled_from(ODD_QUERIES),
        st.lists(st.sampled_from(ODD_QUERIES)).map(" ".join),
    ),
    kind=st.one_of(
        st.none(), st.text(max_size=10), st.sampled_from(["briefing", "claim", "source"])
    ),
    topic=st.one_of(st.none(), st.text(max_size=10), st.just("transport")),
)
@example(query="ferry " * 1700, kind=None, topic=None)
@example(query="x" * 10_240, kind=None, topic=None)
@example(query="€" * 10_240, kind=None, topic=None)
@example(query='"' * 10_240, kind="claim", topic="transport")
@example(query=" ".join(ODD_QUERIES) * 40, kind=None, topic=None)
def test_any_input_answers_200(client, mixed, query, kind, topic):
    """Quotes, engine operators, unbalanced brackets, any script, NUL, 10 KB: always a page."""
    params = {"q": query}
    if kind is not None:
        params["type"] = kind
    if topic is not None:
        params["topic"] = topic
    search(client, **params)


def test_query_count_does_not_grow_with_results(client, make_source, make_claim, make_briefing):
    """
    5 results or 50 (a full page and more), of each type or all, narrowed to a topic or not,
    with terms marked and topics counted: the same number of queries.
    """
    for size, word in ((SMALL, "smallset"), (LARGE, "largeset")):
        for n in range(size):
            # Exact title matches come first: every first page holds all three kinds.
            title = word if n == 0 else f"{word} {n}"
            source = make_source(title=title)
            make_claim(statement=title, source=source, tags=(word, f"{word}{n}"))
            make_briefing(title=title, tags=(word, "shared"))
    small = search(client, q="smallset")
    large = search(client, q="largeset")
    assert (len(found(small)), len(found(large))) == (SMALL * 3, 20)
    assert len(large.context["topic_counts"]) > len(small.context["topic_counts"])
    for params in ({}, {"type": "briefing"}, {"type": "claim"}, {"type": "source"}):
        for topic in ({}, {"topic": "shared"}):
            sizes = [
                count_queries(client, URL, q=word, **params, **topic)
                for word in ("smallset", "largeset")
            ]
            assert sizes[0] == sizes[1], (params, topic)
