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
    kinds = set(claim.events.values_list("kind", flat=True))
    assert kinds == {ClaimEvent.Kind.REVIEW, ClaimEvent.Kind.SUPPORT}
    notes = " ".join(briefing.updates.values_list("note", flat=True))
    assert "needs review" in notes and "support went down" in notes


def test_a_scheduled_publication_is_not_in_the_public_changelog_before_its_time(
    make_claim, make_briefing
):
    from datetime import timedelta

    from django.utils import timezone

    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    services.briefing_publish(briefing=briefing, at=timezone.now() + timedelta(days=2))
    assert briefing.updates.count() == 1
    assert not briefing.updates.public().exists()


def test_support_going_up_and_down_is_told_to_readers(
    staff_client, make_claim, make_briefing, make_source, client
):
    """A citation from a second independent source, then its loss, reach the claim's history
    and the changelog of the briefing that uses the claim."""
    from django.urls import reverse

    from briefings.models import BriefingUpdate, Citation, ClaimEvent

    claim = make_claim(statement="Trade rose.")
    briefing = make_briefing(claims=[claim])
    other = make_source(title="Second source")
    Citation.objects.create(claim=claim, source=other, quote="international sanctions")
    event = ClaimEvent.objects.get(claim=claim, kind=ClaimEvent.Kind.SUPPORT)
    assert event.detail == "from 1 to 2 independent sources"
    other.body = "The text changed entirely."
    other.save()  # re-anchoring follows the text change and breaks the second citation
    details = list(
        ClaimEvent.objects.filter(claim=claim, kind="support").values_list("detail", flat=True)
    )
    assert details == ["from 1 to 2 independent sources", "from 2 to 1 independent sources"]
    notes = list(
        briefing.updates.filter(kind=BriefingUpdate.Kind.CLAIM_CHANGED).values_list(
            "note", flat=True
        )
    )
    assert any("support went up" in note for note in notes)
    assert any("support went down" in note for note in notes)
    page = client.get(reverse("briefings:claim_detail", args=[claim.pk])).content.decode()
    assert "from 2 to 1 independent sources" in page


def test_support_of_a_draft_claim_is_not_announced(make_claim, make_source):
    from briefings.models import Citation, ClaimEvent

    claim = make_claim(status="draft")
    Citation.objects.create(claim=claim, source=make_source(), quote="international sanctions")
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_a_citation_added_in_the_claim_form_is_a_support_change(
    role_client, make_claim, make_source
):
    from django.urls import reverse

    from briefings.models import ClaimEvent
    from tests.admin_forms import change_form_data

    claim = make_claim(statement="Trade rose.")
    second = make_source(title="An independent report")
    reviewer = role_client("Reviewers")
    url = reverse("admin:briefings_claim_change", args=[claim.pk])
    data = change_form_data(reviewer.get(url))
    prefix = "citations"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-1-source": str(second.pk),
            f"{prefix}-1-stance": "supports",
            f"{prefix}-1-position": "1",
            f"{prefix}-1-quote": "international sanctions",
        }
    )
    response = reviewer.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert claim.citations.count() == 2
    event = ClaimEvent.objects.get(claim=claim, kind=ClaimEvent.Kind.SUPPORT)
    assert event.detail == "from 1 to 2 independent sources"
