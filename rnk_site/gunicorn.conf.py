"""Gunicorn settings for `make serve` (scripts/serve.sh): the production server."""

import os

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
