"""Overlap between texts: copies, syndicated passages and close paraphrase."""

from pathlib import Path

import pytest

from sources.overlap import Document, candidate_pairs, find_overlaps

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

PARAGRAPH = (
    "The railway link between Khasan and Rajin was rebuilt with Russian money in 2013. "
    "Freight volumes through the port of Rajin stayed far below what planners expected. "
    "Coal from Siberia was shipped onward to Chinese and South Korean buyers for a while. "
    "Sanctions adopted in 2016 exempted the project, which kept it alive on paper. "
    "Officials in Moscow still describe the line as a gateway to the Korean peninsula. "
    "Critics reply that the trains carry more symbolism than cargo most weeks of the year."
)
UNRELATED = (
    "Fishing quotas in the Sea of Okhotsk are negotiated every winter by the two coastguards. "
    "The talks rarely reach the newspapers and the results are published months later. "
    "Local fleets complain that the quotas ignore how the stocks have moved north. "
    "Scientists on both sides have asked for shared surveys of pollock and crab. "
    "A joint survey vessel was proposed but never funded by either ministry. "
    "The fishermen keep their own records and trust them more than the official ones."
)


def seed_documents():
    if not SEEDS.is_dir():
        pytest.skip("the seed documents are not beside the repository")
    return [
        Document(path.name[:3], path.read_text("utf-8")) for path in sorted(SEEDS.glob("*.txt"))
    ]


def test_seed_paraphrase_pair_is_found_and_same_subject_seeds_are_not():
    """000 and its machine-reworded copy 004 are a pair; 001, 002, 003 are not paired."""
    overlaps = find_overlaps(seed_documents())
    pairs = {(o.left, o.right): o for o in overlaps}
    assert ("000", "004") in pairs
    assert pairs[("000", "004")].kind == "paraphrase"
    assert len(pairs[("000", "004")].passages) >= 3
    for left, right in [("001", "002"), ("001", "003"), ("002", "003")]:
        assert (left, right) not in pairs


def test_verbatim_copy_is_a_copy():
    overlaps = find_overlaps([Document("a", PARAGRAPH), Document("b", "Reprinted.\n" + PARAGRAPH)])
    assert [(o.kind, o.score) for o in overlaps] == [("copy", 1.0)]


def test_shared_passages_inside_different_articles_are_syndication():
    left = UNRELATED + "\n" + PARAGRAPH
    right = PARAGRAPH.split(". Officials")[0] + ".\n" + UNRELATED.replace("Fishing", "Whaling")
    right = "A wholly different opening about customs posts and their staff at the border. " + right
    overlaps = find_overlaps([Document("a", left), Document("b", right + " " + UNRELATED)])
    assert overlaps and overlaps[0].kind in {"syndicated", "copy"}


def test_unrelated_texts_are_not_candidates():
    assert candidate_pairs([Document("a", PARAGRAPH), Document("b", UNRELATED)]) == []


def test_aligned_passages_come_in_order_with_scores():
    overlap = find_overlaps([Document("a", PARAGRAPH), Document("b", PARAGRAPH)])[0]
    scores = [p.score for p in overlap.passages]
    assert len(scores) == 6 and min(scores) == 1.0
    assert overlap.passages[0].left.startswith("The railway link")
