"""
Real worker processes on a throw-away SQLite file: one is killed (``kill -9``) in the middle
of a job and the next worker finishes it; a slow job is never taken for stopped.

Marked ``server`` as well as ``queue``: like the serve tests they bring their own database
file, so the PostgreSQL run would only repeat them. With REDIS_URL set (and Redis answering)
they run on RQ as well.
"""

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.serving import WITHHELD

pytestmark = [pytest.mark.server, pytest.mark.queue]

BACKENDS = ["database", "rq"]


def redis_answers(url):
    try:
        import redis

        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 (any failure means: no Redis here)
        return False


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated database file; each test works on a copy."""
    path = tmp_path_factory.mktemp("jobs-db") / "db.sqlite3"
    manage(["migrate", "--noinput", "-v0"], environment(path, "database"))
    return path


@pytest.fixture(params=BACKENDS)
def site(request, migrated, tmp_path):
    """``(environment, database file)`` for one backend on a fresh copy of the database."""
    backend = request.param
    path = tmp_path / "db.sqlite3"
    shutil.copy(migrated, path)
    env = environment(path, backend)
    if backend == "rq":
        url = os.environ.get("REDIS_URL")
        if not url or not redis_answers(url):
            pytest.skip("RQ needs REDIS_URL and a Redis that answers")
        env["REDIS_URL"] = url
        manage(["shell", "-c", "import django_rq; django_rq.get_queue('default').empty()"], env)
    return env, path


def environment(path, backend):
    env = {key: value for key, value in os.environ.items() if key not in WITHHELD}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SQLITE_PATH=str(path),
        DJANGO_JOBS_BACKEND=backend,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="insecure-test-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    return env


def manage(arguments, env):
    done = subprocess.run(  # noqa: S603 -- our interpreter, our manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def start_job(env, task, *args):
    code = (
        "from jobs.models import Job\n"
        "from jobs.services import job_start\n"
        f"from tests.jobs.tasks import {task}\n"
        f"job = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task={task}, args={list(args)!r})\n"
        "print(job.pk)\n"
    )
    return int(manage(["shell", "-c", code], env).strip().splitlines()[-1])


def start_worker(env, log_path, **extra):
    with open(log_path, "ab") as log:
        # A session of its own: killing its group takes RQ's work horse (a child) too.
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "jobs_worker"],
            cwd=settings.BASE_DIR,
            env={**env, **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def row(path, pk):
    with sqlite3.connect(path, timeout=20) as db:
        return db.execute(
            "SELECT status, attempts, summary, error FROM jobs_job WHERE id = ?", [pk]
        ).fetchone()


def wait_for(path, pk, status, log_path, *, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = row(path, pk)
        if found[0] == status:
            return found
        time.sleep(0.2)
    raise AssertionError(f"job {pk} is {found} after {timeout} s:\n{log_path.read_text()[-4000:]}")


def descendants(pid):
    """The processes ``pid`` started (RQ's work horse leaves the worker's process group)."""
    try:
        children = open(f"/proc/{pid}/task/{pid}/children").read().split()  # noqa: SIM115
    except OSError:
        return []
    return [found for child in children for found in [int(child), *descendants(int(child))]]


def kill_hard(worker):
    """``kill -9`` of the worker and all it started: the machine went down."""
    for pid in [*descendants(worker.pid), worker.pid]:
        with contextlib.suppress(ProcessLookupError):  # gone already
            os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=30)


def stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def test_a_job_whose_worker_was_killed_is_finished_by_the_next_worker(site, tmp_path):
    env, path = site
    log_path = tmp_path / "workers.log"
    release = tmp_path / "release"
    pk = start_job(env, "waits_for", str(release))
    first = start_worker(env, log_path)
    try:
        wait_for(path, pk, "running", log_path)
        kill_hard(first)
    finally:
        stop(first)
    time.sleep(1)
    assert row(path, pk)[:2] == ("running", 1)  # what a dead worker leaves behind
    release.touch()
    # A worker that takes one second of silence for a stopped worker.
    second = start_worker(env, log_path, DJANGO_JOBS_STALE_AFTER="1")
    try:
        status, attempts, summary, error = wait_for(path, pk, "succeeded", log_path)
    finally:
        stop(second)
    assert (attempts, summary) == (2, "released on attempt 2")
    assert error.startswith("The worker stopped while running it")


def test_a_slow_job_is_run_once_though_two_workers_look_for_stopped_ones(site, tmp_path):
    env, path = site
    log_path = tmp_path / "workers.log"
    quick = {"DJANGO_JOBS_STALE_AFTER": "1"}  # a beat every 0.2 s, a look every 0.5 s
    pk = start_job(env, "sleeps", 4)
    workers = [start_worker(env, log_path, **quick) for _ in range(2)]
    try:
        status, attempts, summary, error = wait_for(path, pk, "succeeded", log_path)
    finally:
        for worker in workers:
            stop(worker)
    assert (attempts, summary, error) == (1, "slept 4 s", "")
