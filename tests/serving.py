"""Start the production server (scripts/serve.sh, what `make serve` runs) for a test."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# The test run's own configuration must not leak into the server: the script's defaults
# (and the temporary SQLite file) are what is served.
WITHHELD = {
    "DATABASE_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_DEBUG",
}


def free_port():
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, log_path, *, timeout):
    """Poll ``url`` until it answers; fail with the server's log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited with {process.returncode}:\n{log_path.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback URL)
                return
        except urllib.error.HTTPError:
            return  # it answers, whatever the status; the caller checks the status
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"server not up after {timeout} s:\n{log_path.read_text()[-4000:]}")


@dataclass
class Served:
    base_url: str
    process: subprocess.Popen
    log_path: Path
    port: int


@contextlib.contextmanager
def serve(directory, *, workers=2, **extra_env):
    """Run scripts/serve.sh on a free port with a fresh SQLite file in ``directory``.

    Yields a ``Served``; on leaving, the server is sent SIGINT (Ctrl-C) if still running,
    and killed only if it does not stop.
    """
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in WITHHELD}
    env.update(
        BIN=os.path.dirname(sys.executable),
        SERVE_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        DJANGO_SQLITE_PATH=str(directory / "db.sqlite3"),
        DJANGO_SECRET_KEY_FILE=str(directory / "secret_key"),
        # Each server its own page cache, unless the test shares one (tests/test_page_cache.py).
        PAGE_CACHE_DIR=str(directory / "page-cache"),
        PAGE_CACHE_KEY_PREFIX=f"rnk-pages-test-{directory.name}",
        # Already collected by `make test`, so collectstatic has little to do.
        DJANGO_STATIC_ROOT=str(settings.STATIC_ROOT),
    )
    env.update(extra_env)
    log_path = directory / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(settings.BASE_DIR / "scripts" / "serve.sh")],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(f"http://127.0.0.1:{port}", process, log_path, port)
    try:
        wait_until_up(f"{served.base_url}/", process, log_path, timeout=240)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
