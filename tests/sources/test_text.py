"""The pure text functions: normalising, locating quotes, fingerprints, slugs."""

from hypothesis import given
from hypothesis import strategies as st

from sources import text

WORDS = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF)
    | st.sampled_from("’‘“”—–\n\t ПриветКНДР한국"),
    min_size=0,
    max_size=200,
)


def test_normalize_folds_typographic_quotes_dashes_and_whitespace():
    """Curly quotes become straight, dashes become hyphens, whitespace runs become one space."""
    assert text.normalize("  “Korea’s”\u00a0 \n — ok ") == '"Korea\'s" - ok'


def test_normalize_treats_composed_and_decomposed_accents_alike():
    """é written as one code point or as e + combining accent normalises the same."""
    assert text.normalize("caf\u00e9") == text.normalize("cafe\u0301")


def test_locate_quote_maps_back_to_original_offsets():
    """A quote typed with straight quotes and single spaces is found in curly, spaced text."""
    body = "Intro. The Democratic People’s   Republic\nof Korea (DPRK) in 1948. End."
    anchor = text.locate_quote(body, "Democratic People's Republic of Korea (DPRK)")
    assert anchor is not None
    assert body[anchor.start : anchor.end] == anchor.exact
    assert anchor.exact == "Democratic People’s   Republic\nof Korea (DPRK)"
    assert anchor.prefix.endswith("The ")
    assert anchor.suffix.startswith(" in 1948")


def test_locate_quote_refuses_a_passage_that_is_not_there():
    """A changed word means the quote is not in the text."""
    assert text.locate_quote("Russia exports energy.", "Russia imports energy.") is None
    assert text.locate_quote("Russia exports energy.", "   ") is None


def test_fingerprint_ignores_whitespace_and_quote_style_but_not_words():
    """Two texts that differ only in typography share a fingerprint; other edits change it."""
    assert text.fingerprint("It’s  here.\n") == text.fingerprint("It's here.")
    assert text.fingerprint("It's here.") != text.fingerprint("It's there.")


def test_word_count_counts_words_in_any_script():
    assert text.word_count("Russia’s trade — Россия и КНДР, 한국 2024") == 7


def test_unique_slug_is_readable_for_cyrillic_and_hangul_and_never_empty():
    """Titles in other scripts are transliterated; a title with no letters still gets a slug."""
    assert text.unique_slug("Россия и КНДР", lambda s: False) == "rossiia-i-kndr"
    assert text.unique_slug("러시아와 북한", lambda s: False) == "reosiawa-bukhan"
    assert text.unique_slug("?!", lambda s: False, fallback="source") == "source"


def test_unique_slug_adds_a_counter_when_taken():
    taken = {"trade", "trade-2"}
    assert text.unique_slug("Trade", taken.__contains__) == "trade-3"


@given(body=WORDS, data=st.data())
def test_any_substring_is_located_at_an_equivalent_passage(body, data):
    """For any text and any slice of it, the slice is found and the anchor is consistent."""
    start = data.draw(st.integers(0, len(body)))
    end = data.draw(st.integers(start, len(body)))
    quote = body[start:end]
    anchor = text.locate_quote(body, quote)
    if not text.normalize(quote):
        assert anchor is None
        return
    assert anchor is not None
    assert body[anchor.start : anchor.end] == anchor.exact
    assert text.normalize(anchor.exact) == text.normalize(quote)
    assert body[: anchor.start].endswith(anchor.prefix)
    assert body[anchor.end :].startswith(anchor.suffix)


@given(st.text(max_size=300))
def test_normalize_is_idempotent(value):
    assert text.normalize(text.normalize(value)) == text.normalize(value)


@given(st.text(max_size=100), st.integers(1, 80))
def test_unique_slug_is_ascii_nonempty_and_bounded(value, max_length):
    slug = text.unique_slug(value, lambda s: False, max_length=max(max_length, 8))
    assert slug and slug.isascii() and len(slug) <= max(max_length, 8)
