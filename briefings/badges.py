"""
The badges beside a claim: its status, whether it is contested, its support and what it rests on.

Each badge names the anchor of its definition on the methodology page and
carries a short explanation, so a reader never has to guess what "Verified"
means. Plain functions over a claim whose citations (with their sources) and
``support`` are already loaded: no queries.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from sources.models import Source

from .models import Citation, Claim

STATUS = {
    Claim.Status.VERIFIED: (
        _("Verified"),
        _("the quoted passages were checked against the sources’ text; this is not a fact-check"),
    ),
    Claim.Status.REVIEW: (
        _("Needs review"),
        _("its last checked passage is gone from the source; the editors are rechecking it"),
    ),
    Claim.Status.DISPUTED: (
        _("Disputed"),
        _("the editors doubt the claim or its source; read the evidence"),
    ),
    Claim.Status.RETRACTED: (
        _("Retracted"),
        _("withdrawn by the editors and kept for the record"),
    ),
    Claim.Status.DRAFT: (_("Draft claim"), _("not published; only editors can see it")),
}

#: What a claim rests on when none of its supporting sources is original reporting, an
#: official statement or an analysis: the label says so beside the claim.
BASIS = {
    Source.Assessment.OPINION: (
        _("Rests on opinion"),
        _("an author’s view, reported as such"),
    ),
    Source.Assessment.SECONDARY: (
        _("Rests on a secondary summary"),
        _("a summary of others’ reports, with no reporting of its own"),
    ),
    Source.Assessment.COPY: (
        _("Rests on a copy"),
        _("a copy of another document, not a first-hand account"),
    ),
    Source.Assessment.REWORDED: (
        _("Rests on a machine-reworded copy"),
        _("its wording, names and quotations were altered by machine"),
    ),
    Source.Assessment.UNASSESSED: (
        _("Rests on an unassessed source"),
        _("the editors have not yet assessed the source"),
    ),
}


@dataclass(frozen=True)
class Badge:
    anchor: str  # the fragment id of its definition on the methodology page
    label: str
    explanation: str
    css: str


@dataclass
class ClaimBadges:
    status: list = field(default_factory=list)
    support: list = field(default_factory=list)

    @property
    def all(self):
        return [*self.status, *self.support]

    @property
    def compact(self):
        """For lists: a plain "Verified" goes without saying, everything else is shown."""
        return [badge for badge in self.all if badge.anchor != "status-verified"]


def supporting_sources(claim):
    """The sources of the claim's usable supporting citations (from prefetched citations)."""
    return [
        citation.source
        for citation in claim.citations.all()
        if citation.stance == Citation.Stance.SUPPORTS and not citation.is_broken
    ]


# Badges are immutable: each distinct one is translated once per language and process,
# not once per claim on a page (a timeline window renders a hundred of them).


def basis_badges(sources):
    """What the claim rests on, when no supporting source is a first-hand or analytic one."""
    return list(_basis_badges(frozenset(source.assessment for source in sources), get_language()))


@lru_cache(maxsize=256)
def _basis_badges(assessments, language):
    if not assessments or not assessments <= BASIS.keys():
        return ()
    return tuple(
        Badge(f"source-{value}", str(label), str(explanation), f"basis basis--{value}")
        for value, (label, explanation) in BASIS.items()
        if value in assessments
    )


def support_badge(support):
    return _support_badge(support, get_language())


@lru_cache(maxsize=256)
def _support_badge(support, language):
    if support >= 2:
        label = ngettext("%(n)d independent source", "%(n)d independent sources", support) % {
            "n": support
        }
        return Badge(
            "independent-sources",
            label,
            str(_("sources that copy or share material with one another count once")),
            "support support--many",
        )
    if support == 1:
        return Badge(
            "single-source",
            str(_("Single source")),
            str(_("only one independent source supports the claim")),
            "support support--single",
        )
    return Badge(
        "no-supporting-source",
        str(_("No supporting source")),
        str(_("no usable passage supports the claim")),
        "support support--none",
    )


def claim_badges(claim):
    """The claim's badges; ``claim.support`` must be attached (``attach_support``)."""
    basis = basis_badges(supporting_sources(claim))
    support = claim.support
    # Checked quotes from one source, or from opinion, are not an established fact.
    qualified = claim.status == Claim.Status.VERIFIED and bool(basis or support < 2)
    badges = ClaimBadges(status=[_status_badge(claim.status, qualified, get_language())])
    if claim.is_contested:
        badges.status.append(_contested_badge(get_language()))
    badges.support = [support_badge(support), *basis]
    return badges


@lru_cache(maxsize=64)
def _status_badge(status, qualified, language):
    label, explanation = STATUS[status]
    css = f"status status--{status}" + (" status--qualified" if qualified else "")
    return Badge(f"status-{status}", str(label), str(explanation), css)


@lru_cache(maxsize=16)
def _contested_badge(language):
    return Badge(
        "contested",
        str(_("Contested")),
        str(_("a cited passage contradicts the claim")),
        "status status--disputed",
    )
