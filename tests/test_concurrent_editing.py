"""Two editors, two tabs: a form loaded from an older version never overwrites a newer save."""

import re

import pytest
from django.urls import reverse

from briefings.models import Claim
from sources.models import Source


def loaded_snapshot(client, url):
    page = client.get(url).content.decode()
    return re.search(r'name="loaded_snapshot" value="([^"]+)"', page).group(1)


@pytest.fixture
def two_editors(role_client):
    return role_client("Reviewers"), role_client("Reviewers")


def claim_data(claim, snapshot, **overrides):
    from tests.briefings.test_workflow import claim_form

    return claim_form(claim, loaded_snapshot=snapshot, **overrides)


def test_second_save_of_a_stale_claim_form_is_refused_and_shows_the_change(two_editors, make_claim):
    first, second = two_editors
    claim = make_claim(statement="Original statement.")
    url = reverse("admin:briefings_claim_change", args=[claim.pk])
    first_snapshot, second_snapshot = loaded_snapshot(first, url), loaded_snapshot(second, url)
    saved = first.post(url, claim_data(claim, first_snapshot, statement="First editor's words."))
    assert saved.status_code == 302
    refused = second.post(url, claim_data(claim, second_snapshot, statement="Second's words."))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this claim" in page
    assert (
        "First editor&#x27;s words." in page
        or "First editor’s words." in page
        or ("First editor&#39;s words." in page)
    )
    claim.refresh_from_db()
    assert claim.statement == "First editor's words."


def test_a_citation_added_in_another_tab_makes_the_claim_form_stale(two_editors, make_claim):
    from briefings.models import Citation

    first, second = two_editors
    claim = make_claim()
    url = reverse("admin:briefings_claim_change", args=[claim.pk])
    stale = loaded_snapshot(second, url)
    data = claim_data(claim, stale, statement="Edited meanwhile.")
    Citation.objects.create(claim=claim, source=claim.citations.get().source, quote="Labour")
    refused = second.post(url, data)
    assert "Citations: 1 added." in refused.content.decode()
    claim.refresh_from_db()
    assert claim.statement != "Edited meanwhile."


def test_a_fresh_form_saves_and_a_forged_snapshot_is_refused(two_editors, make_claim):
    editor, _ = two_editors
    claim = make_claim(status=Claim.Status.DRAFT)
    url = reverse("admin:briefings_claim_change", args=[claim.pk])
    fresh = loaded_snapshot(editor, url)
    assert editor.post(url, claim_data(claim, fresh, statement="Fine.")).status_code == 302
    forged = editor.post(url, claim_data(claim, fresh + "x", statement="Forged."))
    assert "could not be checked" in forged.content.decode()
    claim.refresh_from_db()
    assert claim.statement == "Fine."


def test_stale_source_form_is_refused(role_client, make_source):
    """The source's own form: another editor's rename since loading refuses the save."""
    editor = role_client("Publishers")
    source = make_source(title="A source")
    url = reverse("admin:sources_source_change", args=[source.pk])
    stale = loaded_snapshot(editor, url)
    Source.objects.filter(pk=source.pk).update(title="Renamed by the first editor")
    refused = editor.post(url, {"title": "Second editor's title", "loaded_snapshot": stale})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this source" in page
    assert "Title is now “Renamed by the first editor”" in page
    source.refresh_from_db()
    assert source.title == "Renamed by the first editor"
