"""
The figures behind the charts on the home, topic and timeline pages.

Each ``*_years`` function runs one aggregate query; the ``*_chart`` functions
turn the figures into :class:`sources.charts.Chart` objects and write the
sentence that describes each chart to readers who cannot see it.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse

from rnk_site import pagecache
from sources.charts import Bar, bar_chart, year_chart
from sources.models import Source

from .models import Citation, Claim

TOPIC_BARS = 15


@dataclass
class YearCounts:
    """How many items fall in each year (``{year: (total, estimated)}``), and how many have none."""

    years: dict = field(default_factory=dict)
    unknown: int = 0

    @property
    def total(self):
        return self.unknown + sum(total for total, _ in self.years.values())

    @property
    def estimated(self):
        return sum(part for _, part in self.years.values())

    def between(self, first=None, last=None):
        """The counts of the years from ``first`` to ``last`` (either open), without the undated."""
        return YearCounts(
            years={
                year: counts
                for year, counts in self.years.items()
                if (first is None or year >= first) and (last is None or year <= last)
            }
        )


def _plural(count, singular, plural=None):
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def source_years(sources):
    """Sources of ``sources`` per year of publication, estimated dates counted apart (one query)."""
    counts = YearCounts()
    rows = (
        sources.order_by()
        .prefetch_related(None)
        .values("date_status", year=ExtractYear("published_on"))
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["year"] is None or row["date_status"] == Source.DateStatus.UNKNOWN:
            counts.unknown += row["n"]
            continue
        estimated = row["n"] if row["date_status"] == Source.DateStatus.ESTIMATED else 0
        total, part = counts.years.get(row["year"], (0, 0))
        counts.years[row["year"]] = (total + row["n"], part + estimated)
    return counts


def cited_sources(claims):
    """The public sources that ``claims`` cite, each once."""
    return Source.objects.published().filter(
        pk__in=Citation.objects.filter(claim__in=claims).values("source_id")
    )


def claim_years(claims):
    """Claims of ``claims`` per year of the event, undated ones counted apart (one query)."""
    counts = YearCounts()
    rows = (
        claims.order_by()
        .prefetch_related(None)
        .values(year=ExtractYear("event_date"))
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["year"] is None:
            counts.unknown += row["n"]
        else:
            counts.years[row["year"]] = (row["n"], 0)
    return counts


def public_claim_count():
    """How many public claims there are (the home page), once per change."""
    return pagecache.listing_memo("claims:count", lambda: Claim.objects.published().count())


def public_source_years():
    """Public sources per year of publication, with their total (home), once per change."""
    return pagecache.listing_memo("sources:years", lambda: source_years(Source.objects.published()))


def topic_claims(topic):
    """The claims a topic's page is assembled from: its public, verified claims."""
    return Claim.objects.published().verified().filter(tags=topic)


def topic_figures_by_year(topic):
    """A topic's verified claims per year of the event, and the sources they cite per year."""

    def compute():
        claims = topic_claims(topic)
        return claim_years(claims), source_years(cited_sources(claims))

    return pagecache.listing_memo(f"topic:{topic.pk}", compute)


def timeline_years(topic=None, first=None, last=None):
    """Dated public claims per year of the event (of one topic), from ``first`` to ``last``."""

    def compute():
        claims = Claim.objects.published().filter(event_date__isnull=False)
        return claim_years(claims if topic is None else claims.filter(tags=topic))

    counts = pagecache.listing_memo(f"timeline:{topic.pk if topic else 'all'}", compute)
    return counts.between(first, last)


def _span(counts):
    first, last = min(counts.years), max(counts.years)
    peak = max(sorted(counts.years), key=lambda year: counts.years[year][0])
    span = f"in {first}" if first == last else f"from {first} to {last}"
    return f"{span}, most in {peak} ({counts.years[peak][0]})"


def sources_chart(counts, *, chart_id, title):
    """Sources per year of publication, estimated dates hatched, unknown dates set apart."""
    parts = [_plural(counts.total, "source")]
    if counts.years:
        parts.append(f"dated {_span(counts)}")
    if counts.estimated:
        parts.append(f"{_plural(counts.estimated, 'date')} estimated")
    if counts.unknown:
        parts.append(f"{counts.unknown} with no known date")
    return year_chart(
        counts.years,
        chart_id=chart_id,
        title=title,
        summary="; ".join(parts) + ".",
        headers=("Year of publication", "Sources"),
        unknown=counts.unknown,
        unknown_label="unknown",
        part_label="of which estimated",
    )


def claims_year_chart(counts, *, chart_id, title, undated_label="undated"):
    """Claims per year of the event, undated claims set apart."""
    parts = [_plural(counts.total, "claim")]
    if counts.years:
        parts.append(f"dated {_span(counts)}")
    if counts.unknown:
        parts.append(f"{counts.unknown} {undated_label}")
    return year_chart(
        counts.years,
        chart_id=chart_id,
        title=title,
        summary="; ".join(parts) + ".",
        headers=("Year of the event", "Claims"),
        unknown=counts.unknown,
        unknown_label=undated_label,
    )


def topics_chart(topics, *, chart_id="chart-topics", title="Claims per topic"):
    """Horizontal bars of public claims per topic (``topic_figures()`` rows), most first."""
    ranked = sorted(
        (topic for topic in topics if topic.claim_count),
        key=lambda topic: (-topic.claim_count, topic.name.lower()),
    )
    shown = ranked[:TOPIC_BARS]
    summary = f"{_plural(len(ranked), 'topic')} with claims"
    if shown:
        summary += f"; most: {shown[0].name} ({_plural(shown[0].claim_count, 'claim')})"
    if len(ranked) > len(shown):
        summary += f"; the {len(shown)} largest are shown"
    bars = [
        Bar(
            label=topic.name,
            value=topic.claim_count,
            href=reverse("briefings:topic_detail", args=[topic.slug]),
        )
        for topic in shown
    ]
    return bar_chart(
        bars, chart_id=chart_id, title=title, summary=summary + ".", headers=("Topic", "Claims")
    )


def timeline_chart(counts):
    """The timeline's overview: its dated claims per year (a :class:`YearCounts`)."""
    summary = f"{_plural(counts.total, 'dated claim')}"
    if counts.years:
        summary += f", {_span(counts)}. The year index below leads to each year"
    return year_chart(
        counts.years,
        chart_id="chart-timeline",
        title="Dated claims per year",
        summary=summary + ".",
        headers=("Year", "Claims"),
    )
