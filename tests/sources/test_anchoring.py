"""Re-anchoring passages in changed texts: same words found, destroyed passages broken."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sources.anchoring import reanchor
from sources.text import locate_quote, normalize

VOCABULARY = [
    "russia",
    "korea",
    "trade",
    "debt",
    "energy",
    "railway",
    "labour",
    "sanctions",
    "pact",
    "treaty",
    "summit",
    "pipeline",
    "coal",
    "oil",
    "grain",
    "workers",
    "moscow",
    "pyongyang",
    "vladivostok",
    "border",
    "bank",
    "rouble",
    "loan",
    "port",
]

# The destroy test keeps the passage's words out of the rest of the text, so
# that nothing there can spell the passage again.
OTHER_WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
]
other_words = st.lists(st.sampled_from(OTHER_WORDS), min_size=1, max_size=40).map(" ".join)

words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=40).map(" ".join)
passages = st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=10).map(" ".join)
edits = st.lists(st.sampled_from([*VOCABULARY, ".", ",", "\n\n"]), max_size=15).map(" ".join)


def occurrences(text, passage):
    """How many times ``passage`` occurs in ``text``, overlaps included."""
    text, passage = normalize(text), normalize(passage)
    return sum(text.startswith(passage, i) for i in range(len(text)))


def stored(text, quote):
    anchor = locate_quote(text, quote)
    return {"exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix}


def test_unchanged_text_reanchors_exactly():
    text = "Alpha beta. The Soviet Union played a crucial role. Gamma."
    found = reanchor(text, **stored(text, "played a crucial role"))
    assert found.method == "exact"
    assert text[found.anchor.start : found.anchor.end] == "played a crucial role"


def test_typo_fixed_inside_the_passage_reanchors_by_context():
    """A corrected word inside the passage is followed through its unchanged surroundings."""
    old = "In 2014, Russia forgave 90% of the DPRK’s det, and agreed to a 20 year period."
    new = "In 2014, Russia forgave 90% of the DPRK’s debt, and agreed to a 20 year period."
    found = reanchor(new, **stored(old, "Russia forgave 90% of the DPRK’s det"))
    assert found is not None
    assert found.method in {"context", "fuzzy"}
    assert found.anchor.exact == "Russia forgave 90% of the DPRK’s debt"


def test_passage_moved_and_slightly_reworded_is_found_fuzzily():
    old = "Intro. Labour migration is a unique facet of the economic relationship. End."
    new = "New opening paragraph.\n\nEnd. Labour migration is a unique facet of their economic relationship."
    found = reanchor(
        new, **stored(old, "Labour migration is a unique facet of the economic relationship")
    )
    assert found is not None and found.method == "fuzzy"
    assert found.anchor.exact.startswith("Labour migration is a unique facet")
    assert found.score >= 90


def test_repeated_words_prefer_the_occurrence_with_the_same_context():
    text = "First: the pact was signed. Second: the pact was signed. Third."
    anchor = locate_quote(text, "Second: the pact was signed")
    passage = {"exact": "the pact was signed", "prefix": "Second: ", "suffix": anchor.suffix}
    found = reanchor("Preface. " + text, **passage)
    assert found.anchor.prefix.endswith("Second: ")


def test_destroyed_passage_is_broken():
    old = "Russia exports energy resources, machinery, and transport equipment to the north."
    new = "Russia exports grain to the north."
    assert (
        reanchor(new, **stored(old, "energy resources, machinery, and transport equipment")) is None
    )


@settings(max_examples=150, deadline=None)
@given(before=words, passage=passages, after=words, edit_before=edits, edit_after=edits)
def test_edits_outside_the_passage_keep_the_same_words(
    before, passage, after, edit_before, edit_after
):
    """For random texts and random edits outside a quoted passage, it re-anchors to the same words."""
    old = f"{before} {passage} {after}"
    assume(occurrences(old, passage) == 1)
    new = f"{edit_before} {before} {passage} {after} {edit_after}"
    found = reanchor(new, **stored(old, passage))
    assert found is not None
    assert normalize(found.anchor.exact) == normalize(passage)
    assert new[found.anchor.start : found.anchor.end] == found.anchor.exact


@settings(max_examples=150, deadline=None)
@given(
    before=other_words,
    passage=passages,
    after=other_words,
    replacement=st.text("0123456789 ", max_size=30),
)
def test_destroying_the_passage_marks_it_broken(before, passage, after, replacement):
    """When the quoted words are deleted or replaced, no other words are pointed at."""
    old = f"{before} {passage} {after}"
    assume(occurrences(old, passage) == 1)
    new = f"{before} {replacement} {after}"
    assume(occurrences(new, passage) == 0)
    found = reanchor(new, **stored(old, passage))
    if found is not None:
        # The only acceptable find is the very same words, which the text no longer has.
        assert normalize(found.anchor.exact) == normalize(passage)
    assert found is None
