"""Changes readers can see: a briefing's changelog and "Updated on", a claim's public history."""

from django.urls import reverse

from briefings import services
from briefings.models import Briefing, BriefingUpdate, Claim, ClaimEvent


def step_url(briefing, step):
    return reverse("admin:briefings_briefing_workflow", args=[briefing.pk, step])


def test_publishing_enters_the_changelog_with_the_publishers_note(
    role_client, make_claim, make_briefing, client
):
    publisher = role_client("Publishers")
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.APPROVED)
    publisher.post(step_url(briefing, "publish"), {"note": ""})
    publisher.post(step_url(briefing, "unpublish"))
    publisher.post(step_url(briefing, "publish"), {"note": "Added the 2024 treaty text."})
    kinds = list(briefing.updates.values_list("kind", flat=True))
    assert kinds == [BriefingUpdate.Kind.REPUBLISHED, BriefingUpdate.Kind.PUBLISHED]
    page = client.get(briefing.get_absolute_url()).content.decode()
    assert "Updated on" in page and "Added the 2024 treaty text." in page
    assert 'id="changelog"' in page and "First published." in page


def test_a_reworded_claim_marks_the_briefings_that_show_it(
    role_client, make_claim, make_briefing, client
):
    from tests.briefings.test_workflow import claim_form

    claim = make_claim(statement="Trade fell in 2023.")
    briefing = make_briefing(claims=[claim])
    draft = make_briefing(claims=[claim], status=Briefing.Status.DRAFT)
    url = reverse("admin:briefings_claim_change", args=[claim.pk])
    role_client("Authors").post(url, claim_form(claim, statement="Trade fell sharply in 2023."))
    (update,) = briefing.updates.all()
    assert update.kind == BriefingUpdate.Kind.CLAIM_CHANGED
    assert "reworded" in update.note
    assert not draft.updates.exists()
    page = client.get(briefing.get_absolute_url()).content.decode()
    assert "Updated on" in page
    claim_page = client.get(claim.get_absolute_url()).content.decode()
    assert "Reworded; it read: “<bdi>Trade fell in 2023.</bdi>”" in claim_page


def test_a_claims_history_records_publication_dispute_and_retraction(make_claim):
    claim = make_claim(status=Claim.Status.DRAFT)
    for old, new in [
        (Claim.Status.DRAFT, Claim.Status.VERIFIED),
        (Claim.Status.VERIFIED, Claim.Status.DISPUTED),
        (Claim.Status.DISPUTED, Claim.Status.RETRACTED),
    ]:
        claim.status = new
        claim.save()
        services.claim_record_change(claim=claim, old_status=old)
    kinds = list(claim.events.values_list("kind", flat=True))
    assert kinds == [ClaimEvent.Kind.PUBLISHED, ClaimEvent.Kind.DISPUTED, ClaimEvent.Kind.RETRACTED]


def test_losing_the_last_passage_is_public_history(make_claim, make_briefing):
    claim = make_claim(status=Claim.Status.VERIFIED)
    briefing = make_briefing(claims=[claim])
    source = claim.citations.get().source
    source.body = "Nothing of the old text remains here."
    source.save()
    assert claim.events.get().kind == ClaimEvent.Kind.REVIEW
    assert "needs review" in briefing.updates.get().note


def test_a_scheduled_publication_is_not_in_the_public_changelog_before_its_time(
    make_claim, make_briefing
):
    from datetime import timedelta

    from django.utils import timezone

    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    services.briefing_publish(briefing=briefing, at=timezone.now() + timedelta(days=2))
    assert briefing.updates.count() == 1
    assert not briefing.updates.public().exists()
