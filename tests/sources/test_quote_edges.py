"""Edges of quote location and re-anchoring that readers rely on (found by mutation testing)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.anchoring import (
    CONTEXT_THRESHOLD,
    FUZZY_THRESHOLD,
    MIN_CONTEXT_LENGTH,
    MIN_FUZZY_LENGTH,
    _widen_to_words,
    reanchor,
)
from sources.text import (
    CONTEXT_CHARS,
    _fold_char,
    find_all,
    fingerprint,
    locate_quote,
    normalize,
    normalize_with_map,
)

CAFE_COMPOSED = "Le caf\u00e9 est ouvert."
CAFE_DECOMPOSED = unicodedata.normalize("NFD", CAFE_COMPOSED)


@pytest.mark.parametrize("text", [CAFE_COMPOSED, CAFE_DECOMPOSED])
def test_a_quote_may_not_end_inside_an_accented_character(text):
    """``cafe`` is not a passage of ``café``: its last letter would cut the é in two."""
    assert locate_quote(text, "cafe") is None
    assert locate_quote(text, "Le cafe est") is None
    found = locate_quote(text, "café")
    assert found is not None
    assert text[found.start : found.end] == found.exact
    assert normalize(found.exact) == normalize("café")


def test_a_quote_may_end_before_an_accented_character():
    """Stopping before the é is fine: ``caf`` ends on a whole character."""
    found = locate_quote(CAFE_COMPOSED, "Le caf")
    assert found is not None
    assert (found.start, found.end) == (0, 6)


def test_a_quote_may_not_begin_or_end_inside_a_ligature():
    text = "An e\ufb03cient o\ufb03ce."  # "ﬃ" is one character that normalises to "ffi"
    assert locate_quote(text, "ficient") is None  # begins inside the ligature
    assert locate_quote("\ufb01x", "ix") is None  # the same, one character in
    assert locate_quote(text, "An eff") is None  # ends inside it
    found = locate_quote(text, "efficient")
    assert found is not None
    assert found.exact == "e\ufb03cient"
    assert (found.start, found.end) == (3, 10)


def test_a_quote_is_found_after_an_occurrence_that_cuts_a_character():
    """A refused occurrence does not hide a later whole one."""
    text = "caf\u00e9 and cafe"
    found = locate_quote(text, "cafe")
    assert found is not None
    assert (found.start, found.end) == (9, 13)
    haystack, index_map = normalize_with_map(text)
    assert find_all(haystack, index_map, "cafe") == [len(haystack) - 4]


def test_locate_quote_keeps_context_of_the_given_width():
    text = "a" * 50 + " needle " + "b" * 50
    found = locate_quote(text, "needle")
    assert found.prefix == text[found.start - CONTEXT_CHARS : found.start]
    assert len(found.suffix) == CONTEXT_CHARS
    assert found.suffix == text[found.end : found.end + CONTEXT_CHARS]
    narrow = locate_quote(text, "needle", context=5)
    assert (len(narrow.prefix), len(narrow.suffix)) == (5, 5)


def test_locate_quote_at_the_very_start_and_end_of_a_text():
    text = "Sanctions bite."
    first = locate_quote(text, "Sanctions")
    assert (first.start, first.end, first.prefix) == (0, 9, "")
    second = locate_quote(text, "anctions")
    assert (second.start, second.prefix) == (1, "S")
    last = locate_quote(text, "bite.")
    assert (last.start, last.end, last.suffix) == (10, 15, "")


def test_locate_quote_refuses_an_empty_or_blank_quote():
    assert locate_quote("Some text", "") is None
    assert locate_quote("Some text", "  \n ") is None


def test_locate_quote_takes_the_first_occurrence():
    text = "trade and trade"
    found = locate_quote(text, "trade")
    assert (found.start, found.end) == (0, 5)


def test_locate_quote_spans_folded_whitespace_and_typography():
    text = "He said \u201cno\u201d \n\n  to the  pact."
    found = locate_quote(text, 'said "no" to the pact')
    assert found.exact == "said \u201cno\u201d \n\n  to the  pact"
    assert text[found.start : found.end] == found.exact


def test_normalize_with_map_points_each_character_at_its_origin():
    text = "a \u00a0\t b\u2019c\u00adé"
    normalised, index_map = normalize_with_map(text)
    assert normalised == "a b'c\u00e9"  # composed: the accent stays with its letter
    assert index_map == [0, 1, 5, 6, 7, 9]
    decomposed = "ce\u0301x"
    assert normalize_with_map(decomposed) == ("c\u00e9x", [0, 1, 3])


def test_normalize_with_map_collapses_space_made_by_compatibility_forms():
    """A no-break space (NFKD: a space) after a space stays one space."""
    normalised, index_map = normalize_with_map("a \u2003b")
    assert normalised == "a b"
    assert index_map == [0, 1, 3]


def test_normalize_strips_the_ends():
    assert normalize("  \u201cquoted\u201d  ") == '"quoted"'


def test_fold_char_keeps_spacing_accents_whole_and_folds_punctuation():
    assert _fold_char("\u00a8") == "\u00a8"  # diaeresis: NFKD gives a space and a mark
    assert _fold_char("\u2014") == "-"
    assert _fold_char("\u00ad") == ""
    assert _fold_char("\ufb01") == "fi"
    assert _fold_char("x") == "x"


def test_fingerprint_is_sha256_of_the_normalised_text():
    assert fingerprint("a  b") == fingerprint("a b")
    assert len(fingerprint("a")) == 64
    assert fingerprint("a") != fingerprint("b")
    assert fingerprint("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# --- re-anchoring -----------------------------------------------------------------------

TWICE = (
    "On Monday the ministers met in Moscow and signed the accord on railways. "
    "On Monday the ministers met in Moscow and signed the accord on fisheries."
)


def test_reanchoring_uses_the_text_after_a_passage_to_choose_an_occurrence():
    """Same words, same text before: only the suffix tells the two occurrences apart."""
    second = TWICE.rindex("the ministers met")
    found = reanchor(
        TWICE,
        exact="the ministers met in Moscow",
        prefix="On Monday ",
        suffix=" and signed the accord on fisheries.",
    )
    assert found.method == "exact"
    assert found.anchor.start == second
    first = reanchor(
        TWICE,
        exact="the ministers met in Moscow",
        prefix="On Monday ",
        suffix=" and signed the accord on railways.",
    )
    assert first.anchor.start == TWICE.index("the ministers met")


def test_reanchoring_uses_the_text_before_a_passage_to_choose_an_occurrence():
    text = "Railways: the loan was agreed. Fisheries: the loan was agreed."
    found = reanchor(text, exact="the loan was agreed", prefix="Fisheries: ", suffix=".")
    assert found.anchor.start == text.index("the loan", 20)


def test_reanchoring_by_context_uses_the_suffix_to_choose_an_occurrence():
    """The passage changed a little, so only its surroundings find it; the suffix decides."""
    text = (
        "The report says that trade grew by a third in 2023 across the railway border. "
        "The report says that trade grew by a quarter in 2023 across the fishing border."
    )
    found = reanchor(
        text,
        exact="trade grew by a fifth in 2023",
        prefix="The report says that ",
        suffix=" across the fishing border.",
    )
    assert found is not None
    assert found.method == "context"
    assert found.anchor.exact == "trade grew by a quarter in 2023"
    assert CONTEXT_THRESHOLD <= found.score < 100


def test_reanchoring_by_context_needs_enough_context():
    """Context shorter than MIN_CONTEXT_LENGTH says too little: the passage is not guessed."""
    text = "Before words. The loan was agreeed quickly today. After."
    exact = "The loan was agreed"
    assert len(normalize(exact)) < MIN_FUZZY_LENGTH  # so only the context could find it
    found = reanchor(text, exact=exact, prefix="Before words. ", suffix=" quickly today.")
    assert (found.method, found.anchor.exact) == ("context", "The loan was agreeed")
    assert len("s. ") < MIN_CONTEXT_LENGTH
    assert reanchor(text, exact=exact, prefix="s. ", suffix=" quickly today.") is None
    assert reanchor(text, exact=exact, prefix="Before words. ", suffix=" today") is None


def test_reanchoring_an_unchanged_passage_is_exact_with_full_score_and_context():
    text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa."
    found = reanchor(text, exact="delta epsilon", prefix="beta gamma ", suffix=" zeta")
    assert found.method == "exact"
    assert found.score == 100.0
    anchor = found.anchor
    assert text[anchor.start : anchor.end] == "delta epsilon" == anchor.exact
    assert anchor.prefix == text[: anchor.start][-CONTEXT_CHARS:]
    assert anchor.suffix == text[anchor.end :][:CONTEXT_CHARS]


def test_reanchoring_refuses_an_empty_passage():
    assert reanchor("some text", exact="  ") is None


def test_fuzzy_reanchoring_needs_a_long_enough_passage():
    text = "The pipeline carries oil and gas to the port of Nakhodka every day."
    assert reanchor(text, exact="oil and gaz", prefix="", suffix="") is None
    long_passage = "The pipeline carries oil and gaz to the port of Nakhodka"
    assert len(normalize(long_passage)) >= MIN_FUZZY_LENGTH
    found = reanchor(text, exact=long_passage)
    assert found.method == "fuzzy"
    assert found.anchor.exact == "The pipeline carries oil and gas to the port of Nakhodka"
    assert FUZZY_THRESHOLD <= found.score < 100


def test_fuzzy_reanchoring_refuses_a_region_much_shorter_than_the_passage():
    text = "Nothing here but: the treaty on railways was signed. And more."
    passage = "the treaty on railways was signed after long talks in Vladivostok last spring"
    assert reanchor(text, exact=passage) is None


def test_widen_to_words_grows_to_whole_words_and_trims_spaces():
    haystack = "alpha beta gamma"
    assert _widen_to_words(haystack, 7, 12) == (6, 16)
    assert _widen_to_words(haystack, 5, 11) == (6, 10)
    assert _widen_to_words(haystack, 0, len(haystack)) == (0, len(haystack))


def test_widen_to_words_steps_one_character_at_a_time_to_the_edges():
    assert _widen_to_words("alpha,beta", 9, 10) == (6, 10)
    assert _widen_to_words("alpha,beta", 7, 8) == (6, 10)
    assert _widen_to_words("ab cd", 1, 2) == (0, 2)
    assert _widen_to_words("alpha beta", 1, 5) == (0, 5)


def test_widen_to_words_never_crosses_over_on_blank_regions():
    assert _widen_to_words("a  b", 1, 1) == (1, 1)
    assert _widen_to_words("a  b", 1, 3) == (3, 3)


def test_fuzzy_reanchoring_works_from_exactly_the_minimum_length():
    text = "Before it all. The pipeline carries oil to ports. After it all."
    passage = "pipeline carries oyl"
    assert len(passage) == MIN_FUZZY_LENGTH
    found = reanchor(text, exact=passage, threshold=80)
    assert found is not None
    assert (found.method, found.anchor.exact) == ("fuzzy", "pipeline carries oil")


@given(
    st.lists(st.sampled_from(["oil", "gas", "coal", "grain", "port"]), min_size=1, max_size=6),
    st.integers(0, 3),
)
def test_reanchoring_picks_the_occurrence_whose_suffix_matches(words, which):
    """Identical passages with identical prefixes, told apart only by distinct suffixes."""
    passage = " ".join(words)
    tails = ["at Rajin.", "at Nakhodka.", "at Vanino.", "at Vostochny."]
    text = " ".join(f"Shipped: {passage} {tail}" for tail in tails)
    found = reanchor(text, exact=passage, prefix="Shipped: ", suffix=f" {tails[which]}")
    expected = text.index(f"{passage} {tails[which]}")
    assert found.anchor.start == expected


def test_context_of_exactly_the_minimum_length_is_enough():
    prefix, suffix = "Minister", "said so."
    assert len(prefix) == len(suffix) == MIN_CONTEXT_LENGTH
    text = "Minister trade grew fast said so. The end."
    found = reanchor(text, exact="trade grew fasst", prefix=prefix, suffix=suffix)
    assert (found.method, found.anchor.exact) == ("context", "trade grew fast")


def test_context_ends_at_the_first_suffix_after_the_passage():
    text = "Said the minister: trade grew fast and so on. and so on."
    found = reanchor(
        text, exact="trade grew fasst", prefix="Said the minister:", suffix="and so on."
    )
    assert (found.method, found.anchor.exact) == ("context", "trade grew fast")


def test_context_skips_an_empty_occurrence_and_keeps_looking():
    text = "Said the minister: and so on. Said the minister: trade grew fast and so on."
    found = reanchor(
        text, exact="trade grew fasst", prefix="Said the minister:", suffix="and so on."
    )
    assert found is not None
    assert found.anchor.start == text.rindex("trade grew fast")


def test_fuzzy_match_at_exactly_the_threshold_is_accepted():
    text = "The pipeline carries oil and gas to the port of Nakhodka every day."
    passage = "The pipeline carries oil and gaz to the port of Nakhodka"
    score = reanchor(text, exact=passage).score
    found = reanchor(text, exact=passage, threshold=score)
    assert found is not None
    assert found.score == score


def test_find_all_reports_overlapping_occurrences():
    assert find_all("aaa", [0, 1, 2], "aa") == [0, 1]
    assert find_all("abc", [0, 1, 2], "x") == []


def test_a_quote_may_be_one_whole_ligature():
    """A match at the very start of the text that ends at its very end is on boundaries."""
    found = locate_quote("\ufb01", "fi")
    assert (found.start, found.end, found.exact) == (0, 1, "\ufb01")
    assert locate_quote("\ufb01", "f") is None
    assert locate_quote("\ufb01", "i") is None


def test_context_match_at_exactly_the_threshold_is_accepted():
    """``abcd`` against ``abce`` is 75 % alike: just enough with intact surroundings."""
    text = "Prefix words abce suffix words."
    found = reanchor(text, exact="abcd", prefix="Prefix words ", suffix=" suffix words.")
    assert (found.method, found.anchor.exact, found.score) == ("context", "abce", 75.0)


def test_context_keeps_the_first_of_equally_good_candidates():
    text = "Said the minister: trade grew fast and so on. Said the minister: trade grew fast and so on."
    found = reanchor(
        text, exact="trade grew fasst", prefix="Said the minister:", suffix="and so on."
    )
    assert found.method == "context"
    assert found.anchor.start == text.index("trade grew fast")


def test_context_prefers_the_closer_of_two_candidates():
    text = "Said the minister: trade grew slowly and so on. Said the minister: trade grew fast and so on."
    found = reanchor(
        text, exact="trade grew fasst", prefix="Said the minister:", suffix="and so on."
    )
    assert found.anchor.exact == "trade grew fast"
