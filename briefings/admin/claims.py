"""Admin for claims and the citations that back them."""

from django.contrib import admin, messages
from django.db.models import Count, F, Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..corroboration import attach_support, claims_with_support
from ..models import Citation, Claim
from .common import SafeAutocompleteMixin, admin_change_url, anchor_preview, sized, topics_of


class HasEventDateFilter(admin.SimpleListFilter):
    title = _("has event date")
    parameter_name = "has_event_date"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(event_date__isnull=False)
        if self.value() == "no":
            return queryset.filter(event_date__isnull=True)
        return queryset


class EvidenceFilter(admin.SimpleListFilter):
    """The "needs evidence" queue: no citation, only broken ones, or a single source."""

    title = _("evidence")
    parameter_name = "evidence"

    def lookups(self, request, model_admin):
        return [
            ("needed", _("needs evidence (fewer than two independent sources)")),
            ("none", _("no usable citation")),
            ("corroborated", _("two or more independent sources")),
        ]

    def queryset(self, request, queryset):
        bounds = {"needed": (None, 1), "none": (None, 0), "corroborated": (2, None)}
        if self.value() not in bounds:
            return queryset
        at_least, at_most = bounds[self.value()]
        return claims_with_support(queryset, at_least=at_least, at_most=at_most)


class SourceChangedFilter(admin.SimpleListFilter):
    title = _("source text")
    parameter_name = "source_changed"

    def lookups(self, request, model_admin):
        return [("yes", _("changed since verified")), ("no", _("unchanged"))]

    def queryset(self, request, queryset):
        changed = ~Q(source_fingerprint=F("source__fingerprint"))
        if self.value() == "yes":
            return queryset.filter(changed)
        if self.value() == "no":
            return queryset.exclude(changed)
        return queryset


