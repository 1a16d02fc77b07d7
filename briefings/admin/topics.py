"""Topics (django-taggit tags) in the admin, without taggit's unguarded merge view."""

from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

# taggit's own TagAdmin adds a "merge tags" view with no permission check, which merges
# only taggit's generic TaggedItem (not our claim, briefing and source topics). Replace it.
admin.site.unregister(Tag)


@admin.register(Tag)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = TaggitTagAdmin.prepopulated_fields
