"""
The citation apparatus shared by briefings and topic pages, as plain functions.

Markers are numbered through the whole document in order of appearance; a
citation that appears again keeps its first number. The bibliography lists
each distinct source once, in order of first citation.
"""

from dataclasses import dataclass, field


@dataclass
class Footnote:
    number: int
    citation: object
    uses: int = 0
    # Contradictions editors confirmed for the passage (briefings.disagreements).
    differences: list = field(default_factory=list)

    @property
    def marker_id(self):
        return f"ref-{self.number}"

    @property
    def note_id(self):
        return f"fn-{self.number}"


@dataclass(frozen=True)
class Marker:
    """One appearance of a footnote's number in the text."""

    footnote: object
    element_id: str

    @property
    def number(self):
        return self.footnote.number


@dataclass
class Entry:
    """A claim as it appears in the document, with its citation markers."""

    claim: object
    markers: list = field(default_factory=list)


@dataclass
class Apparatus:
    entries: list
    footnotes: list
    bibliography: list


def _mark(footnote):
    # The first appearance carries the id the footnote links back to.
    footnote.uses += 1
    suffix = "" if footnote.uses == 1 else f"-{footnote.uses}"
    return Marker(footnote=footnote, element_id=f"{footnote.marker_id}{suffix}")


def number_citations(claims):
    """
    Number the citations of ``claims`` (citations already fetched, in order).

    Returns an :class:`Apparatus` whose ``entries`` line up with ``claims``.
    """
    numbers = {}
    footnotes = []
    sources = {}
    entries = []
    for claim in claims:
        entry = Entry(claim=claim)
        for citation in claim.citations.all():
            if citation.pk not in numbers:
                numbers[citation.pk] = Footnote(number=len(footnotes) + 1, citation=citation)
                footnotes.append(numbers[citation.pk])
                sources.setdefault(citation.source_id, citation.source)
            entry.markers.append(_mark(numbers[citation.pk]))
        entries.append(entry)
    return Apparatus(entries=entries, footnotes=footnotes, bibliography=list(sources.values()))
