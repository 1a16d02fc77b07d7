"""A job whose worker stopped is queued again (or failed); a slow job alive is left alone."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.services import Heartbeat, JobRun, job_start, jobs_recover

from .tasks import counts_to, loses_its_worker_once, sleeps
from .test_jobs import DATABASE_TASKS, run_worker

LONG_AGO = timedelta(minutes=11)


@pytest.fixture
def threads_share_the_database():
    """Several connections at once: on PostgreSQL (the in-memory SQLite test database locks
    out a second connection instead of waiting; the process tests cover SQLite files)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("threads lock each other out of the in-memory SQLite test database")


def running(task, *args, silent_for=LONG_AGO, attempts=1, max_attempts=3, heartbeat=True):
    """A job as a worker left it: claimed, running, last heard of ``silent_for`` ago."""
    last = timezone.now() - silent_for
    job = Job.objects.create(
        kind=Job.Kind.FIND_SHARED_MATERIAL,
        status=Job.Status.RUNNING,
        attempts=attempts,
        max_attempts=max_attempts,
        task_path=task.module_path,
        arguments=list(args),
        started_at=last,
        heartbeat_at=last if heartbeat else None,
        task_id="the-dead-workers-task",
    )
    if not heartbeat:  # a row from before heartbeats: only its last update tells
        Job.objects.filter(pk=job.pk).update(updated_at=last)
    return job


def test_a_job_silent_longer_than_the_setting_is_run_again_as_a_new_attempt(db, settings):
    settings.JOBS_STALE_AFTER = 600
    job = running(counts_to, 2)
    assert jobs_recover() == {"queued again": 1, "failed": 0, "sent again": 0}
    job.refresh_from_db()  # jobs run at once in tests: the new attempt has run
    assert (job.status, job.summary, job.attempts) == (Job.Status.SUCCEEDED, "counted to 2", 2)
    assert job.error.startswith("The worker stopped while running it")


def test_a_stopped_job_out_of_attempts_is_marked_failed_and_says_why(db):
    job = running(counts_to, 2, attempts=3, max_attempts=3)
    assert jobs_recover()["failed"] == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done) == (Job.Status.FAILED, 3, 0)
    assert "worker stopped" in job.error and job.finished_at is not None


def test_a_stopped_job_whose_task_is_unknown_is_marked_failed(db):
    job = running(counts_to, 2)
    Job.objects.filter(pk=job.pk).update(task_path="")  # started before the path was kept
    jobs_recover()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_a_job_with_a_recent_sign_of_life_is_left_alone(db, settings):
    settings.JOBS_STALE_AFTER = 600
    alive = running(counts_to, 2, silent_for=timedelta(minutes=9))
    assert jobs_recover(dry_run=False) == {"queued again": 0, "failed": 0, "sent again": 0}
    alive.refresh_from_db()
    assert (alive.status, alive.attempts) == (Job.Status.RUNNING, 1)


def test_a_row_from_before_heartbeats_counts_from_its_last_update(db):
    old = running(counts_to, 1, heartbeat=False)
    recent = running(counts_to, 1, silent_for=timedelta(0), heartbeat=False)
    jobs_recover()
    assert Job.objects.get(pk=old.pk).status == Job.Status.SUCCEEDED
    assert Job.objects.get(pk=recent.pk).status == Job.Status.RUNNING


def test_a_dry_run_counts_and_changes_nothing(db):
    job = running(counts_to, 2)
    assert jobs_recover(dry_run=True)["queued again"] == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)


def test_a_queued_job_whose_task_never_reached_the_queue_is_sent_again(db):
    job = Job.objects.create(
        kind=Job.Kind.FIND_SHARED_MATERIAL, task_path=counts_to.module_path, arguments=[1]
    )
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - LONG_AGO)
    fresh = Job.objects.create(
        kind=Job.Kind.FIND_SHARED_MATERIAL, task_path=counts_to.module_path, arguments=[1]
    )
    assert jobs_recover()["sent again"] == 1
    assert Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED
    assert Job.objects.get(pk=fresh.pk).status == Job.Status.QUEUED  # may be on its way


def test_recover_jobs_command_says_what_it_did(db):
    from io import StringIO

    running(counts_to, 1)
    out = StringIO()
    call_command("recover_jobs", stdout=out)
    assert "1 queued again, 0 failed, 0 sent again" in out.getvalue()


# --- With a real queue, a heartbeat from a second thread --------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_writes_signs_of_life_until_the_job_is_taken_over(
    threads_share_the_database,
):
    job = running(counts_to, 1)
    before = job.heartbeat_at
    heartbeat = Heartbeat(JobRun(job), every=0.02)
    heartbeat.start()
    time.sleep(0.3)
    job.refresh_from_db()
    assert job.heartbeat_at > before
    Job.objects.filter(pk=job.pk).update(attempts=2)  # another run has it now
    heartbeat.join(timeout=5)
    assert not heartbeat.is_alive()  # it stopped by itself
    assert not JobRun(job).beat()


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_recovery_on_the_database_queue_closes_the_dead_run_and_a_worker_reruns_it(settings):
    settings.TASKS = DATABASE_TASKS
    job = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=counts_to, args=[2])
    # What a worker killed mid-way leaves: its task claimed, the job running, then silence.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now() - LONG_AGO
    )
    jobs_recover()
    dead = DBTaskResult.objects.get(pk=job.task_id)
    assert dead.status == "FAILED" and dead.finished_at is not None  # prunable now
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.task_id != str(dead.pk)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.summary) == ("succeeded", 2, "counted to 2")


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_the_old_run_of_a_recovered_job_stops_and_its_outcome_is_dropped(settings):
    """Taken for stopped while still going (frozen, then resumed): the new run's word stands."""
    settings.TASKS = DATABASE_TASKS
    job = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=loses_its_worker_once)
    run_worker()  # the first run, recovered meanwhile, then the second
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)
    assert job.summary == "the second attempt's outcome"
    assert job.done == 0  # the first run's progress report was refused


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_an_older_delivery_of_a_job_sent_again_is_not_run(settings):
    settings.TASKS = DATABASE_TASKS
    job = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=counts_to, args=[2])
    counts_to.enqueue(job.pk, 2)  # a second task for the same row, not the one it names
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 1)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2  # one did nothing


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_a_slow_job_keeps_its_heartbeat_and_is_not_recovered(settings, threads_share_the_database):
    """The worker's own heartbeat thread keeps a job with no progress reports alive."""
    import threading

    settings.TASKS = DATABASE_TASKS
    settings.JOBS_STALE_AFTER, settings.JOBS_HEARTBEAT_EVERY = 0.5, 0.05
    job = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=sleeps, args=[1.5])
    recovered = []

    def recover_meanwhile():
        from django.db import connection

        deadline = time.monotonic() + 1.4
        while time.monotonic() < deadline:
            recovered.append(jobs_recover()["queued again"])
            time.sleep(0.1)
        connection.close()

    other_worker = threading.Thread(target=recover_meanwhile)
    other_worker.start()
    run_worker()
    other_worker.join()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.SUCCEEDED, 1, "")
    assert len(recovered) > 5 and not any(recovered)


def test_the_job_list_and_page_show_the_last_sign_of_life(role_client):
    from django.urls import reverse

    job = running(counts_to, 1, silent_for=timedelta(0))
    client = role_client("Authors")
    listing = client.get(reverse("admin:jobs_job_changelist")).content.decode()
    assert "Last sign of life" in listing
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "Last sign of life" in page and "tests.jobs.tasks.counts_to" in page
