"""
The distributed configuration: jobs enqueued on Redis (RQ) and run by a worker process.

Runs when the process was started with REDIS_URL (so RQ is configured), Redis answers,
and the test database is one a second process can open (PostgreSQL); `.ci/run` runs the
tests marked ``queue`` that way. Skipped otherwise.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection

from jobs.models import Job
from jobs.services import job_start

from .tasks import counts_to

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]

RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(django_settings.REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def rq_configured(settings):
    if not settings.REDIS_URL or "django_rq" not in settings.INSTALLED_APPS:
        pytest.skip("REDIS_URL is not set: the Redis queue is not configured")
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {settings.REDIS_URL}")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot open the in-memory SQLite test database")
    settings.TASKS = RQ_TASKS


def worker_environment():
    """This process's environment, with the test database in DATABASE_URL for the worker."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "DJANGO_JOBS_BACKEND": "rq"}


def test_a_job_enqueued_on_redis_is_run_by_a_worker_process(rq_configured):
    import django_rq

    job = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=counts_to, args=[3])
    # Enqueued on commit; the web process did none of the work.
    assert job.status == Job.Status.QUEUED
    job.refresh_from_db()
    assert job.task_id
    queued = django_rq.get_queue("default").fetch_job(job.task_id)
    assert queued is not None and queued.get_status() == "queued"

    finished = subprocess.run(  # noqa: S603 -- our interpreter, our manage.py
        [sys.executable, "manage.py", "jobs_worker", "--burst"],
        cwd=django_settings.BASE_DIR,
        env=worker_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    job.refresh_from_db()
    assert (job.status, job.summary) == (Job.Status.SUCCEEDED, "counted to 3")
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    assert django_rq.get_queue("default").fetch_job(job.task_id).get_status() == "finished"
