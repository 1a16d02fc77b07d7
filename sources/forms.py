"""Forms for the sources admin, and the reader's choice of citation style."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .citation_styles import STYLES, get_style
from .importing import IMPORTABLE_SUFFIXES


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
