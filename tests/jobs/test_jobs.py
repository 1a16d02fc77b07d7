"""Jobs: a row per job with status, progress and result; retries, then a failure report."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.services import job_start

from .tasks import always_fails, counts_to, fails_once

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def start(task, *args, user=None):
    return job_start(kind=Job.Kind.FIND_SHARED_MATERIAL, task=task, args=args, user=user)


def run_worker():
    """
    What `manage.py jobs_worker --burst` does with jobs in the database.

    Its tests run outside a test transaction (``transaction=True``), as a worker does:
    db_worker closes a connection it finds inside a transaction.
    """
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_job_run_at_once_records_its_result_and_progress(db):
    job = start(counts_to, 3)
    assert job.status == Job.Status.SUCCEEDED
    assert job.summary == "counted to 3"
    # The row said how far the job had got after every step.
    assert job.details == [[1, 3], [2, 3], [3, 3]]
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    assert job.started_at <= job.finished_at


def test_a_failing_job_is_tried_three_times_then_reported_failed(db, settings):
    settings.JOBS_MAX_ATTEMPTS = 3
    job = start(always_fails, "the parser choked on <b>bold</b>")
    assert job.status == Job.Status.FAILED
    assert job.attempts == 3
    assert "Boom: the parser choked on <b>bold</b>" in job.error
    assert job.finished_at is not None


def test_a_job_that_fails_once_succeeds_on_its_second_attempt(db):
    job = start(fails_once)
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)
    assert job.summary == "succeeded on attempt 2"
    assert "the first attempt fails" in job.error  # the last error stays on record


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_a_queued_job_waits_for_the_worker_and_the_worker_runs_it(db, settings):
    settings.TASKS = DATABASE_TASKS
    job = start(counts_to, 2)
    # Nothing ran within the call: the task waits in the database.
    assert job.status == Job.Status.QUEUED and job.done == 0
    assert DBTaskResult.objects.get().task_path.endswith("tests.jobs.tasks.counts_to")
    assert job.task_id == str(DBTaskResult.objects.get().pk)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.summary, job.done, job.total) == ("succeeded", "counted to 2", 2, 2)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_a_queued_retry_waits_longer_each_time(db, settings):
    settings.TASKS = DATABASE_TASKS
    settings.JOBS_RETRY_DELAY = 30
    job = start(always_fails, "down")
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 1)
    assert "down" in job.error
    retry = DBTaskResult.objects.filter(status="READY").get()
    wait = retry.run_after - timezone.now()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=30)
    # The worker leaves it until then; once due, the next attempt doubles the delay.
    run_worker()
    assert DBTaskResult.objects.filter(status="READY").get() == retry
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    job.refresh_from_db()
    assert job.attempts == 2
    wait = DBTaskResult.objects.filter(status="READY").get().run_after - timezone.now()
    assert timedelta(seconds=55) < wait <= timedelta(seconds=60)


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_after_the_last_attempt_the_job_and_the_queue_both_record_the_failure(db, settings):
    settings.TASKS = DATABASE_TASKS
    settings.JOBS_RETRY_DELAY = 0
    job = start(always_fails, "still down")
    run_worker()  # every attempt is due at once, so one batch runs all three
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 3)
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL", "SUCCESSFUL"]


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
def test_a_job_settled_already_is_not_run_again(db, settings):
    """A task delivered twice (a worker restarted mid-way) leaves a finished job alone."""
    settings.TASKS = DATABASE_TASKS
    job = start(counts_to, 1)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, summary="done before")
    run_worker()
    job.refresh_from_db()
    assert (job.summary, job.attempts) == ("done before", 0)


# --- The admin's pages -----------------------------------------------------------------------


def test_the_job_list_and_page_show_progress_result_and_escaped_error(role_client, db):
    failed = start(always_fails, "<script>alert(1)</script>")
    done = start(counts_to, 2)
    client = role_client("Authors")
    listing = client.get(reverse("admin:jobs_job_changelist"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert str(done) in text and "2 / 2" in text
    page = client.get(reverse("admin:jobs_job_change", args=[failed.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'name="_save"' not in page  # read-only


def test_the_job_list_runs_the_same_queries_for_many_jobs(role_client, db, django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = role_client("Authors")
    users = [django_user_model.objects.create_user(f"starter{n}") for n in range(12)]
    counts = []
    for many in (1, 12):
        for user in users[:many]:
            start(counts_to, 1, user=user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:jobs_job_changelist")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_jobs_are_not_shown_to_staff_without_the_permission(client, django_user_model, db):
    job = start(counts_to, 1)
    user = django_user_model.objects.create_user("plain", password="x" * 16, is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:jobs_job_changelist")).status_code == 403
    assert client.get(reverse("admin:jobs_job_change", args=[job.pk])).status_code == 403


def test_the_desk_counts_jobs_under_way_and_jobs_that_failed(role_client, settings):
    from briefings.desk import desk

    settings.JOBS_MAX_ATTEMPTS = 1
    start(always_fails, "broken")
    start(counts_to, 1)
    Job.objects.create(kind=Job.Kind.REVERIFY_CITATIONS)  # still queued
    old = start(always_fails, "long ago")
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    client = role_client("Authors")
    counts = {str(tray.label): tray.count for tray in desk(client.user)}
    assert counts["Background jobs under way"] == 1
    assert counts["Background jobs that failed this week"] == 1
    page = client.get(reverse("admin:index")).content.decode()
    assert "Background jobs that failed this week" in page
    failed_list = client.get(reverse("admin:jobs_job_changelist") + "?status__exact=failed")
    assert failed_list.status_code == 200 and "broken" not in failed_list.content.decode()
    assert failed_list.context["cl"].result_count == 2
    under_way = next(tray for tray in desk(client.user) if tray.count == 1 and "way" in tray.label)
    assert client.get(under_way.url).context["cl"].result_count == 1
