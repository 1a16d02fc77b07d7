"""
The timeline's order and grouping, as plain functions of already-fetched claims.

Within a year, events known only to the year come first, then each month:
events known only to the month before the days of that month. So a vague
date is never placed as if it were the first day of its period.
"""

from dataclasses import dataclass, field

from sources.models import DatePrecision

PRECISION_NOTES = {
    DatePrecision.YEAR: "year only",
    DatePrecision.MONTH: "month only",
    DatePrecision.DAY: "",
}


def partial_iso(value, precision):
    """The ``datetime`` attribute for a date known to ``precision``: 1948, 1990-09, 1990-09-12."""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def chronological_key(date, precision, tiebreak=0):
    """Sort key: year, then year-only first, then month, month-only first, then day."""
    if precision == DatePrecision.YEAR:
        return (date.year, 0, 0, 0, 0, tiebreak)
    if precision == DatePrecision.MONTH:
        return (date.year, 1, date.month, 0, 0, tiebreak)
    return (date.year, 1, date.month, 1, date.day, tiebreak)


@dataclass
class Event:
    """A numbered claim (an ``Entry`` of the citation apparatus) placed on the timeline."""

    entry: object

    @property
    def claim(self):
        return self.entry.claim

    @property
    def precision(self):
        return self.claim.event_precision

    @property
    def iso(self):
        return partial_iso(self.claim.event_date, self.precision)

    @property
    def precision_note(self):
        return PRECISION_NOTES.get(self.precision, "")


@dataclass
class Year:
    year: int
    events: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"year-{self.year}"


def in_timeline_order(claims):
    """Dated claims sorted for the timeline (undated ones are left out)."""
    dated = [claim for claim in claims if claim.event_date is not None]
    return sorted(
        dated, key=lambda c: chronological_key(c.event_date, c.event_precision, c.pk or 0)
    )


def group_by_year(entries):
    """Consecutive entries (already in timeline order) grouped into :class:`Year` objects."""
    years = []
    for entry in entries:
        year = entry.claim.event_date.year
        if not years or years[-1].year != year:
            years.append(Year(year=year))
        years[-1].events.append(Event(entry=entry))
    return years


def year_windows(counts, limit):
    """
    Consecutive years packed into windows of at most ``limit`` events, as (first, last) years.

    ``counts`` maps each year to its number of events. A window holds whole years;
    a year with more than ``limit`` events is a window of its own (paged within).
    """
    windows, first, last, size = [], None, None, 0
    for year in sorted(counts):
        if first is not None and size + counts[year] > limit:
            windows.append((first, last))
            first, size = None, 0
        if first is None:
            first = year
        last, size = year, size + counts[year]
    if first is not None:
        windows.append((first, last))
    return windows


def window_of(windows, year):
    """The index of the window holding ``year``, else of the first after it, else the last."""
    if year is None:
        return 0
    for index, (_, last) in enumerate(windows):
        if year <= last:
            return index
    return max(len(windows) - 1, 0)
