"""Writes that span models: publishing briefings, verifying claims."""

from django.db import transaction
from django.utils import timezone

from .models import Briefing, Claim


@transaction.atomic
def briefing_publish(*, briefing: Briefing, at=None) -> Briefing:
    """Publish ``briefing`` now, or at ``at`` (a future time schedules it)."""
    briefing.status = Briefing.Status.PUBLISHED
    briefing.published_at = at or briefing.published_at or timezone.now()
    briefing.full_clean()
    briefing.save(update_fields=["status", "published_at", "updated_at"])
    return briefing


@transaction.atomic
def briefing_unpublish(*, briefing: Briefing) -> Briefing:
    """Take ``briefing`` off the public site; it goes back to draft."""
    briefing.status = Briefing.Status.DRAFT
    briefing.full_clean()
    briefing.save(update_fields=["status", "updated_at"])
    return briefing


@transaction.atomic
def claims_verify(*, claims) -> int:
    """Mark ``claims`` verified when each has at least one citation; return how many changed."""
    changed = 0
    for claim in claims.prefetch_related("citations"):
        if claim.status == Claim.Status.VERIFIED or not claim.citations.all():
            continue
        claim.status = Claim.Status.VERIFIED
        claim.save(update_fields=["status", "updated_at"])
        changed += 1
    return changed
