"""Sentence alignment of reworded copies, against the labelled set in tests/data."""

import json
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.alignment import align_indexes, content_similarity
from sources.overlap import MIN_ALIGNED, Document, align, find_overlaps

LABELS = Path(__file__).resolve().parents[1] / "data" / "alignment_labels.json"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DATA = json.loads(LABELS.read_text("utf-8"))

# Measured when the set was made (scripts/bench_alignment.py): recall 0.925, precision 1.0;
# the greedy alignment before it had recall 0.787. The floors leave a little room.
RECALL_FLOOR = 0.9
SEED_LINKS_FLOOR = 8  # of 13 labelled; the greedy alignment found 5


def seeds():
    if not SEEDS.is_dir():
        pytest.skip("the seed documents are not beside the repository")
    return {path.name[:3]: path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def predicted_links(left, right):
    return {
        (i, j)
        for lefts, rights, _ in align_indexes(left.tokens, right.tokens)
        for i in lefts
        for j in rights
    }


def test_reworded_copies_of_our_texts_align_with_the_recall_floor_and_no_false_link():
    right = wrong = labelled = 0
    for pair in DATA["pairs"]:
        gold = {tuple(link) for link in pair["links"]}
        found = predicted_links(Document("l", pair["left"]), Document("r", pair["right"]))
        right += len(found & gold)
        wrong += len(found - gold)
        labelled += len(gold)
    assert wrong == 0
    assert right / labelled >= RECALL_FLOOR


def test_seed_004_aligns_with_000_beyond_the_old_five_sentences():
    texts = seeds()
    [pair] = DATA["seed_pairs"]
    gold = {tuple(link) for link in pair["links"]}
    found = predicted_links(Document("000", texts["000"]), Document("004", texts["004"]))
    found = {(i, j) for i, j in found if i not in pair["uncertain"]["left"]}
    assert found <= gold
    assert len(found) >= SEED_LINKS_FLOOR


def test_unrelated_texts_stay_unflagged_and_barely_aligned():
    """Texts of our own on neighbouring subjects share no material: nothing is flagged."""
    documents = [Document(name, text) for name, text in DATA["unrelated"].items()]
    assert find_overlaps(documents) == []
    for left, right in combinations(documents, 2):
        assert len(align(left, right)) < MIN_ALIGNED, (left.key, right.key)


def test_seeds_001_002_003_stay_unflagged_against_each_other_and_000_004():
    texts = seeds()
    documents = [Document(key, texts[key]) for key in ("000", "001", "002", "003", "004")]
    pairs = {(o.left, o.right) for o in find_overlaps(documents)}
    assert pairs == {("000", "004")}
    for key in ("001", "002", "003"):
        for other in ("000", "004"):
            assert len(align(Document(key, texts[key]), Document(other, texts[other]))) < (
                MIN_ALIGNED
            )


sentences = st.lists(
    st.lists(
        st.sampled_from(
            ["treaty", "rail", "debt", "coal", "port", "crews", "loans", "kim", "putin", "moscow"]
        ),
        min_size=6,
        max_size=12,
    ).map(lambda words: " ".join(words).capitalize() + "."),
    min_size=1,
    max_size=8,
)


@given(sentences, sentences)
def test_each_sentence_is_used_once_and_scores_are_fractions(left, right):
    found = align_indexes(
        Document("l", " ".join(left)).tokens, Document("r", " ".join(right)).tokens
    )
    lefts = [i for pair in found for i in pair[0]]
    rights = [j for pair in found for j in pair[1]]
    assert len(lefts) == len(set(lefts)) and len(rights) == len(set(rights))
    assert all(0 <= score <= 1 for _, _, score in found)
    assert all(1 <= len(a) <= 2 and 1 <= len(b) <= 2 and len(a) + len(b) <= 3 for a, b, _ in found)


@given(sentences)
def test_a_text_aligns_with_itself_sentence_by_sentence(text):
    document = Document("x", " ".join(text))
    found = align_indexes(document.tokens, document.tokens)
    assert {(a, b) for a, b, _ in found} == {((i,), (i,)) for i in range(len(document.tokens))}
    assert all(p.verbatim for p in align(document, document))


@given(
    st.frozensets(st.text(min_size=1, max_size=5)), st.frozensets(st.text(min_size=1, max_size=5))
)
def test_content_similarity_is_a_symmetric_fraction(left, right):
    weights = {word: 1.0 + len(word) for word in left | right}
    score = content_similarity(left, right, weights)
    assert 0 <= score <= 1
    assert score == pytest.approx(content_similarity(right, left, weights))
    if left:
        assert content_similarity(left, left, weights) == pytest.approx(1.0)
