"""
Search understands words, the same on SQLite and PostgreSQL, on the seed data.

Run this file with DATABASE_URL set to a PostgreSQL database too: every expectation is
the same for both engines (FTS5's porter tokenizer, PostgreSQL's english stemmer).
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.models import SearchEntry

URL = reverse("search:search")
MARKED = re.compile(r"<mark>(.*?)</mark>")


@pytest.fixture
def seeded(db):
    """The seed sources, claims and briefings, indexed."""
    call_command("load_seed_data", verbosity=0)


def found(query, **filters):
    """What a reader finds for ``query``: (kind, title) pairs."""
    entries = SearchEntry.objects.visible().search(query).filter(**filters)
    return {(entry.kind, entry.title) for entry in entries}


def titles(results, kind):
    return {title for found_kind, title in results if found_kind == kind}


WORD_FORMS = [
    ("railways", "railway", 8),
    ("Railways", "rail", 8),
    ("treaties", "treaty", 4),
    ("sanctioned", "sanctions", 14),
    ("sanctioned", "sanctioning", 14),
]
SPELLINGS = [
    ("labour", "labor"),
    ("defence", "defense"),
    ("programme", "program"),
    ("centre", "center"),
    ("labourers", "laborers"),
]
ACCENTS = [("Kłyszcz", "Klyszcz"), ("défense", "defense"), ("Pyŏngyang", "Pyongyang")]


def test_word_forms_find_the_same_documents(seeded):
    """A plural, a past tense or a stem finds what the other forms find."""
    for query, same_as, at_least in WORD_FORMS:
        assert found(query) == found(same_as), query
        assert len(found(query)) >= at_least, query


def test_railways_finds_the_railway_briefing_claims_and_sources(seeded):
    results = found("railways")
    assert "Energy and the railway" in titles(results, "briefing")
    assert any("Trans-Siberian Railway" in title for title in titles(results, "claim"))
    assert len(titles(results, "source")) >= 3


def test_treaties_finds_the_2000_treaty(seeded):
    results = found("treaties")
    assert "From patron to partner: 1948–2000" in titles(results, "briefing")
    assert any(title.startswith("The 2000 treaty") for title in titles(results, "claim"))


def test_british_and_american_spellings_find_the_same(seeded):
    for british, american in SPELLINGS:
        assert found(british) == found(american), british
        assert found(british), british


def test_labor_finds_the_labour_migration_briefing(seeded):
    results = found("labor")
    assert len(results) >= 11
    assert "Labour migration and sanctions" in titles(results, "briefing")


def test_accents_are_folded_both_ways(seeded):
    """An accented query finds the plain word, a plain query the accented one."""
    for accented, plain in ACCENTS:
        assert found(accented) == found(plain), accented
        assert found(accented), accented


def test_an_analysts_name_is_found_without_its_stroke(seeded):
    results = found("Klyszcz")
    assert any(title.startswith("Ivan Kłyszcz warns") for title in titles(results, "claim"))


def test_every_word_must_still_occur(seeded):
    assert found("railways treaties") < found("railways")
    assert found("railways zeppelin") == set()


def test_accented_text_is_found_by_its_plain_words(make_source):
    """A document written with accents is found by the plain word, and the reverse."""
    source = make_source(title="Le Café de Pyongyang", body="Une délégation a visité l'usine.")
    plain = make_source(title="Delegation notes", body="The delegation visited the factory.")
    assert found("cafe") == {("source", source.title)}
    assert (
        found("délégation")
        == found("delegation")
        == {
            ("source", source.title),
            ("source", plain.title),
        }
    )


def test_results_mark_the_word_forms_that_matched(client, seeded):
    """Highlighting follows the stemmer: "railways" marks "railway" and "Railway"."""
    response = client.get(URL, {"q": "railways"})
    marked = {word.lower() for word in MARKED.findall(response.content.decode())}
    assert marked and all(word.startswith("railway") for word in marked)
    assert "railway" in marked


def test_results_mark_the_other_spelling_and_folded_accents(client, seeded):
    content = client.get(URL, {"q": "Klyszcz"}).content.decode()
    assert "<mark>Kłyszcz</mark>" in content
    labour = client.get(URL, {"q": "labor"}).content.decode()
    assert {word.lower() for word in MARKED.findall(labour)} <= {
        "labour",
        "labor",
        "labourers",
        "laborers",
        "labourer",
        "laborer",
    }


def test_results_offer_topic_counts(client, seeded):
    """Each topic offered shows how many results narrowing to it leaves, and links there."""
    everything = found("labor")
    response = client.get(URL, {"q": "labor"})
    counts = response.context["topic_counts"]
    assert counts, "the page offers topics to narrow the results"
    assert [topic.matches for topic in counts] == sorted(
        (topic.matches for topic in counts), reverse=True
    )
    content = response.content.decode()
    for topic in counts:
        assert f'href="?q=labor&amp;topic={topic.slug}"' in content
        narrowed = client.get(URL, {"q": "labor", "topic": topic.slug})
        assert narrowed.context["paginator"].count == topic.matches <= len(everything)
        assert [t.slug for t in narrowed.context["topic_counts"]] == [t.slug for t in counts]
        assert f'topic={topic.slug}" aria-current="page"' in narrowed.content.decode()


SPELLING_WORDS = [word for pair in SPELLINGS for word in pair] + ["défense", "Kłyszcz", "Straße"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from(SPELLING_WORDS)), max_size=6).map(
        " ".join
    )
)
def test_any_query_is_a_valid_engine_query(make_source, text):
    """Spelling groups, accents and any characters: the engine accepts the query, on both."""
    # Examples share the test's transaction: one source serves them all.
    if not SearchEntry.objects.exists():
        make_source(title="Labour défense Kłyszcz", body="Railways and treaties.")
    entries = SearchEntry.objects.visible().search(text)
    assert entries.count() == len(list(entries)) <= 1
    list(entries.topic_counts())
