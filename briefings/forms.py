"""Forms for the editors' admin, and the reader's choice of year on the timeline."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from sources.finder import MAX_LIMIT
from sources.models import DatePrecision, Source

from .disagreements import verification_problems
from .models import Briefing, Citation, Claim, Section

# Statuses that state a reviewer's judgement of the evidence.
REVIEWER_STATUSES = {Claim.Status.VERIFIED, Claim.Status.DISPUTED, Claim.Status.RETRACTED}


class BriefingAdminForm(forms.ModelForm):
    """A briefing's text and metadata; its status moves only through the workflow steps."""

    class Meta:
        model = Briefing
        fields = ["title", "slug", "published_at", "authors", "tags", "standfirst", "introduction"]


class ClaimAdminForm(forms.ModelForm):
    """Only users with the verify permission may give a claim a reviewer's status."""

    may_verify = False  # set per request by ClaimAdmin.get_form

    class Meta:
        model = Claim
        fields = ["statement", "status", "tags", "event_date", "event_precision", "editor_notes"]

    def clean(self):
        cleaned = super().clean()
        # A full date typed with the precision left at its default means that day.
        date_typed = self.instance.pk is None or "event_date" in self.changed_data
        precision_left = "event_precision" not in self.changed_data
        if cleaned.get("event_date") and date_typed and precision_left:
            cleaned["event_precision"] = DatePrecision.DAY
        return cleaned

    def clean_status(self):
        status = self.cleaned_data["status"]
        unchanged = self.instance.pk is not None and status == self.instance.status
        if status in REVIEWER_STATUSES and not unchanged and not self.may_verify:
            raise ValidationError(
                _("Only reviewers may mark a claim “%(status)s”. Leave it as it is and ask one.")
                % {"status": Claim.Status(status).label},
                code="not_a_reviewer",
            )
        return status


class CitationAdminForm(forms.ModelForm):
    """A passage quoted from a source not in English comes with the editor's translation."""

    class Meta:
        model = Citation
        fields = ["source", "stance", "position", "quote", "translation", "attribution"]

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source is None or not cleaned.get("quote") or cleaned.get("translation", "").strip():
            return cleaned
        probe = Citation(source=source)
        if probe.needs_translation:
            self.add_error(
                "translation",
                ValidationError(
                    _(
                        "“%(source)s” is not in English (%(language)s): translate the passage "
                        "for readers; the original stays as quoted."
                    )
                    % {"source": source.title, "language": source.language},
                    code="translation_missing",
                ),
            )
        return cleaned


class CitationFormSet(BaseInlineFormSet):
    """
    A claim saved as verified keeps at least one citation found in its source; it becomes
    verified only when no disagreement about its dates or figures waits for an editor.
    """

    def clean(self):
        super().clean()
        if self.instance.status != Claim.Status.VERIFIED or any(self.errors):
            return
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if kept and self._becomes_verified():
            self._check_disagreements([form.instance for form in kept])
        if not kept:
            raise ValidationError(
                _(
                    "A verified claim needs at least one citation whose passage is found in "
                    "its source. Add one, or set the status to “needs review”."
                ),
                code="verified_without_evidence",
            )

    def _becomes_verified(self):
        claim = self.instance
        if claim.pk is None:
            return True
        return Claim.objects.filter(pk=claim.pk).values_list("status", flat=True).first() != (
            Claim.Status.VERIFIED
        )

    def _check_disagreements(self, citations):
        for citation in citations:
            citation.anchor()  # where the passage sits now: the edited quote, not the stored one
        problems = verification_problems(self.instance, citations)
        if problems:
            raise ValidationError(
                [ValidationError(problem, code="values_disagree") for problem in problems]
            )


class SectionAdminForm(forms.ModelForm):
    """A section belongs to a briefing that may still change: not to a published one."""

    class Meta:
        model = Section
        fields = ["briefing", "position", "heading", "body"]

    def clean_briefing(self):
        briefing = self.cleaned_data["briefing"]
        if briefing is not None and briefing.is_locked:
            raise forms.ValidationError(
                _(
                    "“%(title)s” is published: open it and choose “Edit a draft revision” to "
                    "change its sections."
                )
                % {"title": briefing.title},
                code="locked",
            )
        return briefing


# The largest key a database's big integer column can hold; a larger one is refused here.
MAX_KEY = 2**63 - 1


class EvidenceQueryForm(forms.Form):
    """What the evidence finder looks for: the claim's statement unless the editor rewords it."""

    q = forms.CharField(
        label=_("Look for passages that state"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )
    limit = forms.IntegerField(
        label=_("How many passages"), required=False, min_value=1, max_value=MAX_LIMIT
    )


class CitePassageForm(forms.Form):
    """One click on a found passage: its source and its exact words (checked on save)."""

    source = forms.IntegerField(min_value=1, max_value=MAX_KEY, widget=forms.HiddenInput)
    quote = forms.CharField(max_length=20000, strip=False, widget=forms.HiddenInput)
    q = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_source(self):
        source = Source.objects.filter(pk=self.cleaned_data["source"]).first()
        if source is None:
            raise ValidationError(_("that source no longer exists."), code="no_source")
        return source

    def problem(self):
        """Why an invalid form cites nothing, in the editor's words (not the fields')."""
        if self.has_error("source", "no_source"):
            return self.errors["source"][0]
        return _("the form did not name a passage of a source.")


class TimelineWindowForm(forms.Form):
    """The year a reader jumps to on the timeline (``?year=``); anything else shows the start."""

    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=datetime.MINYEAR, max_value=datetime.MAXYEAR
    )

    def chosen(self):
        return self.cleaned_data["year"] if self.is_valid() else None
