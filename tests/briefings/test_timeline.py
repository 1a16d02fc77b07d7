"""The timeline: public dated claims by year, with honest dates and their citations."""

import re
from datetime import date

import pytest
from django.urls import reverse

from briefings.models import Claim
from briefings.timeline import chronological_key, partial_iso

URL = reverse("briefings:timeline")


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_timeline_lists_public_dated_claims_grouped_by_year(client, make_claim):
    """Verified and disputed dated claims appear under their year; undated ones do not."""
    make_claim(statement="Treaty signed.", event_date=date(1961, 7, 6), event_precision="day")
    make_claim(
        statement="Recognition disputed.",
        event_date=date(1990, 9, 30),
        event_precision="day",
        status=Claim.Status.DISPUTED,
    )
    make_claim(statement="Undated statement.")
    content = page(client)
    assert '<h2 id="year-1961"><time datetime="1961">1961</time>' in content
    assert '<h2 id="year-1990"><time datetime="1990">1990</time>' in content
    assert content.index("Treaty signed.") < content.index('id="year-1990"')
    assert content.index("Recognition disputed.") > content.index('id="year-1990"')
    assert "Undated statement." not in content


def test_timeline_never_shows_drafts(client, make_claim):
    """A dated draft is not on the timeline, not even as a year."""
    make_claim(statement="Secret draft.", event_date=date(1977, 1, 1), status=Claim.Status.DRAFT)
    content = page(client)
    assert "Secret draft." not in content
    assert "1977" not in content


def test_timeline_filters_by_topic_and_years(client, make_claim):
    """``?topic=`` keeps one topic's claims; ``from_year``/``to_year`` bound the years."""
    make_claim(statement="About trade.", tags=("trade",), event_date=date(2000, 1, 1))
    make_claim(statement="About energy.", tags=("energy",), event_date=date(2010, 1, 1))
    content = page(client, topic="trade")
    assert "About trade." in content and "About energy." not in content
    content = page(client, from_year=2005)
    assert "About energy." in content and "About trade." not in content
    content = page(client, to_year=2005)
    assert "About trade." in content and "About energy." not in content


def test_year_only_date_is_shown_as_the_year(client, make_claim):
    """A year-only event reads "1948" with datetime="1948", never "1 January 1948"."""
    make_claim(statement="DPRK founded.", event_date=date(1948, 1, 1), event_precision="year")
    content = page(client)
    assert '<time datetime="1948">1948</time> <span class="tl-precision">year only</span>' in (
        content
    )
    assert "1 January" not in content
    assert "1948-01-01" not in content


def test_month_precision_shows_the_month(client, make_claim):
    """A month event reads "September 1990" with datetime="1990-09"."""
    make_claim(statement="Recognition.", event_date=date(1990, 9, 1), event_precision="month")
    content = page(client)
    assert '<time datetime="1990-09">September 1990</time>' in content
    assert "1 September" not in content


def test_vaguer_dates_come_first_within_their_period(client, make_claim):
    """Year-only events open their year, month-only events open their month."""
    make_claim(statement="Day event.", event_date=date(1990, 9, 1), event_precision="day")
    make_claim(statement="Month event.", event_date=date(1990, 9, 15), event_precision="month")
    make_claim(statement="Year event.", event_date=date(1990, 6, 1), event_precision="year")
    make_claim(statement="January event.", event_date=date(1990, 1, 2), event_precision="day")
    content = page(client)
    positions = [
        content.index(text)
        for text in ("Year event.", "January event.", "Month event.", "Day event.")
    ]
    assert positions == sorted(positions)


def test_each_event_links_to_its_claim_and_its_citations(client, make_claim, make_source):
    """The statement links to the claim page; markers lead to notes that link to the passage."""
    source = make_source(title="Archive report")
    claim = make_claim(statement="Linked event.", event_date=date(2001, 1, 1), source=source)
    citation = claim.citations.get()
    content = page(client)
    assert f'href="{claim.get_absolute_url()}">Linked event.</a>' in content
    assert '<a href="#fn-1" id="ref-1" aria-label="Note 1">[1]</a>' in content
    assert 'id="fn-1"' in content
    assert f'href="{citation.get_absolute_url()}"' in content
    assert "Archive report" in content


def test_timeline_overview_chart_has_text_alternative(client, make_claim):
    """The overview SVG is an image named by its title and described by its desc."""
    make_claim(event_date=date(2014, 1, 1))
    make_claim(event_date=date(2019, 1, 1))
    content = page(client)
    svg = re.search(r"<svg .*?</svg>", content, re.S).group(0)
    assert 'role="img"' in svg
    assert "<title" in svg and "2 dated claims, from 2014 to 2019" in svg


def test_empty_timeline_says_so(client, db):
    """With no dated public claims the page says so instead of drawing an empty chart."""
    content = page(client)
    assert "No dated claims" in content and "<svg" not in content


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("year", "1948"), ("month", "1948-09"), ("day", "1948-09-09")],
)
def test_partial_iso_matches_precision(precision, expected):
    """The datetime attribute says no more than the precision allows."""
    assert partial_iso(date(1948, 9, 9), precision) == expected


def test_chronological_key_orders_year_month_day():
    """Within 1990: year-only, then January's day, then September (month before its days)."""
    events = [
        (date(1990, 9, 30), "day"),
        (date(1990, 9, 1), "month"),
        (date(1990, 1, 5), "day"),
        (date(1990, 12, 31), "year"),
        (date(1989, 12, 31), "day"),
    ]
    ordered = sorted(events, key=lambda e: chronological_key(*e))
    assert ordered == [
        (date(1989, 12, 31), "day"),
        (date(1990, 12, 31), "year"),
        (date(1990, 1, 5), "day"),
        (date(1990, 9, 1), "month"),
        (date(1990, 9, 30), "day"),
    ]
