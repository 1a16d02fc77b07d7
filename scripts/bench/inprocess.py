"""
In-process measurement of the public pages (a benchmark helper, not a test).

Run with the environment of the database to measure (DATABASE_URL or DJANGO_SQLITE_PATH);
prints one JSON object: per page its URL, status, queries per request (Django's
CaptureQueriesContext), bytes of the response body and the median time of ``--repeat``
requests through django.test.Client (after one warm-up request). Every request is cold:
the cache is cleared and the URL carries a dummy parameter unique to the run and the
request (``_bench=RUN-N``, which the pages ignore), so a page cache never answers; the
figures kept per change to public content (``pagecache.listing_memo``: topic counts,
charts, section sizes) are read as they are between changes. ``after_change_seconds``
times requests made just after such a change, which compute those figures again. A
request that takes longer than ``--timeout`` seconds is interrupted (SIGALRM) and the
page reported as timed out, so one pathological page cannot hold a run for an hour.

    python scripts/bench/inprocess.py [--pages home,briefing] [--repeat 5] [--timeout 60]
    python scripts/bench/inprocess.py --urls-only
"""

import argparse
import json
import os
import secrets
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Name → how to find the page's URL in the database being measured. The first ten are the
# main pages of `make bench`; growth.py measures them all.
MAIN_PAGES = (
    "home", "briefing", "topic", "timeline", "search rail", "claims", "claims support",
    "sitemap", "api claims", "feed",
)  # fmt: skip
ALL_PAGES = (
    *MAIN_PAGES, "briefings", "topics", "claim", "sources", "source", "api briefings",
    "api claims support", "api sources", "api topics",
)  # fmt: skip


def page_names(parser, text):
    """The page names of a ``--pages`` value; an unknown one is the parser's error."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(ALL_PAGES))
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}; known: {', '.join(ALL_PAGES)}")
    return names


class PageTimeout(BaseException):
    """A request ran over its time; not an Exception, so Django cannot turn it into a 500."""


def page_urls(names):
    """{name: URL} for the pages named, picked from the data (the biggest of each kind)."""
    from django.db.models import Count
    from django.urls import reverse

    from briefings.models import Briefing, Claim
    from sources.models import Source, Topic

    def briefing():
        found = (
            Briefing.objects.published()
            .annotate(n=Count("sections__entries"))
            .order_by("-n", "pk")
            .first()
        )
        return found and found.get_absolute_url()

    def topic():
        found = Topic.objects.filter(name__iexact="diplomacy").first() or (
            Topic.objects.annotate(n=Count("briefings_taggedclaim_items")).order_by("-n").first()
        )
        return found and reverse("briefings:topic_detail", kwargs={"slug": found.slug})

    def claim():
        found = (
            Claim.objects.published()
            .verified()
            .annotate(n=Count("citations"))
            .order_by("-n", "pk")
            .first()
        )
        return found and found.get_absolute_url()

    def source():
        found = Source.objects.annotate(n=Count("citations")).order_by("-n", "pk").first()
        return found and found.get_absolute_url()

    def timeline():
        # The window of the busiest year: as full as a window gets (at most 100 events)
        # in a small corpus as in a large one, so the two compare like for like.
        busiest = (
            Claim.objects.published()
            .filter(event_date__isnull=False)
            .values("event_date__year")
            .annotate(n=Count("pk"))
            .order_by("-n", "event_date__year")
            .first()
        )
        return f"/timeline/?year={busiest['event_date__year']}" if busiest else "/timeline/"

    fixed = {
        "home": "/",
        "briefings": "/briefings/",
        "topics": "/topics/",
        "search rail": "/search/?q=rail",
        "claims": "/claims/",
        "claims support": "/claims/?support=2",
        "sources": "/sources/",
        "sitemap": "/sitemap.xml",
        "feed": "/feeds/briefings.rss",
        "api briefings": "/api/briefings/",
        "api claims": "/api/claims/",
        "api claims support": "/api/claims/?support=2",
        "api sources": "/api/sources/",
        "api topics": "/api/topics/",
    }
    found = {
        "briefing": briefing, "topic": topic, "claim": claim, "source": source,
        "timeline": timeline,
    }  # fmt: skip
    urls = {}
    for name in names:
        urls[name] = fixed[name] if name in fixed else found[name]()
    return urls


def _alarm(signum, frame):
    raise PageTimeout


def timed_get(client, url, timeout):
    """(response, seconds) of one GET, or raise PageTimeout after ``timeout`` seconds."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    started = time.perf_counter()
    try:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return response, body, time.perf_counter() - started


# Unique to this run: a page cached by an earlier run under the same address is not fresh.
RUN = secrets.token_hex(4)


def cold(url, number):
    """``url`` with a unique dummy parameter, so that no page cache can answer it."""
    return f"{url}{'&' if '?' in url else '?'}_bench={RUN}-{number}"


def measure_page(client, url, *, repeat, timeout):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rnk_site import pagecache

    def get(number, *, after_change=False):
        cache.clear()
        if after_change:
            # As if an editor had just published something: every kept figure is stale.
            pagecache.bump({pagecache.LISTING})
        return timed_get(client, cold(url, number), timeout)

    try:
        # The warm-up also computes the figures kept per change (pagecache.listing_memo).
        get(0)
        with CaptureQueriesContext(connection) as queries:
            response, body, first = get(1)
        # Counted now: the next request empties the connection's query log.
        count = len(queries.captured_queries)
        times = [get(number)[2] for number in range(2, repeat + 2)] or [first]
        changed = [get(repeat + 2 + n, after_change=True)[2] for n in range(max(1, repeat // 2))]
    except PageTimeout:
        return {"url": url, "timeout": timeout}
    return {
        "url": url,
        "status": response.status_code,
        "queries": count,
        "bytes": len(body),
        "seconds": statistics.median(times),
        "first_seconds": first,
        "after_change_seconds": statistics.median(changed),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--pages", default=",".join(ALL_PAGES), help="comma-separated names")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests (5; 0: one)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request (60)")
    parser.add_argument("--urls-only", action="store_true", help="only find the pages' URLs")
    args = parser.parse_args(argv)
    names = page_names(parser, args.pages)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rnk_site.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    urls = page_urls(names)
    if args.urls_only:
        print(json.dumps({"vendor": connection.vendor, "urls": urls}))
        return
    client = Client(raise_request_exception=False)
    results = {}
    for name in names:
        if urls[name] is None:
            results[name] = {"url": None}
            continue
        results[name] = measure_page(client, urls[name], repeat=args.repeat, timeout=args.timeout)
        print(f"  {name}: {results[name]}", file=sys.stderr, flush=True)
    print(json.dumps({"vendor": connection.vendor, "pages": results}))


if __name__ == "__main__":
    main()
