"""
Measure: the in-process cost of the briefing, topic, timeline and claims pages.

Not a test: it builds a throwaway SQLite database in var/bench/ (a briefing of 40 claims
with 60 citations, a topic holding those claims and 160 more, dated over 40 years) through
the ORM, then times ``--repeat`` requests of each page through the test client (median,
milliseconds) and prints the queries and bytes of each. Run before and after a change:

    .venv/bin/python scripts/measure_render.py [--repeat 15]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench" / "render.sqlite3"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rnk_site.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "measure-render-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SQLITE_PATH"] = str(DB)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from briefings.models import Briefing, Citation, Claim, Section, SectionClaim  # noqa: E402
from sources.models import Source  # noqa: E402

TEXT = (
    "The Soviet Union played a crucial role in the establishment of the Democratic People's "
    "Republic of Korea in 1948. Trade between Russia and North Korea has seen fluctuations, "
    "often influenced by international sanctions. Labour migration is a unique facet of the "
    "relationship. Russia forgave 90% of the debt. "
)
QUOTES = ["international sanctions", "Labour migration is a unique facet", "forgave 90%"]


def build():
    DB.parent.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    sources = [
        Source.objects.create(
            title=f"Report {k} on trade and labour",
            body=TEXT * 20 + f" Document {k}.",
            publisher=f"Institute {k % 7}",
            published_on=date(2000, 1, 1) + timedelta(days=97 * k),
        )
        for k in range(60)
    ]
    claims = []
    for k in range(200):
        claim = Claim.objects.create(
            statement=f"Claim {k}: trade and labour links changed in year {1980 + k % 40}.",
            status=Claim.Status.VERIFIED,
            event_date=date(1980 + k % 40, 1 + k % 12, 1 + k % 28),
            event_precision="day",
        )
        claim.tags.add("trade")
        Citation.objects.create(claim=claim, source=sources[k % 60], quote=QUOTES[k % 3])
        if k < 20:
            Citation.objects.create(
                claim=claim, source=sources[(k + 30) % 60], quote=QUOTES[(k + 1) % 3]
            )
        claims.append(claim)
    briefing = Briefing.objects.create(
        title="Forty claims",
        slug="forty-claims",
        status="published",
        published_at=timezone.now() - timedelta(days=1),
        introduction="An **introduction**.",
    )
    briefing.tags.add("trade")
    sections = [
        Section.objects.create(briefing=briefing, position=n, heading=f"Part {n}") for n in range(4)
    ]
    for position, claim in enumerate(claims[:40]):
        SectionClaim.objects.create(section=sections[position % 4], claim=claim, position=position)


def measure(repeat):
    client = Client()
    briefing = reverse("briefings:briefing_detail", args=["forty-claims"])
    pages = [
        ("briefing, 40 claims / 60 citations", briefing),
        ("topic, 200 claims", reverse("briefings:topic_detail", args=["trade"])),
        ("timeline, 200 dated claims", reverse("briefings:timeline")),
        ("claims list", reverse("briefings:claim_list")),
        ("home", reverse("briefings:home")),
    ]  # fmt: skip
    print(f"{'page':38} {'median ms':>9} {'queries':>7} {'KB':>6}")
    for label, url in pages:
        client.get(url)
        times = []
        for n in range(repeat):
            # A unique parameter the pages ignore, so that the page cache never answers.
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"_bench": n})
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
        print(
            f"{label:38} {statistics.median(times):>9.1f} {len(queries):>7} "
            f"{len(response.content) / 1024:>6.0f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    build()
    measure(args.repeat)


if __name__ == "__main__":
    main()
