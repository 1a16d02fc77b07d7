"""`make serve` really serves: gunicorn, production settings, whitenoise, clean Ctrl-C."""

import os
import re
import signal
import stat
import subprocess
import sys
import urllib.request

import pytest
from django.conf import settings

from tests.serving import free_port, wait_until_up

pytestmark = pytest.mark.server


def test_serve_script_serves_pages_and_static_files_and_stops_on_ctrl_c(tmp_path):
    """scripts/serve.sh (what `make serve` runs) on a free port against a fresh SQLite file."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        # The script's own defaults are under test, not the test run's settings.
        if key
        not in {
            "DATABASE_URL",
            "DJANGO_SECRET_KEY",
            "DJANGO_ALLOWED_HOSTS",
            "DJANGO_SECURE_SSL_REDIRECT",
            "DJANGO_DEBUG",
        }
    }
    key_file = tmp_path / "secret_key"
    env.update(
        BIN=os.path.dirname(sys.executable),
        SERVE_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DJANGO_SECRET_KEY_FILE=str(key_file),
        # Already collected by `make test`, so collectstatic has little to do.
        DJANGO_STATIC_ROOT=str(settings.STATIC_ROOT),
    )
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(settings.BASE_DIR / "scripts" / "serve.sh")],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/", server, log_path, timeout=180)

        with urllib.request.urlopen(f"{base}/", timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.headers["Server"].startswith("gunicorn")
            html = response.read().decode()
        assert "RNK Briefings" in html
        # Seeds were loaded into the empty database.
        assert "/briefings/" in html
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
        assert stylesheet, "the page links a hashed stylesheet (manifest storage, DEBUG off)"

        stylesheet_url = base + stylesheet.group(1)
        request = urllib.request.Request(stylesheet_url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/css")
            assert "immutable" in response.headers["Cache-Control"]
            assert response.headers["Content-Encoding"] == "gzip"

        assert key_file.read_text().strip(), "a secret key was generated"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

        # exec: the script's process *is* gunicorn's master, so Ctrl-C reaches it.
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    log_text = log_path.read_text()
    assert f"Listening at: http://127.0.0.1:{port} ({server.pid})" in log_text
    assert "Shutting down: Master" in log_text
    assert "Traceback" not in log_text
