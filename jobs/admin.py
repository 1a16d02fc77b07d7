"""Jobs are records to read: their progress, result and error; nobody types them in."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "progress",
        "started_by",
        "created_at",
        "heartbeat_at",
        "finished_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["started_by"]
    search_fields = ["summary", "error"]
    fields = [
        "kind",
        "status",
        "started_by",
        "progress",
        "summary",
        "outcomes",
        "error_shown",
        "attempts",
        "max_attempts",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "updated_at",
        "task_path",
        "task_id",
    ]
    readonly_fields = fields
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return obj.progress

    @admin.display(description=_("last error"))
    def error_shown(self, obj):
        if not obj.error:
            return "—"
        return format_html("<pre class='rnk-job-error'>{}</pre>", obj.error)

    @admin.display(description=_("each item"))
    def outcomes(self, obj):
        """The per-item outcomes (for an import, one line per file)."""
        rows = [row for row in obj.details if isinstance(row, dict)]
        if not rows:
            return "—"
        items = format_html_join(
            "",
            "<li>{}: <strong>{}</strong> {}</li>",
            (
                (row.get("name", ""), row.get("outcome", ""), row.get("reason") or "")
                for row in rows
            ),
        )
        return format_html("<ul>{}</ul>", items)


def job_notice(job):
    """
    What to tell the editor who started ``job``: its result if it has finished already (jobs
    run at once in development and tests), else where to follow it: ``(html, level)``.
    """
    url = reverse("admin:jobs_job_change", args=[job.pk])
    link = format_html('<a href="{}">{}</a>', url, _("job #%(id)s") % {"id": job.pk})
    kind = job.get_kind_display().capitalize()
    if job.status == Job.Status.SUCCEEDED:
        return format_html("{}: {} ({})", kind, job.summary, link), messages.SUCCESS
    if job.status == Job.Status.FAILED:
        failed = format_html(
            _("failed after {} attempts; the error is on the page of {}."), job.attempts, link
        )
        return format_html("{}: {}", kind, failed), messages.ERROR
    queued = format_html(
        _("runs in the background as {}; its page shows progress and result."), link
    )
    return format_html("{}: {}", kind, queued), messages.INFO
