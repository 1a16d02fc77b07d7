"""A small public graph, with a draft, scheduled or in-review twin beside each public item."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from briefings.models import Briefing, Citation, Claim
from sources.models import Source, SourceOverlap

DRAFT_STATEMENT = "A draft claim nobody may read yet."
EDITOR_NOTE = "Internal: check this with the desk."


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def content(make_source, make_claim, make_briefing):
    """Public and unpublished items, by name."""
    news = make_source(
        title="Trade report",
        kind=Source.Kind.NEWS,
        publisher="Daily Example",
        url="https://example.org/trade",
        published_on=date(2019, 5, 1),
        published_precision="month",
        date_status=Source.DateStatus.KNOWN,
        assessment=Source.Assessment.ORIGINAL,
        quotations=Source.Quotations.RELIABLE,
    )
    news.tags.add("trade")
    paper = make_source(title="Undated paper", kind=Source.Kind.PAPER)
    copy = make_source(
        title="Syndicated copy",
        kind=Source.Kind.NEWS,
        assessment=Source.Assessment.COPY,
        derived_from=news,
    )
    verified = make_claim(
        source=news,
        statement="Sanctions shaped trade.",
        event_date=date(1948, 9, 9),
        event_precision="year",
        editor_notes=EDITOR_NOTE,
    )
    # The report and its syndicated copy share one origin: one independent source.
    Citation.objects.create(
        claim=verified, source=copy, quote="international sanctions", position=1
    )
    left, right = sorted([news, copy], key=lambda source: source.pk)
    SourceOverlap.objects.create(left=left, right=right, kind="syndicated", score=0.9)
    disputed = make_claim(
        source=paper, status=Claim.Status.DISPUTED, tags=("trade",), statement="Trade grew."
    )
    draft = make_claim(
        source=news, status=Claim.Status.DRAFT, tags=("secret-topic",), statement=DRAFT_STATEMENT
    )
    public = make_briefing(
        title="Public briefing", claims=[verified, draft, disputed], sections=2, tags=("trade",)
    )
    unpublished = [
        make_briefing(title="Draft briefing", status=Briefing.Status.DRAFT, tags=("secret-topic",)),
        make_briefing(title="Briefing in review", status=Briefing.Status.REVIEW),
        make_briefing(title="Scheduled briefing", published_at=timezone.now() + timedelta(days=3)),
    ]
    return {
        "news": news,
        "paper": paper,
        "copy": copy,
        "verified": verified,
        "disputed": disputed,
        "draft": draft,
        "public": public,
        "unpublished": unpublished,
    }
