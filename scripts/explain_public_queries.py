"""
Query plans of every query the public pages run, on PostgreSQL at a synthetic scale.

Not a test: it builds data and prints. With ``--build`` it empties the database named by
DATABASE_URL (it must be a throwaway one) and bulk-inserts a synthetic corpus (sources,
public and draft claims with topics and citations, stored support counts); then it
requests each public page through the test client, captures the SQL each one runs and
prints, per query, its time and the plan's scans. A sequential scan of a large table is
flagged: each public query should be served by an index. Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale \\
        .venv/bin/python scripts/explain_public_queries.py --build --claims 100000 --sources 10000
    ... scripts/explain_public_queries.py --verbose     # again, with the full plans
"""

import argparse
import os
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rnk_site.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "explain-public-queries-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from briefings.models import Briefing, Citation, Claim, Section, SectionClaim, TaggedClaim  # noqa: E402
from sources.models import Source, Topic  # noqa: E402

TOPICS = [
    "trade", "sanctions", "energy", "labour migration", "diplomacy", "military",
    "transport", "debt", "tourism", "education", "agriculture", "health",
]  # fmt: skip
TEXT = (
    "Trade between Russia and North Korea has seen fluctuations, often influenced by "
    "international sanctions. Labour migration is a unique facet of the relationship."
)
QUOTE = "Labour migration is a unique facet"
LARGE_TABLES = {
    "briefings_claim",
    "briefings_citation",
    "briefings_taggedclaim",
    "sources_source",
    "briefings_sectionclaim",
}
BATCH = 5000


