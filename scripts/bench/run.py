"""
`make bench`: the production server against a bare Django view, in one run (a benchmark).

Starts scripts/serve.sh (gunicorn, production settings, DEBUG off) and, on another port,
scripts/bench/bare_app.py (a bare Django view returning 20 KB of constant HTML) under the
same gunicorn configuration, then for each page alternates load on the bare view and on
the page (``--rounds`` pairs, ``--duration`` seconds each, ``--connections`` keep-alive
connections from wrk when it is installed — `apt-get install wrk`, the load generator of
the issue's calibration — else from a threaded http.client client; BENCH_PYTHON_CLIENT=1
forces the latter) and prints a Markdown table:
queries per request and bytes of HTML (measured in-process with django.test.Client and
CaptureQueriesContext), and requests per second as a share of the bare view's, the median
of the pairs, for

- cold: every request carries a unique dummy parameter (``?_bench=N``) that the pages
  ignore, so that a page cache keyed on the URL never answers it;
- cached: the same URL again and again (whatever cache the site has answers it);
- cached, against the bare view sending as many bytes as the page (``/bytes/<n>/``): what the
  cache itself costs, apart from the bytes of a page bigger than the 20 KB yardstick.

A page whose single request takes longer than ``--max-seconds`` is not loaded (it would
hold every worker); its row gives that time instead. Data: ``--dataset seed`` (the seed
data) or ``demo`` (``generate_demo_data``, 10,000 sources and 100,000 claims unless told
otherwise, made once when the database is empty), in a SQLite file under var/bench/ or the
database of ``--database-url`` (default: $BENCH_DATABASE_URL).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
from inprocess import MAIN_PAGES, page_names  # noqa: E402

CLIENTS = {"wrk": "wrk (2 threads)", "python": "a threaded Python client"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--dataset", choices=("seed", "demo"), default="seed")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--sqlite", help="SQLite file (default var/bench/<dataset>.sqlite3)")
    parser.add_argument("--sources", type=int, default=10_000, help="demo data set (10,000)")
    parser.add_argument("--claims", type=int, default=100_000, help="demo data set (100,000)")
    parser.add_argument("--pages", default=",".join(MAIN_PAGES), help="comma-separated names")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per load (3)")
    parser.add_argument("--rounds", type=int, default=3, help="pairs per page and mode (3)")
    parser.add_argument("--max-seconds", type=float, default=2.0, help="slower pages: no load")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request (60)")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args(argv)
    args.pages = page_names(parser, args.pages)
    return args


def page_row(name, measured, site, bare, args):
    """One table row: queries, KB, and the cold and cached shares of the bare view."""
    if measured.get("url") is None:
        return [name, "–", "–", "–", "–", "–", "no such page in this data set"]
    if "timeout" in measured:
        return [name, "–", "–", "–", "–", "–", f"over {measured['timeout']:.0f} s in-process"]
    row = [name, measured["queries"], benchlib.kilobytes(measured["bytes"])]
    url = measured["url"]
    # The second of two: the first may also count the figures kept per change (the server
    # has just started and its worker may not have counted them yet).
    took = benchlib.one_request(site.port, url, timeout=args.timeout)
    if took is not None:
        took = benchlib.one_request(site.port, url, timeout=args.timeout)
    if took is None:
        return [*row, "–", "–", "–", f"failed or over {args.timeout:.0f} s over HTTP"]
    if took > args.max_seconds:
        return [*row, "–", "–", "–", f"not loaded: one request takes {benchlib.seconds(took)} s"]
    notes = []
    # Cold and cached against the 20 KB bare view; cached also against the bare view sending
    # as many bytes as the page, which separates the cost of the bytes from the cache's own.
    same_size = f"/bytes/{measured['bytes']}/"
    for cold, bare_url in ((True, "/"), (False, "/"), (False, same_size)):
        share, rate, errors = benchlib.interleaved_share(
            site.port, bare.port, url, rounds=args.rounds, connections=args.connections,
            duration=args.duration, cold=cold, timeout=args.timeout, bare_url=bare_url,
        )  # fmt: skip
        row.append(f"{share:.3f} ({rate:,.0f}/s)" if bare_url == "/" else f"{share:.3f}")
        if errors:
            notes.append(f"{errors} failed requests ({'cold' if cold else 'cached'})")
    print(f"  {name}: {row[3:]}", flush=True)
    return [*row, "; ".join(notes)]


def main(argv=None):
    args = parse_args(argv)
    sqlite = Path(args.sqlite or benchlib.VAR / f"{args.dataset}.sqlite3")
    env = benchlib.site_env(database_url=args.database_url, sqlite_path=sqlite)
    where = "PostgreSQL" if args.database_url else f"SQLite ({sqlite})"
    print(f"== preparing the {args.dataset} data set on {where}", flush=True)
    benchlib.prepare(env, dataset=args.dataset, sources=args.sources, claims=args.claims)
    print("== in-process: queries and bytes per page", flush=True)
    measured = benchlib.measure_in_process(env, pages=args.pages, repeat=0, timeout=args.timeout)
    site = bare = None
    try:
        site = benchlib.start_site(env, workers=args.workers)
        bare = benchlib.start_bare(env, workers=args.workers)
        print(f"== site on :{site.port}, bare view on :{bare.port}", flush=True)
        baseline = benchlib.load(bare.port, "/", connections=args.connections, duration=2)
        started = time.monotonic()
        rows = [page_row(n, measured["pages"][n], site, bare, args) for n in args.pages]
        baseline_after = benchlib.load(bare.port, "/", connections=args.connections, duration=2)
    finally:
        for server in (site, bare):
            if server:
                server.stop()
    bare_rate = statistics.mean([baseline.per_second, baseline_after.per_second])
    heading = (
        f"Data set: {args.dataset} ({measured['vendor']}); gunicorn, {args.workers} sync "
        f"workers per server, DEBUG off; {args.connections} keep-alive connections from "
        f"{CLIENTS[benchlib.load_client()]} on the same machine; median of {args.rounds} pairs of "
        f"{args.duration:g} s runs, bare view and page alternating. Bare view (20 KB of "
        f"constant HTML): about {bare_rate:,.0f} requests/s. Load took "
        f"{time.monotonic() - started:.0f} s."
    )
    table = benchlib.markdown_table(
        [
            "page",
            "queries",
            "KB of HTML",
            "cold: share of bare (req/s)",
            "cached: share of bare (req/s)",
            "cached: share of a bare view as big",
            "note",
        ],
        rows,
    )
    benchlib.report(heading, table, out=args.out)


if __name__ == "__main__":
    main()
