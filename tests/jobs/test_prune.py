"""Old finished jobs are deleted with their uploads; jobs queued or running never are."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Job, JobUpload
from jobs.services import job_start

from .tasks import counts_to
from .test_jobs import DATABASE_TASKS, run_worker


def job(status, *, days_ago, uploads=0):
    when = timezone.now() - timedelta(days=days_ago)
    finished = status in (Job.Status.SUCCEEDED, Job.Status.FAILED)
    row = Job.objects.create(
        kind=Job.Kind.IMPORT_SOURCES,
        status=status,
        created_at=when,
        finished_at=when if finished else None,
    )
    JobUpload.objects.bulk_create(
        JobUpload(job=row, position=n, name=f"{n}.txt", data=b"x") for n in range(uploads)
    )
    return row


def prune(*arguments):
    out = StringIO()
    call_command("prune_jobs", *arguments, stdout=out)
    return out.getvalue()


def test_finished_jobs_older_than_the_limit_go_with_their_uploads_in_batches(db):
    old = [job(status, days_ago=31, uploads=2) for status in ("succeeded", "failed") * 3]
    recent = job(Job.Status.SUCCEEDED, days_ago=29)
    stuck = [job(status, days_ago=90, uploads=1) for status in ("queued", "running")]
    assert "Deleted 6 finished job(s) older than 30 day(s)." in prune("--batch-size", "4")
    assert not Job.objects.filter(pk__in=[row.pk for row in old]).exists()
    assert set(Job.objects.all()) == {recent, *stuck}
    assert JobUpload.objects.count() == 2  # the unfinished jobs' files stay


def test_days_are_a_choice_and_a_dry_run_deletes_nothing(db):
    job(Job.Status.SUCCEEDED, days_ago=8)
    assert "Would delete 1 finished job(s) older than 7 day(s)." in prune("--days=7", "--dry-run")
    assert Job.objects.count() == 1
    assert "Deleted 0 finished job(s) older than 30 day(s)." in prune()
    assert "Deleted 1" in prune("--days", "7")


def test_a_negative_number_of_days_is_refused(db):
    with pytest.raises(CommandError, match="--days"):
        prune("--days=-1")


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_the_database_queue_loses_its_old_finished_rows_too(settings):
    settings.TASKS = DATABASE_TASKS
    done = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=counts_to, args=[1])
    run_worker()
    waiting = job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=counts_to, args=[1])
    long_ago = timezone.now() - timedelta(days=40)
    Job.objects.filter(pk=done.pk).update(finished_at=long_ago)
    DBTaskResult.objects.filter(pk=done.task_id).update(finished_at=long_ago)
    out = prune()
    assert "Deleted 1 finished job(s)" in out
    assert list(Job.objects.all()) == [waiting]
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["READY"]


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_the_worker_recovers_and_prunes_when_it_starts(settings):
    settings.JOBS_BACKEND, settings.TASKS = "database", DATABASE_TASKS
    old = job(Job.Status.FAILED, days_ago=60)
    stopped = Job.objects.create(
        kind=Job.Kind.FIND_SHARED_MATERIAL,
        status=Job.Status.RUNNING,
        attempts=1,
        task_path=counts_to.module_path,
        arguments=[1],
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    out = StringIO()
    call_command("jobs_worker", "--burst", stdout=out)
    assert not Job.objects.filter(pk=old.pk).exists()
    stopped.refresh_from_db()
    assert (stopped.status, stopped.attempts) == (Job.Status.SUCCEEDED, 2)  # queued again, run
    assert "1 queued again" in out.getvalue() and "Deleted 1 finished job(s)" in out.getvalue()
