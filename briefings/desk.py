"""The editor's desk on the admin home: what waits for whom, with counts and links."""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import Job

from .corroboration import claims_with_support
from .models import Briefing, Citation, Claim

RECENT = 5
# Failed jobs stay on the desk this long (their pages keep the error for good).
FAILED_JOBS_SHOWN = timedelta(days=7)


@dataclass(frozen=True)
class Tray:
    """One row of the desk: a label, how many items wait, where to see them."""

    label: str
    count: int
    url: str
    items: tuple = ()


def _changelist(model, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def _briefing_trays(user):
    trays = []
    if user.has_perm("briefings.view_briefing"):
        mine = Briefing.objects.filter(status=Briefing.Status.DRAFT, authors=user)
        trays.append(Tray(_("My drafts"), mine.count(), _changelist(Briefing, state="draft")))
    if user.has_perm("briefings.review_briefing"):
        waiting = Briefing.objects.filter(status=Briefing.Status.REVIEW)
        trays.append(
            Tray(_("Waiting for review"), waiting.count(), _changelist(Briefing, state="review"))
        )
    if user.has_perm("briefings.publish_briefing"):
        approved = Briefing.objects.filter(status=Briefing.Status.APPROVED)
        trays.append(
            Tray(
                _("Approved, to publish"),
                approved.count(),
                _changelist(Briefing, state="approved"),
            )
        )
    if user.has_perm("briefings.view_briefing"):
        recent = tuple(Briefing.objects.published().order_by("-published_at")[:RECENT])
        trays.append(
            Tray(_("Recently published"), len(recent), _changelist(Briefing, state="live"), recent)
        )
    return trays


def _evidence_trays(user):
    if not user.has_perm("briefings.view_claim"):
        return []
    trays = [
        Tray(
            _("Claims that need review"),
            Claim.objects.filter(status=Claim.Status.REVIEW).count(),
            _changelist(Claim, status__exact=Claim.Status.REVIEW),
        ),
        Tray(
            _("Claims that need evidence"),
            claims_with_support(Claim.objects.published(), at_most=1).count(),
            _changelist(Claim, evidence="needed"),
        ),
    ]
    if user.has_perm("briefings.view_citation"):
        trays.append(
            Tray(
                _("Citations that need an editor"),
                Citation.objects.needing_attention().count(),
                reverse("admin:briefings_citation_report"),
            )
        )
    return trays


def _job_trays(user):
    if not user.has_perm("jobs.view_job"):
        return []
    failed = Job.objects.failed_since(timezone.now() - FAILED_JOBS_SHOWN)
    return [
        Tray(
            _("Background jobs under way"),
            Job.objects.unfinished().count(),
            _changelist(Job, status__in="queued,running"),
        ),
        Tray(
            _("Background jobs that failed this week"),
            failed.count(),
            _changelist(Job, status__exact=Job.Status.FAILED),
        ),
    ]


def desk(user):
    """The trays ``user`` may see: briefings, then the evidence queues, then the jobs."""
    return _briefing_trays(user) + _evidence_trays(user) + _job_trays(user)
