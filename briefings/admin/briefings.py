"""Admin for briefings and their sections."""

import nested_admin
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sources.audit import audit
from sources.concurrency import StaleFormGuard
from sources.revisions import RevisionAdmin

from .. import services
from ..forms import BriefingAdminForm, SectionAdminForm
from ..models import Briefing, Section, SectionClaim
from .common import (
    SafeAutocompleteMixin,
    admin_change_url,
    local,
    sized,
    status_and_support,
    topics_of,
)


class LockedWithBriefing:
    """Inline rows of a published briefing are read-only: it changes through a draft revision."""

    @staticmethod
    def _locked(obj):
        briefing = obj if isinstance(obj, Briefing) else getattr(obj, "briefing", None)
        return briefing is not None and briefing.is_locked

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class SectionClaimComposerInline(
    LockedWithBriefing, SafeAutocompleteMixin, nested_admin.NestedTabularInline
):
    """A section's claims, in order, inside the briefing's page (drag to reorder)."""

    model = SectionClaim
    fields = ["claim", "evidence", "position"]
    readonly_fields = ["evidence"]
    autocomplete_fields = ["claim"]
    sortable_field_name = "position"
    extra = 0
    verbose_name = _("claim")
    verbose_name_plural = _("claims, in reading order")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")

    @admin.display(description=_("status and support"))
    def evidence(self, obj):
        if obj.pk is None:
            return "—"
        return status_and_support(obj.claim)


class SectionFormSet(nested_admin.formsets.NestedInlineFormSet):
    """Sections swap places without tripping over their unique positions on the way."""

    def save(self, commit=True):
        moved = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk is not None
            and "position" in form.changed_data
            and not self._should_delete_form(form)
        ]
        if commit and moved:
            # Out of the way first (positions are unique per briefing), then saved in place.
            Section.objects.filter(pk__in=moved).update(position=F("position") + POSITION_PARKING)
        return super().save(commit)


POSITION_PARKING = 1_000_000


class SectionInline(LockedWithBriefing, nested_admin.NestedStackedInline):
    """The briefing's sections, each with its ordered claims: a briefing is composed on one page."""

    model = Section
    formset = SectionFormSet
    fields = [("heading", "position"), "body"]
    inlines = [SectionClaimComposerInline]
    sortable_field_name = "position"
    show_change_link = False
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return sized(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)


class BriefingStatusFilter(admin.SimpleListFilter):
    """Status as readers experience it: a published briefing in the future is scheduled."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("draft")),
            ("review", _("in review")),
            ("approved", _("approved, to publish")),
            ("scheduled", _("scheduled")),
            ("live", _("published (live)")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Briefing.Status.PUBLISHED
        filters = {
            "draft": {"status": Briefing.Status.DRAFT},
            "review": {"status": Briefing.Status.REVIEW},
            "approved": {"status": Briefing.Status.APPROVED},
            "scheduled": {"status": published, "published_at__gt": now},
            "live": {"status": published, "published_at__lte": now},
        }
        if self.value() in filters:
            return queryset.filter(**filters[self.value()])
        return queryset


# Each workflow step: the permission it needs, the service it calls, what it says when done.
WORKFLOW_STEPS = {
    "submit": ("change", _("Submitted for review.")),
    "approve": ("review", _("Approved: a publisher can now publish it.")),
    "reject": ("review", _("Sent back to draft with your comment.")),
    "publish": ("publish", _("Published (a future publication time schedules it).")),
    "unpublish": ("publish", _("Taken off the site and returned to draft.")),
    "revise": (
        "edit",
        _("This is the draft revision: readers see the live briefing until it is published."),
    ),
}


def run_step(step, *, briefing, user, note):
    """Call the service for ``step``; services refuse a step the briefing's state forbids."""
    if step == "submit":
        return services.briefing_submit(briefing=briefing)
    if step == "approve":
        return services.briefing_approve(briefing=briefing, user=user, note=note)
    if step == "reject":
        return services.briefing_reject(briefing=briefing, user=user, note=note)
    if step == "publish":
        return services.briefing_publish(briefing=briefing, note=note, user=user)
    if step == "revise":
        return services.briefing_start_revision(briefing=briefing)
    return services.briefing_unpublish(briefing=briefing)


