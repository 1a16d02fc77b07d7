"""Search in Russian and Korean: word forms, words inside longer Korean words, translations.

Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): the same finds on both. The
Russian and Korean texts were written for these tests.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from briefings.models import Citation, Claim
from search import text as search_text
from search.models import SearchEntry
from search.results import matcher_for

RU_BODY = (
    "Стороны обменялись грамотами о ратификации договора. В договоре есть статья о взаимной "
    "помощи. Министры обсудили поставки зерна."
)
KO_BODY = "양국은 조약을 비준했다. 북러조약의 제4조는 상호 지원을 규정한다. 장관들은 곡물 공급을 논의했다."
EN_BODY = "The ministers discussed grain deliveries and a ferry line."


def find(query):
    return [(e.kind, e.object_id) for e in SearchEntry.objects.visible().search(query)]


@pytest.fixture
def sources(make_source):
    return {
        "ru": make_source(title="Ратификация", body=RU_BODY, language="ru"),
        "ko": make_source(title="비준", body=KO_BODY, language="ko"),
        "en": make_source(title="Grain", body=EN_BODY, language="en"),
    }


def test_each_entry_is_indexed_in_its_language(sources):
    languages = dict(SearchEntry.objects.filter(kind="source").values_list("object_id", "language"))
    assert {languages[s.pk] for s in sources.values()} == {"ru", "ko", "en"}


@pytest.mark.parametrize("query", ["договор", "договора", "договоре", "договоры", "ДОГОВОРОМ"])
def test_a_russian_word_finds_its_other_forms(sources, query):
    assert find(query) == [("source", sources["ru"].pk)]


@pytest.mark.parametrize("query", ["조약", "북러조약", "제4조는", "곡물"])
def test_a_korean_word_is_found_inside_longer_words(sources, query):
    assert find(query) == [("source", sources["ko"].pk)]


def test_a_korean_word_is_found_at_the_start_of_an_eojeol(sources):
    """조약 finds 조약을 (a noun and its particle)."""
    entry = SearchEntry.objects.get(kind="source", object_id=sources["ko"].pk)
    assert "조약을" in entry.body
    assert ("source", sources["ko"].pk) in find("조약")


def test_english_rows_keep_english_stemming(sources):
    assert find("deliveries ferries") == [("source", sources["en"].pk)]
    assert find("ministers") == [("source", sources["en"].pk)]


def test_a_query_in_another_script_finds_nothing_unrelated(sources):
    assert find("помощь зерно") == [("source", sources["ru"].pk)]
    assert find("grain 곡물") == []


def test_yo_and_ye_find_each_other(make_source):
    source = make_source(title="Ёлки", body="Зелёные ёлки растут.", language="ru")
    assert find("зеленые") == [("source", source.pk)]
    assert find("ёлка") == [("source", source.pk)]


def test_a_claim_is_found_by_its_original_quote_and_by_its_translation(sources):
    claim = Claim.objects.create(
        statement="The treaty provides for mutual assistance.", status=Claim.Status.VERIFIED
    )
    Citation.objects.create(
        claim=claim,
        source=sources["ru"],
        quote="В договоре есть статья о взаимной помощи.",
        translation="The treaty has an article on mutual aid.",
    )
    Citation.objects.create(
        claim=claim,
        source=sources["ko"],
        quote="북러조약의 제4조는 상호 지원을 규정한다.",
        translation="Article 4 of the treaty sets out mutual support.",
    )
    for query in ("aid", "взаимная помощь", "договора", "조약", "support article"):
        assert ("claim", claim.pk) in find(query), query


def test_the_matched_words_are_highlighted_in_any_script(sources):
    matches = matcher_for("договоры 조약")
    assert matches("договоре") and matches("Договора")
    assert matches("북러조약의") and matches("조약을")
    assert not matches("министры") and not matches("곡물")


@given(st.text(alphabet="가나다라마바사아자차카타파하조약을북러 ", max_size=30))
def test_hangul_suffixes_let_a_prefix_query_find_any_inner_word(value):
    """Every Korean word inside a longer one starts one of the indexed endings."""
    endings = set(search_text.hangul_suffixes(value))
    for word in value.split():
        for start in range(1, len(word)):
            for end in range(start + 1, len(word) + 1):
                assert any(e.startswith(word[start:end]) for e in endings)


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=1, max_size=20))
def test_a_russian_stem_is_a_prefix_of_its_word(word):
    """Stems are searched as prefixes, so they must start the forms they stand for."""
    folded = search_text.fold(word)
    assert folded.startswith(search_text.russian_stem(folded))


def test_the_results_page_marks_a_source_in_its_language_and_highlights_inner_words(
    client, sources
):
    page = client.get(reverse("search:search"), {"q": "조약"}).content.decode()
    assert '<h2 lang="ko">' in page
    assert '<p class="snippet" dir="auto" lang="ko">' in page
    assert "<mark>조약을</mark>" in page and "<mark>북러조약의</mark>" in page
