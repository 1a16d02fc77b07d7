"""Admin for the evidence: sources, the references they list and their earlier texts."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from taggit.models import Tag

from jobs.admin import job_notice

from . import caching
from .concurrency import StaleFormGuard
from .forms import SourceDisagreementForm, SourceImportForm
from .importing import MAX_REQUEST_BYTES, format_size
from .models import (
    Passage,
    Source,
    SourceDisagreement,
    SourceOverlap,
    SourceReference,
    SourceVersion,
    Topic,
)
from .revisions import RevisionAdmin
from .services import disagreement_review, source_import_upload
from .signals import source_origins_changed
from .tasks import import_start, shared_material_start
from .uploads import SizeLimitUploadHandler

# Editors paste bare addresses; read them as https (Django 6's default).
URL_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


TEXTAREA_ROWS = {"body": 24, "reliability_notes": 4}

# taggit's admin edits the plain Tag, whose slug is typed by hand in any script
# (and then breaks every topic link), and merges only taggit's generic links,
# which we do not use. Topics are edited here: the slug is always made for you.
admin.site.unregister(Tag)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    fields = ["name", "slug"]
    readonly_fields = ["slug"]


class SourceReferenceInline(admin.TabularInline):
    model = SourceReference
    formfield_overrides = URL_OVERRIDES
    fields = ["position", "title", "url"]
    extra = 0


class SourceVersionInline(admin.TabularInline):
    """Earlier texts are a record: shown, never edited here."""

    model = SourceVersion
    fields = ["replaced_at", "word_count", "fingerprint"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(StaleFormGuard, RevisionAdmin):
    snapshot_related = ["references"]
    list_display = [
        "title",
        "kind",
        "assessment",
        "publisher",
        "date_shown",
        "language",
        "word_count",
        "citation_count",
    ]
    list_filter = [
        "kind",
        "assessment",
        "quotations",
        "language",
        "date_status",
        "tags",
        "publisher",
    ]
    autocomplete_fields = ["derived_from"]
    search_fields = ["title", "publisher", "authors", "body"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = URL_OVERRIDES
    readonly_fields = [
        "word_count",
        "fingerprint",
        "created_at",
        "updated_at",
        "cited_by",
        "shared_material",
    ]
    fieldsets = [
        (
            _("Metadata"),
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "publisher",
                    "authors",
                    "url",
                    "archived_url",
                    "language",
                    "tags",
                ]
            },
        ),
        (
            _("Date"),
            {
                "fields": [
                    "date_status",
                    "published_on",
                    "published_precision",
                    "accessed_on",
                    "archived_on",
                ]
            },
        ),
        (_("Text"), {"fields": ["body", "word_count", "fingerprint"]}),
        (
            _("Assessment"),
            {
                "fields": ["assessment", "quotations", "derived_from"],
                "description": _(
                    "Readers see this beside every citation of the source. A copy counts as one "
                    "source with its original; its quotations are shown as “as quoted in”."
                ),
            },
        ),
        (
            _("Editorial"),
            {
                "fields": [
                    "reliability_notes",
                    "cited_by",
                    "shared_material",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [SourceReferenceInline, SourceVersionInline]
    # Explicit: with an aggregate annotation the model's Meta.ordering is not applied.
    ordering = ["title"]
    actions = ["find_shared_material"]
    list_per_page = 50
    save_on_top = True

    def get_deleted_objects(self, objs, request):
        """The delete page counts a source's passages (the finder's index) without listing each."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return _without_passages(deleted), counts, perms_needed, protected

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(citation_count=Count("citations", distinct=True))
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # What the new text did to the records that cite it, said at once to who saved it.
        for note in getattr(obj, "text_change_notes", ()):
            self.message_user(request, note, messages.WARNING)
        if not change or "body" in form.changed_data:
            # A new or edited text may now share material with other sources, or disagree
            # with them on a date or figure: a job compares it with the others, so saving
            # never waits for that.
            job = shared_material_start(sources=[obj], user=request.user)
            if not job.finished or job.status == job.Status.FAILED:
                self.message_user(request, *job_notice(job))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        # CSRF-exempt only until the upload limits are installed: the CSRF check reads the
        # body, so it runs inside bounded_import_view, after them (Django's documented way
        # to change upload handlers).
        view = self.admin_site.admin_view(csrf_exempt(self.bounded_import_view))
        return [path("import/", view, name="{}_{}_import".format(*info)), *super().get_urls()]

    def bounded_import_view(self, request):
        """Refuse an oversized upload before its body is read, then run the import view."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return csrf_protect(self.import_view)(request)
        size = _content_length(request)
        if size > MAX_REQUEST_BYTES:
            reason = _("The upload is too large (%(size)s; the limit is %(limit)s in all).") % {
                "size": format_size(size),
                "limit": format_size(MAX_REQUEST_BYTES),
            }
            return self._import_page(request, SourceImportForm(), refusal=reason, status=413)
        limits = SizeLimitUploadHandler(request)
        request.upload_handlers.insert(0, limits)
        try:
            request.FILES  # noqa: B018 -- read the body now, within the limits
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as error:
            return self._import_page(
                request, SourceImportForm(), refusal=_refusal_reason(error), status=413
            )
        return csrf_protect(self.import_view)(request, refused=limits.refused)

    def import_view(self, request, refused=()):
        """Upload files and import each in its own transaction; several (or a big one) as a job."""
        form = SourceImportForm(request.POST or None, request.FILES or None, refused=refused)
        results = [{"name": name, "outcome": "failed", "reason": why} for name, why in refused]
        job = None
        if request.method == "POST" and form.is_valid():
            files, dry_run = form.cleaned_data["files"], form.cleaned_data["dry_run"]
            may_update = self.has_change_permission(request)
            if len(files) == 1 and files[0].size <= settings.JOBS_INLINE_IMPORT_BYTES:
                # One small file: imported within the request, its result shown at once.
                upload = files[0]
                results.append(
                    source_import_upload(
                        name=upload.name,
                        data=upload.read(),
                        user=request.user,
                        dry_run=dry_run,
                        may_update=may_update,
                    )
                )
            else:
                # More work than a request should wait for: a job, whose page shows progress.
                job = import_start(
                    files=[(upload.name, upload.read()) for upload in files],
                    user=request.user,
                    dry_run=dry_run,
                    may_update=may_update,
                )
                if job.finished:
                    results += job.details
        return self._import_page(request, form, results=results, job=job)

    def _import_page(self, request, form, *, results=(), refusal="", status=200, job=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import sources from files"),
            "form": form,
            "results": results,
            "failed": sum(1 for r in results if r["outcome"] == "failed"),
            "refusal": refusal,
            "job": job,
            "job_notice": job_notice(job)[0] if job is not None else "",
        }
        return TemplateResponse(request, "admin/sources/source/import.html", context, status=status)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "title":
            # static/css/admin.css: a class, since the Content-Security-Policy refuses style="".
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} rnk-wide-title"
        elif db_field.name in TEXTAREA_ROWS:
            field.widget.attrs["rows"] = TEXTAREA_ROWS[db_field.name]
        elif db_field.name == "kind":
            # Asked for, never silently "other": the blank choice makes it a decision.
            field.choices = [("", "---------"), *db_field.choices]
        return field

    def get_changeform_initial_data(self, request):
        return {"kind": "", **super().get_changeform_initial_data(request)}

    @admin.action(
        description=_("Find shared material for the selected sources"), permissions=["change"]
    )
    def find_shared_material(self, request, queryset):
        job = shared_material_start(sources=queryset.only("pk"), user=request.user)
        self.message_user(request, *job_notice(job))

    @admin.display(description=_("publication date"), ordering="published_on")
    def date_shown(self, obj):
        return obj.date_display

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    @admin.display(description=_("cited by"))
    def cited_by(self, obj):
        """The passages other records quote from this source, each linking to its claim."""
        if obj.pk is None:
            return _("Nothing cites a source before it is saved.")
        citations = obj.citations.select_related("claim").order_by("start", "pk")
        rows = [
            (
                reverse(
                    admin_urlname(citation.claim._meta, "change"),
                    args=[citation.claim.pk],
                    current_app=self.admin_site.name,
                ),
                Truncator(str(citation.claim)).chars(120),
                Truncator(citation.quote).chars(300),
            )
            for citation in citations
        ]
        if not rows:
            return _("No claim cites this source yet.")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a><blockquote>“{}”</blockquote></li>',
            rows,
        )
        heading = ngettext(
            "%(count)d passage of this source is quoted:",
            "%(count)d passages of this source are quoted:",
            len(rows),
        ) % {"count": len(rows)}
        return format_html('<p>{}</p><ul class="cited-by">{}</ul>', heading, items)

    @admin.display(description=_("shares material with"))
    def shared_material(self, obj):
        """Other sources that copy, syndicate or closely paraphrase this one."""
        if obj.pk is None:
            return "—"
        rows = [
            (
                reverse(
                    admin_urlname(Source._meta, "change"),
                    args=[overlap.other(obj).pk],
                    current_app=self.admin_site.name,
                ),
                overlap.other(obj),
                overlap.get_kind_display(),
                f"{overlap.score:.0%}",
            )
            for overlap in SourceOverlap.objects.involving(obj).for_list()
        ]
        if not rows:
            return _("No other source is known to share material with this one.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li><a href="{}">{}</a> <small>({}, {})</small></li>', rows),
        )


@admin.register(SourceOverlap)
class SourceOverlapAdmin(admin.ModelAdmin):
    """Computed by "Find shared material"; a record to read, not to edit."""

    list_display = ["left", "right", "kind", "score_shown", "computed_at"]
    list_select_related = ["left", "right"]
    list_filter = ["kind"]
    search_fields = ["left__title", "right__title"]
    fields = ["left", "right", "kind", "score_shown", "aligned", "computed_at"]
    readonly_fields = fields
    list_per_page = 50

    def delete_model(self, request, obj):
        caching.sources_changed([obj.left_id, obj.right_id])
        super().delete_model(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_queryset(self, request, queryset):
        # A queryset's delete() skips SourceOverlap.delete(), which announces the change:
        # support is recounted, and the pages showing either source are stale.
        pairs = {pk for pair in queryset.values_list("left_id", "right_id") for pk in pair}
        super().delete_queryset(request, queryset)
        source_origins_changed.send(sender=SourceOverlap, source_ids=pairs)
        caching.sources_changed(pairs)

    @admin.display(description=_("score"), ordering="score")
    def score_shown(self, obj):
        return f"{obj.score:.0%}"

    @admin.display(description=_("aligned passages"))
    def aligned(self, obj):
        rows = [(p.get("left", ""), p.get("right", "")) for p in obj.passages]
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            obj.left,
            obj.right,
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
        )


@admin.register(SourceDisagreement)
class SourceDisagreementAdmin(admin.ModelAdmin):
    """
    The "sources disagree" report: found by the detector, judged by editors.

    Reading it needs the view permission on sources, judging a pair the change
    permission on sources: a verdict is part of assessing the evidence.
    """

    form = SourceDisagreementForm
    list_display = ["side_by_side", "kind", "verdict", "reviewed_by", "reviewed_at"]
    list_display_links = ["kind"]
    list_select_related = ["left", "right", "reviewed_by"]
    list_filter = ["verdict", "kind"]
    search_fields = ["left__title", "right__title", "left_passage", "right_passage"]
    fields = ["side_by_side", "kind", "verdict", "reviewed_by", "reviewed_at", "found_at"]
    readonly_fields = ["side_by_side", "kind", "reviewed_by", "reviewed_at", "found_at"]
    list_per_page = 25

    def has_view_permission(self, request, obj=None):
        user = request.user
        return user.has_perm("sources.view_source") or user.has_perm("sources.change_source")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("sources.change_source")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": _("Sources disagree"), **(extra_context or {})}
        )

    def save_model(self, request, obj, form, change):
        # Django's change view then logs the change in the object's history.
        disagreement_review(disagreement=obj, verdict=obj.verdict, user=request.user)

    @admin.display(description=_("the two passages"))
    def side_by_side(self, obj):
        cells = [
            (
                reverse(
                    admin_urlname(Source._meta, "change"),
                    args=[source.pk],
                    current_app=self.admin_site.name,
                ),
                source,
                source.url or "—",
                _highlighted(passage, value),
                value,
            )
            for source, passage, value in (
                (obj.left, obj.left_passage, obj.left_value),
                (obj.right, obj.right_passage, obj.right_value),
            )
        ]
        return format_html(
            '<table class="side-by-side"><tbody><tr>{}</tr></tbody></table>',
            format_html_join(
                "",
                '<td><p><a href="{}">{}</a><br><small>{}</small></p>'
                "<blockquote>{}</blockquote><p>{}: <strong>{}</strong></p></td>",
                (
                    (href, title, url, passage, _("value"), value)
                    for href, title, url, passage, value in cells
                ),
            ),
        )


def _highlighted(passage, value):
    """The passage with its differing value marked (escaped, the mark is not colour alone)."""
    before, found, after = passage.partition(value)
    if not found:
        return passage
    return format_html("{}<mark>{}</mark>{}", before, found, after)


def _without_passages(items):
    """A nested list of objects to delete (Django's) without the lines naming passages."""
    label = f"{str(Passage._meta.verbose_name).capitalize()}: "
    kept = []
    for item in items:
        if isinstance(item, list):
            kept.append(_without_passages(item))
        elif not str(item).startswith(label):
            kept.append(item)
    return [item for item in kept if item != []]


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refusal_reason(error):
    if isinstance(error, TooManyFieldsSent):
        return _("Too many form fields in one upload (at most %(count)s).") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(error, TooManyFilesSent):
        return _("Too many files in one upload (at most %(count)s): import them in batches.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    return _("The form fields are too large (at most %(limit)s besides the files).") % {
        "limit": format_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    }
