"""Forms for the editors' admin, and the reader's choice of year on the timeline."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from sources.models import DatePrecision

from .models import Briefing, Claim

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


class CitationFormSet(BaseInlineFormSet):
    """A claim saved as verified keeps at least one citation found in its source."""

    def clean(self):
        super().clean()
        if self.instance.status != Claim.Status.VERIFIED or any(self.errors):
            return
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                _(
                    "A verified claim needs at least one citation whose passage is found in "
                    "its source. Add one, or set the status to “needs review”."
                ),
                code="verified_without_evidence",
            )


class TimelineWindowForm(forms.Form):
    """The year a reader jumps to on the timeline (``?year=``); anything else shows the start."""

    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=datetime.MINYEAR, max_value=datetime.MAXYEAR
    )

    def chosen(self):
        return self.cleaned_data["year"] if self.is_valid() else None
