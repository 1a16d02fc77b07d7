"""Forms for the editors' admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Briefing
from .services import briefing_missing_passages


class BriefingAdminForm(forms.ModelForm):
    """Publishing from the form is held to the same check as the publish action."""

    class Meta:
        model = Briefing
        fields = [
            "title",
            "slug",
            "status",
            "published_at",
            "authors",
            "tags",
            "standfirst",
            "introduction",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") != Briefing.Status.PUBLISHED or self.instance.pk is None:
            return cleaned
        missing = briefing_missing_passages(briefing=self.instance)
        if missing:
            self.add_error(
                "status",
                ValidationError(
                    [_("This briefing cannot be published: some quoted passages are missing.")]
                    + [
                        _("“%(quote)s” is no longer in “%(source)s” (claim: %(claim)s).")
                        % {"quote": c.quote, "source": c.source, "claim": c.claim}
                        for c in missing
                    ],
                    code="broken_citations",
                ),
            )
        return cleaned
