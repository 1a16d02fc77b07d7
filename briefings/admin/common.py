"""Helpers shared by the editorial admin pages."""

from django import forms
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

PREVIEW_CHARS = 40
# Long-form fields get room; short ones stay short.
TEXTAREA_ROWS = {"statement": 3, "editor_notes": 3, "quote": 3, "standfirst": 2, "body": 4}


def sized(field, db_field):
    """Give a form field's widget the height its content usually needs."""
    if field is not None and db_field.name in TEXTAREA_ROWS:
        field.widget.attrs["rows"] = TEXTAREA_ROWS[db_field.name]
    return field


def admin_change_url(obj, admin_site):
    return reverse(admin_urlname(obj._meta, "change"), args=[obj.pk], current_app=admin_site.name)


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def topics_of(obj):
    """Topic names from the prefetched tags (no query per row)."""
    return ", ".join(sorted(tag.name for tag in obj.tags.all()))


def status_and_support(claim):
    """A claim's status and stored number of independent sources, for choosing it."""
    support = claim.independent_support
    return _("%(status)s · %(support)s") % {
        "status": claim.get_status_display(),
        "support": ngettext("%(n)d independent source", "%(n)d independent sources", support)
        % {"n": support},
    }


def anchor_preview(citation):
    """Where a citation's passage sits: offsets, then the passage in its context."""
    if citation.pk is None:
        return _("Located in the source when saved.")
    return format_html(
        "<small>{status} · characters {start}–{end}</small><br>"
        "…{prefix}<mark>{exact}</mark>{suffix}…",
        status=citation.get_anchor_status_display(),
        start=citation.start,
        end=citation.end,
        prefix=citation.prefix[-PREVIEW_CHARS:],
        exact=Truncator(citation.exact).chars(200),
        suffix=citation.suffix[:PREVIEW_CHARS],
    )


class KeyCheckingAutocompleteSelect(AutocompleteSelect):
    """
    Django's autocomplete, which redisplays a refused form without looking up a value no key
    could be: Django would pass it to the database and fail (a 500) on a crafted post.
    """

    # Objects the page already holds, by key: rows of an inline list them so that each row's
    # select does not look its own choice up again (one query per row otherwise).
    known = None

    def optgroups(self, name, value, attr=None):
        value = [v for v in value if self._could_be_key(v)]
        known = self.known or {}
        if value and all(str(v) in known for v in value):
            return self._known_optgroups(name, value, known)
        return super().optgroups(name, value, attr)

    def _known_optgroups(self, name, value, known):
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for v in value:
            label = self.choices.field.label_from_instance(known[str(v)])
            default[1].append(self.create_option(name, v, label, {str(v)}, len(default[1])))
        return [default]

    def _could_be_key(self, value):
        return could_be_key(self.field.target_field, value)


def could_be_key(key_field, value):
    """Whether ``value`` could be a key of ``key_field``: its type, then the database's range."""
    try:
        key_field.run_validators(key_field.to_python(value))
    except ValidationError:
        return False
    return True


class KeyCheckingMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a value no key could be before the database sees it (SQLite overflows: a 500)."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        key_field = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for item in value:
            if not could_be_key(key_field, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class SafeAutocompleteMixin:
    """Keys checked before a lookup: :class:`KeyCheckingAutocompleteSelect` for the
    ``autocomplete_fields``, :class:`KeyCheckingMultipleChoiceField` for many-to-many fields."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeyCheckingMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyCheckingAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
