"""Claims, citations and briefings: verification, protection, visibility."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from briefings import services
from briefings.models import Briefing, Citation, Claim
from sources.models import Source
from sources.text import normalize

pytestmark = pytest.mark.django_db


def test_citation_records_where_its_quote_sits(make_claim, make_source):
    """Saving a citation stores offsets, the exact words and their context."""
    source = make_source()
    claim = make_claim(source=source, quote="influenced by  international\nsanctions")
    citation = claim.citations.get()
    assert source.body[citation.start : citation.end] == citation.exact
    assert citation.exact == "influenced by international sanctions"
    assert normalize(citation.exact) == normalize(citation.quote)
    assert citation.prefix.endswith("often ")
    assert citation.suffix.startswith(". Labour")
    assert citation.source_fingerprint == source.fingerprint
    assert citation.is_verified


def test_straight_quotes_match_typographic_ones(make_claim, make_source):
    """An editor's straight apostrophe matches the source's curly one."""
    source = make_source()
    claim = make_claim(source=source, quote="Democratic People's Republic of Korea")
    assert claim.citations.get().exact == "Democratic People’s Republic of Korea"


def test_quote_not_in_source_is_refused_with_a_clear_message(make_claim, make_source):
    """A citation whose quote is not in its source cannot be saved."""
    source = make_source(title="The Article")
    claim = make_claim(quote=None)
    citation = Citation(claim=claim, source=source, quote="Russia forgave all of the debt")
    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()
    message = excinfo.value.message_dict["quote"][0]
    assert "does not occur in “The Article”" in message
    with pytest.raises(ValidationError):
        citation.save()
    assert not Citation.objects.exists()


def test_cited_source_cannot_be_deleted(make_claim, make_source):
    source = make_source()
    make_claim(source=source)
    with pytest.raises(ProtectedError):
        source.delete()
    assert Source.objects.filter(pk=source.pk).exists()


def test_claim_used_by_a_briefing_cannot_be_deleted(make_claim, make_briefing):
    claim = make_claim()
    make_briefing(claims=[claim])
    with pytest.raises(ProtectedError):
        claim.delete()


def test_unused_claim_can_be_deleted_with_its_citations(make_claim):
    claim = make_claim()
    claim.delete()
    assert not Citation.objects.exists()


def test_published_means_published_and_due(make_briefing):
    """Drafts, briefings in review and scheduled briefings are not published."""
    public = make_briefing(title="Public")
    make_briefing(title="Draft", status=Briefing.Status.DRAFT)
    make_briefing(title="Review", status=Briefing.Status.REVIEW)
    scheduled = make_briefing(title="Later", published_at=timezone.now() + timedelta(hours=1))
    assert list(Briefing.objects.published()) == [public]
    assert scheduled.is_scheduled and not scheduled.is_public


def test_draft_claims_are_not_published(make_claim):
    verified = make_claim(status=Claim.Status.VERIFIED)
    retracted = make_claim(status=Claim.Status.RETRACTED)
    make_claim(status=Claim.Status.DRAFT)
    assert set(Claim.objects.published()) == {verified, retracted}


def test_briefing_slug_from_non_latin_title(make_briefing):
    assert make_briefing(title="Россия и КНДР: торговля").slug == "rossiia-i-kndr-torgovlia"


def test_publish_and_unpublish_services(make_briefing, make_claim):
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    services.briefing_publish(briefing=briefing)
    assert Briefing.objects.published().filter(pk=briefing.pk).exists()
    services.briefing_unpublish(briefing=briefing)
    assert not Briefing.objects.published().filter(pk=briefing.pk).exists()


def test_publishing_at_a_future_time_schedules(make_briefing, make_claim):
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    services.briefing_publish(briefing=briefing, at=timezone.now() + timedelta(days=1))
    assert briefing.is_scheduled
    assert not Briefing.objects.published().exists()


def test_verify_skips_claims_without_citations(make_claim):
    cited = make_claim(status=Claim.Status.DRAFT)
    uncited = make_claim(status=Claim.Status.DRAFT, quote=None)
    changed, refused, held = services.claims_verify(claims=Claim.objects.all())
    assert held == []
    assert changed == [cited]
    assert refused == [uncited]
    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert cited.status == Claim.Status.VERIFIED
    assert uncited.status == Claim.Status.DRAFT


def test_claim_event_date_respects_precision(make_claim):
    claim = make_claim(event_date=timezone.datetime(1948, 1, 1).date(), event_precision="year")
    assert claim.event_display == "1948"


def test_a_near_miss_quote_offers_the_sources_own_passage(make_source):
    """One wrong character: the error shows the closest passage, in the source's characters."""
    from django.core.exceptions import ValidationError

    from briefings.models import Citation, Claim

    source = make_source()
    claim = Claim.objects.create(statement="Trade fluctuated.")
    citation = Citation(claim=claim, source=source, quote="Trade between Russia and North Korae")
    try:
        citation.full_clean()
    except ValidationError as error:
        message = " ".join(error.message_dict["quote"])
    else:
        raise AssertionError("a quote that is not in the source was accepted")
    assert "does not occur" in message
    assert "The closest passage in the source is: “Trade between Russia and North Korea”" in message


def test_a_quote_far_from_anything_offers_no_passage(make_source):
    from django.core.exceptions import ValidationError

    from briefings.models import Citation, Claim

    citation = Citation(
        claim=Claim.objects.create(statement="x"),
        source=make_source(),
        quote="Completely unrelated words about the weather on Mars today",
    )
    try:
        citation.full_clean()
    except ValidationError as error:
        assert "closest passage" not in " ".join(error.message_dict["quote"])
