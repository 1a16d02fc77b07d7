"""
Starting jobs and running them: status, progress, retries with backoff, the final report.

A job is a task (Django's Tasks API, ``@task``) whose first argument is the id of its
:class:`~jobs.models.Job` row. :func:`job_task` wraps the work so that the row says
what happens; :func:`job_start` creates the row and hands the task to the queue.
"""

import functools
import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from .models import Job

logger = logging.getLogger(__name__)

# The last lines of a traceback are what an editor (or whoever they ask) needs.
ERROR_CHARS = 4000


class JobRun:
    """What the work of a job sees: its row, and a way to report progress."""

    def __init__(self, job):
        self.job = job

    @property
    def user(self):
        return self.job.started_by

    def progress(self, done, total=None):
        """Record ``done`` items (of ``total``, if it changed); one small UPDATE."""
        fields = {"done": done, "updated_at": timezone.now()}
        if total is not None:
            fields["total"] = total
            self.job.total = total
        self.job.done = done
        Job.objects.filter(pk=self.job.pk).update(**fields)


def job_task(function):
    """
    Make ``function(run, *args)`` a task run under a Job row (``run`` is a :class:`JobRun`).

    The function returns a one-line summary, or ``(summary, details)``. If it raises, the
    job is queued again after a delay that doubles each time, until ``max_attempts``
    attempts have failed; then the job is marked failed with the error, and the error is
    raised again so the queue records the failure too.
    """

    @functools.wraps(function)
    def run(job_id, *args):
        job = Job.objects.select_related("started_by").filter(pk=job_id).first()
        if job is None or job.finished:
            return None  # deleted, or settled by an earlier delivery of the same task
        _mark_running(job)
        try:
            outcome = _call(function, JobRun(job), args)
        except Exception as error:
            if job.attempts < job.max_attempts:
                _retry_later(job, error, the_task, args)
                return None
            _mark_failed(job, error)
            raise
        summary, details = outcome if isinstance(outcome, tuple) else (outcome, None)
        _mark_succeeded(job, summary, details)
        return summary

    the_task = task()(run)
    return the_task


def _call(function, run, args):
    if transaction.get_connection().in_atomic_block:
        # Run at once inside a request's (or a test's) transaction: a savepoint keeps that
        # transaction usable when the work fails.
        with transaction.atomic():
            return function(run, *args)
    return function(run, *args)


def job_start(*, kind, task, args=(), user=None, total=0, before_enqueue=None) -> Job:
    """
    Record a job and queue its task; return the row (already finished when jobs run at once).

    ``before_enqueue(job)`` may store what the task will need (it runs in the same
    transaction as the row's creation).
    """
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            started_by=user if user is not None and user.pk else None,
            total=total,
            max_attempts=settings.JOBS_MAX_ATTEMPTS,
        )
        if before_enqueue is not None:
            before_enqueue(job)
        _enqueue(job, task, args)
    job.refresh_from_db()
    return job


def _enqueue(job, the_task, args, run_after=None):
    backend = the_task.get_backend()
    if run_after is not None and backend.supports_defer:
        the_task = the_task.using(run_after=run_after)

    def send():
        result = the_task.enqueue(job.pk, *args)
        Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])

    if isinstance(backend, ImmediateBackend | DatabaseBackend):
        # Jobs run at once, or the queue is this database: enqueued in the same transaction.
        send()
    else:
        # An outside queue: a worker may take the task at once, so the row must be committed.
        transaction.on_commit(send)


def _mark_running(job):
    job.status, job.attempts = Job.Status.RUNNING, job.attempts + 1
    job.started_at = job.started_at or timezone.now()
    job.save(update_fields=["status", "attempts", "started_at", "updated_at"])


def _mark_succeeded(job, summary, details):
    job.status, job.summary, job.finished_at = Job.Status.SUCCEEDED, summary or "", timezone.now()
    fields = ["status", "summary", "finished_at", "updated_at"]
    if details is not None:
        job.details = details
        fields.append("details")
    job.save(update_fields=fields)


def _error_text(error):
    text = "".join(traceback.format_exception(error)).strip()
    return text[-ERROR_CHARS:]


def _retry_later(job, error, the_task, args):
    delay = settings.JOBS_RETRY_DELAY * 2 ** (job.attempts - 1)
    logger.warning("job %s failed (attempt %s), retrying in %ss", job.pk, job.attempts, delay)
    job.status, job.error = Job.Status.QUEUED, _error_text(error)
    job.task_id = ""
    job.save(update_fields=["status", "error", "task_id", "updated_at"])
    _enqueue(job, the_task, args, run_after=timezone.now() + timedelta(seconds=delay))


def _mark_failed(job, error):
    logger.error("job %s failed after %s attempts", job.pk, job.attempts)
    job.status, job.error, job.finished_at = Job.Status.FAILED, _error_text(error), timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "updated_at"])
