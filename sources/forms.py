"""Forms for the sources admin, and the reader's choice of citation style."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from .citation_styles import STYLES, get_style
from .importing import IMPORTABLE_SUFFIXES, MAX_FILE_BYTES, MAX_REQUEST_BYTES, format_size
from .models import SourceDisagreement, Topic


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
        items = data if isinstance(data, list | tuple) else [data] if data else []
        if not items and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [single(item, initial) for item in items]


class SourceImportForm(forms.Form):
    # Empty files are allowed here so that each is reported by name with the import's
    # reason ("empty file") while the others import, as import_sources does.
    files = MultipleFileField(
        label=_("Files"),
        allow_empty_file=True,
        help_text=format_lazy(
            _(
                "Plain text (.txt, .md) or web pages (.html), in UTF-8 (or UTF-16 with a "
                "byte-order mark), at most {file} each and {request} in all. A text file may "
                "open with Title:, URL:, Publisher:, Author:, Published: and Language: lines "
                "ended by a line ---."
            ),
            file=format_size(MAX_FILE_BYTES),
            request=format_size(MAX_REQUEST_BYTES),
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: report what would happen, store nothing"), required=False
    )

    def __init__(self, *args, refused=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Files refused while the upload was read are reported as results; none left is fine.
        if refused:
            self.fields["files"].required = False


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


class CitationStyleForm(forms.Form):
    """The reader's choice of citation style (``?style=``); anything off the list falls back."""

    style = forms.ChoiceField(
        label=_("Citation style"),
        choices=[(style.key, style.label) for style in STYLES.values()],
        required=False,
    )

    def chosen(self):
        """The chosen :class:`CitationStyle`, or the default style when none or an unknown one."""
        return get_style(self.cleaned_data["style"] if self.is_valid() else None)


class SourceDisagreementForm(forms.ModelForm):
    """An editor's verdict on two passages that disagree: the only thing typed in."""

    class Meta:
        model = SourceDisagreement
        fields = ["verdict"]
        widgets = {"verdict": forms.RadioSelect}
