"""Passages of a source, their terms and BM25: pure functions, and the index the database keeps."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources import finder, passages
from sources.models import Passage, Source
from sources.overlap import _SENTENCE_END, sentence_spans, split_sentences

TEXT = (
    "Heading\n"
    "Russia forgave 90% of the debt owed by North Korea. The rest is to be paid over twenty "
    "years.\n\nShort line.\nRailways link the two countries across the Tumen river bridge."
)


def test_passages_are_sentences_with_exact_offsets():
    found = passages.passage_spans(TEXT)
    assert [p.text for p in found] == [
        "Russia forgave 90% of the debt owed by North Korea.",
        "The rest is to be paid over twenty years.",
        "Railways link the two countries across the Tumen river bridge.",
    ]
    for p in found:
        assert TEXT[p.start : p.end] == p.text
    assert [p.position for p in found] == [0, 1, 2]


@given(st.text(alphabet=st.sampled_from("ab .!?\n\t\u00a0Жж조약"), max_size=200))
def test_sentence_spans_cut_the_text_as_the_overlap_splitter_does(text):
    spans = sentence_spans(text)
    pieces = [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]
    assert [text[start:end] for start, end in spans] == pieces
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert spans == sorted(spans)


@given(st.text(max_size=300))
def test_every_passage_is_the_texts_own_characters(text):
    for passage in passages.passage_spans(text):
        assert text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip()
        assert len(passages._WORD.findall(passage.text)) >= passages.MIN_PASSAGE_WORDS


def test_split_sentences_is_unchanged_for_the_overlap_detector():
    assert split_sentences(TEXT + " Five words are too few.") == [
        "Russia forgave 90% of the debt owed by North Korea.",
        "The rest is to be paid over twenty years.",
        "Railways link the two countries across the Tumen river bridge.",
    ]


def test_terms_are_stemmed_by_script_and_stop_words_dropped():
    assert passages.terms("The railways and the Railway") == ["railway", "railway"]
    assert passages.terms("Café défense") == ["cafe", "defens"]
    # Russian word forms meet at one stem; ё is е.
    assert len(set(passages.terms("договор договора договоре"))) == 1
    assert passages.terms("ёлка") == passages.terms("елка")
    # Korean: syllable pairs, so a word is found inside a longer eojeol.
    assert set(passages.terms("조약")) <= set(passages.terms("조약을"))
    assert passages.terms("러시아와") == ["러시", "시아", "아와"]
    assert passages.terms("2024 18") == ["2024", "18"]


@given(st.text(max_size=200))
def test_terms_are_words_the_indexes_keep_whole(text):
    """Letters and digits only, lower case, no spaces: FTS5 and tsvector take them as they are."""
    for term in passages.terms(text):
        assert term
        assert passages._WORD.fullmatch(term), term
        assert term == term.lower()


@given(st.text(max_size=200))
def test_query_terms_are_distinct_and_bounded(text):
    found = passages.query_terms(text)
    assert len(found) == len(set(found)) <= passages.MAX_QUERY_TERMS
    assert set(found) <= set(passages.terms(text))


STATS = passages.CorpusStats(passages=100, mean_length=10.0, document_frequency={"a": 5, "b": 50})


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=30), st.data())
def test_bm25_grows_when_a_word_becomes_a_query_term_and_never_goes_negative(terms, data):
    """At the same length, one more occurrence of a query term always scores higher."""
    score = passages.bm25(["a", "b"], terms, STATS)
    assert score >= 0
    if "c" in terms:
        at = data.draw(st.sampled_from([i for i, term in enumerate(terms) if term == "c"]))
        swapped = [*terms[:at], data.draw(st.sampled_from(["a", "b"])), *terms[at + 1 :]]
        assert passages.bm25(["a", "b"], swapped, STATS) > score


def test_bm25_weighs_a_rare_term_above_a_common_one():
    rare = passages.bm25(["a", "b"], ["a", "x", "y"], STATS)
    common = passages.bm25(["a", "b"], ["b", "x", "y"], STATS)
    assert rare > common > 0
    assert passages.bm25(["a"], ["x"], STATS) == 0


def test_rerank_keeps_lexical_order_without_similarity_and_orders_by_blend():
    candidates = [("low", 1.0, "unrelated words"), ("high", 3.0, "debt forgiven")]
    ranked = passages.lexical_rerank("debt forgiven", candidates, weight=0.0)
    assert [s.item for s in ranked] == ["high", "low"]
    assert ranked[0].score == 1.0
    blended = passages.lexical_rerank("debt forgiven", candidates)
    assert blended[0].item == "high"
    assert blended[0].similarity == 1.0


# The index the database keeps: the same behaviour on SQLite and PostgreSQL.


@pytest.mark.django_db
def test_a_new_source_is_cut_into_passages(make_source):
    source = make_source(body=TEXT)
    stored = list(source.passages.order_by("position"))
    assert [p.text for p in stored] == [p.text for p in passages.passage_spans(TEXT)]
    assert all(source.body[p.start : p.end] == p.text for p in stored)
    assert stored[0].length == len(stored[0].terms.split())


@pytest.mark.django_db
def test_passages_follow_a_change_of_text_and_go_with_the_source(make_source):
    source = make_source(body=TEXT)
    source.body = "An entirely new text about ferries between Rajin and Vladivostok ports."
    source.save()
    assert [p.text for p in source.passages.all()] == [source.body]
    assert finder.find_passages("ferries to Vladivostok")[0].passage.source == source
    assert finder.find_passages("Russia forgave the debt") == []
    source.delete()
    assert not Passage.objects.exists()


@pytest.mark.django_db
def test_a_save_that_keeps_the_text_leaves_the_passages_alone(make_source):
    source = make_source(body=TEXT)
    ids = list(source.passages.values_list("pk", flat=True))
    source = Source.objects.get(pk=source.pk)
    source.title = "Renamed"
    source.save()
    assert list(source.passages.values_list("pk", flat=True)) == ids


@pytest.mark.django_db
def test_the_finder_ranks_the_stating_passage_first_in_any_script(make_source):
    make_source(body=TEXT)
    russian = make_source(
        body="Москва и Пхеньян подписали договор о партнёрстве. Подробности договора не раскрыты.",
        language="ru",
    )
    korean = make_source(
        body="러시아와 북한은 새로운 조약을 체결했다고 발표했다. 다른 문장도 있습니다 여기."
    )
    hits = finder.find_passages("Russia forgave North Korea's debt")
    assert "forgave 90%" in hits[0].passage.text
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert finder.find_passages("договор")[0].passage.source == russian
    assert finder.find_passages("조약")[0].passage.source == korean


@pytest.mark.django_db
def test_the_finder_finds_nothing_for_words_no_passage_holds(make_source):
    make_source(body=TEXT)
    assert finder.find_passages("") == []
    assert finder.find_passages("the and of") == []
    assert finder.find_passages("zeppelin") == []
    assert finder.find_passages('" OR * NEAR(') == []


@pytest.mark.django_db
def test_the_finder_queries_do_not_grow_with_the_corpus(make_source, django_assert_num_queries):
    make_source(body=TEXT)
    with django_assert_num_queries(3):
        small = finder.find_passages("Russia forgave the debt")
    for n in range(30):
        make_source(body=f"{TEXT} Debt number {n} was forgiven by Russia in another year.")
    with django_assert_num_queries(3):
        large = finder.find_passages("Russia forgave the debt")
    assert small and len(large) == finder.DEFAULT_LIMIT


@pytest.mark.django_db
def test_rebuilding_the_index_restores_bulk_created_sources():
    from sources.services import passages_rebuild

    Source.objects.bulk_create([Source(title="Bulk", slug="bulk", body=TEXT)])
    assert not Passage.objects.exists()
    assert passages_rebuild() == 3
    assert finder.find_passages("Tumen river bridge")[0].passage.source.slug == "bulk"


@given(
    st.dictionaries(
        st.text(alphabet="abcdef", min_size=1, max_size=3),
        st.integers(min_value=0, max_value=1000),
        max_size=12,
    )
)
def test_the_pool_is_drawn_by_the_rarer_terms_found(frequencies):
    stats = passages.CorpusStats(passages=1000, mean_length=10.0, document_frequency=frequencies)
    chosen = finder.pool_terms(list(frequencies), stats)
    present = [term for term, df in frequencies.items() if df]
    assert set(chosen) <= set(present)
    assert len(chosen) >= min(finder.MIN_POOL_TERMS, len(present))
    # No term left out is rarer than one chosen.
    left_out = set(present) - set(chosen)
    assert all(frequencies[o] >= frequencies[c] for o in left_out for c in chosen)
    assert all(
        frequencies[c] <= finder.COMMON_SHARE * 1000 for c in chosen[finder.MIN_POOL_TERMS :]
    )


@given(st.text(max_size=200), st.text(max_size=60))
def test_marked_pieces_give_back_the_text(text, statement):
    pieces = passages.marked_pieces(text, passages.query_terms(statement))
    assert "".join(piece for piece, _ in pieces) == text
    assert all(piece for piece, _ in pieces)


def test_marked_pieces_mark_every_form_of_a_query_word():
    pieces = passages.marked_pieces("Railways and the railway; договора.", ["railway", "договор"])
    assert [piece for piece, matched in pieces if matched] == ["Railways", "railway", "договора"]


@pytest.mark.django_db
def test_the_delete_page_counts_passages_without_listing_each(staff_client, make_source):
    from django.urls import reverse

    source = make_source(body=TEXT)
    page = staff_client.get(reverse("admin:sources_source_delete", args=[source.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "<li>Passages: 3</li>" in content
    assert "Railways link the two countries" not in content
    assert (
        staff_client.post(
            reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not Passage.objects.exists()


@pytest.mark.django_db
def test_the_rebuild_command_indexes_sources_written_without_a_save():
    from io import StringIO

    from django.core.management import call_command

    Source.objects.bulk_create([Source(title="Bulk", slug="bulk", body=TEXT)])
    out = StringIO()
    call_command("rebuild_passage_index", "--dry-run", stdout=out)
    assert out.getvalue() == "3 passages from 1 sources (dry run: nothing was stored).\n"
    assert not Passage.objects.exists()
    call_command("rebuild_passage_index", stdout=StringIO())
    assert Passage.objects.count() == 3
