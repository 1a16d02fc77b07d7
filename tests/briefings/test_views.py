"""The public briefing, topic and claim pages, as anonymous readers and staff see them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from briefings.models import Briefing, Citation, Claim

DRAFT_BRIEFING = "Unreleased draft briefing title"
SCHEDULED_BRIEFING = "Scheduled briefing title for tomorrow"
REVIEW_BRIEFING = "Briefing still in review"
DRAFT_CLAIM = "Unverified draft claim statement"
SECRETS = (DRAFT_BRIEFING, SCHEDULED_BRIEFING, REVIEW_BRIEFING, DRAFT_CLAIM)


@pytest.fixture
def site(make_source, make_claim, make_briefing):
    """One published briefing, plus a draft, a scheduled and an in-review one, and a draft claim."""
    source = make_source(title="Trade ledger")
    public = make_claim(statement="Trade fell after 1991.", source=source, tags=("trade",))
    draft = make_claim(statement=DRAFT_CLAIM, source=source, quote="Labour migration")
    briefing = make_briefing(title="Public briefing", claims=[public, draft], tags=("trade",))
    make_briefing(title=DRAFT_BRIEFING, status=Briefing.Status.DRAFT, claims=[public])
    make_briefing(
        title=SCHEDULED_BRIEFING,
        published_at=timezone.now() + timedelta(days=1),
        claims=[public],
    )
    make_briefing(title=REVIEW_BRIEFING, status=Briefing.Status.REVIEW, tags=("secret-topic",))
    draft.status = Claim.Status.DRAFT
    draft.save()
    make_claim(statement="Only a draft here.", status=Claim.Status.DRAFT, tags=("hidden-topic",))
    return {"source": source, "claim": public, "draft": draft, "briefing": briefing}


def public_urls(site):
    return [
        reverse("briefings:home"),
        reverse("briefings:briefing_list"),
        site["briefing"].get_absolute_url(),
        reverse("briefings:topic_list"),
        reverse("briefings:topic_detail", args=["trade"]),
        reverse("briefings:claim_list"),
        site["claim"].get_absolute_url(),
        reverse("sources:source_list"),
        site["source"].get_absolute_url(),
    ]


def test_every_public_page_answers_200(client, site):
    """Published content is reachable by anonymous readers at every public URL."""
    for url in public_urls(site):
        assert client.get(url).status_code == 200, url


def test_no_public_page_mentions_drafts(client, site):
    """No list, count, detail or topic page shows a draft or scheduled text."""
    for url in public_urls(site):
        content = client.get(url).content.decode()
        for secret in SECRETS:
            assert secret not in content, (url, secret)


@pytest.mark.parametrize(
    "title", [DRAFT_BRIEFING, SCHEDULED_BRIEFING, REVIEW_BRIEFING], ids=str.split
)
def test_unpublished_briefings_are_not_found_by_anonymous_readers(client, site, title):
    """Drafts, briefings in review and scheduled briefings answer 404, not 403."""
    briefing = Briefing.objects.get(title=title)
    assert client.get(briefing.get_absolute_url()).status_code == 404


def test_draft_claim_is_not_found_by_anonymous_readers(client, site):
    """A draft claim's page answers 404."""
    assert client.get(site["draft"].get_absolute_url()).status_code == 404


def test_topics_without_public_content_are_not_found(client, site):
    """A tag with only drafts, or no tag at all, has no topic page and is not listed."""
    for slug in ("hidden-topic", "secret-topic", "no-such-topic"):
        url = reverse("briefings:topic_detail", args=[slug])
        assert client.get(url).status_code == 404
    assert "hidden-topic" not in client.get(reverse("briefings:topic_list")).content.decode()


def test_home_counts_only_public_claims(client, site):
    """The front page counts public claims and sources, never drafts."""
    response = client.get(reverse("briefings:home"))
    assert response.context["claim_count"] == Claim.objects.published().count() == 1
    assert response.context["source_count"] == 2
    assert [b.title for b in response.context["latest_briefings"]] == ["Public briefing"]


