"""The editorial layer: claims, the citations that back them, and briefings."""

import reversion

from .briefings import Briefing, BriefingQuerySet, Section, SectionClaim, TaggedBriefing
from .claims import Citation, Claim, ClaimQuerySet, TaggedClaim
from .history import BriefingUpdate, ClaimEvent

__all__ = [
    "Briefing",
    "BriefingUpdate",
    "ClaimEvent",
    "BriefingQuerySet",
    "Citation",
    "Claim",
    "ClaimQuerySet",
    "Section",
    "SectionClaim",
    "TaggedBriefing",
    "TaggedClaim",
]


# Revisions of the editorial text (django-reversion), registered with the models so that the
# admin's VersionAdmin finds them. Workflow state (status, publication time, review) is left
# out: reverting text must never publish, unpublish or verify anything.
reversion.register(Citation, exclude=["anchor_status"])
reversion.register(Claim, follow=["citations"], exclude=["status"])
reversion.register(SectionClaim)
reversion.register(Section, follow=["entries"])
reversion.register(
    Briefing,
    follow=["sections"],
    exclude=["status", "published_at", "review_note", "reviewed_by", "reviewed_at", "draft_of"],
)
