"""Forms for the sources admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from .importing import IMPORTABLE_SUFFIXES
from .models import Topic


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(sorted(IMPORTABLE_SUFFIXES))})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class SourceImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Plain text (.txt, .md) or web pages (.html). A text file may open with Title:, URL:, "
            "Publisher:, Author:, Published: and Language: lines ended by a line ---."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: report what would happen, store nothing"), required=False
    )


class TopicsField(TagField):
    """Comma-separated topic names, each no longer than a topic's name may be."""

    def clean(self, value):
        names = super().clean(value)
        limit = Topic._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise forms.ValidationError(
                _(
                    "A topic name may have at most %(limit)d characters; "
                    "“%(name)s…” has %(length)d."
                ),
                code="topic_too_long",
                params={"limit": limit, "name": too_long[0][:40], "length": len(too_long[0])},
            )
        return names
