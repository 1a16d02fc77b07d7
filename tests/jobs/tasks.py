"""Tasks the job tests run: module-level, as a queue needs them to be importable."""

from jobs.services import job_task


class Boom(RuntimeError):
    pass


@job_task
def always_fails(run, message):
    raise Boom(message)


@job_task
def fails_once(run):
    if run.job.attempts == 1:
        raise Boom("the first attempt fails")
    return f"succeeded on attempt {run.job.attempts}"


@job_task
def counts_to(run, total):
    """Reports progress after each step, and what the row said at each step."""
    from jobs.models import Job

    seen = []
    for done in range(1, total + 1):
        run.progress(done, total=total)
        row = Job.objects.get(pk=run.job.pk)
        seen.append([row.done, row.total])
    return f"counted to {total}", seen


@job_task
def waits_for(run, path):
    """Blocks, with no progress to report, until the file at ``path`` exists."""
    import os
    import time

    while not os.path.exists(path):
        time.sleep(0.05)
    return f"released on attempt {run.job.attempts}"


@job_task
def sleeps(run, seconds):
    """A slow job that reports no progress: only its heartbeat says it is alive."""
    import time

    time.sleep(seconds)
    return f"slept {seconds} s"


@job_task
def loses_its_worker_once(run):
    """
    On its first attempt, goes silent long enough to be taken for stopped, is recovered
    (and run again) meanwhile, then reports progress as if nothing had happened.
    """
    from datetime import timedelta

    from django.utils import timezone

    from jobs.models import Job
    from jobs.services import jobs_recover

    if run.attempt == 1:
        long_ago = timezone.now() - timedelta(days=1)
        Job.objects.filter(pk=run.job.pk).update(heartbeat_at=long_ago)
        jobs_recover()
        run.progress(1)
        return "the first attempt's outcome"
    return "the second attempt's outcome"