def build(n_sources, n_claims, seed=8):
    """Empty the database and insert the synthetic corpus with bulk inserts."""
    rng = random.Random(seed)
    call_command("flush", interactive=False, verbosity=0)
    now = timezone.now()
    with transaction.atomic():
        topics = [Topic.objects.create(name=name) for name in TOPICS]
        sources = Source.objects.bulk_create(
            [
                Source(
                    title=f"Report {k} on {rng.choice(TOPICS)}",
                    slug=f"report-{k}",
                    body=f"{TEXT} Document {k}.",
                    fingerprint=f"{k:064d}",
                    word_count=30,
                    publisher=f"Publisher {k % 40}",
                    published_on=date(1990, 1, 1) + timedelta(days=rng.randrange(12000)),
                )
                for k in range(n_sources)
            ],
            batch_size=BATCH,
        )
        statuses = ["verified"] * 7 + ["disputed", "review", "draft"]
        for start in range(0, n_claims, BATCH):
            claims = Claim.objects.bulk_create(
                [
                    Claim(
                        statement=f"Synthetic claim {k} about {rng.choice(TOPICS)}.",
                        status=rng.choice(statuses),
                        event_date=(
                            date(1948, 1, 1) + timedelta(days=rng.randrange(28000))
                            if rng.random() < 0.9
                            else None
                        ),
                        event_precision=rng.choice(["day", "month", "year"]),
                        independent_support=rng.choice([0, 1, 1, 2, 3]),
                    )
                    for k in range(start, min(start + BATCH, n_claims))
                ]
            )
            TaggedClaim.objects.bulk_create(
                [
                    TaggedClaim(content_object=claim, tag=tag)
                    for claim in claims
                    for tag in rng.sample(topics, rng.choice([1, 1, 2]))
                ]
            )
            Citation.objects.bulk_create(
                [
                    Citation(
                        claim=claim,
                        source=source,
                        quote=QUOTE,
                        exact=QUOTE,
                        start=TEXT.index(QUOTE),
                        end=TEXT.index(QUOTE) + len(QUOTE),
                        source_fingerprint=source.fingerprint,
                        position=position,
                    )
                    for claim in claims
                    for position, source in enumerate(rng.sample(sources, rng.choice([1, 1, 2])))
                ]
            )
        public = list(Claim.objects.published().order_by("?")[:40])
        for k in range(30):
            briefing = Briefing.objects.create(
                title=f"Briefing {k}",
                slug=f"briefing-{k}",
                status="published",
                published_at=now - timedelta(days=k),
            )
            briefing.tags.add(rng.choice(topics))
            section = Section.objects.create(briefing=briefing, position=0, heading="Findings")
            SectionClaim.objects.bulk_create(
                [
                    SectionClaim(section=section, claim=claim, position=p)
                    for p, claim in enumerate(public[: 10 + k])
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pages():
    """(label, path, params) of the public pages and API lists, with filters and deep pages."""
    claim = Claim.objects.published().order_by("-pk").first()
    source = Source.objects.order_by("-pk").first()
    topic = Topic.objects.order_by("name").first()
    briefing = Briefing.objects.published().order_by("-published_at").last()
    return [
        ("home", reverse("briefings:home"), {}),
        ("briefings", reverse("briefings:briefing_list"), {}),
        ("briefing (40 claims)", briefing.get_absolute_url(), {}),
        ("topics", reverse("briefings:topic_list"), {}),
        ("topic", reverse("briefings:topic_detail", args=[topic.slug]), {}),
        ("topic page 200", reverse("briefings:topic_detail", args=[topic.slug]), {"page": 200}),
        ("topic feed", reverse("briefings:topic_feed_atom", args=[topic.slug]), {}),
        ("claims", reverse("briefings:claim_list"), {}),
        ("claims support=2", reverse("briefings:claim_list"), {"support": "2"}),
        ("claims topic", reverse("briefings:claim_list"), {"topic": topic.slug}),
        ("claims source", reverse("briefings:claim_list"), {"source": source.slug}),
        ("claims page 500", reverse("briefings:claim_list"), {"page": 500}),
        ("claim", claim.get_absolute_url(), {}),
        ("timeline", reverse("briefings:timeline"), {}),
        ("timeline 2001", reverse("briefings:timeline"), {"year": 2001}),
        ("sources", reverse("sources:source_list"), {}),
        ("source", source.get_absolute_url(), {}),
        ("sitemap index", reverse("sitemap"), {}),
        ("sitemap claims p=10", reverse("sitemap_section", args=["claims"]), {"p": 10}),
        ("sitemap topics", reverse("sitemap_section", args=["topics"]), {}),
        ("api claims support=2", reverse("api:claim-list"), {"support": "2"}),
        ("api topics", reverse("api:topic-list"), {}),
        ("api sources", reverse("api:source-list"), {}),
        ("feed", reverse("briefings:briefing_feed_atom"), {}),
    ]


SCAN = re.compile(r"(Seq Scan|Parallel Seq Scan) on (\w+)")


def explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def report(verbose=False):
    client = Client()
    flagged = []
    print(f"{'page':26} {'status':>6} {'queries':>7} {'ms':>8} {'KB':>7}  large seq scans")
    for label, path, params in pages():
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, params)
        elapsed = (time.perf_counter() - start) * 1000
        scans = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            # Captured SQL has its parameters inlined; run it as it was run.
            plan = explain(sql, None)
            tables = {table for _, table in SCAN.findall("\n".join(plan))} & LARGE_TABLES
            if tables:
                scans.append((sorted(tables), sql))
            if verbose:
                print(f"\n-- {label}: {query['time']} s\n{sql[:400]}")
                print("\n".join(plan))
        size = len(response.content) / 1024
        names = ", ".join(sorted({t for tables, _ in scans for t in tables})) or "-"
        print(
            f"{label:26} {response.status_code:>6} {len(captured):>7} "
            f"{elapsed:>8.0f} {size:>7.0f}  {names}"
        )
        flagged += [(label, tables, sql) for tables, sql in scans]
    if flagged:
        print("\nQueries reading a large table without an index:")
        for label, tables, sql in flagged:
            print(f"- {label}: {', '.join(tables)}: {sql[:300]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="empty the database and fill it")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--verbose", action="store_true", help="print every plan")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a throwaway PostgreSQL database: the plans are PostgreSQL's.")
    call_command("migrate", verbosity=0)
    if args.build:
        start = time.perf_counter()
        build(args.sources, args.claims)
        took = time.perf_counter() - start
        print(f"Built {args.sources} sources, {args.claims} claims in {took:.0f} s")
    report(verbose=args.verbose)


if __name__ == "__main__":
    main()
