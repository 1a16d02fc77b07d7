"""The admin home is a desk: what waits for whom, with counts and links, per role."""

from django.urls import reverse

from briefings.models import Briefing, Citation, Claim


def test_desk_shows_each_role_its_own_trays(role_client, make_claim, make_briefing):
    make_briefing(claims=[make_claim()], status=Briefing.Status.REVIEW, title="Under review")
    make_briefing(claims=[make_claim()], status=Briefing.Status.APPROVED, title="Ready")
    broken = make_claim(status=Claim.Status.REVIEW)
    Citation.objects.filter(claim=broken).update(anchor_status=Citation.AnchorStatus.BROKEN)
    index = reverse("admin:index")
    author = role_client("Authors").get(index).content.decode()
    assert "Your desk" in author and "My drafts" in author
    assert "Waiting for review" not in author and "Approved, to publish" not in author
    assert "Claims that need review" in author and "Citations that need an editor" in author
    assert reverse("admin:sources_source_import") in author
    reviewer = role_client("Reviewers").get(index).content.decode()
    assert "Waiting for review" in reviewer and "Approved, to publish" not in reviewer
    publisher = role_client("Publishers").get(index).content.decode()
    assert "Approved, to publish" in publisher


def test_desk_counts_what_waits(role_client, make_claim, make_briefing):
    from briefings.desk import desk

    client = role_client("Publishers")
    mine = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    mine.authors.add(client.user)
    make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)  # someone else's
    make_briefing(status=Briefing.Status.REVIEW)
    counts = {str(tray.label): tray.count for tray in desk(client.user)}
    assert counts["My drafts"] == 1
    assert counts["Waiting for review"] == 1
    assert counts["Approved, to publish"] == 0


def test_a_staff_user_without_permissions_sees_no_desk(role_client):
    page = role_client("nobody").get(reverse("admin:index")).content.decode()
    assert "Your desk" not in page
