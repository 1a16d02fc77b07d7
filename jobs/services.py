"""
Starting jobs and running them: status, progress, heartbeat, retries with backoff, the
final report; finding the jobs whose worker stopped, and deleting old ones.

A job is a task (Django's Tasks API, ``@task``) whose first argument is the id of its
:class:`~jobs.models.Job` row. :func:`job_task` wraps the work so that the row says
what happens; :func:`job_start` creates the row and hands the task to the queue.

One run at a time: a run claims its job with one conditional UPDATE (queued, and this very
task); every later write of the run (progress, heartbeat, outcome) is conditional on the
job still being running with that run's attempt number. A run whose job was given to
another run (:func:`jobs_recover` took its worker for stopped) stops at its next progress
report and its outcome is not recorded.
"""

import contextlib
import functools
import logging
import threading
import traceback
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import Job, JobUpload

logger = logging.getLogger(__name__)

# The last lines of a traceback are what an editor (or whoever they ask) needs.
ERROR_CHARS = 4000
WORKER_STOPPED = (
    "The worker stopped while running it (killed, or its machine went down); its last sign "
    "of life was at {when:%Y-%m-%d %H:%M:%S %Z}."
)


class JobTakenOver(Exception):
    """This run's job was given to another run: its worker was taken for stopped."""


class JobRun:
    """What the work of a job sees: its row, and a way to report progress."""

    def __init__(self, job):
        self.job = job
        self.attempt = job.attempts

    @property
    def user(self):
        return self.job.started_by

    def mine(self):
        """The job's row while it is still this run's (running, with this attempt number)."""
        return Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING, attempts=self.attempt)

    def progress(self, done, total=None):
        """Record ``done`` items (of ``total``, if it changed); one small UPDATE."""
        now = timezone.now()
        fields = {"done": done, "updated_at": now, "heartbeat_at": now}
        if total is not None:
            fields["total"] = total
            self.job.total = total
        self.job.done = done
        if not self.mine().update(**fields):
            raise JobTakenOver(f"job {self.job.pk}: attempt {self.attempt} was taken over")

    def beat(self) -> bool:
        """Write a sign of life; false once the job is no longer this run's."""
        return bool(self.mine().update(heartbeat_at=timezone.now()))


class Heartbeat(threading.Thread):
    """Beside a run in a worker: a sign of life every ``every`` seconds, however slow the work."""

    def __init__(self, job_run, every):
        super().__init__(name=f"job-{job_run.job.pk}-heartbeat", daemon=True)
        self.job_run, self.every, self.stopped = job_run, every, threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.every):
                try:
                    if not self.job_run.beat():
                        return  # taken over: the run stops at its next progress report
                except DatabaseError:
                    # A locked or restarting database: the next beat may pass, and one
                    # missed beat is far from JOBS_STALE_AFTER.
                    logger.warning("job %s: heartbeat not written", self.job_run.job.pk)
        finally:
            connection.close()  # this thread's own connection


@contextlib.contextmanager
def _beating(job_run):
    if transaction.get_connection().in_atomic_block:
        # Run at once inside a request or a test: no worker to lose, no second connection.
        yield
        return
    heartbeat = Heartbeat(job_run, settings.JOBS_HEARTBEAT_EVERY)
    heartbeat.start()
    try:
        yield
    finally:
        heartbeat.stopped.set()
        heartbeat.join()


def job_task(function):
    """
    Make ``function(run, *args)`` a task run under a Job row (``run`` is a :class:`JobRun`).

    The function returns a one-line summary, or ``(summary, details)``. If it raises, the
    job is queued again after a delay that doubles each time, until ``max_attempts``
    attempts have failed; then the job is marked failed with the error, and the error is
    raised again so the queue records the failure too.
    """

    def run(context, job_id, *args):
        job = _claim(job_id, str(context.task_result.id))
        if job is None:
            return None  # deleted, settled, running elsewhere, or a delivery superseded
        job_run = JobRun(job)
        try:
            with _beating(job_run):
                outcome = _call(function, job_run, args)
        except JobTakenOver:
            logger.warning("job %s: attempt %s stopped, another run has it", job_id, job.attempts)
            return None
        except Exception as error:
            if job.attempts < job.max_attempts:
                _retry_later(job_run, error, the_task, args)
                return None
            _mark_failed(job_run, error)
            raise
        summary, details = outcome if isinstance(outcome, tuple) else (outcome, None)
        _mark_succeeded(job_run, summary, details)
        return summary

    functools.update_wrapper(run, function)
    # The queue reads the signature (``context`` first), not the wrapped function's.
    del run.__wrapped__
    the_task = task(takes_context=True)(run)
    return the_task


