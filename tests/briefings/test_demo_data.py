"""generate_demo_data builds a corpus the project's own checks accept, and never over real data."""

import random

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from hypothesis import given
from hypothesis import strategies as st

from briefings.models import Briefing, Citation, Claim, SectionClaim
from briefings.services import briefing_missing_passages, passage_found
from search.models import SearchEntry
from sources import demo as demo_text
from sources.models import Source, SourceOverlap, Topic
from sources.overlap import split_sentences
from sources.text import locate_quote

SMALL = {"sources": 20, "claims": 100, "briefings": 10, "seed": 3}


def generate(**options):
    call_command("generate_demo_data", verbosity=0, **{**SMALL, **options})


def snapshot():
    """What a generated corpus says, without row ids or times."""
    return (
        list(Source.objects.order_by("url").values_list("title", "body", "assessment")),
        list(Claim.objects.order_by("pk").values_list("statement", "status", "event_date")),
        list(Citation.objects.order_by("pk").values_list("quote", "stance", "source__url")),
        list(Briefing.objects.order_by("slug").values_list("slug", "status")),
    )


def clear():
    Briefing.objects.all().delete()
    Claim.objects.all().delete()
    SourceOverlap.objects.all().delete()
    Source.objects.filter(derived_from__isnull=False).delete()
    Source.objects.all().delete()


@pytest.fixture
def corpus(db):
    generate()


def test_every_citation_quotes_its_source_and_is_anchored(corpus):
    citations = list(Citation.objects.select_related("source"))
    assert len(citations) >= SMALL["claims"]
    for citation in citations:
        assert passage_found(citation)
        assert citation.is_verified, citation.quote
        assert citation.anchor_status == Citation.AnchorStatus.VERIFIED
        assert citation.source_fingerprint == citation.source.fingerprint


def test_claims_are_tagged_and_dated_and_most_are_public(corpus):
    assert Claim.objects.count() == SMALL["claims"]
    assert not Claim.objects.annotate(n=Count("tags")).filter(n=0).exists()
    assert not Claim.objects.filter(event_date__isnull=True).exists()
    public = Claim.objects.published().count()
    assert SMALL["claims"] * 0.8 <= public < SMALL["claims"]


def test_sources_are_valid_records_with_copies_and_shared_material(db):
    generate(sources=120, claims=50)
    for source in Source.objects.all():
        source.full_clean()
    copies = Source.objects.filter(derived_from__isnull=False)
    assert copies.exists()
    assert all(copy.is_derivative for copy in copies)
    assert SourceOverlap.objects.exists()


def test_published_briefings_pass_the_publish_gate_and_drafts_exist(corpus):
    published = list(Briefing.objects.published())
    assert len(published) >= 5
    for briefing in published:
        assert briefing.updates.exists(), "published through briefing_publish"
        assert briefing_missing_passages(briefing=briefing) == []
        assert SectionClaim.objects.filter(section__briefing=briefing).exists()
    assert Briefing.objects.filter(status=Briefing.Status.DRAFT).exists()


def test_the_first_briefing_is_the_yardstick_of_forty_claims_and_sixty_citations(db):
    generate(sources=60, claims=800, briefings=4)
    big = Briefing.objects.published().annotate(n=Count("sections__entries")).order_by("-n")[0]
    citations = Citation.objects.filter(claim__entries__section__briefing=big).count()
    assert big.sections.aggregate(n=Count("entries"))["n"] == 40
    assert citations == 60


def test_drafts_stay_off_the_public_pages(client, corpus):
    drafts = Briefing.objects.exclude(pk__in=Briefing.objects.published())
    draft_claims = Claim.objects.filter(status=Claim.Status.DRAFT)
    assert drafts.exists() and draft_claims.exists()
    topics = [f"/topics/{topic.slug}/" for topic in Topic.objects.all()]
    pages = ["/", "/briefings/", "/claims/", "/timeline/", "/sitemap.xml", *topics]
    for url in pages:
        html = client.get(url).content.decode()
        for briefing in drafts:
            assert briefing.get_absolute_url() not in html
        for claim in draft_claims:
            assert f'href="{claim.get_absolute_url()}"' not in html
    for briefing in drafts:
        assert client.get(briefing.get_absolute_url()).status_code == 404
    for claim in draft_claims:
        assert client.get(claim.get_absolute_url()).status_code == 404


def test_the_search_index_is_rebuilt(corpus):
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.CLAIM).count() == SMALL["claims"]
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.SOURCE).count() == SMALL["sources"]


def test_stored_support_passages_and_trigrams_follow_the_bulk_writes(corpus):
    """bulk_create skips receivers: the generator counts, cuts and indexes it all itself."""
    from briefings.corroboration import support_drift
    from sources.models import Passage, Source, SourceShingle

    assert support_drift() == {}
    assert Claim.objects.filter(independent_support__gte=1).exists()
    assert Passage.objects.values("source").distinct().count() == Source.objects.count()
    assert SourceShingle.objects.values("source_id").distinct().count() == Source.objects.count()


def test_the_same_seed_gives_the_same_corpus(db):
    generate()
    first = snapshot()
    clear()
    generate()
    assert snapshot() == first
    clear()
    generate(seed=4)
    assert snapshot() != first


def test_more_demo_data_goes_beside_earlier_demo_data(db):
    generate()
    generate()
    assert Source.objects.count() == 2 * SMALL["sources"]
    assert Claim.objects.count() == 2 * SMALL["claims"]


def test_a_database_with_other_data_is_refused_unless_forced(db, make_claim):
    make_claim()
    with pytest.raises(CommandError, match="not demo data"):
        generate()
    assert Claim.objects.count() == 1
    generate(force=True)
    assert Claim.objects.count() == 1 + SMALL["claims"]


def test_if_empty_leaves_a_database_with_sources_alone(db, make_source):
    make_source()
    generate(if_empty=True)
    assert Source.objects.count() == 1


def test_claims_without_sources_are_refused(db):
    with pytest.raises(CommandError, match="--sources"):
        generate(sources=0)


@given(seed=st.integers(min_value=0, max_value=10_000))
def test_every_fact_is_a_passage_of_its_text(seed):
    text = demo_text.make_text(random.Random(seed))
    # Every sentence is long enough to count for shared-material detection.
    assert len(split_sentences(text.body)) >= 12
    for fact in text.facts:
        assert fact.sentence in text.body
        assert locate_quote(text.body, fact.sentence) is not None
        assert fact.event_date.year <= text.published_on.year
        assert fact.topic in text.topics


@given(seed=st.integers(min_value=0, max_value=10_000))
def test_reworded_facts_are_passages_of_the_reworded_text(seed):
    text = demo_text.make_text(random.Random(seed))
    reworded = demo_text.reword(text.body)
    for fact in text.facts:
        assert demo_text.reword(fact.sentence) in reworded


@given(seed=st.integers(min_value=0, max_value=10_000))
def test_the_same_seed_gives_the_same_text(seed):
    assert demo_text.make_text(random.Random(seed)) == demo_text.make_text(random.Random(seed))
