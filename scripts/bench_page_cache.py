"""
Cached pages against a bare Django view, under gunicorn: a benchmark, not a test.

    .venv/bin/python scripts/bench_page_cache.py [--seconds 4] [--pairs 3] [--redis URL]

Starts gunicorn (production settings, 2 sync workers, rnk_site/gunicorn.conf.py) on a
seeded SQLite copy, with one extra URL, ``/bare/``: a view returning 20 KB of constant
HTML through the whole middleware stack (asked with credentials, so never from the
cache). Then, for each page, alternates bursts against ``/bare/`` and the page (client
processes, one connection per request, as gunicorn's sync workers close each one) and
prints the median of the per-pair ratios of requests per second. Runs the embedded
default (page versions in a shared directory) and, with ``--redis``, Django's Redis
cache. ``--uncached`` adds a run with PAGE_CACHE=0.
"""

import argparse
import http.client
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

BENCH_URLS = textwrap.dedent(
    """
    from django.http import HttpResponse
    from django.urls import path

    from rnk_site.urls import urlpatterns as site

    BODY = "<!doctype html><title>bare</title>" + "<p>" + "x" * 20_000 + "</p>"


    def bare(request):
        return HttpResponse(BODY)


    urlpatterns = [path("bare/", bare), *site]
    """
)
BENCH_SETTINGS = "from rnk_site.settings import *  # noqa\nROOT_URLCONF = 'bench_urls'\n"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


# The bare view must not come from the page cache: a request with credentials never does.
BARE_HEADERS = {"Authorization": "Bearer bench"}


def _hammer(port, path, seconds, counter):
    headers = BARE_HEADERS if path == "/bare/" else None
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        status, _ = fetch(port, path, headers)
        if status == 200:
            done += 1
    with counter.get_lock():
        counter.value += done


def rate(port, path, seconds, clients):
    counter = multiprocessing.Value("i", 0)
    workers = [
        multiprocessing.Process(target=_hammer, args=(port, path, seconds, counter))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counter.value / (time.perf_counter() - started)


def prepare(directory, env):
    (directory / "bench_urls.py").write_text(BENCH_URLS)
    (directory / "bench_settings.py").write_text(BENCH_SETTINGS)
    manage = [str(BIN / "python"), "manage.py"]
    for command in (
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["load_seed_data", "--if-empty"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


def start(env, port):
    process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [
            str(BIN / "gunicorn"),
            "--config",
            "rnk_site/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "rnk_site.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            fetch(port, "/bare/", BARE_HEADERS)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=30)


def run(label, env, pages, args):
    port = free_port()
    server = start(env, port)
    try:
        for path in pages.values():
            for _ in range(4):  # warm every worker's copy and the shared cache
                status, body = fetch(port, path)
                if status != 200:
                    raise SystemExit(f"{path}: {status}\n{body[:2000].decode(errors='replace')}")
        rows = []
        for name, path in pages.items():
            ratios, bare_rates, page_rates = [], [], []
            for _ in range(args.pairs):
                bare = rate(port, "/bare/", args.seconds, args.clients)
                page = rate(port, path, args.seconds, args.clients)
                bare_rates.append(bare)
                page_rates.append(page)
                ratios.append(page / bare)
            rows.append(
                (
                    label,
                    name,
                    statistics.median(bare_rates),
                    statistics.median(page_rates),
                    statistics.median(ratios),
                )
            )
        return rows
    finally:
        stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8, help="client processes")
    parser.add_argument("--redis", help="also run with REDIS_URL=this (e.g. redis://…/1)")
    parser.add_argument("--uncached", action="store_true", help="also run with PAGE_CACHE=0")
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="rnk-bench-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(directory),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SQLITE_PATH": str(directory / "db.sqlite3"),
        "PAGE_CACHE_DIR": str(directory / "page-cache"),
        "DJANGO_STATIC_ROOT": str(directory / "static"),
        "DJANGO_REQUEST_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    try:
        prepare(directory, env)
        slug = (
            subprocess.run(  # noqa: S603 (our own interpreter)
                [
                    str(BIN / "python"),
                    "manage.py",
                    "shell",
                    "--no-imports",
                    "-c",
                    "from briefings.models import Briefing;"
                    "print(Briefing.objects.published().order_by('pk').first().slug)",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        pages = {"briefing": f"/briefings/{slug}/", "home": "/", "claims": "/claims/"}
        runs = [("files (default)", env)]
        if args.redis:
            prefix = f"rnk-bench-{uuid.uuid4().hex}"
            runs.append(
                ("redis", {**env, "REDIS_URL": args.redis, "PAGE_CACHE_KEY_PREFIX": prefix})
            )
        if args.uncached:
            runs.append(("uncached", {**env, "PAGE_CACHE": "0"}))
        print(f"{'cache':<16} {'page':<9} {'bare req/s':>10} {'page req/s':>10} {'ratio':>6}")
        for label, run_env in runs:
            for row in run(label, run_env, pages, args):
                print(f"{row[0]:<16} {row[1]:<9} {row[2]:>10.0f} {row[3]:>10.0f} {row[4]:>6.3f}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
