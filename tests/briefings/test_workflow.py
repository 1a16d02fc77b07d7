"""Roles, review and publication, decided on the server, through the admin as each role uses it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from briefings.models import Briefing, Citation, Claim

PUBLISHING = {"briefings.publish_briefing", "briefings.review_briefing", "briefings.verify_claim"}


def step_url(briefing, step):
    return reverse("admin:briefings_briefing_workflow", args=[briefing.pk, step])


def codes(group):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group).permissions.select_related("content_type")
    }


@pytest.mark.django_db
def test_roles_hold_their_own_permissions_and_no_more():
    """Publishing and verifying are their own permissions, never implied by "change"."""
    authors, reviewers, publishers = codes("Authors"), codes("Reviewers"), codes("Publishers")
    assert {"briefings.change_briefing", "briefings.add_claim", "sources.add_source"} <= authors
    assert not authors & PUBLISHING
    assert reviewers - authors >= {"briefings.verify_claim", "briefings.review_briefing"}
    assert "briefings.publish_briefing" not in reviewers
    assert publishers >= PUBLISHING and authors <= reviewers <= publishers


def test_author_submits_but_cannot_approve_or_publish(role_client, make_claim, make_briefing):
    author = role_client("Authors")
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    for step in ("publish", "approve"):
        assert author.post(step_url(briefing, step)).status_code == 403
    assert author.post(step_url(briefing, "submit")).status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.REVIEW
    assert author.post(step_url(briefing, "reject"), {"note": "x"}).status_code == 403


def test_steps_are_post_only(role_client, make_claim, make_briefing):
    """A GET never changes state, even for a publisher."""
    publisher = role_client("Publishers")
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    assert publisher.get(step_url(briefing, "publish")).status_code == 403
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT


def test_reviewer_rejects_with_a_comment_the_author_then_sees(
    role_client, make_claim, make_briefing
):
    reviewer, author = role_client("Reviewers"), role_client("Authors")
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.REVIEW)
    response = reviewer.post(step_url(briefing, "reject"), {"note": ""}, follow=True)
    assert "needs a comment" in response.content.decode()
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.REVIEW
    reviewer.post(step_url(briefing, "reject"), {"note": "Source the second claim <b>."})
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT
    assert briefing.reviewed_by == reviewer.user
    page = author.get(reverse("admin:briefings_briefing_change", args=[briefing.pk]))
    assert "Source the second claim &lt;b&gt;." in page.content.decode()


def test_reviewer_approves_and_a_publisher_publishes(role_client, make_claim, make_briefing):
    reviewer, publisher = role_client("Reviewers"), role_client("Publishers")
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.REVIEW)
    assert reviewer.post(step_url(briefing, "publish")).status_code == 403
    reviewer.post(step_url(briefing, "approve"), {"note": "Good."})
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.APPROVED
    publisher.post(step_url(briefing, "publish"))
    briefing.refresh_from_db()
    assert briefing.is_public
    log = publisher.get(reverse("admin:admin_logentry_changelist"), {"action": "publish"})
    assert briefing.title in log.content.decode()
    from sources.audit import entries_for

    assert entries_for("approve").get().user == reviewer.user
    assert entries_for("approve").get().change_message == "Approved: Good."


def test_change_page_offers_only_the_steps_the_user_may_take(
    role_client, make_claim, make_briefing
):
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.REVIEW)
    change = reverse("admin:briefings_briefing_change", args=[briefing.pk])
    author_page = role_client("Authors").get(change).content.decode()
    assert step_url(briefing, "approve") not in author_page
    assert step_url(briefing, "publish") not in author_page
    publisher_page = role_client("Publishers").get(change).content.decode()
    assert step_url(briefing, "approve") in publisher_page
    assert step_url(briefing, "publish") in publisher_page


def test_publish_action_is_refused_to_an_author(role_client, make_claim, make_briefing):
    """A crafted changelist POST of the publish action changes nothing for an author."""
    author = role_client("Authors")
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    changelist = reverse("admin:briefings_briefing_changelist")
    author.post(changelist, {"action": "publish", "_selected_action": [briefing.pk]})
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT


def test_crafted_publication_time_from_an_author_is_ignored(role_client, make_claim, make_briefing):
    from tests.briefings.test_admin import briefing_form_data

    author = role_client("Authors")
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    data = briefing_form_data(
        briefing,
        status="published",
        published_at_0="2020-01-01",
        published_at_1="10:00",
        review_note="Approved by me",
    )
    response = author.post(reverse("admin:briefings_briefing_change", args=[briefing.pk]), data)
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT
    assert briefing.published_at is None and briefing.review_note == ""


def test_publishing_refuses_an_empty_briefing_or_draft_claims(
    role_client, make_claim, make_briefing
):
    """Nothing vanishes silently between preview and the public page."""
    publisher = role_client("Publishers")
    empty = make_briefing(status=Briefing.Status.APPROVED)
    response = publisher.post(step_url(empty, "publish"), follow=True)
    assert "no claims" in response.content.decode()
    draft_claim = make_claim(status=Claim.Status.DRAFT, statement="A draft statement.")
    mixed = make_briefing(claims=[make_claim(), draft_claim], status=Briefing.Status.APPROVED)
    response = publisher.post(step_url(mixed, "publish"), follow=True)
    assert "A draft statement." in response.content.decode()
    for briefing in (empty, mixed):
        briefing.refresh_from_db()
        assert briefing.status == Briefing.Status.APPROVED


def claim_form(claim, **overrides):
    citations = list(claim.citations.all())
    data = {
        "statement": claim.statement,
        "status": claim.status,
        "tags": "sanctions",
        "event_date": "",
        "event_precision": "year",
        "editor_notes": "",
        "citations-TOTAL_FORMS": len(citations),
        "citations-INITIAL_FORMS": len(citations),
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
    }
    for i, citation in enumerate(citations):
        data.update(
            {
                f"citations-{i}-id": citation.pk,
                f"citations-{i}-claim": claim.pk,
                f"citations-{i}-source": citation.source_id,
                f"citations-{i}-stance": citation.stance,
                f"citations-{i}-position": citation.position,
                f"citations-{i}-quote": citation.quote,
                f"citations-{i}-attribution": citation.attribution,
            }
        )
    data.update(overrides)
    return data


def change_claim(client, claim, **overrides):
    url = reverse("admin:briefings_claim_change", args=[claim.pk])
    return client.post(url, claim_form(claim, **overrides))


def test_only_reviewers_mark_a_claim_verified(role_client, make_claim):
    claim = make_claim(status=Claim.Status.DRAFT)
    response = change_claim(role_client("Authors"), claim, status="verified")
    assert response.status_code == 200 and "Only reviewers" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    assert change_claim(role_client("Reviewers"), claim, status="verified").status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED


def test_an_author_may_still_edit_a_verified_claim(role_client, make_claim):
    claim = make_claim(status=Claim.Status.VERIFIED)
    response = change_claim(role_client("Authors"), claim, statement="Reworded statement.")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "Reworded statement." and claim.status == Claim.Status.VERIFIED


def test_a_claim_without_citations_cannot_be_saved_verified(role_client, make_claim):
    claim = make_claim(status=Claim.Status.DRAFT, quote=None)
    response = change_claim(role_client("Reviewers"), claim, status="verified")
    assert response.status_code == 200
    assert "needs at least one citation" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_deleting_the_last_citation_of_a_verified_claim_in_the_form_is_refused(
    role_client, make_claim
):
    claim = make_claim(status=Claim.Status.VERIFIED)
    response = change_claim(role_client("Reviewers"), claim, **{"citations-0-DELETE": "on"})
    assert "needs at least one citation" in response.content.decode()
    assert claim.citations.exists()


def test_verify_action_refuses_a_claim_whose_only_citation_is_broken(role_client, make_claim):
    claim = make_claim(status=Claim.Status.DRAFT)
    claim.citations.update(anchor_status=Citation.AnchorStatus.BROKEN)
    changelist = reverse("admin:briefings_claim_changelist")
    role_client("Reviewers").post(
        changelist, {"action": "mark_verified", "_selected_action": [claim.pk]}
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_verify_action_is_not_offered_to_authors(role_client, make_claim):
    claim = make_claim(status=Claim.Status.DRAFT)
    changelist = reverse("admin:briefings_claim_changelist")
    author = role_client("Authors")
    assert "mark_verified" not in author.get(changelist).content.decode()
    author.post(changelist, {"action": "mark_verified", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_verified_claim_losing_its_last_good_citation_needs_review(make_claim):
    """A source edit that breaks the only citation drops the claim to needs review."""
    claim = make_claim(status=Claim.Status.VERIFIED)
    source = claim.citations.get().source
    source.body = "An entirely different text about nothing in particular."
    source.save()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW
    assert claim.is_public  # readers still see it, labelled, not silently gone


def test_deleting_a_verified_claims_last_citation_needs_review(role_client, make_claim):
    claim = make_claim(status=Claim.Status.VERIFIED)
    citation = claim.citations.get()
    url = reverse("admin:briefings_citation_delete", args=[citation.pk])
    assert role_client("Reviewers").post(url, {"post": "yes"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW


def test_verify_again_needs_change_permission(role_client, make_claim, django_user_model):
    from django.contrib.auth.models import Permission

    claim = make_claim()
    citation = claim.citations.get()
    Citation.objects.filter(pk=citation.pk).update(anchor_status=Citation.AnchorStatus.REANCHORED)
    viewer = role_client("nobody")
    viewer.user.user_permissions.add(Permission.objects.get(codename="view_citation"))
    changelist = reverse("admin:briefings_citation_changelist")
    viewer.post(changelist, {"action": "reverify", "_selected_action": [citation.pk]})
    citation.refresh_from_db()
    assert citation.anchor_status == Citation.AnchorStatus.REANCHORED
    role_client("Authors").post(
        changelist, {"action": "reverify", "_selected_action": [citation.pk]}
    )
    citation.refresh_from_db()
    assert citation.anchor_status == Citation.AnchorStatus.VERIFIED


def test_report_needs_view_permission(role_client, make_claim):
    make_claim(status=Claim.Status.DRAFT, statement="Secret draft statement.")
    Citation.objects.update(anchor_status=Citation.AnchorStatus.BROKEN)
    report = reverse("admin:briefings_citation_report")
    assert role_client("nobody").get(report).status_code == 403
    assert "Secret draft statement." in role_client("Authors").get(report).content.decode()


def test_taggit_merge_view_is_gone(role_client):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:taggit_tag_merge_tags")
    response = role_client("nobody").get("/admin/taggit/tag/merge-tags/", follow=True)
    assert response.status_code in (403, 404)


def test_preview_needs_view_permission_not_just_staff(role_client, make_claim, make_briefing):
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT, title="Hidden")
    claim = make_claim(status=Claim.Status.DRAFT)
    for url in (briefing.get_absolute_url(), claim.get_absolute_url()):
        assert role_client("nobody").get(url).status_code == 404
        assert role_client("Authors").get(url).status_code == 200


def test_a_full_event_date_sets_day_precision_unless_chosen(role_client, make_claim):
    claim = make_claim(status=Claim.Status.DRAFT)
    editor = role_client("Authors")
    change_claim(editor, claim, event_date="2024-06-19")
    claim.refresh_from_db()
    assert claim.event_precision == "day"
    change_claim(editor, claim, event_date="2019-01-01", event_precision="year")
    claim.refresh_from_db()
    assert claim.event_precision == "year"


def test_editing_a_sources_text_says_which_live_briefings_and_claims_it_broke(
    role_client, make_claim, make_briefing
):
    """The editor who saved sees at once what broke, where readers see it, and the queue."""
    claim = make_claim(status=Claim.Status.VERIFIED, statement="Sanctions shaped trade.")
    briefing = make_briefing(claims=[claim], title="A live briefing")
    source = claim.citations.get().source
    editor = role_client("Publishers")
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = {
        "title": source.title,
        "slug": source.slug,
        "kind": source.kind,
        "language": "en",
        "date_status": "unknown",
        "published_precision": "day",
        "body": "A rewritten text that no longer quotes anything.",
        "assessment": source.assessment,
        "quotations": source.quotations,
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
    }
    response = editor.post(url, data, follow=True)
    page = response.content.decode()
    form = response.context.get("adminform") if response.context else None
    assert "broke 1 citation(s)" in page, form and form.form.errors
    assert "Sanctions shaped trade." in page and "A live briefing" in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW
    assert briefing.title in page


def test_citation_report_names_the_briefings_and_verifies_again(
    role_client, make_claim, make_briefing
):
    claim = make_claim()
    citation = claim.citations.get()
    Citation.objects.filter(pk=citation.pk).update(anchor_status=Citation.AnchorStatus.REANCHORED)
    make_briefing(claims=[claim], title="Uses the claim")
    author = role_client("Authors")
    report = author.get(reverse("admin:briefings_citation_report")).content.decode()
    assert "Uses the claim" in report and 'value="reverify"' in report
    author.post(
        reverse("admin:briefings_citation_changelist"),
        {"action": "reverify", "_selected_action": [citation.pk]},
    )
    citation.refresh_from_db()
    assert citation.anchor_status == Citation.AnchorStatus.VERIFIED


def test_needs_evidence_queue_triages_by_use_in_published_briefings(
    role_client, make_claim, make_briefing
):
    make_claim(statement="Used nowhere.")
    read = make_claim(statement="Used in two live briefings.")
    make_briefing(claims=[read])
    make_briefing(claims=[read])
    broken = make_claim(statement="Its passage is gone.")
    Citation.objects.filter(claim=broken).update(anchor_status=Citation.AnchorStatus.BROKEN)
    changelist = reverse("admin:briefings_claim_changelist")
    page = role_client("Reviewers").get(changelist, {"evidence": "single"}).content.decode()
    assert page.index("Used in two live briefings.") < page.index("Used nowhere.")
    broken_page = role_client("Reviewers").get(changelist, {"evidence": "broken"}).content.decode()
    assert "Its passage is gone." in broken_page and "Used nowhere." not in broken_page
