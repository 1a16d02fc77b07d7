"""
A record of each background job: what it is, who started it, how far it got, how it ended.

The queue (the database or Redis) holds the work to do; this row is what editors read.
Both outlive the web process that started the job.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("started_by")

    def unfinished(self):
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])

    def failed_since(self, when):
        return self.filter(status=Job.Status.FAILED, created_at__gte=when)

    def stale(self, before):
        """Running jobs with no sign of life since ``before``: their worker stopped."""
        # Rows from before heartbeats were written count from their last update.
        silent = models.Q(heartbeat_at__lt=before) | models.Q(
            heartbeat_at__isnull=True, updated_at__lt=before
        )
        return self.filter(silent, status=Job.Status.RUNNING)

    def unsent(self, before):
        """Queued since before ``before`` without a task in the queue (the sending failed)."""
        return self.filter(status=Job.Status.QUEUED, task_id="", updated_at__lt=before)

    def finished_before(self, when):
        return self.filter(
            status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED], finished_at__lt=when
        )


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    # The apps that start jobs name them; this app knows them only as labels.
    class Kind(models.TextChoices):
        IMPORT_SOURCES = "import_sources", _("import sources from files")
        FIND_SHARED_MATERIAL = "find_shared_material", _("find shared material")
        REANCHOR_CITATIONS = "reanchor_citations", _("re-anchor citations after a text change")
        REVERIFY_CITATIONS = "reverify_citations", _("verify citations again")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    summary = models.TextField(_("result"), blank=True)
    # Per-item outcomes a page shows (for an import: one row per file).
    details = models.JSONField(_("details"), default=list, blank=True)
    error = models.TextField(_("last error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    task_id = models.CharField(_("queue's task id"), max_length=64, blank=True)
    # What to queue again when the worker running the job stopped (jobs.services.jobs_recover).
    task_path = models.CharField(_("task"), max_length=200, blank=True)
    arguments = models.JSONField(_("task arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    # Written when a run starts, reports progress, and every JOBS_HEARTBEAT_EVERY seconds
    # while it runs: a running job silent for JOBS_STALE_AFTER lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "finished_at"]),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def progress(self):
        """``done/total`` as people read it; just ``done`` while the total is unknown."""
        return f"{self.done} / {self.total}" if self.total else str(self.done)


class JobUpload(models.Model):
    """A file handed to an import job, kept in the database so any worker machine can read it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="uploads")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="jobs_upload_position")
        ]

    def __str__(self):
        return self.name
