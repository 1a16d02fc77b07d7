"""Query words, full-text query strings and snippets, as plain functions of text."""

import re

from hypothesis import example, given
from hypothesis import strategies as st

from search.text import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    fts5_query,
    highlight,
    query_terms,
    snippet,
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


@given(st.one_of(st.text(), st.sampled_from(ODD)))
@example("x" * 10_240)
def test_engine_queries_are_made_only_of_quoted_words(text):
    """Whatever the reader types, the FTS5 and tsquery strings hold only safe, quoted words."""
    terms = query_terms(text)
    assert all(term and all(ch.isalnum() for ch in term) for term in terms)
    assert re.fullmatch(r'(?:"[^"\s]+"\*(?: "[^"\s]+"\*)*)?', fts5_query(terms))
    assert re.fullmatch(r"(?:[^\s:&|!()']+:\*(?: & [^\s:&|!()']+:\*)*)?", tsquery(terms))


def test_snippet_escapes_text_and_marks_only_matches():
    """Markup in a document is shown as text; <mark> wraps the matching words and nothing else."""
    html = snippet("Before <script>alert('railway')</script> & railways after.", ["railway"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;<mark>railway</mark>&#x27;)&lt;/script&gt;" in html
    assert "&amp; <mark>railways</mark> after." in html
    assert MARKED.findall(html) == ["railway", "railways"]


def test_snippet_shows_the_passage_around_the_first_match():
    text = " ".join(["filler"] * 200 + ["the", "Rajin", "port"] + ["filler"] * 200)
    html = snippet(text, ["rajin"])
    assert "<mark>Rajin</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 300


def test_snippet_without_a_match_shows_the_opening():
    assert snippet("Opening words of the text.", ["absent"]) == "Opening words of the text."


@given(st.text(), st.lists(st.text(min_size=1, max_size=5)))
def test_highlight_keeps_the_text_and_escapes_it(text, words):
    """Removing the marks and unescaping gives back exactly the original text."""
    html = str(highlight(text, query_terms(" ".join(words))))
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
