"""Gunicorn settings for `make serve` (scripts/serve.sh): the production server."""

import os
import signal
import subprocess
import sys
from pathlib import Path

# Loopback by default: plain HTTP is only acceptable there. Behind a TLS proxy, bind where
# the proxy can reach and turn DJANGO_SECURE_SSL_REDIRECT back on.
bind = os.environ.get("SERVE_BIND", "127.0.0.1:8000")

# Sync workers, gunicorn's rule of thumb: two per core plus one. WEB_CONCURRENCY overrides.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)

# Requests logged to stdout, errors to stderr, for whatever collects the process's output.
accesslog = "-"
errorlog = "-"
# Ctrl-C (SIGINT) stops at once; SIGTERM lets requests in flight finish within this time.
graceful_timeout = 10
# No control socket: its default path is per user, so two servers on one machine (a test run
# beside `make serve`) would fight over it, and nothing here uses gunicornc.
control_socket_disable = True
# The default access-log line plus the worker's pid and the time taken (ms): which worker
# answered is what the fault run (scripts/loadtest/run.py --fault) counts failures by.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" pid=%(p)s %(M)sms'

# The jobs worker (manage.py jobs_worker: db_worker, or RQ's worker with REDIS_URL) starts
# and stops with the server, so `make serve` runs everything the configuration needs.
# SERVE_JOBS_WORKER=0 leaves it out (when workers run on machines of their own).
# Its own session: Ctrl-C in the terminal reaches gunicorn only, which then asks the
# worker to stop (SIGTERM: it finishes the job in hand) and waits for it.
JOBS_WORKER_GRACE = float(os.environ.get("SERVE_JOBS_WORKER_GRACE", "30"))
_jobs_worker = None


def on_starting(server):
    global _jobs_worker
    if os.environ.get("SERVE_JOBS_WORKER", "1") == "0":
        return
    manage = Path(__file__).resolve().parent.parent / "manage.py"
    _jobs_worker = subprocess.Popen(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, str(manage), "jobs_worker"], start_new_session=True
    )
    server.log.info("Started the jobs worker (pid %s)", _jobs_worker.pid)


def on_exit(server):
    if _jobs_worker is None or _jobs_worker.poll() is not None:
        return
    _jobs_worker.send_signal(signal.SIGTERM)
    try:
        _jobs_worker.wait(timeout=JOBS_WORKER_GRACE)
    except subprocess.TimeoutExpired:
        server.log.warning("The jobs worker did not stop in %s s; killing it", JOBS_WORKER_GRACE)
        _jobs_worker.kill()
        _jobs_worker.wait()
    server.log.info("Stopped the jobs worker (pid %s)", _jobs_worker.pid)