@admin.register(Briefing)
class BriefingAdmin(
    nested_admin.NestedModelAdminMixin, SafeAutocompleteMixin, StaleFormGuard, RevisionAdmin
):
    form = BriefingAdminForm
    snapshot_related = ["sections", "claim_entries"]
    list_display = ["title", "state", "published_at", "topics", "section_count"]
    list_filter = [BriefingStatusFilter, "tags"]
    date_hierarchy = "published_at"
    search_fields = ["title", "standfirst", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["authors"]
    readonly_fields = [
        "status",
        "visibility",
        "review_note",
        "reviewed_by",
        "reviewed_at",
        "revision_of",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "tags", "authors"]}),
        (_("Publication"), {"fields": ["status", "published_at", "visibility", "revision_of"]}),
        (_("Review"), {"fields": ["review_note", "reviewed_by", "reviewed_at"]}),
        (_("Text"), {"fields": ["standfirst", "introduction"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [SectionInline]
    ordering = ["-published_at", "-created_at"]
    actions = ["publish", "unpublish"]
    list_per_page = 50
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(section_count=Count("sections", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        if obj.draft_of_id is not None:
            return format_html("<em>{}</em>", _("draft revision of a published briefing"))
        if obj.is_scheduled:
            return format_html(
                "<strong>{}</strong>",
                _("scheduled for %(time)s") % {"time": local(obj.published_at)},
            )
        if obj.is_public:
            return _("published")
        return format_html("<em>{}</em>", obj.get_status_display())

    @admin.display(description=_("draft revision of"))
    def revision_of(self, obj):
        if obj.draft_of_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', admin_change_url(obj.draft_of, self.admin_site), obj.draft_of
        )

    @admin.display(description=_("readers"))
    def visibility(self, obj):
        if obj.draft_of_id is not None:
            return _(
                "A draft revision: readers see the live briefing until this is published, "
                "which replaces the live text, sections and claims."
            )
        if obj.is_public:
            return _("Visible to readers since %(time)s.") % {"time": local(obj.published_at)}
        if obj.is_scheduled:
            return _("Scheduled: readers see it from %(time)s.") % {"time": local(obj.published_at)}
        return _("Not visible to readers. Staff can preview it with “View on site”.")

    @admin.display(description=_("topics"))
    def topics(self, obj):
        return topics_of(obj)

    @admin.display(description=_("sections"), ordering="section_count")
    def section_count(self, obj):
        return obj.section_count

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return sized(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)

    def has_edit_permission(self, request, obj=None):
        """May write briefings (a published one only through its draft revision)."""
        return super().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        # A published briefing is never edited in place: readers would see every save.
        # Its edits go to a draft revision (the "revise" step).
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_review_permission(self, request, obj=None):
        return request.user.has_perm("briefings.review_briefing")

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("briefings.publish_briefing")

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.draft_of_id is not None:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.draft_of_id is not None:
            # A draft revision publishes under its live briefing's address and time.
            readonly += ["slug", "published_at", "revision_of"]
        # Scheduling is publishing: only publishers set the publication time.
        if not self.has_publish_permission(request, obj):
            readonly.append("published_at")
        return readonly

    def workflow_steps(self, request, obj):
        """The steps this user may take on ``obj`` in its current state."""
        allowed = {
            Briefing.Status.DRAFT: ["submit", "publish"],
            Briefing.Status.REVIEW: ["approve", "reject", "publish"],
            Briefing.Status.APPROVED: ["reject", "publish"],
            Briefing.Status.PUBLISHED: ["revise", "unpublish"],
        }[obj.status]
        return [
            step
            for step in allowed
            if getattr(self, f"has_{WORKFLOW_STEPS[step][0]}_permission")(request, obj)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_steps"] = self.workflow_steps(request, obj)
        # Each claim row's chooser shows the claim it holds without looking it up again.
        forms = [
            form
            for inline in context.get("inline_admin_formsets", ())
            for nested in _nested_formsets(inline.formset)
            for form in nested.initial_forms
        ]
        for form in forms:
            widget = form.fields["claim"].widget  # the admin wraps it with its +/✎ links
            getattr(widget, "widget", widget).known = {
                str(form.instance.claim_id): form.instance.claim
            }
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.workflow_view)
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/workflow/<slug:step>/",
                view,
                name="{}_{}_workflow".format(*info),
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, step):
        """One step of the review flow, by POST only, with its permission checked here."""
        if step not in WORKFLOW_STEPS:
            raise PermissionDenied
        briefing = get_object_or_404(Briefing, pk=object_id)
        permission = getattr(self, f"has_{WORKFLOW_STEPS[step][0]}_permission")
        if request.method != "POST" or not permission(request, briefing):
            raise PermissionDenied
        note = request.POST.get("note", "")
        try:
            # Publishing a draft revision, or starting one, leads to another briefing.
            result = run_step(step, briefing=briefing, user=request.user, note=note)
        except ValidationError as error:
            for text in error.messages:
                self.message_user(request, text, messages.ERROR)
            result = briefing
        else:
            self.message_user(request, WORKFLOW_STEPS[step][1], messages.SUCCESS)
            audit(user=request.user, obj=result, action=step, detail=note)
        return redirect(admin_change_url(result, self.admin_site))

    @admin.action(description=_("Publish selected briefings"), permissions=["publish"])
    def publish(self, request, queryset):
        published = 0
        for briefing in queryset:
            try:
                services.briefing_publish(briefing=briefing)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                audit(user=request.user, obj=briefing, action="publish")
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d briefing published (a future publication time schedules it).",
                    "%(count)d briefings published (a future publication time schedules them).",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Unpublish selected briefings (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        count = 0
        for briefing in queryset.exclude(status=Briefing.Status.DRAFT):
            services.briefing_unpublish(briefing=briefing)
            audit(user=request.user, obj=briefing, action="unpublish")
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d briefing taken off the site and returned to draft.",
                "%(count)d briefings taken off the site and returned to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class SectionClaimInline(SafeAutocompleteMixin, admin.TabularInline):
    model = SectionClaim
    fields = ["position", "claim", "claim_status"]
    readonly_fields = ["claim_status"]
    autocomplete_fields = ["claim"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")

    @admin.display(description=_("claim status"))
    def claim_status(self, obj):
        if obj.pk is None:
            return "—"
        return obj.claim.get_status_display()


@admin.register(Section)
class SectionAdmin(SafeAutocompleteMixin, StaleFormGuard, RevisionAdmin):
    form = SectionAdminForm
    snapshot_related = ["entries"]
    list_display = ["heading", "briefing", "position", "claim_count"]
    list_select_related = ["briefing"]
    list_filter = ["briefing__status", "briefing"]
    search_fields = ["heading", "body", "briefing__title"]
    autocomplete_fields = ["briefing"]
    fields = ["briefing", "briefing_link", "position", "heading", "body"]
    readonly_fields = ["briefing_link"]
    inlines = [SectionClaimInline]
    ordering = ["briefing", "position", "id"]
    list_per_page = 50
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("briefing")
            .annotate(claim_count=Count("entries"))
        )

    def has_change_permission(self, request, obj=None):
        # The sections of a published briefing change through its draft revision.
        if obj is not None and obj.briefing.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.briefing.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    def _back_to_briefing(self, request, obj, response):
        # A section is edited as part of its briefing: "Save" returns there.
        if any(key in request.POST for key in ("_continue", "_addanother", "_popup")):
            return response
        return redirect(admin_change_url(obj.briefing, self.admin_site))

    def response_change(self, request, obj):
        return self._back_to_briefing(request, obj, super().response_change(request, obj))

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._back_to_briefing(request, obj, response)

    @admin.display(description=_("back to"))
    def briefing_link(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', admin_change_url(obj.briefing, self.admin_site), obj.briefing
        )


def _nested_formsets(formset):
    """The claim formsets nested in a section formset's forms."""
    for form in formset.forms:
        yield from getattr(form, "nested_formsets", ())
