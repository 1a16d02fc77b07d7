"""Admin for briefings and their sections."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..forms import BriefingAdminForm
from ..models import Briefing, Section, SectionClaim
from .common import SafeAutocompleteMixin, admin_change_url, local, sized, topics_of


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["position", "heading", "body", "claims_summary"]
    readonly_fields = ["claims_summary"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("entries"))

    @admin.display(description=_("claims"))
    def claims_summary(self, obj):
        if obj.pk is None:
            return _("Save first, then add claims.")
        return ngettext("%(count)d claim", "%(count)d claims", obj.claim_count) % {
            "count": obj.claim_count
        }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = sized(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)
        if db_field.name == "body":
            # Leave the row room for the claims column and the change link.
            field.widget.attrs["style"] = "width: 28em"
        return field


class BriefingStatusFilter(admin.SimpleListFilter):
    """Status as readers experience it: a published briefing in the future is scheduled."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("draft")),
            ("review", _("in review")),
            ("scheduled", _("scheduled")),
            ("live", _("published (live)")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Briefing.Status.PUBLISHED
        filters = {
            "draft": {"status": Briefing.Status.DRAFT},
            "review": {"status": Briefing.Status.REVIEW},
            "scheduled": {"status": published, "published_at__gt": now},
            "live": {"status": published, "published_at__lte": now},
        }
        if self.value() in filters:
            return queryset.filter(**filters[self.value()])
        return queryset


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    form = BriefingAdminForm
    list_display = ["title", "state", "published_at", "topics", "section_count"]
    list_filter = [BriefingStatusFilter, "tags"]
    date_hierarchy = "published_at"
    search_fields = ["title", "standfirst", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["authors"]
    readonly_fields = ["visibility", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "tags", "authors"]}),
        (_("Publication"), {"fields": ["status", "published_at", "visibility"]}),
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
        if obj.is_scheduled:
            return format_html(
                "<strong>{}</strong>",
                _("scheduled for %(time)s") % {"time": local(obj.published_at)},
            )
        if obj.is_public:
            return _("published")
        return format_html("<em>{}</em>", obj.get_status_display())

    @admin.display(description=_("readers"))
    def visibility(self, obj):
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

    @admin.action(description=_("Publish selected briefings"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for briefing in queryset:
            try:
                services.briefing_publish(briefing=briefing)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
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
        description=_("Unpublish selected briefings (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = 0
        for briefing in queryset.exclude(status=Briefing.Status.DRAFT):
            services.briefing_unpublish(briefing=briefing)
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
class SectionAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
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
        return super().get_queryset(request).annotate(claim_count=Count("entries"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description=_("back to"))
    def briefing_link(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', admin_change_url(obj.briefing, self.admin_site), obj.briefing
        )
