"""Helpers for tests that start a real server process (gunicorn via scripts/serve.sh)."""

import socket
import time
import urllib.error
import urllib.request


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
