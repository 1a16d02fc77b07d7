"""The audit log: every editorial action with who and when, filterable, read only."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from sources.audit import ACTIONS, entries_for


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(key, verb) for key, verb in ACTIONS.items()]

    def queryset(self, request, queryset):
        if self.value() in ACTIONS:
            return entries_for(self.value(), queryset)
        return queryset


@admin.register(LogEntry)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["action_time", "user", "content_type", "object_repr", "message"]
    list_filter = [ActionFilter, "content_type", "user"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    ordering = ["-action_time"]
    list_per_page = 100

    @admin.display(description=_("what was done"))
    def message(self, obj):
        return obj.get_change_message()

    # A log is read, never written by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
