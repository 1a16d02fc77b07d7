"""Shared material found incrementally: a new or changed source meets its candidates only."""

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources import services
from sources.models import Source, SourceOverlap, SourceShingle
from sources.overlap import Document, find_overlaps, shingle_hash

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
FILLER_SOURCES = 30


def seed_texts():
    if not SEEDS.is_dir():
        pytest.skip("the seed documents are not beside the repository")
    return {path.name[:3]: path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def filler_text(n):
    """A text of its own: sentences of words no other filler text draws in the same order."""
    rng = random.Random(n)
    words = [f"{rng.choice('bcdfgklmnprst')}{rng.choice('aeiou')}{k}" for k in range(400)]
    return " ".join(
        " ".join(rng.choice(words) for _ in range(rng.randint(8, 16))).capitalize() + "."
        for _ in range(25)
    )


def pairs(overlaps):
    return sorted((o.left_id, o.right_id, o.kind, o.score) for o in overlaps)


def stored_pairs():
    return pairs(SourceOverlap.objects.all())


def expected_pairs():
    """The in-memory reference: every document against every candidate, as before the index."""
    documents = [
        Document(pk, body) for pk, body in Source.objects.order_by("pk").values_list("pk", "body")
    ]
    return sorted((o.left, o.right, o.kind, o.score) for o in find_overlaps(documents))


def corpus(*, refresh_each=False):
    sources = {}
    for n in range(FILLER_SOURCES // 2):
        sources[f"filler{n}"] = Source.objects.create(title=f"Filler {n}", body=filler_text(n))
    for name, text in seed_texts().items():
        sources[name] = Source.objects.create(title=f"Seed {name}", body=text)
        if refresh_each:  # as imports do, one source at a time
            services.overlaps_refresh(sources=[sources[name]])
    for n in range(FILLER_SOURCES // 2, FILLER_SOURCES):
        sources[f"filler{n}"] = Source.objects.create(title=f"Filler {n}", body=filler_text(n))
        if refresh_each:
            services.overlaps_refresh(sources=[sources[f"filler{n}"]])
    return sources


def test_a_full_recompute_finds_what_comparing_every_candidate_in_memory_finds():
    sources = corpus()
    found = services.overlaps_refresh()
    assert pairs(found) == stored_pairs() == expected_pairs()
    # The seed pair (000 and its machine-reworded copy 004) is among them.
    assert (sources["000"].pk, sources["004"].pk) in {
        (left, right) for left, right, *_ in pairs(found)
    }


def test_refreshing_one_source_at_a_time_ends_where_a_full_recompute_does():
    corpus(refresh_each=True)
    incremental = stored_pairs()
    services.overlaps_refresh()
    assert incremental == stored_pairs() == expected_pairs()
    assert incremental, "the seeds hold a pair"


def test_a_new_source_is_compared_with_its_candidates_only(monkeypatch):
    sources = corpus()
    services.overlaps_refresh()
    comparisons = []
    real_compare = services.compare

    def counting_compare(left, right):
        comparisons.append({left.key, right.key})
        return real_compare(left, right)

    monkeypatch.setattr(services, "compare", counting_compare)
    reprint = Source.objects.create(title="Reprint", body="Reprinted.\n" + seed_texts()["000"])
    found = services.overlaps_refresh(sources=[reprint])
    # The seeds (they share rare trigrams with the reprint), never the 30 unrelated sources.
    candidates = services.overlap_candidates(source_id=reprint.pk)
    seeds = {source.pk for name, source in sources.items() if not name.startswith("filler")}
    assert {sources["000"].pk, sources["004"].pk} <= set(candidates) <= seeds
    assert len(comparisons) == len(candidates) <= len(seeds)
    assert all(reprint.pk in pair for pair in comparisons)
    assert {(o.left_id, o.right_id) for o in found} >= {(sources["000"].pk, reprint.pk)}
    assert Source.objects.count() == FILLER_SOURCES + 6


def test_a_changed_text_loses_its_old_pairs_and_its_old_trigrams():
    text = seed_texts()["000"]
    original = Source.objects.create(title="Original", body=text)
    copy = Source.objects.create(title="Copy", body=text + " Reprinted.")
    services.overlaps_refresh(sources=[copy])
    assert SourceOverlap.objects.involving(original).exists()
    copy.body = filler_text(1)
    copy.save()
    services.overlaps_refresh(sources=[copy])
    assert not SourceOverlap.objects.exists()
    held = set(SourceShingle.objects.filter(source_id=copy.pk).values_list("hash", flat=True))
    assert held == Document(copy.pk, copy.body).shingle_hashes()


def test_texts_saved_without_a_refresh_are_indexed_before_candidates_are_sought():
    """A source loaded by a fixture or a script is still found by the next refresh."""
    text = seed_texts()["000"]
    original = Source.objects.create(title="Loaded raw", body=text)
    assert not SourceShingle.objects.filter(source_id=original.pk).exists()
    copy = Source.objects.create(title="Copy", body=text + " Reprinted.")
    services.overlaps_refresh(sources=[copy])
    assert SourceOverlap.objects.involving(original).exists()


def test_a_recompute_queries_do_not_load_every_text_for_one_source(django_assert_max_num_queries):
    corpus()
    services.overlaps_refresh()
    reprint = Source.objects.create(title="Reprint", body="Reprinted.\n" + seed_texts()["001"])
    # A fixed number of statements, whatever the corpus size (bulk inserts come in batches),
    # the page cache's invalidation and the support recount of the pairs changed included.
    with django_assert_max_num_queries(24):
        services.overlaps_refresh(sources=[reprint])


@given(st.lists(st.text(min_size=1, max_size=12), min_size=3, max_size=3))
def test_a_trigram_hash_is_stable_and_fits_a_signed_64_bit_column(words):
    shingle = tuple(words)
    value = shingle_hash(shingle)
    assert value == shingle_hash(tuple(words))
    assert -(2**63) <= value < 2**63


@given(st.lists(st.text(alphabet="abc ", min_size=1, max_size=6), min_size=3, max_size=3))
def test_different_trigrams_get_different_hashes(words):
    """The separator keeps ("ab", "c") apart from ("a", "bc")."""
    shingle = tuple(words)
    moved = (words[0] + words[1], "", words[2])
    if moved != shingle:
        assert shingle_hash(moved) != shingle_hash(shingle)


def test_a_deleted_source_leaves_the_index():
    source = Source.objects.create(title="Gone", body=seed_texts()["000"])
    services.overlaps_refresh(sources=[source])
    assert SourceShingle.objects.filter(source_id=source.pk).exists()
    Source.objects.filter(pk=source.pk).delete()
    assert not SourceShingle.objects.exists()
