"""Query words, full-text query strings and snippets, as plain functions of text."""

import re
import unicodedata

import pytest
import snowballstemmer
from hypothesis import example, given
from hypothesis import strategies as st

from search.text import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    SPELLINGS,
    WordMatcher,
    fold,
    fts5_query,
    highlight,
    letter_folded_words,
    query_groups,
    query_terms,
    snippet,
    spelling_variants,
    title_key,
    tsquery,
)

ODD = [
    '"',
    '"unbalanced',
    "(((",
    "a) OR (b",
    "NEAR(a b, 2)",
    "x AND y OR NOT z",
    "col:value",
    "pre* ^start -minus",
    "{title} : x",
    "Россия КНДР",
    "한국어 조선",
    "🚂🇰🇵",
    "",
    " ",
    "\x00",
    "'; DROP TABLE search_searchentry; --",
]
MARKED = re.compile(r"<mark>(.*?)</mark>")


def test_query_terms_are_lower_case_words_without_operators():
    """Operators, quotes and punctuation never reach the engine; words are folded and unique."""
    assert query_terms('"Railway" AND (railway OR Rajin*) -NEAR: ^x') == [
        "railway",
        "and",
        "or",
        "rajin",
        "near",
        "x",
    ]


def test_query_terms_keep_every_script_and_drop_symbols():
    """Cyrillic and Hangul are words; emoji and underscores are not."""
    assert query_terms("Россия 한국어 🚂 snake_case") == ["россия", "한국어", "snake", "case"]


def test_query_terms_are_bounded():
    """A pasted 10 KB text becomes at most MAX_TERMS words of at most MAX_TERM_LENGTH letters."""
    terms = query_terms(" ".join(f"word{i}" for i in range(5000)) + " " + "x" * 10_000)
    assert len(terms) == MAX_TERMS
    assert query_terms("y" * 10_000) == ["y" * MAX_TERM_LENGTH]


def test_title_key_ignores_case_and_punctuation():
    assert title_key("Railway Diplomacy: the Khasan–Rajin link!") == title_key(
        "railway diplomacy the khasan rajin LINK"
    )


def matcher(query, algorithm="porter"):
    return WordMatcher(query_groups(query_terms(query)), algorithm)


WORDS = r'"[^"\s]+"\*'
GROUP = rf"(?:{WORDS}|\({WORDS}(?: OR {WORDS})+\))"
FTS5 = rf"(?:{GROUP}(?: AND {GROUP})*)?"
LEXEME = r"[^\s:&|!()'*]+:\*A?"
TSGROUP = rf"(?:{LEXEME}|\({LEXEME}(?: \| {LEXEME})+\))"
TSQUERY = rf"(?:{TSGROUP}(?: & {TSGROUP})*)?"


@given(st.one_of(st.text(), st.sampled_from(ODD)))
@example("x" * 10_240)
@example("Labour defence programme organisation")
def test_engine_queries_are_made_only_of_quoted_words(text):
    """Whatever the reader types, the FTS5 and tsquery strings hold only safe, quoted words."""
    terms = query_terms(text)
    assert all(term and all(ch.isalnum() for ch in term) for term in terms)
    groups = query_groups(terms)
    assert re.fullmatch(FTS5, fts5_query(groups))
    assert re.fullmatch(TSQUERY, tsquery(groups))
    assert re.fullmatch(TSQUERY, tsquery(groups, "A"))
    title = fts5_query(groups, "title")
    assert title == "" if not terms else re.fullmatch(rf"title : \({FTS5}\)", title)


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("labour", "labor"),
        ("labourers", "laborers"),
        ("defence", "defense"),
        ("organisation", "organization"),
        ("organised", "organized"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("centre", "center"),
        ("catalogue", "catalog"),
        ("harbour", "harbor"),
        ("modernisation", "modernization"),
        ("denuclearisation", "denuclearization"),
    ],
)
def test_british_and_american_spellings_expand_to_each_other(word, other):
    assert spelling_variants(word) == (word, other)
    assert spelling_variants(other) == (other, word)


def test_every_spelling_pair_is_needed():
    """The table holds only pairs the stemmers do not already join ("travelled" they do)."""
    porter, english = snowballstemmer.stemmer("porter"), snowballstemmer.stemmer("english")
    for british, american in SPELLINGS:
        for stemmer in (porter, english):
            assert stemmer.stemWord(british) != stemmer.stemWord(american), british
    assert spelling_variants("travelled") == ("travelled",)


