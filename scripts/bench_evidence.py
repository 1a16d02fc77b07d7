"""
Benchmark: how often the evidence finder ranks the right passage first, on a labelled set.

Not a test: it measures and prints. It builds a throwaway database (SQLite in var/bench/,
or the PostgreSQL database named by DATABASE_URL, whose tables it empties first), loads the
seed data, and asks the finder for each statement of tests/data/evidence_labels.json
(statements written in our own words for passages of the seed sources). A statement is
found at k when one of its expected passages (source slug and a substring of the passage)
is among the first k results. It prints recall@1, @3 and @10 and the mean reciprocal rank
for BM25 alone, for the default (BM25 blended with the token-set similarity) and for a few
other blends, then the misses of the default. With --scale N it also adds N synthetic
sources (a dozen sentences each) and times a query against the larger index.

    .venv/bin/python scripts/bench_evidence.py [--scale N] [--quiet]
"""

import argparse
import functools
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rnk_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SQLITE_PATH", str(ROOT / "var" / "bench" / "evidence.sqlite3"))

LABELS = ROOT / "tests" / "data" / "evidence_labels.json"
WEIGHTS = (0.0, 0.15, 0.3, 0.5, 1.0)


def is_expected(hit, expected):
    return any(
        hit.source.slug == e["source"] and e["passage"] in hit.passage.text for e in expected
    )


def first_rank(hits, expected):
    return next((hit.rank for hit in hits if is_expected(hit, expected)), None)


def evaluate(labels, find):
    """Recall at 1, 3 and 10, MRR, and the misses at 10, of ``find(statement)``."""
    ranks = [first_rank(find(label["statement"]), label["expected"]) for label in labels]
    n = len(labels)
    return {
        "recall@1": sum(r is not None and r <= 1 for r in ranks) / n,
        "recall@3": sum(r is not None and r <= 3 for r in ranks) / n,
        "recall@10": sum(r is not None and r <= 10 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "ranks": ranks,
    }


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    Path(os.environ["DJANGO_SQLITE_PATH"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_seed_data", verbosity=0)


SYNTHETIC_WORDS = [
    "trade",
    "debt",
    "energy",
    "sanctions",
    "labour",
    "migration",
    "diplomacy",
    "treaty",
    "port",
    "coal",
    "oil",
    "ferry",
    "bridge",
    "border",
    "envoy",
    "summit",
    "pipeline",
    "loan",
    "grain",
    "fertiliser",
    "workers",
    "visit",
    "agreement",
    "railway",
    "Russia",
    "North",
    "Korea",
    "Moscow",
    "Pyongyang",
    "Kim",
    "Putin",
    "military",
    "exports",
    "imports",
    "currency",
]


def add_synthetic(size):
    from sources.models import Source
    from sources.services import passages_rebuild

    rng = random.Random(size)

    def body():
        return " ".join(
            " ".join(rng.choices(SYNTHETIC_WORDS, k=rng.randint(8, 20))).capitalize() + "."
            for _ in range(12)
        )

    Source.objects.bulk_create(
        [Source(title=f"Synthetic {n}", slug=f"synthetic-{n}", body=body()) for n in range(size)],
        batch_size=1000,
    )
    started = time.perf_counter()
    passages = passages_rebuild()
    return passages, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", type=int, default=0, help="add N synthetic sources and time")
    parser.add_argument("--quiet", action="store_true", help="leave out the misses")
    args = parser.parse_args()
    setup()
    from django.db import connection

    from sources import finder, passages

    labels = json.loads(LABELS.read_text(encoding="utf-8"))["labels"]
    print(f"{len(labels)} labelled statements, database: {connection.vendor}")
    print(f"{'re-ranking':42} {'R@1':>6} {'R@3':>6} {'R@10':>6} {'MRR':>6}")
    results = {}
    for weight in WEIGHTS:
        rerank = functools.partial(passages.lexical_rerank, weight=weight)
        result = evaluate(labels, lambda s, r=rerank: finder.find_passages(s, rerank=r))
        results[weight] = result
        name = "BM25 only" if weight == 0 else f"BM25 + {weight:.2f} x token-set similarity"
        if weight == passages.SIMILARITY_WEIGHT:
            name += " (default)"
        print(
            f"{name:42} {result['recall@1']:6.3f} {result['recall@3']:6.3f} "
            f"{result['recall@10']:6.3f} {result['mrr']:6.3f}"
        )
    if not args.quiet:
        default = results[passages.SIMILARITY_WEIGHT]
        for label, rank in zip(labels, default["ranks"], strict=True):
            if rank is None or rank > 3:
                print(f"  rank {rank or '>10'}: {label['statement']}")
    if args.scale:
        count, indexing = add_synthetic(args.scale)
        statement = labels[0]["statement"]
        finder.find_passages(statement)  # warm the caches
        started = time.perf_counter()
        for label in labels:
            finder.find_passages(label["statement"])
        per_query = (time.perf_counter() - started) / len(labels)
        scaled = evaluate(labels, finder.find_passages)
        print(
            f"with {args.scale} synthetic sources ({count} passages, indexed in "
            f"{indexing:.1f} s): {per_query * 1000:.0f} ms a query, "
            f"recall@3 {scaled['recall@3']:.3f}, recall@10 {scaled['recall@10']:.3f}"
        )


if __name__ == "__main__":
    main()
