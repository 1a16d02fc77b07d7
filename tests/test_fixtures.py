"""The seed fixtures and the two set-up commands: load_seed_data and ensure_admin."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from taggit.models import Tag

from briefings.models import Briefing, Citation, Claim, SectionClaim
from sources import text
from sources.models import Source, SourceReference

SEED_FIXTURES = ("seed_sources", "seed_editorial")
SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"
FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def fixture_records():
    records = []
    for label in SEED_FIXTURES:
        with (FIXTURES_DIR / f"{label}.json").open(encoding="utf-8") as handle:
            records.extend(json.load(handle))
    return records


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def seeded(db):
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)


def test_fixtures_load_into_a_fresh_database(seeded):
    """Both fixtures load into a freshly migrated database and hold the five sources."""
    assert Source.objects.count() == 5
    assert Claim.objects.exists()
    assert Briefing.objects.exists()


def test_loading_twice_creates_nothing_new(seeded):
    """Natural keys make a second load update the same rows instead of adding copies."""
    before = counts()
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    assert counts() == before


def test_fixture_records_carry_no_raw_primary_keys():
    """Every model with a natural key is serialised by it, never by a raw pk."""
    for record in fixture_records():
        model = apps.get_model(record["model"])
        if hasattr(model, "natural_key"):
            assert "pk" not in record, record["model"]
        else:
            # Only SourceReference still lacks a natural key (model change requested).
            assert model is SourceReference


@pytest.mark.skipif(
    not SEEDS_DIR.is_dir(), reason="the seed documents (../shared/seeds) are absent"
)
def test_source_bodies_equal_the_seed_files_byte_for_byte(seeded):
    """Each seed document is stored verbatim, trailing blank lines included."""
    seeds = {path.read_bytes() for path in SEEDS_DIR.glob("*.txt")}
    bodies = {body.encode("utf-8") for body in Source.objects.values_list("body", flat=True)}
    assert len(seeds) == 5
    assert bodies == seeds


def test_source_derived_fields_match_the_text(seeded):
    """Fingerprints and word counts in the fixture are what sources.text computes."""
    for source in Source.objects.all():
        assert source.fingerprint == text.fingerprint(source.body)
        assert source.word_count == text.word_count(source.body)


def test_source_metadata_is_honest(seeded):
    """No invented dates or URLs; every source explains itself in its reliability notes."""
    for source in Source.objects.all():
        assert source.url == ""
        assert source.reliability_notes
        assert source.full_clean() is None
        if source.published_on:
            assert source.date_status == Source.DateStatus.ESTIMATED
    assert SourceReference.objects.count() == 3


def test_every_citation_verifies_against_its_source(seeded):
    """Each stored anchor is exactly where locate_quote finds the quote today."""
    citations = Citation.objects.select_related("source")
    assert citations.count() >= 45
    for citation in citations:
        anchor = text.locate_quote(citation.source.body, citation.quote)
        assert anchor is not None, citation.quote
        assert (anchor.start, anchor.end) == (citation.start, citation.end)
        assert citation.source.body[citation.start : citation.end] == citation.exact
        assert citation.source_fingerprint == citation.source.fingerprint
        assert citation.is_verified


def test_quotes_are_passages_not_paragraphs(seeded):
    """A citation quotes a sentence or a clause, never a whole multi-sentence paragraph."""
    for citation in Citation.objects.all():
        assert len(citation.quote) <= 320, citation.quote
        assert "\n" not in citation.quote


def test_enough_claims_each_public_one_cited(seeded):
    """At least 40 claims; every claim a reader can see rests on at least one citation."""
    assert Claim.objects.count() >= 40
    uncited = Claim.objects.published().filter(citations__isnull=True)
    assert not uncited.exists()


def test_claims_span_at_least_eight_topics(seeded):
    """Claims are tagged across at least eight topics, named as written (capital first)."""
    topics = set(
        Tag.objects.filter(briefings_taggedclaim_items__isnull=False).values_list("name", flat=True)
    )
    assert len(topics) >= 8
    assert all(name[0].isupper() for name in topics)


def test_at_least_five_briefings_are_published(seeded):
    """Five or more seed briefings are public, each with sections holding claims."""
    published = Briefing.objects.published()
    assert published.count() >= 5
    for briefing in published:
        assert briefing.standfirst and briefing.introduction
        assert SectionClaim.objects.filter(section__briefing=briefing).exists()


def test_no_draft_claim_in_a_published_briefing(seeded):
    """Draft claims appear only in unpublished briefings."""
    leaked = SectionClaim.objects.filter(
        claim__status=Claim.Status.DRAFT,
        section__briefing__in=Briefing.objects.published(),
    )
    assert not leaked.exists()


@pytest.mark.django_db
def test_load_seed_data_loads_everything():
    """The command loads both fixtures and says how much it loaded."""
    out = StringIO()
    call_command("load_seed_data", stdout=out)
    assert Source.objects.count() == 5
    assert "Loaded" in out.getvalue()


def test_load_seed_data_if_empty_skips_when_sources_exist(make_source):
    """With --if-empty and a source already present, nothing is loaded."""
    make_source()
    out = StringIO()
    call_command("load_seed_data", "--if-empty", stdout=out)
    assert Source.objects.count() == 1
    assert not Claim.objects.exists()
    assert "not loaded" in out.getvalue()


@pytest.mark.django_db
def test_load_seed_data_dry_run_writes_nothing():
    """--dry-run reports what it would load and leaves the database untouched."""
    before = counts()
    out = StringIO()
    call_command("load_seed_data", "--dry-run", stdout=out)
    assert counts() == before
    assert "Would load" in out.getvalue()


@pytest.mark.django_db
def test_load_seed_data_is_quiet_at_verbosity_zero():
    """--verbosity 0 prints nothing on success."""
    out = StringIO()
    call_command("load_seed_data", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_ensure_admin_creates_one_account_whose_printed_password_works(
    client, django_user_model, monkeypatch
):
    """The first run creates 'admin' and prints a password that logs in; the second does nothing."""
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    match = re.search(r"user admin, password (\S+)", out.getvalue())
    assert match
    password = match.group(1)
    assert len(password) >= 20
    assert client.login(username="admin", password=password)

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert django_user_model.objects.count() == 1
    assert password not in again.getvalue()
    assert "already exists" in again.getvalue()


def test_ensure_admin_honours_username_and_environment_password(
    client, django_user_model, monkeypatch
):
    """--username names the account; DJANGO_ADMIN_PASSWORD sets its password without printing it."""
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "a-long-chosen-password-1")
    out = StringIO()
    call_command("ensure_admin", "--username", "chief", stdout=out)
    assert django_user_model.objects.get().username == "chief"
    assert "a-long-chosen-password-1" not in out.getvalue()
    assert client.login(username="chief", password="a-long-chosen-password-1")


@pytest.mark.django_db
def test_load_seed_data_records_the_reworded_copy_as_shared_material():
    """After loading, the clean explainer (000) and its machine-reworded copy (004) are linked."""
    from sources.models import SourceOverlap

    call_command("load_seed_data", verbosity=0)
    clean = Source.objects.get(
        slug="russia-north-korea-economic-relationship-historical-background"
    )
    reworded = Source.objects.get(
        slug="russia-strategic-shift-east-asia-mutual-defence-pact-north-korea"
    )
    assert (
        SourceOverlap.objects.involving(clean)
        .filter(pk__in=SourceOverlap.objects.involving(reworded))
        .exists()
    )


@pytest.mark.django_db
def test_load_seed_data_leaves_the_seeds_searchable(client):
    """After loading, the search page finds seed material (the index is rebuilt)."""
    call_command("load_seed_data", verbosity=0)
    content = client.get("/search/", {"q": "Trans-Siberian"}).content.decode()
    assert "Trans-Siberian" in content
    assert "Nothing matches" not in content
