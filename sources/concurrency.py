"""
Stale-form protection for the admin: an old form never overwrites a newer save.

The change form carries a signed snapshot of the object (and the inline rows
it edits) as they were when the page was loaded. On save the snapshot is
compared with the database; if anyone saved in between, the form is refused
with what the other person changed, and nothing is written.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SALT = "rnk.admin.snapshot"
FIELD = "loaded_snapshot"
SKIPPED = {"updated_at"}  # bumped by every save; what matters is what changed


def _row(obj):
    return {
        field.attname: field.value_to_string(obj)
        for field in obj._meta.concrete_fields
        if field.attname not in SKIPPED
    }


def snapshot(obj, related=()):
    """Field values of ``obj`` and of its ``related`` rows (reverse accessors), as strings."""
    data = {"fields": _row(obj)}
    for name in related:
        data[name] = {str(row.pk): _row(row) for row in getattr(obj, name).all()}
    return data


def describe_changes(loaded, current, opts):
    """Sentences for an editor: what changed between ``loaded`` and ``current``."""
    lines = []
    for attname, value in current["fields"].items():
        before = loaded["fields"].get(attname)
        if before != value:
            lines.append(
                _("%(field)s is now “%(new)s” (it was “%(old)s” when you opened the page).")
                % {
                    "field": _label(opts, attname),
                    "new": Truncator(value).chars(120),
                    "old": Truncator(before or "").chars(120),
                }
            )
    for name in sorted(set(current) - {"fields"}):
        lines += _describe_rows(name, loaded.get(name, {}), current[name])
    return lines


def _label(opts, attname):
    for field in opts.concrete_fields:
        if field.attname == attname:
            return str(field.verbose_name).capitalize()
    return attname


def _describe_rows(name, loaded, current):
    added = len(set(current) - set(loaded))
    removed = len(set(loaded) - set(current))
    changed = sum(1 for pk in set(current) & set(loaded) if current[pk] != loaded[pk])
    parts = []
    if added:
        parts.append(ngettext("%(n)d added", "%(n)d added", added) % {"n": added})
    if changed:
        parts.append(ngettext("%(n)d changed", "%(n)d changed", changed) % {"n": changed})
    if removed:
        parts.append(ngettext("%(n)d removed", "%(n)d removed", removed) % {"n": removed})
    if not parts:
        return []
    return [
        _("%(rows)s: %(what)s.")
        % {"rows": name.replace("_", " ").capitalize(), "what": ", ".join(parts)}
    ]


class SnapshotForm(forms.ModelForm):
    """A ModelForm refused when the object changed since the page was loaded."""

    snapshot_related = ()
    loaded_snapshot = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            loaded = snapshot(self.instance, self.snapshot_related)
            self.fields[FIELD].initial = signing.dumps(loaded, salt=SALT, compress=True)

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get(FIELD)
        if self.instance.pk is None or not token:
            return cleaned
        try:
            loaded = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            raise ValidationError(
                _("This form could not be checked against the saved version: reload the page."),
                code="bad_snapshot",
            ) from None
        saved = type(self.instance)._default_manager.get(pk=self.instance.pk)
        current = snapshot(saved, self.snapshot_related)
        if loaded != current:
            raise ValidationError(
                [
                    _(
                        "Someone else saved this %(model)s after you opened it. Nothing was "
                        "saved. Their changes are below; reload the page to see them, then "
                        "make your edits again."
                    )
                    % {"model": self.instance._meta.verbose_name}
                ]
                + describe_changes(loaded, current, self.instance._meta),
                code="stale_form",
            )
        return cleaned


class StaleFormGuard:
    """
    ModelAdmin mixin: change forms carry the snapshot and refuse a stale save.

    ``snapshot_related`` names the reverse accessors of the inline rows edited
    on the same page (e.g. a claim's ``citations``).
    """

    snapshot_related = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        guarded = type(
            f"Guarded{self.form.__name__}",
            (SnapshotForm, self.form),
            {"snapshot_related": tuple(self.snapshot_related), "__module__": __name__},
        )
        kwargs.setdefault("form", guarded)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        if obj is not None and fieldsets:
            first = fieldsets[0][1]
            first["fields"] = [*first["fields"], FIELD]
        return fieldsets
