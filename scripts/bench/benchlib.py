"""Pieces shared by scripts/bench/run.py and growth.py: databases, servers, load, tables."""

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"

# Environment names of the site that must come from the benchmark, not the caller's shell.
_SITE_ENV = {
    "DATABASE_URL",
    "DJANGO_SQLITE_PATH",
    "DJANGO_SECRET_KEY",
    "DJANGO_SECRET_KEY_FILE",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
}


def report(heading, table, *, out=None):
    """Print a result table under its heading and the machine's load (and write it to ``out``)."""
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    text = f"{heading} Load average at the end: {load} on {os.cpu_count()} cores.\n\n{table}\n"
    print("\n" + text)
    if out:
        Path(out).write_text(text, encoding="utf-8")


def site_env(*, database_url=None, sqlite_path=None):
    """The environment for manage.py, the in-process measure and the server: DEBUG off."""
    VAR.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in _SITE_ENV}
    if database_url:
        env["DATABASE_URL"] = database_url
        name = database_url.rstrip("/").rsplit("/", 1)[-1]
    else:
        env["DJANGO_SQLITE_PATH"] = str(sqlite_path)
        name = Path(sqlite_path).stem
    # Each database keeps its own page cache: its versions and kept figures are its own.
    env["PAGE_CACHE_DIR"] = str(VAR / "page-cache" / name)
    env.update(
        BIN=str(BIN),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY_FILE=str(VAR / "secret_key"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(VAR / "static"),
        # One line per request would cost the in-process measure as much as a small page.
        DJANGO_REQUEST_LOG_LEVEL="WARNING",
    )
    key_file = VAR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return env


def manage(env, *args):
    """Run ``manage.py`` with ``args``; its output goes to ours."""
    command = [str(BIN / "python"), "manage.py", *map(str, args)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare(env, *, dataset, sources, claims, seed=0):
    """Migrate, collect static files and load the data set: seeds, or generated demo data."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    if dataset == "seed":
        manage(env, "load_seed_data", "--if-empty")
    else:
        started = time.monotonic()
        manage(
            env, "generate_demo_data", "--if-empty", "--sources", sources, "--claims", claims,
            "--seed", seed,
        )  # fmt: skip
        print(f"== data ready in {time.monotonic() - started:.0f} s", flush=True)


def measure_in_process(env, *, pages, repeat, timeout):
    """Run scripts/bench/inprocess.py against the database of ``env``; its JSON result."""
    command = [
        str(BIN / "python"), str(HERE / "inprocess.py"), "--pages", ",".join(pages),
        "--repeat", str(repeat), "--timeout", str(timeout),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE)  # noqa: S603
    return json.loads(done.stdout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def start(name, command, env, port, probe="/"):
    log = VAR / f"{name}-server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the {name} server exited; see {log}")
        url = f"http://127.0.0.1:{port}{probe}"
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5):  # noqa: S310
            return server
        time.sleep(0.5)
    server.stop()
    raise SystemExit(f"the {name} server did not answer within 300 s; see {log}")


def start_site(env, *, workers):
    """scripts/serve.sh (what `make serve` runs): gunicorn, production settings."""
    port = free_port()
    env = {**env, "SERVE_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    return start("site", [str(ROOT / "scripts" / "serve.sh")], env, port, probe="/healthz")


def start_bare(env, *, workers):
    """The bare view (scripts/bench/bare_app.py) under the site's gunicorn configuration."""
    port = free_port()
    env = {**env, "SERVE_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    command = [
        str(BIN / "gunicorn"), "--config", str(ROOT / "rnk_site" / "gunicorn.conf.py"),
        "--pythonpath", str(HERE), "bare_app:application",
    ]  # fmt: skip
    return start("bare", command, env, port)


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def load_client():
    """The load generator ``load()`` uses: wrk where it is installed (C, two threads, so it
    takes little of the CPU it measures), else the threaded Python client."""
    return "wrk" if shutil.which("wrk") and not os.environ.get("BENCH_PYTHON_CLIENT") else "python"


# wrk's Lua: a unique dummy parameter per request and per wrk thread.
_WRK_COLD = """
local count, made = 0, 0
function setup(thread) made = made + 1; thread:set("id", made) end
function request()
  count = count + 1
  return wrk.format("GET", base .. id .. "-" .. count)
end
"""


def _wrk_load(port, url, *, connections, duration, cold, timeout):
    separator = "&" if "?" in url else "?"
    command = [
        shutil.which("wrk"), f"-t{min(2, connections)}", f"-c{connections}",
        f"-d{max(1, round(duration))}s", f"--timeout={int(timeout)}s",
    ]  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if cold:
            base = f"{url}{separator}_bench={secrets.token_hex(4)}-"
            script.write(f"base = {json.dumps(base)}\n{_WRK_COLD}")
            script.flush()
            command += ["-s", script.name]
        command.append(f"http://127.0.0.1:{port}{url}")
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    out = done.stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    seconds = float(re.search(r"requests in ([\d.]+)(m?s)", out).group(1))
    if re.search(r"requests in [\d.]+ms", out):
        seconds /= 1000
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return LoadResult(
        requests=total - (int(bad.group(1)) if bad else 0), errors=errors, seconds=seconds
    )


def load(port, url, *, connections=16, duration=3.0, cold=False, timeout=30.0):
    """
    Requests per second for ``url`` from ``connections`` keep-alive connections.

    With ``cold``, every request carries a unique dummy parameter (``_bench=…``), so
    that no page cache can answer it; otherwise the same URL is asked again and again.
    The load comes from wrk when it is installed (``load_client()``), else from threads
    of this process.
    """
    if load_client() == "wrk":
        return _wrk_load(
            port, url, connections=connections, duration=duration, cold=cold, timeout=timeout
        )
    counts = [[0, 0] for _ in range(connections)]
    deadline = time.monotonic() + duration
    separator = "&" if "?" in url else "?"

    def worker(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        number = 0
        while time.monotonic() < deadline:
            number += 1
            path = f"{url}{separator}_bench={index}-{number}" if cold else url
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                counts[index][0 if response.status == 200 else 1] += 1
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                counts[index][1] += 1
                conn.close()
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return LoadResult(
        requests=sum(c[0] for c in counts), errors=sum(c[1] for c in counts), seconds=elapsed
    )


def one_request(port, url, *, timeout):
    """Seconds taken by a single request for ``url`` (None if it fails or times out)."""
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", url, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        conn.close()
    except (OSError, http.client.HTTPException):
        return None
    return time.monotonic() - started if response.status == 200 else None


def interleaved_share(site_port, bare_port, url, *, rounds, bare_url="/", **options):
    """Median over ``rounds`` of (page req/s ÷ bare req/s), each pair run back to back."""
    shares, rates, errors = [], [], 0
    for _ in range(rounds):
        bare = load(bare_port, bare_url, **{**options, "cold": False})
        page = load(site_port, url, **options)
        errors += page.errors
        rates.append(page.per_second)
        shares.append(page.per_second / bare.per_second if bare.per_second else 0.0)
    return statistics.median(shares), statistics.median(rates), errors


def markdown_table(headers, rows):
    """A Markdown table; numbers right-aligned."""

    def aligned(cells):
        return "| " + " | ".join(str(cell) for cell in cells) + " |"

    numeric = [
        all(_is_number(row[i]) for row in rows) if rows else False for i in range(len(headers))
    ]
    rule = ["---:" if is_number else "---" for is_number in numeric]
    return "\n".join([aligned(headers), aligned(rule), *(aligned(row) for row in rows)])


def _is_number(cell):
    text = str(cell).replace(",", "").replace("×", "").replace("s", "").strip()
    try:
        float(text)
    except ValueError:
        return False
    return True


def kilobytes(size):
    return f"{size / 1000:,.1f}"


def seconds(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"