def _claim(job_id, task_id):
    """Make the job running for this delivery of its task; None if it is not to run now."""
    now = timezone.now()
    claimed = (
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED)
        # The task the row names (or, before the sender could write it, any): an older
        # delivery of a job sent again is not run beside the new one.
        .filter(Q(task_id="") | Q(task_id=task_id[:64]))
        .update(
            status=Job.Status.RUNNING,
            attempts=F("attempts") + 1,
            task_id=task_id[:64],
            started_at=Coalesce("started_at", Value(now, output_field=DateTimeField())),
            heartbeat_at=now,
            updated_at=now,
        )
    )
    if not claimed:
        return None
    return Job.objects.select_related("started_by").get(pk=job_id)


def _call(function, run, args):
    if transaction.get_connection().in_atomic_block:
        # Run at once inside a request's (or a test's) transaction: a savepoint keeps that
        # transaction usable when the work fails.
        with transaction.atomic():
            return function(run, *args)
    return function(run, *args)


def job_start(
    *, kind, task, args=(), user=None, total=0, before_enqueue=None, reuse_queued=False
) -> Job:
    """
    Record a job and queue its task; return the row (already finished when jobs run at once).

    ``before_enqueue(job)`` may store what the task will need (it runs in the same
    transaction as the row's creation). With ``reuse_queued``, the same job (kind, task and
    arguments) still waiting for a worker is returned instead of a new one: it will read
    what is committed when it starts, so one run does for both.
    """
    args = list(args)
    with transaction.atomic():
        job = _waiting_twin(kind, task, args) if reuse_queued else None
        if job is not None:
            return job
        job = Job.objects.create(
            kind=kind,
            started_by=user if user is not None and user.pk else None,
            total=total,
            max_attempts=settings.JOBS_MAX_ATTEMPTS,
            task_path=task.module_path,
            arguments=args,
        )
        if before_enqueue is not None:
            before_enqueue(job)
        _enqueue(job, task, args)
    job.refresh_from_db()
    return job


def _waiting_twin(kind, the_task, args):
    # Locked, so that a worker cannot claim it before this transaction's writes commit
    # (its claim waits for the lock, then reads them).
    waiting = Job.objects.select_for_update().filter(
        kind=kind, task_path=the_task.module_path, status=Job.Status.QUEUED, attempts=0
    )
    return next((job for job in waiting.order_by("pk") if job.arguments == args), None)


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


def _settle(job_run, **fields):
    """Write a run's outcome, unless its job was given to another run meanwhile."""
    if not job_run.mine().update(updated_at=timezone.now(), **fields):
        logger.warning("job %s: attempt %s was taken over; outcome dropped", *_who(job_run))
        return False
    return True


def _who(job_run):
    return job_run.job.pk, job_run.attempt


def _mark_succeeded(job_run, summary, details):
    fields = {"status": Job.Status.SUCCEEDED, "summary": summary or ""}
    if details is not None:
        fields["details"] = details
    _settle(job_run, finished_at=timezone.now(), **fields)


def _error_text(error):
    text = "".join(traceback.format_exception(error)).strip()
    return text[-ERROR_CHARS:]


def _retry_later(job_run, error, the_task, args):
    job = job_run.job
    delay = settings.JOBS_RETRY_DELAY * 2 ** (job.attempts - 1)
    logger.warning("job %s failed (attempt %s), retrying in %ss", job.pk, job.attempts, delay)
    if _settle(job_run, status=Job.Status.QUEUED, error=_error_text(error), task_id=""):
        _enqueue(job, the_task, args, run_after=timezone.now() + timedelta(seconds=delay))


