"""References in real citation styles: CSL styles rendered by citeproc-py, escaped, in order."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources import citation_styles
from sources.citation_styles import (
    STYLES,
    get_style,
    is_headline_case,
    load_style,
    proper_nouns,
    render_reference,
    render_references,
    sentence_case,
    tidy_punctuation,
)

NEWS = {
    "id": "pact",
    "type": "article-newspaper",
    "title": "Russia and North Korea sign a defence pact",
    "author": [{"family": "Lee", "given": "Ann Marie"}, {"family": "Park", "given": "Jae-won"}],
    "container-title": "Daily Example",
    "issued": {"date-parts": [[2024, 6, 19]]},
    "URL": "https://example.org/pact?a=1&b=2",
    "accessed": {"date-parts": [[2024, 7, 1]]},
}
REPORT = {
    "id": "debt",
    "type": "report",
    "title": "The Debt Settlement of 2014",
    "publisher": "Example Institute",
    "issued": {"date-parts": [[2023]], "circa": True},
}
WEBPAGE = {
    "id": "page",
    "type": "webpage",
    "title": "Labour migration to the Far East",
    "publisher": "Example Site",
    "URL": "https://example.org/page",
    "accessed": {"date-parts": [[2024, 1, 5]]},
}


def text(item, style, **kwargs):
    return render_reference(item, style, **kwargs).text


# --- The styles ------------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_every_style_renders_title_and_url(style):
    """Each listed style loads from the vendored file and renders the reference's title and URL."""
    reference = render_reference(NEWS, style)
    assert reference.key == "pact"
    assert "defence pact" in reference.text.lower()
    assert "https://example.org/pact?a=1&b=2" in reference.text
    assert '<a href="https://example.org/pact?a=1&amp;b=2">' in reference.html


def test_styles_are_loaded_once_per_process():
    """The parsed style is reused, not read again for every reference."""
    assert load_style("apa") is load_style("apa")
    before = load_style.cache_info().misses
    render_references([NEWS, REPORT], "apa")
    render_references([WEBPAGE], "apa")
    assert load_style.cache_info().misses == before


@pytest.mark.parametrize("key", ["", None, "nope", "<script>", "APA"])
def test_unknown_style_falls_back_to_the_default(key):
    assert get_style(key).key == citation_styles.DEFAULT_STYLE


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "apa",
            "Lee, A. M., & Park, J.-W. (2024, June 19). Russia and North Korea sign a defence pact. "
            "Daily Example. https://example.org/pact?a=1&b=2",
        ),
        (
            "chicago-author-date",
            "Lee, Ann Marie, and Jae-won Park. 2024. “Russia and North Korea Sign a Defence Pact.” "
            "Daily Example, June 19. https://example.org/pact?a=1&b=2.",
        ),
        (
            "mla",
            "Lee, Ann Marie, and Jae-won Park. “Russia and North Korea Sign a Defence Pact.” "
            "Daily Example, 19 June 2024, https://example.org/pact?a=1&b=2.",
        ),
        (
            "ieee",
            "[1] A. M. Lee and J.-W. Park, “Russia and North Korea sign a defence pact,” Daily "
            "Example, Jun. 19, 2024. Accessed: Jul. 01, 2024. [Online]. Available: "
            "https://example.org/pact?a=1&b=2",
        ),
    ],
)
def test_a_news_article_in_each_style(style, expected):
    """A newspaper article as each style prescribes (as citeproc renders it, tidied)."""
    assert text(NEWS, style) == expected


def test_apa_italicises_the_periodical_in_html():
    assert '<i dir="auto">Daily Example</i>' in render_reference(NEWS, "apa").html


def test_unknown_date_is_no_date():
    """A reference without a date says so in the style's words, never an invented date."""
    undated = {key: value for key, value in REPORT.items() if key != "issued"}
    assert "(n.d.)" in text(undated, "apa")
    assert "n.d." in text(undated, "chicago-author-date")
    assert "(no date)" in text(undated, "harvard")


def test_estimated_date_is_marked():
    assert "(ca. 2023)" in text(REPORT, "apa")
    assert "[2023?]" in text(REPORT, "chicago-author-date")