@pytest.mark.parametrize("title", [DRAFT_BRIEFING, SCHEDULED_BRIEFING, REVIEW_BRIEFING])
def test_staff_preview_unpublished_briefings_with_a_banner(staff_client, site, title):
    """Staff open unpublished briefings by URL and see they are not public."""
    response = staff_client.get(Briefing.objects.get(title=title).get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not visible to readers" in response.content.decode()


def test_staff_preview_draft_claims_with_a_banner(staff_client, site):
    """Staff see a draft claim, marked as a draft, on its page and inside a briefing."""
    response = staff_client.get(site["draft"].get_absolute_url())
    assert "Draft — not visible to readers" in response.content.decode()
    briefing_page = staff_client.get(site["briefing"].get_absolute_url()).content.decode()
    assert DRAFT_CLAIM in briefing_page
    assert "Draft claim" in briefing_page


def test_published_pages_carry_no_draft_banner(staff_client, site):
    """The banner marks only what readers cannot see."""
    for url in (site["briefing"].get_absolute_url(), site["claim"].get_absolute_url()):
        assert "not visible to readers" not in staff_client.get(url).content.decode()


def test_briefing_page_shows_sections_claims_and_numbered_markers(
    client, make_claim, make_briefing
):
    """Each claim is followed by superscript markers linking to numbered footnotes."""
    first, second = make_claim(statement="First claim."), make_claim(statement="Second claim.")
    briefing = make_briefing(claims=[first, second], sections=2, standfirst="In short.")
    content = client.get(briefing.get_absolute_url()).content.decode()
    assert content.index("Section 1") < content.index("First claim.") < content.index("Section 2")
    assert content.index("Section 2") < content.index("Second claim.")
    assert 'href="#fn-1" id="ref-1"' in content and 'href="#fn-2" id="ref-2"' in content
    assert 'id="fn-1"' in content and 'href="#ref-1"' in content
    assert "In short." in content and "<strong>introduction</strong>" in content


def test_bibliography_lists_a_source_cited_three_times_once(
    client, make_source, make_claim, make_briefing
):
    """Three citations of one source make three footnotes and one bibliography entry."""
    source = make_source(title="Much-cited report")
    claims = [make_claim(source=source) for _ in range(3)]
    content = client.get(make_briefing(claims=claims).get_absolute_url()).content.decode()
    notes, bibliography = content.split('id="notes-heading"')[1].split('id="bibliography-heading"')
    assert notes.count("Much-cited report") == 3
    assert bibliography.count("Much-cited report") == 1
    assert content.count("Single source<") == 3


def test_claim_shows_how_many_independent_sources_support_it(
    client, make_source, make_claim, make_briefing
):
    """A claim backed by two documents says "2 independent sources" beside it."""
    claim = make_claim()
    Citation.objects.create(claim=claim, source=make_source(), quote="Labour migration")
    content = client.get(make_briefing(claims=[claim]).get_absolute_url()).content.decode()
    assert "2 independent sources" in content


def test_footnotes_link_to_the_passage_anchor_on_the_source_page(client, make_claim, make_briefing):
    """Each footnote links to /sources/<slug>/#passage-<id>, and that anchor exists there."""
    claim = make_claim()
    citation = claim.citations.get()
    content = client.get(make_briefing(claims=[claim]).get_absolute_url()).content.decode()
    href = citation.get_absolute_url()
    assert href == f"/sources/{citation.source.slug}/#passage-{citation.pk}"
    assert f'href="{href}"' in content
    page, anchor = href.split("#")
    source_page = client.get(page).content.decode()
    assert f'id="{anchor}"' in source_page


def test_footnotes_show_date_unknown_and_attribution(client, make_claim, make_briefing):
    """Footnotes give the quote, who is quoted, the source, publisher and an honest date."""
    claim = make_claim()
    claim.citations.update(attribution="An analyst")
    content = client.get(make_briefing(claims=[claim]).get_absolute_url()).content.decode()
    assert "date unknown" in content
    assert "<bdi>An analyst</bdi>, quoted in" in content
    assert "Example Institute" in content


def test_topic_page_assembles_verified_claims_in_event_order(client, make_claim, make_briefing):
    """Only verified claims appear, ordered by event date, with the citation apparatus."""
    make_claim(statement="Later event.", event_date="2019-01-01", tags=("energy",))
    make_claim(statement="Earlier event.", event_date="1990-01-01", tags=("energy",))
    make_claim(statement="Disputed event.", status=Claim.Status.DISPUTED, tags=("energy",))
    make_briefing(title="Energy briefing", tags=("energy",))
    response = client.get(reverse("briefings:topic_detail", args=["energy"]))
    content = response.content.decode()
    assert content.index("Earlier event.") < content.index("Later event.")
    assert "Disputed event." not in content
    assert "Energy briefing" in content
    assert 'id="fn-2"' in content and 'id="bibliography-heading"' in content


def test_claim_detail_shows_citations_and_briefings_that_use_it(client, site):
    """A claim's page gives its passages, topics, status and the published briefings using it."""
    content = client.get(site["claim"].get_absolute_url()).content.decode()
    assert "international sanctions" in content
    assert "Public briefing" in content
    assert DRAFT_BRIEFING not in content
    assert "Verified" in content and "trade" in content


def test_claim_list_filters_by_topic_status_and_source(client, make_source, make_claim):
    """The claim list narrows by topic, status and source through its FilterSet."""
    source = make_source(title="Filter source")
    make_claim(statement="Energy claim.", tags=("energy",), source=source)
    make_claim(statement="Disputed claim.", status=Claim.Status.DISPUTED, tags=("debt",))
    url = reverse("briefings:claim_list")
    by_topic = client.get(url, {"topic": "energy"}).content.decode()
    assert "Energy claim." in by_topic and "Disputed claim." not in by_topic
    by_status = client.get(url, {"status": "disputed"}).content.decode()
    assert "Disputed claim." in by_status and "Energy claim." not in by_status
    by_source = client.get(url, {"source": source.slug}).content.decode()
    assert "Energy claim." in by_source and "Disputed claim." not in by_source


def test_claim_list_is_paginated_and_keeps_filters(client, make_claim):
    """Past twenty claims a second page appears, its link keeping the filter."""
    for _ in range(21):
        make_claim(quote=None, tags=("debt",))
    response = client.get(reverse("briefings:claim_list"), {"topic": "debt"})
    assert response.context["is_paginated"]
    assert "?topic=debt&amp;page=2" in response.content.decode()
    assert client.get(reverse("briefings:claim_list"), {"page": 2}).status_code == 200


def test_briefing_list_filters_by_topic_and_date(client, make_briefing):
    """Briefings narrow by topic and by publication date."""
    make_briefing(
        title="Old one", tags=("history",), published_at=timezone.now() - timedelta(days=400)
    )
    make_briefing(title="New one", tags=("energy",))
    url = reverse("briefings:briefing_list")
    assert "Old one" not in client.get(url, {"topic": "energy"}).content.decode()
    since = (timezone.now() - timedelta(days=30)).date().isoformat()
    recent = client.get(url, {"after": since}).content.decode()
    assert "New one" in recent and "Old one" not in recent


def test_user_text_is_escaped_on_every_page(client, make_source, make_claim, make_briefing):
    """Titles, statements and quotes with markup are shown as text, never run."""
    attack = "<script>alert('x')</script>"
    source = make_source(title=f"Source {attack}", body=f"Before {attack} after, the text.")
    claim = make_claim(statement=f"Claim {attack}", source=source, quote=attack, tags=("xss",))
    briefing = make_briefing(
        title=f"Briefing {attack}", standfirst=attack, claims=[claim], tags=("xss",)
    )
    section = briefing.sections.get()
    section.heading = attack
    section.save()
    urls = [
        reverse("briefings:home"),
        reverse("briefings:briefing_list"),
        briefing.get_absolute_url(),
        reverse("briefings:topic_list"),
        reverse("briefings:topic_detail", args=["xss"]),
        reverse("briefings:claim_list"),
        claim.get_absolute_url(),
        reverse("sources:source_list"),
        source.get_absolute_url(),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        # The pages' own JSON-LD is the one script allowed (its escaping: test_metadata.py).
        content = re.sub(
            r'<script type="application/ld\+json">.*?</script>', "", content, flags=re.S
        )
        assert "<script" not in content.lower(), url
        if url != reverse("briefings:topic_list"):  # the one page with no typed text
            assert "&lt;script&gt;" in content, url


def test_sources_sharing_an_origin_count_once_on_the_page(
    client, make_source, make_claim, make_briefing
):
    """A claim cited by a source and its reworded copy shows a single source."""
    from sources.models import SourceOverlap

    original, copy = make_source(), make_source()
    claim = make_claim(source=original)
    Citation.objects.create(claim=claim, source=copy, quote="Labour migration")
    SourceOverlap.objects.create(left=original, right=copy, kind="paraphrase", score=0.5)
    content = client.get(make_briefing(claims=[claim]).get_absolute_url()).content.decode()
    assert "Single source<" in content


def test_claim_list_filters_on_independent_support(client, make_source, make_claim):
    """?support=2 keeps claims with two or more independent sources."""
    single = make_claim(statement="Backed once.")
    double = make_claim(statement="Backed twice.")
    Citation.objects.create(claim=double, source=make_source(), quote="Labour migration")
    content = client.get("/claims/", {"support": "2"}).content.decode()
    assert double.statement in content and single.statement not in content
    content = client.get("/claims/", {"support": "1"}).content.decode()
    assert single.statement in content and double.statement not in content


def test_topic_page_can_be_limited_to_corroborated_claims(client, make_source, make_claim):
    single = make_claim(statement="Backed once.", tags=("trade",))
    double = make_claim(statement="Backed twice.", tags=("trade",))
    Citation.objects.create(claim=double, source=make_source(), quote="Labour migration")
    content = client.get("/topics/trade/", {"support": "2"}).content.decode()
    assert double.statement in content and single.statement not in content


def test_contested_claim_shows_both_sides(client, make_source, make_claim):
    """A claim with a contradicting citation is marked contested, evidence split by side."""
    claim = make_claim(statement="Trade grew.")
    Citation.objects.create(
        claim=claim,
        source=make_source(title="The doubter"),
        quote="Labour migration",
        stance=Citation.Stance.CONTRADICTS,
    )
    content = client.get(claim.get_absolute_url()).content.decode().split("</head>")[1]
    assert "Contested" in content
    evidence_for, evidence_against = content.split("Evidence against the claim")
    assert "Evidence for the claim" in evidence_for
    assert "The doubter" in evidence_against and "The doubter" not in evidence_for


def test_broken_citation_is_shown_as_unverifiable_without_a_passage_link(
    client, make_source, make_claim, make_briefing
):
    source = make_source()
    claim = make_claim(source=source, quote="Labour migration is a unique facet")
    briefing = make_briefing(claims=[claim])
    source.body = "A rewritten text without the passage."
    source.save()
    content = client.get(briefing.get_absolute_url()).content.decode()
    assert "Unverifiable: this passage is no longer in the source" in content
    assert "#passage-" not in content
    assert "No supporting source" in content


def test_contested_claim_page_lists_each_footnote_once(client, make_source, make_claim):
    """With no context citation, no "Context" list falls back to every note (fn-1 twice)."""
    claim = make_claim()
    Citation.objects.create(
        claim=claim, source=make_source(), quote="Labour migration", stance="contradicts"
    )
    content = client.get(claim.get_absolute_url()).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert sorted(i for i in ids if i.startswith("fn-")) == ["fn-1", "fn-2"]
    assert len(ids) == len(set(ids))
    assert ">Context<" not in content


def test_footnotes_show_the_sources_own_characters_not_the_editors_typing(
    client, make_source, make_briefing
):
    """Typed straight quotes and spaces differ from the source; the footnote shows the source."""
    from briefings.models import Citation, Claim

    source = make_source(body="He said the “deal is done” — at last.")
    claim = Claim.objects.create(statement="A deal was reported.", status=Claim.Status.VERIFIED)
    Citation.objects.create(claim=claim, source=source, quote='the "deal  is done"')
    page = client.get(make_briefing(claims=[claim]).get_absolute_url()).content.decode()
    assert "the “deal is done”" in page
    assert "the &quot;deal  is done&quot;" not in page


def test_large_counts_are_printed_with_thousands_separators(client, db, monkeypatch):
    from briefings import views

    monkeypatch.setattr(views, "public_claim_count", lambda: 93092)
    page = client.get(reverse("briefings:home")).content.decode()
    assert "<strong>93,092</strong> claims" in page
