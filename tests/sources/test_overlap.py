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


@pytest.mark.django_db
def test_importing_the_seeds_stores_the_000_004_pair_only():
    """Importing the seeds records that 000 and 004 share material, and nothing else."""
    from sources.models import SourceOverlap
    from sources.services import source_import

    seed_documents()  # skips when the seeds are absent
    imported = {
        path.name[:3]: source_import(path_or_document=path).source
        for path in sorted(SEEDS.glob("*.txt"))
    }
    pairs = [(o.left_id, o.right_id, o.kind) for o in SourceOverlap.objects.all()]
    expected = tuple(sorted((imported["000"].pk, imported["004"].pk)))
    assert pairs == [(*expected, "paraphrase")]
    overlap = SourceOverlap.objects.get()
    assert len(overlap.passages) >= 3
    assert {"left", "right", "score"} <= set(overlap.passages[0])


@pytest.mark.django_db
def test_recompute_command_rebuilds_and_dry_run_stores_nothing(make_source):
    from io import StringIO

    from django.core.management import call_command

    from sources.models import SourceOverlap

    first = make_source(body=PARAGRAPH)
    second = make_source(body="Reprinted.\n" + PARAGRAPH)
    make_source(body=UNRELATED)
    out = StringIO()
    call_command("recompute_overlaps", "--dry-run", stdout=out)
    assert "1 pairs of sources share material (dry run" in out.getvalue()
    assert not SourceOverlap.objects.exists()
    call_command("recompute_overlaps", stdout=StringIO())
    overlap = SourceOverlap.objects.get()
    assert (overlap.left, overlap.right, overlap.kind) == (first, second, "copy")
    assert overlap.other(first) == second


def test_overlaps_record_stores_known_pairs_in_key_order_and_replaces_them(make_source):
    """A copy made knowingly is compared with its original alone, not with the corpus."""
    from sources.models import SourceOverlap
    from sources.services import overlaps_record

    original = make_source(body=PARAGRAPH)
    unrelated = make_source(body=UNRELATED)
    copy = make_source(body="Reprinted.\n" + PARAGRAPH)
    rows = overlaps_record(pairs=[(copy, original), (unrelated, original)])
    assert [(r.left_id, r.right_id, r.kind) for r in rows] == [(original.pk, copy.pk, "copy")]
    overlaps_record(pairs=[(original, copy)])
    assert SourceOverlap.objects.count() == 1
    assert SourceOverlap.objects.get().passages[0]["left"] in PARAGRAPH