def _mark_failed(job_run, error):
    logger.error("job %s failed after %s attempts", *_who(job_run))
    _settle(job_run, status=Job.Status.FAILED, error=_error_text(error), finished_at=timezone.now())


# --- Jobs whose worker stopped ---------------------------------------------------------------


def jobs_recover(*, dry_run=False) -> dict[str, int]:
    """
    Settle the running jobs silent for ``JOBS_STALE_AFTER`` seconds: their worker stopped
    (``kill -9``, power loss). Each counts as a failed attempt and is queued again, or
    marked failed when it has no attempt left. Queued jobs whose task never reached the
    queue (it was down when they were sent) are sent again. Return how many of each.

    Safe to run from any number of workers at once: each change is a conditional UPDATE
    that only one of them makes, and only while the job is still silent.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.JOBS_STALE_AFTER)
    counts = {"queued again": 0, "failed": 0, "sent again": 0}
    for job in Job.objects.stale(cutoff).order_by("pk"):
        outcome = "failed" if _out_of_attempts(job) else "queued again"
        if dry_run or _recover_stale(job, cutoff=cutoff, now=now, again=outcome != "failed"):
            counts[outcome] += 1
    for job in Job.objects.unsent(cutoff).order_by("pk"):
        if _task_of(job) is not None and (dry_run or _send_again(job, cutoff=cutoff)):
            counts["sent again"] += 1
    return counts


def _out_of_attempts(job):
    return job.attempts >= job.max_attempts or _task_of(job) is None


def _task_of(job):
    """The task a job runs, from its stored path (None for rows older than the path)."""
    if not job.task_path:
        return None
    try:
        found = import_string(job.task_path)
    except ImportError:
        return None
    return found if isinstance(found, Task) else None


def _recover_stale(job, *, cutoff, now, again):
    error = WORKER_STOPPED.format(when=timezone.localtime(job.heartbeat_at or job.updated_at))
    if again:
        fields = {"status": Job.Status.QUEUED, "task_id": ""}
    else:
        fields = {"status": Job.Status.FAILED, "finished_at": now}
    with transaction.atomic():
        # Only if it is still silent and still the same attempt: a slow job alive enough
        # to beat since the read above is left alone.
        settled = (
            Job.objects.stale(cutoff)
            .filter(pk=job.pk, attempts=job.attempts)
            .update(error=error, updated_at=now, **fields)
        )
        if not settled:
            return False
        _forget_queued_task(job.task_id, now)
        if again:
            _enqueue(job, _task_of(job), job.arguments)
    logger.warning("job %s: its worker stopped; %s", job.pk, "queued again" if again else "failed")
    return True


def _forget_queued_task(task_id, now):
    """The database queue's row of the stopped run stays 'running' for ever: close it."""
    try:
        key = uuid.UUID(task_id)
    except ValueError:
        return  # another queue's id (RQ's own registry expires it)
    DBTaskResult.objects.filter(pk=key, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path="jobs.services.WorkerStopped",
        traceback="The worker stopped while running this task; jobs_recover queued the job.",
    )


def _send_again(job, *, cutoff):
    with transaction.atomic():
        if not Job.objects.unsent(cutoff).filter(pk=job.pk).update(updated_at=timezone.now()):
            return False
        _enqueue(job, _task_of(job), job.arguments)
    logger.warning("job %s: its task never reached the queue; sent again", job.pk)
    return True


# --- Old jobs ----------------------------------------------------------------------------------


def jobs_prune(*, older_than: timedelta, batch_size=500, dry_run=False) -> int:
    """
    Delete the jobs that finished (succeeded or failed) more than ``older_than`` ago, with
    their stored uploads, ``batch_size`` at a time; return how many. Queued and running jobs
    are never touched.
    """
    old = Job.objects.finished_before(timezone.now() - older_than)
    if dry_run:
        return old.count()
    deleted = 0
    while batch := list(old.order_by("pk").values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            JobUpload.objects.filter(job__in=batch).delete()
            deleted += Job.objects.filter(pk__in=batch).delete()[1].get(Job._meta.label, 0)
    return deleted