class CitationInline(SafeAutocompleteMixin, admin.StackedInline):
    model = Citation
    fields = [("source", "stance", "position"), "quote", "attribution", "anchor"]
    readonly_fields = ["anchor"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        # A new claim needs its first citation; an existing one has "Add another".
        return 1 if obj is None else 0

    @admin.display(description=_("where it sits"))
    def anchor(self, obj):
        return anchor_preview(obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return sized(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = [
        "statement_short",
        "status",
        "topics",
        "event_shown",
        "citation_count",
        "source_count",
        "independent_sources",
    ]
    list_filter = [EvidenceFilter, "status", "tags", "citations__source", HasEventDateFilter]
    search_fields = ["statement", "citations__quote", "citations__source__title"]
    readonly_fields = ["uid", "created_at", "updated_at", "appears_in"]
    fieldsets = [
        (None, {"fields": ["statement", "status", "tags"]}),
        (_("Event date"), {"fields": ["event_date", "event_precision"]}),
        (
            _("Editorial"),
            {"fields": ["editor_notes", "appears_in", "uid", "created_at", "updated_at"]},
        ),
    ]
    inlines = [CitationInline]
    ordering = ["-updated_at", "-id"]
    actions = ["mark_verified", "mark_draft"]
    list_per_page = 50
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                citation_count=Count("citations", distinct=True),
                source_count=Count("citations__source", distinct=True),
            )
            .prefetch_related("tags")
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return sized(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Two queries for the whole page, whatever its length.
        changelist.result_list = attach_support(list(changelist.result_list))
        return changelist

    @admin.display(description=_("independent sources"))
    def independent_sources(self, obj):
        return getattr(obj, "support", "—")

    @admin.display(description=_("statement"), ordering="statement")
    def statement_short(self, obj):
        return Truncator(obj.statement).chars(100)

    @admin.display(description=_("topics"))
    def topics(self, obj):
        return topics_of(obj)

    @admin.display(description=_("event date"), ordering="event_date")
    def event_shown(self, obj):
        return obj.event_display or "—"

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    @admin.display(description=_("sources"), ordering="source_count")
    def source_count(self, obj):
        return obj.source_count

    @admin.display(description=_("appears in"))
    def appears_in(self, obj):
        if obj.pk is None:
            return "—"
        entries = obj.entries.select_related("section__briefing").order_by(
            "section__briefing__title", "section__position"
        )
        rows = [
            (
                admin_change_url(entry.section.briefing, self.admin_site),
                entry.section.briefing,
                entry.section.briefing.get_status_display(),
                admin_change_url(entry.section, self.admin_site),
                entry.section,
            )
            for entry in entries
        ]
        if not rows:
            return _("No briefing uses this claim yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <small>({})</small> → section <a href="{}">{}</a></li>',
                rows,
            ),
        )

    @admin.action(description=_("Mark selected claims verified"), permissions=["change"])
    def mark_verified(self, request, queryset):
        selected = Claim.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
        uncited = selected.filter(citations__isnull=True).count()
        changed = services.claims_verify(claims=selected)
        self.message_user(
            request,
            ngettext(
                "%(count)d claim marked verified.",
                "%(count)d claims marked verified.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS if changed else messages.INFO,
        )
        if uncited:
            self.message_user(
                request,
                ngettext(
                    "%(count)d claim was skipped because it has no citation: "
                    "add a quoted passage first.",
                    "%(count)d claims were skipped because they have no citation: "
                    "add a quoted passage first.",
                    uncited,
                )
                % {"count": uncited},
                messages.WARNING,
            )

    @admin.action(description=_("Mark selected claims draft"), permissions=["change"])
    def mark_draft(self, request, queryset):
        changed = services.claims_mark_draft(claims=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d claim marked draft: readers no longer see it.",
                "%(count)d claims marked draft: readers no longer see them.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(Citation)
class CitationAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "source",
        "claim",
        "quote_short",
        "attribution",
        "stance",
        "anchor_status",
        "source_changed",
    ]
    list_select_related = ["source", "claim"]
    list_filter = ["anchor_status", SourceChangedFilter, "stance", "claim__status", "source"]
    actions = ["reverify"]
    search_fields = ["quote", "attribution", "claim__statement", "source__title"]
    autocomplete_fields = ["claim", "source"]
    readonly_fields = [
        "anchor",
        "anchor_status",
        "start",
        "end",
        "exact",
        "prefix",
        "suffix",
        "source_fingerprint",
        "uid",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["claim", "source", "quote", "attribution", "stance", "position"]}),
        (
            _("Anchor in the source's text"),
            {
                "fields": [
                    "anchor",
                    "anchor_status",
                    ("start", "end"),
                    "prefix",
                    "exact",
                    "suffix",
                    "source_fingerprint",
                ]
            },
        ),
        (_("Record"), {"fields": ["uid", "created_at", "updated_at"]}),
    ]
    list_per_page = 50

    @admin.display(description=_("quoted passage"), ordering="quote")
    def quote_short(self, obj):
        return Truncator(obj.quote).chars(80)

    @admin.display(description=_("where it sits"))
    def anchor(self, obj):
        return anchor_preview(obj)

    @admin.display(description=_("source changed since verified"), boolean=True)
    def source_changed(self, obj):
        return obj.source_changed_since_verified

    @admin.action(description=_("Verify again against the sources' current text"))
    def reverify(self, request, queryset):
        verified, broken = services.citations_reverify(citations=queryset)
        self.message_user(
            request,
            _("%(verified)d verified against the current text; %(broken)d broken.")
            % {"verified": verified, "broken": broken},
            messages.WARNING if broken else messages.SUCCESS,
        )

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        info = self.opts.app_label, self.opts.model_name
        return [path("report/", report, name="{}_{}_report".format(*info)), *super().get_urls()]

    def report_view(self, request):
        """Citations editors must look at: broken, re-anchored, or their source changed."""
        attention = (
            Citation.objects.filter(
                ~Q(anchor_status=Citation.AnchorStatus.VERIFIED)
                | ~Q(source_fingerprint=F("source__fingerprint"))
            )
            .select_related("source", "claim")
            .order_by("source__title", "anchor_status", "start")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Citations that need an editor"),
            "citations": attention,
        }
        return TemplateResponse(request, "admin/briefings/citation/report.html", context)
