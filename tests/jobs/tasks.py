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
