"""When a source's text changes: versions kept, citations re-anchored or marked broken."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings import services
from briefings.models import Briefing, Citation, Claim
from sources.models import Source

pytestmark = pytest.mark.django_db

TEXT = (
    "Opening paragraph. In 2014, Russia forgave 90% of the DPRK’s det, and agreed for the "
    "remainder to be paid over a 20 year period. Labour migration is a unique facet. Closing."
)


@pytest.fixture
def source(make_source):
    return make_source(title="Debt article", body=TEXT)


def cite(make_claim, source, quote):
    return make_claim(source=source, quote=quote).citations.get()


def test_editing_the_text_keeps_the_previous_version(source):
    source.body = TEXT + " Added paragraph."
    source.save()
    version = source.versions.get()
    assert version.body == TEXT
    assert version.fingerprint != source.fingerprint


def test_saving_without_a_text_change_keeps_no_version(source):
    source.title = "Renamed"
    source.save()
    assert not source.versions.exists()


def test_added_paragraph_moves_the_anchor_to_the_same_words(make_claim, source):
    """Text added before a passage shifts its offsets; the quoted words stay the same."""
    citation = cite(make_claim, source, "Labour migration is a unique facet")
    source.body = "A new first paragraph.\n\n" + TEXT
    source.save()
    citation.refresh_from_db()
    assert citation.anchor_status == Citation.AnchorStatus.VERIFIED
    assert source.body[citation.start : citation.end] == "Labour migration is a unique facet"
    assert citation.source_changed_since_verified


def test_typo_fixed_inside_a_passage_is_followed_and_flagged(make_claim, source):
    citation = cite(make_claim, source, "Russia forgave 90% of the DPRK’s det")
    source.body = TEXT.replace("det,", "debt,")
    source.save()
    citation.refresh_from_db()
    assert citation.anchor_status == Citation.AnchorStatus.REANCHORED
    assert citation.exact == "Russia forgave 90% of the DPRK’s debt"
    assert citation.quote == citation.exact
    assert source.body[citation.start : citation.end] == citation.exact


def test_deleted_passage_is_marked_broken_and_nothing_else_changes(make_claim, source):
    citation = cite(make_claim, source, "Labour migration is a unique facet")
    before = Citation.objects.values().get(pk=citation.pk)
    source.body = TEXT.replace("Labour migration is a unique facet. ", "")
    source.save()
    after = Citation.objects.values().get(pk=citation.pk)
    assert after.pop("anchor_status") == Citation.AnchorStatus.BROKEN
    before.pop("anchor_status")
    assert after == before


def test_publishing_refuses_when_a_citation_is_broken(make_claim, make_briefing, source):
    """Publishing re-verifies every citation and lists the failures."""
    claim = make_claim(source=source, quote="Labour migration is a unique facet")
    briefing = make_briefing(claims=[claim], status=Briefing.Status.DRAFT)
    source.body = "Entirely new text."
    source.save()
    with pytest.raises(ValidationError) as excinfo:
        services.briefing_publish(briefing=briefing)
    messages = excinfo.value.messages
    assert "was not published" in messages[0]
    assert "no longer in “Debt article”" in messages[1]
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT


def test_publishing_succeeds_when_every_citation_verifies(make_claim, make_briefing, source):
    claim = make_claim(source=source, quote="Labour migration is a unique facet")
    briefing = make_briefing(claims=[claim], status=Briefing.Status.DRAFT)
    services.briefing_publish(briefing=briefing)
    assert briefing.is_public


# Property-based, through the models: a source is saved with a new text and its
# citation is found again by the service the signal calls.
WORDS = [
    "russia",
    "korea",
    "trade",
    "debt",
    "energy",
    "railway",
    "labour",
    "sanctions",
    "pact",
    "treaty",
    "summit",
    "port",
]
OTHER = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
others = st.lists(st.sampled_from(OTHER), min_size=1, max_size=25).map(" ".join)
passages = st.lists(st.sampled_from(WORDS), min_size=5, max_size=9).map(" ".join)
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def cited(body, quote):
    source = Source.objects.create(title="Property source", body=body)
    claim = Claim.objects.create(statement="A claim.")
    return Citation.objects.create(claim=claim, source=source, quote=quote)


def occurrences(text, passage):
    return sum(text.startswith(passage, i) for i in range(len(text)))


@PROPERTY
@given(before=phrases, passage=passages, after=phrases, added_before=others, added_after=others)
def test_edits_outside_the_passage_keep_its_words(
    db, before, passage, after, added_before, added_after
):
    """Random texts, random edits outside the quoted passage: it re-anchors to the same words."""
    body = f"{before} {passage} {after}"
    if occurrences(body, passage) != 1:
        return
    citation = cited(body, passage)
    source = citation.source
    source.body = f"{added_before}. {before} {passage} {after}. {added_after}"
    source.save()
    citation.refresh_from_db()
    assert citation.anchor_status == Citation.AnchorStatus.VERIFIED
    assert source.body[citation.start : citation.end] == passage
    Citation.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()


@PROPERTY
@given(
    before=others, passage=passages, after=others, replacement=st.text("0123456789 ", max_size=20)
)
def test_destroyed_passage_is_broken_and_nothing_else_changes(
    db, before, passage, after, replacement
):
    """When the quoted words are replaced, the citation is broken and otherwise untouched."""
    citation = cited(f"{before} {passage} {after}", passage)
    kept = Citation.objects.filter(pk=citation.pk).values().get()
    source = citation.source
    source.body = f"{before} {replacement} {after}"
    source.save()
    now = Citation.objects.filter(pk=citation.pk).values().get()
    assert now.pop("anchor_status") == Citation.AnchorStatus.BROKEN
    kept.pop("anchor_status")
    assert now == kept
    Citation.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()
