"""
Benchmark: how long a search page takes when a common word matches N documents.

Not a test: it measures and prints. It builds a throwaway database (SQLite in var/bench/,
or the PostgreSQL database named by DATABASE_URL, whose tables it empties first) with N
synthetic sources that all contain the word "railway", and times the search page for
"railway" (every source matches) and for "railways treaty" (a stemmed, rarer query),
through the test client, as a reader's request would run. Run:

    .venv/bin/python scripts/bench_search.py [N ...]        # default: 1000 10000 40000
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rnk_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SQLITE_PATH", str(ROOT / "var" / "bench" / "search.sqlite3"))

WORDS = [
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
]


def body(rng):
    sentences = []
    for _ in range(12):
        words = rng.choices(WORDS, k=rng.randint(8, 20))
        sentences.append(" ".join(words).capitalize() + ".")
    sentences.insert(rng.randint(0, 12), "The railway carries coal to the port.")
    return " ".join(sentences)


def fill(size):
    from django.core.management import call_command

    from search.services import search_rebuild
    from sources.models import Source

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(size)
    Source.objects.bulk_create(
        [
            Source(title=f"Report {n} on {rng.choice(WORDS)}", slug=f"report-{n}", body=body(rng))
            for n in range(size)
        ],
        batch_size=1000,
    )
    search_rebuild()


def timed(client, query):
    started = time.perf_counter()
    response = client.get("/search/", {"q": query})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, response.context["paginator"].count


def main(sizes):
    import django
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    django.setup()
    setup_test_environment()  # lets the test client see the page's context
    client = Client()
    print(f"database: {connection.vendor}")
    for size in sizes:
        fill(size)
        for query in ("railway", "railways treaty"):
            timed(client, query)  # warm the caches once
            elapsed, count = min(timed(client, query) for _ in range(3))
            print(f"{size:>6} sources  q={query!r:<18} {count:>6} matches  {elapsed:6.3f} s")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10_000, 40_000])
