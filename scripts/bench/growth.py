"""
Growth of the public pages with the corpus: in-process times at 1,000 and 100,000 claims.

A benchmark, not a test. Measures every public page and API list (scripts/bench/
inprocess.py: cold requests through django.test.Client, median of ``--repeat`` after a
warm-up, ``--timeout`` seconds at most per request) on a small and a large database and
prints a Markdown table: queries, bytes, time small, time large, and the ratio — against
the targets of issue 8 (at most 1.5× the small time, no page over 1 MB of HTML).

Each database is made with ``generate_demo_data`` when empty: by default SQLite files under
var/bench/ (1,000 claims on 100 sources; 100,000 claims on 10,000 sources, the file that
``make bench BENCH_ARGS=--dataset demo`` uses too), or the PostgreSQL databases of
``--small-database-url`` and ``--large-database-url``.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
from inprocess import ALL_PAGES, page_names  # noqa: E402

RATIO_TARGET = 1.5
MAX_BYTES = 1_000_000
COLUMNS = [
    "page", "queries", "KB small", "KB large", "s small", "s large", "large / small",
    "s large, just after a change", "",
]  # fmt: skip
# A row with no figures: every column but the name and the note.
NOTHING = ["–"] * (len(COLUMNS) - 2)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--small-database-url", help="PostgreSQL for the small data set")
    parser.add_argument("--large-database-url", help="PostgreSQL for the large data set")
    parser.add_argument("--small-sqlite", default=str(benchlib.VAR / "growth-small.sqlite3"))
    parser.add_argument("--large-sqlite", default=str(benchlib.VAR / "demo.sqlite3"))
    parser.add_argument("--small", default="100,1000", help="sources,claims (100,1000)")
    parser.add_argument("--large", default="10000,100000", help="sources,claims (10000,100000)")
    parser.add_argument("--pages", default=",".join(ALL_PAGES), help="comma-separated names")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page (5)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request (60)")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args(argv)
    args.pages = page_names(parser, args.pages)
    for size in ("small", "large"):
        try:
            sources, claims = (int(n) for n in getattr(args, size).split(","))
        except ValueError:
            parser.error(f"--{size} takes two numbers: sources,claims")
        setattr(args, size, (sources, claims))
    return args


def verdict(small, large):
    """What a row says against the targets."""
    problems = []
    if large["bytes"] > MAX_BYTES:
        problems.append(f"over 1 MB ({large['bytes'] / 1e6:.1f} MB)")
    if large["seconds"] > RATIO_TARGET * small["seconds"]:
        problems.append(f"over {RATIO_TARGET}×")
    if large["queries"] != small["queries"]:
        problems.append("query count differs")
    return "; ".join(problems) or "ok"


def growth_row(name, small, large):
    if small.get("url") is None or large.get("url") is None:
        return [name, *NOTHING, "no such page in a data set"]
    for label, measured in (("small", small), ("large", large)):
        if "timeout" in measured:
            return [name, *NOTHING, f"{label}: over {measured['timeout']:g} s"]
        if measured["status"] != 200:
            return [name, *NOTHING, f"{label}: HTTP {measured['status']}"]
    ratio = large["seconds"] / small["seconds"] if small["seconds"] else float("inf")
    return [
        name,
        small["queries"] if small["queries"] == large["queries"] else
        f"{small['queries']} → {large['queries']}",
        benchlib.kilobytes(small["bytes"]),
        benchlib.kilobytes(large["bytes"]),
        benchlib.seconds(small["seconds"]),
        benchlib.seconds(large["seconds"]),
        f"{ratio:,.1f}×",
        benchlib.seconds(large["after_change_seconds"]),
        verdict(small, large),
    ]  # fmt: skip


def measure(size, database_url, sqlite, counts, args):
    env = benchlib.site_env(database_url=database_url, sqlite_path=Path(sqlite))
    where = "PostgreSQL" if database_url else f"SQLite ({sqlite})"
    print(f"== {size} data set ({counts[1]:,} claims) on {where}", flush=True)
    benchlib.prepare(env, dataset="demo", sources=counts[0], claims=counts[1])
    return benchlib.measure_in_process(
        env, pages=args.pages, repeat=args.repeat, timeout=args.timeout
    )


def main(argv=None):
    args = parse_args(argv)
    small = measure("small", args.small_database_url, args.small_sqlite, args.small, args)
    large = measure("large", args.large_database_url, args.large_sqlite, args.large, args)
    rows = [growth_row(n, small["pages"][n], large["pages"][n]) for n in args.pages]
    heading = (
        f"In-process, DEBUG off, {large['vendor']}; cold requests (cache cleared, unique URL; "
        "the figures kept per change to public content as they are between changes), "
        f"median of {args.repeat} after a warm-up; the last column: requests just after a "
        f"change, which count those figures again; small: {args.small[1]:,} claims on "
        f"{args.small[0]:,} sources, large: {args.large[1]:,} claims on {args.large[0]:,} "
        f"sources. Targets: large within {RATIO_TARGET}× of small, no page over 1 MB."
    )
    table = benchlib.markdown_table(COLUMNS, rows)
    benchlib.report(heading, table, out=args.out)


if __name__ == "__main__":
    main()
