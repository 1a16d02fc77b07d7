"""Settings: safe defaults, loud failures, and SQLite tuned for concurrent writers."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_python(code, *, env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "rnk_site.settings"
    env["DJANGO_SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = "import django; django.setup(); from django.conf import settings\n"


def test_missing_secret_key_without_debug_is_a_clear_error(tmp_path):
    """With DEBUG off and no DJANGO_SECRET_KEY the site refuses to start and says why."""
    result = run_python(
        SETUP, env_overrides={"DJANGO_ALLOWED_HOSTS": "example.org"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_missing_allowed_hosts_without_debug_is_a_clear_error(tmp_path):
    """With DEBUG off and no DJANGO_ALLOWED_HOSTS the site refuses to start and says why."""
    result = run_python(SETUP, env_overrides={"DJANGO_SECRET_KEY": "s" * 50}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_debug_only_when_asked_and_hardening_otherwise(tmp_path):
    """DEBUG is on only with DJANGO_DEBUG=1; with it off, secure cookies and HSTS are on."""
    code = (
        SETUP
        + "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0)"
    )
    off = run_python(
        code,
        env_overrides={"DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"},
        tmp_path=tmp_path,
    )
    assert off.stdout.split() == ["False", "True", "True"], off.stderr
    on = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        env_overrides={"DJANGO_DEBUG": "1"},
        tmp_path=tmp_path,
    )
    assert on.stdout.strip() == "True", on.stderr


def test_database_url_switches_to_postgresql(tmp_path):
    """DATABASE_URL is parsed into a PostgreSQL configuration."""
    code = SETUP + "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])"
    result = run_python(
        code,
        env_overrides={"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example:5432/rnk"},
        tmp_path=tmp_path,
    )
    # Django's PostgreSQL backend, through rnk_site.postgresql (connections retried on restart).
    assert result.stdout.split() == ["rnk_site.postgresql", "rnk", "db.example"], result.stderr


JOBS_CODE = SETUP + (
    "print(settings.TASKS['default']['BACKEND'], 'django_rq' in settings.INSTALLED_APPS, "
    "getattr(settings, 'RQ_QUEUES', {}).get('default', {}).get('URL'))"
)


def test_jobs_wait_in_the_database_unless_redis_is_configured(tmp_path):
    """The embedded default needs no service; REDIS_URL moves jobs to RQ on that Redis."""
    plain = run_python(
        JOBS_CODE, env_overrides={"DJANGO_DEBUG": "1", "REDIS_URL": ""}, tmp_path=tmp_path
    )
    assert plain.stdout.split() == ["django_tasks_db.DatabaseBackend", "False", "None"], (
        plain.stderr
    )
    redis = run_python(
        JOBS_CODE,
        env_overrides={"DJANGO_DEBUG": "1", "REDIS_URL": "redis://cache.example:6379/3"},
        tmp_path=tmp_path,
    )
    assert redis.stdout.split() == [
        "django_tasks_rq.RQBackend",
        "True",
        "redis://cache.example:6379/3",
    ], redis.stderr


def test_an_unknown_jobs_backend_is_a_clear_error(tmp_path):
    result = run_python(
        SETUP,
        env_overrides={"DJANGO_DEBUG": "1", "DJANGO_JOBS_BACKEND": "celery"},
        tmp_path=tmp_path,
    )
    assert result.returncode != 0
    assert "DJANGO_JOBS_BACKEND must be one of immediate, database, rq, not 'celery'" in (
        result.stderr
    )


CONCURRENT_WRITERS = """
import threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as c:
    c.execute("CREATE TABLE counter (n integer)")
    c.execute("PRAGMA journal_mode")
    print("journal", c.fetchone()[0])

errors = []

def worker():
    try:
        for _ in range(10):
            with transaction.atomic(), connection.cursor() as c:
                c.execute("SELECT count(*) FROM counter")
                seen = c.fetchone()[0]
                time.sleep(0.005)
                c.execute("INSERT INTO counter (n) VALUES (%s)", [seen])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as c:
    c.execute("SELECT count(*), count(DISTINCT n) FROM counter")
    print("rows", *c.fetchone())
print("errors", len(errors), errors[:1])
"""


def test_sqlite_uses_wal_and_serialises_read_then_write_transactions(tmp_path):
    """Concurrent read-then-write transactions on the SQLite file all succeed, in order."""
    result = run_python(CONCURRENT_WRITERS, env_overrides={"DJANGO_DEBUG": "1"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["journal"] == "wal"
    assert lines["errors"].startswith("0 "), lines["errors"]
    # Every transaction saw all earlier commits: 40 rows with 40 distinct counts.
    assert lines["rows"] == "40 40"


@pytest.mark.parametrize("name", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_environment_names_are_documented(name):
    """Every setting read from the environment is documented in the README."""
    assert name in (ROOT / "README.md").read_text()


PRODUCTION = {"DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": "testserver"}


def test_deploy_check_is_clean_with_the_settings_a_deployment_uses(tmp_path):
    """`check --deploy` with a real-looking key and the HTTPS redirect on: 0 warnings."""
    import secrets

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "briefings.example.org",
            "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_preload_is_on_unless_switched_off(tmp_path):
    code = SETUP + "print(settings.SECURE_HSTS_PRELOAD, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    on = run_python(code, env_overrides=PRODUCTION, tmp_path=tmp_path)
    assert on.stdout.split() == ["True", "True"], on.stderr
    off = run_python(
        code, env_overrides={**PRODUCTION, "DJANGO_SECURE_HSTS_PRELOAD": "0"}, tmp_path=tmp_path
    )
    assert off.stdout.split() == ["False", "True"], off.stderr


REQUESTS = """
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
print(client.get("/healthz").status_code)
print(client.get("/", HTTP_ACCEPT="text/html").status_code)  # no tables yet: a 500
"""


def test_requests_and_errors_are_logged_as_json_lines_on_stderr(tmp_path):
    """Each request logs its path and status; a 500 logs its traceback inside one line."""
    import json

    (tmp_path / "static").mkdir()
    env = {
        **PRODUCTION,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    result = run_python(REQUESTS, env_overrides=env, tmp_path=tmp_path)
    assert result.stdout.split() == ["200", "500"], result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    requests = [r for r in records if r["logger"] == "rnk_site.requests"]
    assert [(r["path"], r["status"], r["method"]) for r in requests] == [
        ("/healthz", 200, "GET"),
        ("/", 500, "GET"),
    ]
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", r["time"]) for r in records)
    errors = [r for r in records if r["logger"] == "django.request"]
    assert errors and errors[0]["level"] == "ERROR"
    assert errors[0]["path"] == "/" and errors[0]["status"] == 500
    assert errors[0]["traceback"].startswith("Traceback (most recent call last)")
