"""`make serve` really serves: gunicorn, production settings, whitenoise, clean Ctrl-C."""

import os
import re
import signal
import stat
import urllib.request

import pytest

from tests.serving import serve

pytestmark = pytest.mark.server


def test_serve_script_serves_pages_and_static_files_and_stops_on_ctrl_c(tmp_path):
    """scripts/serve.sh (what `make serve` runs) on a free port against a fresh SQLite file."""
    with serve(tmp_path) as served:
        with urllib.request.urlopen(f"{served.base_url}/", timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.headers["Server"].startswith("gunicorn")
            html = response.read().decode()
        assert "RNK Briefings" in html
        # The seeds were loaded into the empty database.
        assert 'href="/briefings/' in html
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
        assert stylesheet, "the page links a hashed stylesheet (manifest storage, DEBUG off)"

        stylesheet_url = served.base_url + stylesheet.group(1)
        request = urllib.request.Request(stylesheet_url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/css")
            assert "immutable" in response.headers["Cache-Control"]
            assert response.headers["Content-Encoding"] == "gzip"

        key_file = tmp_path / "secret_key"
        assert key_file.read_text().strip(), "a secret key was generated"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

        # exec: the script's process *is* gunicorn's master, so Ctrl-C reaches it.
        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(timeout=30) == 0

    log_text = served.log_path.read_text()
    assert f"Listening at: {served.base_url} ({served.process.pid})" in log_text
    assert "Shutting down: Master" in log_text
    # The jobs worker started with the server, and stopped with it (not killed).
    started = re.search(r"Started the jobs worker \(pid (\d+)\)", log_text)
    assert started, "make serve starts the jobs worker"
    assert f"Stopped the jobs worker (pid {started.group(1)})" in log_text
    assert "did not stop" not in log_text
    assert not os.path.exists(f"/proc/{started.group(1)}")
    # Ctrl-C is gunicorn's quick shutdown: a worker still writing a response when it arrives
    # is stopped mid-write (its traceback ends in SystemExit: 0). Any other error is a failure.
    errors = re.findall(r"Traceback \(most recent call last\):\n(?:  .*\n)+(\S.*)", log_text)
    assert all(last == "SystemExit: 0" for last in errors), errors