def test_other_words_have_one_spelling():
    for word in ("railway", "treaty", "sanctions", "russia", "россия", "조약", "1948"):
        assert spelling_variants(word) == (word,)


ENDINGS = ["", "s", "d", "r", "rs", "ed", "es", "ing", "ation", "ations", "ly", "al", "ism"]


@given(st.sampled_from([word for pair in SPELLINGS for word in pair]), st.sampled_from(ENDINGS))
def test_spelling_variants_go_both_ways(stem, ending):
    """The other spelling of the other spelling is the word itself, for English endings."""
    word = stem + ending
    variants = spelling_variants(word)
    assert variants[0] == word and len(variants) == 2
    assert word in spelling_variants(variants[1])


@given(st.text())
def test_every_query_word_keeps_its_own_spelling_first(text):
    terms = query_terms(text)
    groups = query_groups(terms)
    assert [group[0] for group in groups] == terms
    assert all(1 <= len(group) <= 2 and len(set(group)) == len(group) for group in groups)


@pytest.mark.parametrize("algorithm", ["porter", "english"])
def test_matcher_knows_word_forms_spellings_and_accents(algorithm):
    """The highlighter finds what the engines find: forms, both spellings, folded accents."""
    assert matcher("railways", algorithm)("Railway")
    assert matcher("railway", algorithm)("railways")
    assert matcher("treaties", algorithm)("treaty")
    assert matcher("sanctioned", algorithm)("sanctions")
    assert matcher("labor", algorithm)("Labour")
    assert matcher("labour", algorithm)("laborers")
    assert matcher("cafe", algorithm)("Café")
    assert matcher("café", algorithm)("cafe")
    assert matcher("rail", algorithm)("railways"), "the start of a word is enough"
    assert not matcher("railway", algorithm)("rail")
    assert not matcher("treaty", algorithm)("retreat")
    assert not matcher("", algorithm)("anything")


def test_fold_removes_latin_accents_and_folds_what_unaccent_folds():
    """Accents go, as both engines fold them; "й" keeps its mark, as both engines keep it."""
    assert fold("Café Ñandú Øresund ÉCOLE") == "cafe nandu oresund ecole"
    assert fold("Ёлка й 한국어 Straße Kłyszcz") == "елка й 한국어 strasse klyszcz"


def test_query_terms_are_folded_so_spellings_apply_to_accented_words():
    assert query_terms("Défense KŁYSZCZ") == ["defense", "klyszcz"]
    assert query_groups(query_terms("Défense")) == [("defense", "defence")]


def test_letter_folded_words_are_what_fts5_cannot_fold():
    text = "Ivan Kłyszcz met Kłyszcz in Øresund; the café and ёлка."
    assert letter_folded_words(text) == ["klyszcz", "oresund", "елка"]
    assert letter_folded_words("Plain English, café, naïve.") == []


@given(st.text())
def test_fold_keeps_hangul_syllables_whole(text):
    """Folding never splits a Hangul syllable into its jamo, nor changes a word's letters' count."""
    folded = fold(text)
    assert unicodedata.normalize("NFC", folded) == folded
    hangul = [ch for ch in text if "\uac00" <= ch <= "\ud7a3"]
    assert [ch for ch in folded if "\uac00" <= ch <= "\ud7a3"] == hangul


def test_snippet_escapes_text_and_marks_only_matches():
    """Markup in a document is shown as text; <mark> wraps the matching words and nothing else."""
    html = snippet("Before <script>alert('railway')</script> & railways after.", matcher("railway"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;<mark>railway</mark>&#x27;)&lt;/script&gt;" in html
    assert "&amp; <mark>railways</mark> after." in html
    assert MARKED.findall(html) == ["railway", "railways"]


def test_snippet_shows_the_passage_around_the_first_match():
    text = " ".join(["filler"] * 200 + ["the", "Rajin", "port"] + ["filler"] * 200)
    html = snippet(text, matcher("rajin"))
    assert "<mark>Rajin</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 300


def test_snippet_without_a_match_shows_the_opening():
    assert snippet("Opening words of the text.", matcher("absent")) == "Opening words of the text."


@given(st.text(), st.lists(st.text(min_size=1, max_size=5)))
def test_highlight_keeps_the_text_and_escapes_it(text, words):
    """Removing the marks and unescaping gives back exactly the original text."""
    html = str(highlight(text, matcher(" ".join(words))))
    assert "<" not in MARKED.sub("", html)
    unmarked = MARKED.sub(r"\1", html)
    unescaped = (
        unmarked.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
    )
    assert unescaped == text