def test_bibliography_is_in_the_styles_order():
    """APA sorts by author (or what stands in for one); IEEE numbers in the order cited."""
    items = [REPORT, NEWS, WEBPAGE]
    # "Example Site. (n.d.)", "Lee, A. M.", "The debt settlement of 2014. (ca. 2023)"
    assert [r.key for r in render_references(items, "apa")] == ["page", "pact", "debt"]
    assert [r.key for r in render_references(items, "ieee")] == ["debt", "pact", "page"]
    assert [r.text[:3] for r in render_references(items, "ieee")] == ["[1]", "[2]", "[3]"]


# --- Corrections to citeproc-py (sources/citeproc_fixes.py) ------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_a_reference_without_author_prints_its_title_once(style):
    """A substituted title (no author) is not printed again (CSL: substituted variables are suppressed)."""
    item = {"id": "t", "type": "article-newspaper", "title": "Railway talks resume"}
    assert text(item, style).lower().count("railway talks resume") == 1


def test_chicago_prints_no_empty_edition_label():
    """A label renders only with its variable: no "Edition." after a newspaper article."""
    assert "Edition" not in text(NEWS, "chicago-author-date")
    assert "Edition" not in text(NEWS, "chicago-notes-bibliography")


def test_hyphenated_given_names_are_initialised_part_by_part():
    assert text(NEWS, "apa").startswith("Lee, A. M., & Park, J.-W. ")


def test_chicago_keeps_given_names_whole():
    assert text(NEWS, "chicago-author-date").startswith("Lee, Ann Marie, and Jae-won Park.")


# --- Many authors ------------------------------------------------------------------------------


def authors(n):
    return {**REPORT, "author": [{"family": f"Writer{k}", "given": "Ann"} for k in range(1, n + 1)]}


def test_apa_lists_up_to_twenty_authors():
    """APA 7: up to 20 authors all listed, "&" before the last."""
    reference = text(authors(20), "apa")
    assert reference.startswith("Writer1, A., Writer2, A.,")
    assert "Writer19, A., & Writer20, A. (ca. 2023)" in reference
    assert "…" not in reference


def test_apa_twenty_one_or_more_authors_give_nineteen_then_ellipsis_then_the_last():
    """APA 7: with 21 or more, the first 19, an ellipsis, then the final author."""
    reference = text(authors(25), "apa")
    assert "Writer19, A., … Writer25, A. (ca. 2023)" in reference
    assert "Writer20" not in reference


def test_chicago_more_than_ten_authors_give_three_and_et_al():
    """Chicago (18th ed.): more than ten authors, the first three followed by et al."""
    assert text(authors(10), "chicago-author-date").count("Writer") == 3
    assert text(authors(11), "chicago-author-date").startswith(
        "Writer1, Ann, Ann Writer2, Ann Writer3, et al. "
    )


@pytest.mark.parametrize(("style", "shown"), [("mla", 1), ("ieee", 1), ("harvard", 1)])
def test_other_styles_shorten_long_author_lists_with_et_al(style, shown):
    reference = text(authors(8), style)
    assert "et al." in reference
    assert reference.count("Writer") == shown


# --- Escaping ----------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("style", STYLES)
def test_typed_markup_is_escaped_in_html(style):
    """Titles, names, publishers and addresses are text: markup in them is shown, never run."""
    item = {
        **NEWS,
        "title": f"Pact {SCRIPT} & more",
        "author": [{"literal": f"Ann {SCRIPT}"}],
        "container-title": f'Daily "<b>{SCRIPT}</b>"',
        "URL": 'https://example.org/"><script>alert(1)</script>',
    }
    reference = render_reference(item, style)
    assert "<script" not in reference.html and "<b>" not in reference.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reference.html
    assert SCRIPT in reference.text


def test_typed_text_cannot_forge_the_formatters_markup():
    """The private-use characters that become <i> are removed from typed text first."""
    item = {**REPORT, "title": "\ue000Forged\ue001 italics"}
    reference = render_reference(item, "chicago-author-date")
    assert "forged italics" in reference.text.lower()
    # the style's own italics of the report title
    assert reference.html.count('<i dir="auto">') == 1


