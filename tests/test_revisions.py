"""Revisions: who changed what, side by side, and revert (itself a new revision)."""

import re

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from reversion.models import Version

from briefings.models import Briefing, Claim
from sources.diffing import word_diff


@given(st.text(), st.text())
def test_word_diff_rebuilds_both_texts(old, new):
    parts = word_diff(old, new)
    assert "".join(t for op, t in parts if op != "insert") == old
    assert "".join(t for op, t in parts if op != "delete") == new


def test_word_diff_marks_only_the_changed_words():
    parts = word_diff("Russia wrote off 90% of the debt.", "Russia wrote off 80% of the debt.")
    assert ("delete", "90") in parts and ("insert", "80") in parts
    assert ("equal", "Russia wrote off ") in parts


def change(client, claim, **overrides):
    from tests.briefings.test_workflow import claim_form

    url = reverse("admin:briefings_claim_change", args=[claim.pk])
    return client.post(url, claim_form(claim, **overrides))


def test_admin_saves_record_who_and_what_with_a_readable_diff(role_client, make_claim):
    editor = role_client("Authors")
    claim = make_claim(statement="Trade fell in 2023.")
    change(editor, claim, statement="Trade fell sharply in 2023.")
    change(editor, claim, statement="Trade fell sharply in 2024.")
    versions = list(Version.objects.get_for_object(claim))
    assert len(versions) == 2 and versions[0].revision.user == editor.user
    history = editor.get(reverse("admin:briefings_claim_history", args=[claim.pk]))
    links = re.findall(r'href="([^"]+/changes/)"', history.content.decode())
    assert len(links) == 2
    page = editor.get(links[0]).content.decode()  # newest first
    assert "<del>2023</del>" in page and "<ins>2024</ins>" in page


def test_revert_restores_text_and_citations_and_is_itself_a_revision(role_client, make_claim):
    from briefings.models import Citation

    editor = role_client("Reviewers")
    claim = make_claim(statement="First wording.")
    change(editor, claim, statement="First wording.")  # version 1: one citation
    first = Version.objects.get_for_object(claim).first()
    Citation.objects.create(claim=claim, source=claim.citations.get().source, quote="Labour")
    change(editor, claim, statement="Second wording.")
    assert claim.citations.count() == 2
    url = reverse("admin:briefings_claim_revision", args=[claim.pk, first.pk])
    form = editor.get(url).content.decode()
    assert "First wording." in form
    from tests.briefings.test_workflow import claim_form

    claim.refresh_from_db()
    data = claim_form(claim, statement="First wording.")
    # The revert form holds the old version: post it as the editor would.
    snapshot = re.search(r'name="loaded_snapshot" value="([^"]+)"', form).group(1)
    data.update(
        {"loaded_snapshot": snapshot, "citations-TOTAL_FORMS": 1, "citations-INITIAL_FORMS": 1}
    )
    for key in [k for k in data if k.startswith("citations-1-")]:
        del data[key]
    response = editor.post(url, data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "First wording." and claim.citations.count() == 1
    newest = Version.objects.get_for_object(claim).first()
    assert "Reverted" in newest.revision.get_comment()


def test_reverting_never_changes_workflow_state(role_client, make_claim, make_briefing):
    """Status and publication are not in revisions: an old version can't unpublish or verify."""
    editor = role_client("Authors")
    claim = make_claim(status=Claim.Status.DRAFT, statement="Draft words.")
    change(editor, claim, statement="Draft words, edited.")
    version = Version.objects.get_for_object(claim).first()
    assert "status" not in version.field_dict
    briefing = make_briefing(claims=[claim])
    from reversion import create_revision

    with create_revision():
        briefing.save()
    fields = Version.objects.get_for_object(briefing).first().field_dict
    assert not {"status", "published_at", "reviewed_by"} & set(fields)
    assert Briefing.objects.published().filter(pk=briefing.pk).exists()


def test_changes_page_needs_view_permission(role_client, make_claim):
    editor = role_client("Authors")
    claim = make_claim()
    change(editor, claim, statement="Edited.")
    version = Version.objects.get_for_object(claim).first()
    url = reverse("admin:briefings_claim_changes", args=[claim.pk, version.pk])
    assert role_client("nobody").get(url).status_code == 403
    assert editor.get(url).status_code == 200
