"""The editorial layer: claims, the citations that back them, and briefings."""

from .briefings import Briefing, BriefingQuerySet, Section, SectionClaim, TaggedBriefing
from .claims import Citation, Claim, ClaimQuerySet, TaggedClaim

__all__ = [
    "Briefing",
    "BriefingQuerySet",
    "Citation",
    "Claim",
    "ClaimQuerySet",
    "Section",
    "SectionClaim",
    "TaggedBriefing",
    "TaggedClaim",
]