@given(
    title=st.text(min_size=1, max_size=60),
    name=st.text(max_size=30),
    publisher=st.text(max_size=30),
    style=st.sampled_from(list(STYLES)),
)
def test_any_text_renders_and_stays_escaped(title, name, publisher, style):
    """Whatever was typed, every style renders it and no "<" survives unescaped from it."""
    item = {"id": "any", "type": "webpage", "title": title, "publisher": publisher}
    if name.strip():
        item["author"] = [{"literal": name}]
    reference = render_reference(item, style)
    tags = reference.html
    for tag in (
        '<i dir="auto">',
        "</i>",
        '<b dir="auto">',
        "</b>",
        "<sup>",
        "</sup>",
        "<sub>",
        "</sub>",
    ):
        tags = tags.replace(tag, "")
    assert "<" not in tags and ">" not in tags


# --- Sentence case (APA) -----------------------------------------------------------------------


def test_apa_writes_titles_in_sentence_case():
    """APA: a headline-case title in sentence case; proper nouns, acronyms, and after a colon kept."""
    item = {
        **REPORT,
        "title": "Strategic Partnership Between Russia and the DPRK: Why Moscow Needs Shells",
    }
    evidence = "The pact gives Russia shells. In Moscow, the partnership with the DPRK grew."
    assert text(item, "apa", evidence=evidence) == (
        "Strategic partnership between Russia and the DPRK: Why Moscow needs shells. "
        "(ca. 2023). Example Institute."
    )
    # Chicago keeps headline case.
    assert "Strategic Partnership Between Russia" in text(item, "chicago-author-date")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("The Debt Settlement of 2014", "The debt settlement of 2014"),
        ("Russia and North Korea: what can they do for each other?", None),
        ("Diplomacy: summits and the UN Security Council", None),
        ("Kim Jong Un Visits Vladivostok", "Kim Jong Un visits Vladivostok"),
        ("Why the UN Panel of Experts Ended", "Why the UN panel of experts ended"),
        ("Is Russia-North Korea Trade Growing?", "Is Russia-North Korea trade growing?"),
    ],
)
def test_sentence_case(title, expected):
    """Only headline-case titles change; names known from the text and acronyms keep capitals."""
    proper = proper_nouns("Kim Jong Un went to Vladivostok, and Russia and North Korea talked.")
    assert sentence_case(title, proper) == (expected or title)


def test_proper_nouns_come_from_mid_sentence_capitals():
    text_ = (
        "The partnership grew. Then Russia signed.\nHistorical Background\nThe railway was built."
    )
    assert proper_nouns(text_) == frozenset({"russia"})
    assert not is_headline_case("Sanctions")


@given(st.text(max_size=80), st.text(max_size=200))
def test_sentence_case_only_changes_case(title, evidence):
    """Sentence case never adds, drops or reorders a character, and never raises."""
    assert sentence_case(title, proper_nouns(evidence)).lower() == title.lower()


# --- Punctuation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "us", "uk"),
    [
        ("“Title”. Site", "“Title.” Site", "“Title”. Site"),
        ("“Title”, Site", "“Title,” Site", "“Title”, Site"),
        ("“Why?”. Site", "“Why?” Site", "“Why?” Site"),
        ("Why?. (n.d.).", "Why? (n.d.).", "Why? (n.d.)."),
        ("\ue000Why?\ue001. (n.d.)", "\ue000Why?\ue001 (n.d.)", "\ue000Why?\ue001 (n.d.)"),
        ("Title.. Site", "Title. Site", "Title. Site"),
        ("Wait... Site", "Wait... Site", "Wait... Site"),
        ("[1]“Title,”", "[1] “Title,”", "[1] “Title,”"),
    ],
)
def test_tidy_punctuation(raw, us, uk):
    assert tidy_punctuation(raw, punctuation_in_quote=True) == us
    assert tidy_punctuation(raw, punctuation_in_quote=False) == uk
