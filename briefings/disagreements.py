"""
Where a claim's evidence disagrees: cited passages that other sources contradict,
and statements whose date or figure a cited passage does not bear out.

The detection of disagreeing passages is the sources app's
(``sources.disagreement``, ``SourceDisagreement``); this module relates its
pairs to claims and citations, in one query for any number of them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sources.disagreement import DATE, Value, conflicting_values, find_values
from sources.models import DatePrecision, SourceDisagreement

from .models import Citation


def cites(citation, source_id, start, end, value):
    """The citation quotes the part of a passage that holds ``value``."""
    return (
        citation.source_id == source_id
        and citation.start < end
        and start < citation.end
        and value in citation.exact
    )


def cited_pairs(citations, pairs):
    """``(citation, pair, side)`` for each citation quoting one side of a pair (0 left, 1 right)."""
    return [
        (citation, pair, side)
        for pair in pairs
        for side, passage in enumerate(pair.sides)
        for citation in citations
        if cites(citation, *passage)
    ]


def _pairs(queryset, citations):
    source_ids = {citation.source_id for citation in citations}
    if not source_ids:
        return []
    return list(queryset.involving(source_ids).select_related("left", "right"))


def event_value(claim):
    """The claim's event date as a value, only as precise as it is known."""
    when = claim.event_date
    if when is None:
        return None
    month = when.month if claim.event_precision != DatePrecision.YEAR else None
    day = when.day if claim.event_precision == DatePrecision.DAY else None
    return Value(DATE, claim.event_display, 0, 0, year=when.year, month=month, day=day)


def stated_values(claim):
    """The dates and figures a claim states, with its event date."""
    values = find_values(claim.statement or "")
    event = event_value(claim)
    if event is not None and not any(
        value.kind == DATE
        and (value.year, value.month, value.day) == (event.year, event.month, event.day)
        for value in values
    ):
        values.append(event)
    return values


def statement_conflicts(claim, citations):
    """``(citation, stated value, passage value)`` where a supporting passage says otherwise."""
    stated = stated_values(claim)
    if not stated:
        return []
    return [
        (citation, mine, theirs)
        for citation in citations
        if citation.stance == Citation.Stance.SUPPORTS
        for mine, theirs in conflicting_values(stated, find_values(citation.exact))
    ]


def unreviewed_pairs(citations):
    """The pairs awaiting a verdict in which any of ``citations``' sources takes part."""
    return _pairs(SourceDisagreement.objects.unreviewed(), citations)


def verification_problems(claim, citations, *, pairs=None) -> list[str]:
    """
    Why ``claim`` may not be verified yet with ``citations`` (anchored), for the editor.

    A cited passage in an unreviewed pair of disagreeing sources waits for an
    editor's verdict; a supporting passage whose date or figure differs from
    the statement's must be corrected or cited otherwise. ``pairs`` (from
    :func:`unreviewed_pairs`) saves the query when many claims are checked.
    """
    problems = []
    pairs = unreviewed_pairs(citations) if pairs is None else pairs
    for _citation, pair, side in cited_pairs(citations, pairs):
        mine, other = (pair.left, pair.right)[side], (pair.right, pair.left)[side]
        values = (pair.left_value, pair.right_value)
        problems.append(
            _(
                "The cited passage of “%(source)s” gives %(value)s where “%(other)s” gives "
                "%(other_value)s: judge this pair in the report of sources that disagree "
                "before verifying the claim."
            )
            % {
                "source": mine,
                "value": values[side],
                "other": other,
                "other_value": values[1 - side],
            }
        )
    for citation, mine, theirs in statement_conflicts(claim, citations):
        problems.append(
            _(
                "The claim states %(stated)s but the passage it cites from “%(source)s” gives "
                "%(given)s: correct the statement, or cite the passage as context or as "
                "contradicting the claim."
            )
            % {"stated": mine.text, "source": citation.source, "given": theirs.text}
        )
    return list(dict.fromkeys(problems))


@dataclass(frozen=True)
class Difference:
    """What readers are told: this source gives one value, that source another."""

    source: object
    value: str
    other_source: object
    other_value: str


def attach_differences(footnotes):
    """
    Give each footnote the contradictions editors confirmed for its passage (one query).

    ``footnote.differences`` lists :class:`Difference` objects, empty for most.
    """
    citations = [note.citation for note in footnotes]
    for note in footnotes:
        note.differences = []
    by_citation = {note.citation.pk: note for note in footnotes}
    pairs = _pairs(SourceDisagreement.objects.contradictions(), citations)
    for citation, pair, side in cited_pairs(citations, pairs):
        sources, values = (pair.left, pair.right), (pair.left_value, pair.right_value)
        by_citation[citation.pk].differences.append(
            Difference(sources[side], values[side], sources[1 - side], values[1 - side])
        )
    return footnotes
