"""
Background jobs of the sources app: importing many files, finding shared material.

Each is a task (``@task`` through :func:`jobs.services.job_task`) run by a worker, with a
Job row editors read in the admin; ``*_start`` functions queue them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.models import Job, JobUpload
from jobs.services import job_start, job_task

from .models import Source
from .services import disagreements_refresh, overlaps_refresh_source, source_import_upload


@job_task
def import_uploads(run, dry_run, may_update):
    """Import the files stored with the job, one transaction each, recording each outcome."""
    uploads = list(JobUpload.objects.filter(job=run.job).values_list("pk", "name"))
    run.progress(0, total=len(uploads))
    rows = []
    for done, (pk, name) in enumerate(uploads, start=1):
        # One file's bytes in memory at a time.
        data = bytes(JobUpload.objects.values_list("data", flat=True).get(pk=pk))
        rows.append(
            source_import_upload(
                name=name, data=data, user=run.user, dry_run=dry_run, may_update=may_update
            )
        )
        run.progress(done)
    JobUpload.objects.filter(job=run.job).delete()
    return import_summary(rows, dry_run=dry_run), rows


def import_summary(rows, *, dry_run=False):
    failed = sum(1 for row in rows if row["outcome"] == "failed")
    summary = ngettext("%(count)d file processed", "%(count)d files processed", len(rows)) % {
        "count": len(rows)
    }
    if failed:
        summary += ", " + ngettext("%(n)d failed", "%(n)d failed", failed) % {"n": failed}
    summary += "."
    if dry_run:
        summary += " " + _("Dry run: nothing was stored.")
    return summary


def import_start(*, files, user, dry_run, may_update) -> Job:
    """Queue an import of ``files`` (``(name, bytes)`` pairs), stored with the job."""

    def store(job):
        JobUpload.objects.bulk_create(
            JobUpload(job=job, position=position, name=name, data=data)
            for position, (name, data) in enumerate(files)
        )

    return job_start(
        kind=Job.Kind.IMPORT_SOURCES,
        task=import_uploads,
        args=[dry_run, may_update],
        user=user,
        total=len(files),
        before_enqueue=store,
    )


@job_task
def find_shared_material(run, source_ids):
    """
    Compare each source with its candidates and store the pairs that share material, and
    find the passages of other sources that give its dates and figures differently.
    """
    ids = list(Source.objects.filter(pk__in=source_ids).order_by("pk").values_list("pk", flat=True))
    run.progress(0, total=len(ids))
    pairs = set()
    for done, pk in enumerate(ids, start=1):
        pairs |= {(row.left_id, row.right_id) for row in overlaps_refresh_source(source_id=pk)}
        # A new text may also report a date or figure another source gives differently.
        disagreements_refresh(sources=Source.objects.filter(pk=pk))
        run.progress(done)
    found = len(pairs)
    return ngettext(
        "%(count)d pair of sources sharing material found.",
        "%(count)d pairs of sources sharing material found.",
        found,
    ) % {"count": found}


def shared_material_start(*, sources, user=None) -> Job:
    """
    Queue the search for shared material (and disagreements) involving ``sources``; the same
    search still waiting for a worker does for a second request (a text saved twice).
    """
    ids = [source.pk for source in sources]
    return job_start(
        kind=Job.Kind.FIND_SHARED_MATERIAL,
        task=find_shared_material,
        args=[ids],
        user=user,
        total=len(ids),
        reuse_queued=True,
    )
