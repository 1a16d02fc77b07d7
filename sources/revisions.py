"""
Revisions in the admin (django-reversion): who changed what, side by side, and revert.

``RevisionAdmin`` is reversion's ``VersionAdmin`` plus a "what changed" page
for each revision, comparing it with the one before, and a revert that
refuses cleanly (with the editor's message) when a model refuses the old data.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from .audit import audit
from .diffing import word_diff


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:  # a field since removed from the model
        return name


def field_changes(model, before, after):
    """Rows ``(label, parts)`` for the fields whose values differ (parts from ``word_diff``)."""
    rows = []
    for name in after:
        old, new = before.get(name), after.get(name)
        if old != new:
            rows.append((_label(model, name), word_diff(_text(old), _text(new))))
    return rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _versions_by_object(revision):
    return {(v.content_type_id, v.object_id): v for v in revision.version_set.all()}


def revision_changes(version, previous):
    """Everything a revision changed against the one before: the object and followed rows."""
    rows = []
    before_all = _versions_by_object(previous.revision) if previous else {}
    now_all = _versions_by_object(version.revision)
    for key, current in sorted(now_all.items(), key=str):
        model = current._model
        old = before_all.get(key)
        before = old.field_dict if old else {}
        changes = field_changes(model, before, current.field_dict)
        if changes:
            title = f"{model._meta.verbose_name.capitalize()}: {current.object_repr}"
            rows.append({"title": title, "fields": changes, "added": old is None})
    for key, old in before_all.items():
        if key not in now_all:
            title = f"{old._model._meta.verbose_name.capitalize()}: {old.object_repr}"
            rows.append({"title": title, "fields": [], "removed": True})
    return rows


class RevisionAdmin(VersionAdmin):
    history_latest_first = True
    # Django's per-model template lookup (admin/<app>/<model>/change_list.html), whose
    # templates extend reversion's, rather than reversion's fixed template name.
    change_list_template = None

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.changes_view)
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                view,
                name="{}_{}_changes".format(*info),
            ),
            *super().get_urls(),
        ]

    def changes_view(self, request, object_id, version_id):
        """The side-by-side differences between a revision and the one before it."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = list(Version.objects.get_for_object(obj).select_related("revision__user"))
        version = next((v for v in versions if v.pk == version_id), None)
        if version is None:
            raise PermissionDenied
        older = [v for v in versions if v.revision.date_created < version.revision.date_created]
        previous = older[0] if older else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": _("What changed in this revision"),
            "version": version,
            "previous": previous,
            "changes": revision_changes(version, previous),
            "revert_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_revision",
                args=[obj.pk, version.pk],
            ),
            "has_change_permission": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/revision_changes.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Revert, refused with the model's own message when the old data no longer holds."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            response = super().revision_view(request, object_id, version_id, extra_context)
        except ValidationError as error:
            for text in error.messages:
                self.message_user(request, _("Cannot revert: %s") % text, messages.ERROR)
            info = self.opts.app_label, self.opts.model_name
            return redirect(reverse("admin:{}_{}_history".format(*info), args=[object_id]))
        if request.method == "POST" and response.status_code == 302:
            version = Version.objects.get(pk=version_id)
            when = date_format(localtime(version.revision.date_created), "DATETIME_FORMAT")
            audit(user=request.user, obj=version.object, action="revert", detail=f"to {when}")
        return response
