"""A published briefing changes through a draft revision: readers keep the live one until then."""

import pytest
from django.urls import reverse

from briefings.models import Briefing, BriefingUpdate, Claim, Section, SectionClaim
from tests.admin_forms import change_form_data


def step_url(briefing, step):
    return reverse("admin:briefings_briefing_workflow", args=[briefing.pk, step])


def change_url(briefing):
    return reverse("admin:briefings_briefing_change", args=[briefing.pk])


@pytest.fixture
def live(make_briefing, make_claim):
    return make_briefing(title="Railway links", claims=[make_claim(), make_claim()])


def start_revision(client, briefing):
    response = client.post(step_url(briefing, "revise"))
    assert response.status_code == 302
    draft = Briefing.objects.get(draft_of=briefing)
    assert response.url == change_url(draft)
    return draft


def test_a_live_briefing_is_not_edited_in_place(role_client, live):
    """Even a superuser's crafted POST to the live change form is refused: nothing changes."""
    superuser = role_client("none")
    superuser.user.is_superuser = True
    superuser.user.save()
    page = superuser.get(change_url(live))
    assert page.status_code == 200
    assert "Edit a draft revision" in page.content.decode()
    data = change_form_data(page, title="Typo fixed in place")
    assert superuser.post(change_url(live), data).status_code == 403
    live.refresh_from_db()
    assert live.title == "Railway links"


def test_the_revision_copies_sections_and_ordered_claims(role_client, live):
    author = role_client("Authors")
    draft = start_revision(author, live)
    assert draft.status == Briefing.Status.DRAFT and not draft.is_public
    assert draft.slug != live.slug
    assert list(draft.tags.names()) == list(live.tags.names())
    copied = SectionClaim.objects.filter(section__briefing=draft).order_by("position")
    original = SectionClaim.objects.filter(section__briefing=live).order_by("position")
    assert [e.claim_id for e in copied] == [e.claim_id for e in original]
    # Asking again opens the same revision instead of a second one.
    assert start_revision(author, live) == draft
    assert Briefing.objects.filter(draft_of=live).count() == 1


def test_readers_keep_the_live_version_until_a_publisher_publishes(
    role_client, live, client, make_claim
):
    author, publisher = role_client("Authors"), role_client("Publishers")
    draft = start_revision(author, live)
    page = author.get(change_url(draft))
    response = author.post(
        change_url(draft), change_form_data(page, title="Railway links, revised")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    section = draft.sections.get()
    section.heading = "A new heading"
    section.save()
    SectionClaim.objects.create(section=section, claim=make_claim(statement="A third claim."))

    public = client.get(live.get_absolute_url()).content.decode()
    assert "Railway links, revised" not in public and "A new heading" not in public
    assert "A third claim." not in public
    # Staff preview the revision at its own address; readers never can.
    assert "A third claim." in author.get(draft.get_absolute_url()).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404

    assert author.post(step_url(draft, "publish")).status_code == 403
    response = publisher.post(step_url(draft, "publish"), {"note": "Added the third claim."})
    assert response.status_code == 302 and response.url == change_url(live)
    assert not Briefing.objects.filter(pk=draft.pk).exists()
    live.refresh_from_db()
    assert live.is_public and live.title == "Railway links, revised"
    public = client.get(live.get_absolute_url()).content.decode()
    assert "A new heading" in public and "A third claim." in public
    assert "Added the third claim." in public
    assert live.updates.filter(kind=BriefingUpdate.Kind.REPUBLISHED).exists()


def test_the_publish_gate_refuses_the_revision_and_never_blocks_saving_it(
    role_client, live, client, make_claim
):
    author, publisher = role_client("Authors"), role_client("Publishers")
    draft = start_revision(author, live)
    section = draft.sections.get()
    SectionClaim.objects.create(
        section=section,
        claim=make_claim(statement="Not yet checked.", status=Claim.Status.DRAFT),
        position=9,
    )
    page = author.get(change_url(draft))
    assert author.post(change_url(draft), change_form_data(page, title="Typo")).status_code == 302
    response = publisher.post(step_url(draft, "publish"), follow=True)
    assert "Not yet checked." in response.content.decode()
    assert "was not published" in response.content.decode()
    live.refresh_from_db()
    assert live.title == "Railway links"
    assert Briefing.objects.filter(pk=draft.pk).exists()
    assert "Not yet checked." not in client.get(live.get_absolute_url()).content.decode()


def test_sections_of_a_live_briefing_change_only_through_the_revision(role_client, live):
    author = role_client("Authors")
    section = live.sections.get()
    url = reverse("admin:briefings_section_change", args=[section.pk])
    assert author.post(url, {"heading": "Changed"}).status_code == 403
    assert (
        author.post(
            reverse("admin:briefings_section_delete", args=[section.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    response = author.post(
        reverse("admin:briefings_section_add"),
        {
            "briefing": live.pk,
            "heading": "Sneaked in",
            "entries-TOTAL_FORMS": "0",
            "entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "choose “Edit a draft revision”" in response.content.decode()
    assert not Section.objects.filter(heading="Sneaked in").exists()


def test_a_revision_of_an_unpublished_briefing_publishes_it_again(role_client, live):
    author, publisher = role_client("Authors"), role_client("Publishers")
    draft = start_revision(author, live)
    publisher.post(step_url(live, "unpublish"))
    live.refresh_from_db()
    assert live.status == Briefing.Status.DRAFT
    # Back in draft, the live row is editable again; the revision can still be published.
    assert author.get(change_url(live)).status_code == 200
    publisher.post(step_url(draft, "publish"))
    live.refresh_from_db()
    assert live.is_public


def test_only_a_published_briefing_gets_a_revision(role_client, make_briefing, make_claim):
    author = role_client("Authors")
    draft = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    response = author.post(step_url(draft, "revise"), follow=True)
    assert "edit it directly" in response.content.decode()
    assert not Briefing.objects.filter(draft_of=draft).exists()


def test_a_no_permission_user_cannot_start_a_revision(role_client, live):
    assert role_client("none").post(step_url(live, "revise")).status_code == 403
    assert not Briefing.objects.filter(draft_of=live).exists()
