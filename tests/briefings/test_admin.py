"""The editorial admin: claims with their citations, briefings with their sections."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefings.models import Briefing, Citation, Claim, Section, SectionClaim
from sources.models import Source

pytestmark = pytest.mark.django_db

PROTECTED = "would require deleting the following protected related objects"
NOT_IN_SOURCE = "This passage does not occur in"


def url(model, action, *args):
    return reverse(admin_urlname(model._meta, action), args=args)


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def claim_data(**overrides):
    data = {
        "statement": "Trade was shaped by sanctions.",
        "status": "draft",
        "tags": "sanctions, trade",
        "event_date": "",
        "event_precision": "year",
        "editor_notes": "",
        **management("citations", 0),
    }
    data.update(overrides)
    return data


def citation_form(index, source, quote, **extra):
    prefix = f"citations-{index}"
    return {
        f"{prefix}-source": str(source.pk),
        f"{prefix}-stance": "supports",
        f"{prefix}-position": str(index),
        f"{prefix}-quote": quote,
        f"{prefix}-attribution": "",
        **{f"{prefix}-{key}": value for key, value in extra.items()},
    }


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def briefings_models():
    return [model for model in admin.site._registry if model._meta.app_label == "briefings"]


def test_every_briefings_admin_page_renders(staff_client, make_claim, make_briefing):
    """Each registered briefings model has a changelist, add and change page answering 200."""
    make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    assert {Claim, Citation, Briefing, Section} <= set(briefings_models())
    for model in briefings_models():
        obj = model.objects.first()
        assert obj is not None, model
        for address in (url(model, "changelist"), url(model, "add"), url(model, "change", obj.pk)):
            response = staff_client.get(address)
            assert response.status_code == 200, address


# Claims


def test_claim_search_covers_statement_quote_and_source_title(
    staff_client, make_source, make_claim
):
    """Claims are found by their statement, a quoted passage or the cited source's title."""
    report = make_source(title="Ministry bulletin")
    by_statement = make_claim(statement="Debt was written off.")
    by_quote = make_claim(quote="Labour migration is a unique facet")
    by_source = make_claim(source=report)
    changelist = url(Claim, "changelist")
    for query, claim in [
        ("written off", by_statement),
        ("labour migration", by_quote),
        ("Ministry bulletin", by_source),
    ]:
        found = list(staff_client.get(changelist, {"q": query}).context["cl"].result_list)
        assert found == [claim], query


def test_claim_filters(staff_client, make_source, make_claim):
    """Status, topic, cited source and "has event date" narrow the claim list."""
    source = make_source()
    dated = make_claim(source=source, event_date="2019-04-25", tags=("diplomacy",))
    draft = make_claim(status=Claim.Status.DRAFT)
    changelist = url(Claim, "changelist")

    def listed(params):
        return set(staff_client.get(changelist, params).context["cl"].result_list)

    assert listed({"status__exact": "draft"}) == {draft}
    assert listed({"has_event_date": "yes"}) == {dated}
    assert listed({"has_event_date": "no"}) == {draft}
    assert listed({"citations__source__id__exact": source.pk}) == {dated}
    tag = dated.tags.get()
    assert listed({"tags__id__exact": tag.pk}) == {dated}


def test_claim_counts_citations_and_distinct_sources(staff_client, make_source, make_claim):
    """The list counts a claim's citations and the distinct sources behind them."""
    source = make_source()
    claim = make_claim(source=source)
    Citation.objects.create(claim=claim, source=source, quote="Russia forgave 90%")
    Citation.objects.create(claim=claim, source=make_source(), quote="Trade between Russia")
    response = staff_client.get(url(Claim, "changelist"), {"q": "forgave"})
    (row,) = response.context["cl"].result_list
    assert (row.citation_count, row.source_count, row.support) == (3, 2, 2)


def test_inline_refuses_a_quote_not_in_the_source_on_add(staff_client, make_source):
    """Adding a claim whose citation quotes words not in the source saves nothing."""
    source = make_source()
    data = claim_data(
        **management("citations", 1), **citation_form(0, source, "Words nobody wrote.")
    )
    response = staff_client.post(url(Claim, "add"), data)
    assert response.status_code == 200
    assert NOT_IN_SOURCE in response.content.decode()
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "quote" in errors[0]
    assert not Claim.objects.exists()
    assert not Citation.objects.exists()


def test_inline_refuses_a_quote_not_in_the_source_on_change(staff_client, make_claim):
    """Adding a bad citation to an existing claim leaves the claim and its citations unchanged."""
    claim = make_claim(statement="Original statement.")
    existing = claim.citations.get()
    data = claim_data(
        statement="Edited statement.",
        status=claim.status,
        **management("citations", 2, initial=1),
        **citation_form(0, existing.source, existing.quote, id=existing.pk, claim=claim.pk),
        **citation_form(1, existing.source, "A passage that is not there."),
    )
    response = staff_client.post(url(Claim, "change", claim.pk), data)
    assert response.status_code == 200
    assert NOT_IN_SOURCE in response.content.decode()
    claim.refresh_from_db()
    assert claim.statement == "Original statement."
    assert list(claim.citations.all()) == [existing]


def test_inline_saves_a_verbatim_quote_with_its_anchor(staff_client, make_source):
    """A quote that occurs in the source (typographic differences aside) is saved and anchored."""
    source = make_source()
    quote = "Democratic People's  Republic of Korea"
    data = claim_data(**management("citations", 1), **citation_form(0, source, quote))
    response = staff_client.post(url(Claim, "add"), data)
    assert response.status_code == 302
    citation = Citation.objects.get()
    assert citation.exact == "Democratic People’s Republic of Korea"
    assert source.body[citation.start : citation.end] == citation.exact
    change = staff_client.get(url(Claim, "change", citation.claim_id)).content.decode()
    assert f"characters {citation.start}–{citation.end}" in change


def test_claim_page_shows_the_sections_using_it(staff_client, make_claim, make_briefing):
    """A claim's page lists the briefings and sections it appears in, with links."""
    claim = make_claim()
    briefing = make_briefing(claims=[claim], title="Debt briefing")
    section = briefing.sections.get()
    content = staff_client.get(url(Claim, "change", claim.pk)).content.decode()
    assert "Debt briefing" in content
    assert url(Section, "change", section.pk) in content


def test_verify_action_skips_claims_without_citations(staff_client, make_claim):
    """Verifying marks cited drafts verified and says how many uncited ones were skipped."""
    cited = make_claim(status=Claim.Status.DRAFT)
    uncited = make_claim(status=Claim.Status.DRAFT, quote=None)
    data = {"action": "mark_verified", "_selected_action": [cited.pk, uncited.pk]}
    response = staff_client.post(url(Claim, "changelist"), data)
    assert response.status_code == 302
    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert cited.status == Claim.Status.VERIFIED
    assert uncited.status == Claim.Status.DRAFT
    shown = " ".join(messages_of(response))
    assert "1 claim marked verified." in shown
    assert "1 claim was skipped because no citation of it is found in its source" in shown


def test_draft_action_marks_claims_draft(staff_client, make_claim):
    """The draft action takes claims back to draft and says how many."""
    claims = [make_claim(), make_claim()]
    data = {"action": "mark_draft", "_selected_action": [c.pk for c in claims]}
    response = staff_client.post(url(Claim, "changelist"), data)
    assert Claim.objects.filter(status=Claim.Status.DRAFT).count() == 2
    assert "2 claims marked draft" in " ".join(messages_of(response))


def test_deleting_a_claim_used_in_a_briefing_is_refused(staff_client, make_claim, make_briefing):
    """A claim a briefing uses cannot be deleted, singly or in bulk."""
    claim = make_claim()
    make_briefing(claims=[claim])
    delete = url(Claim, "delete", claim.pk)
    assert PROTECTED in staff_client.get(delete).content.decode()
    assert PROTECTED in staff_client.post(delete, {"post": "yes"}).content.decode()
    bulk = {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"}
    assert PROTECTED in staff_client.post(url(Claim, "changelist"), bulk).content.decode()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_an_unused_claim_is_deleted_with_its_citations(staff_client, make_claim):
    """A claim no briefing uses can be deleted; its citations go with it."""
    claim = make_claim()
    response = staff_client.post(url(Claim, "delete", claim.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Claim.objects.exists()
    assert not Citation.objects.exists()


def test_claim_changelist_query_count_does_not_grow_with_rows(staff_client, make_claim):
    """The claim list runs as many queries for 30 claims as for 5 (tags and counts included)."""
    changelist = url(Claim, "changelist")
    counts = []
    for total in (5, 30):
        while Claim.objects.count() < total:
            make_claim(tags=("sanctions", "trade"))
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(changelist)
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Citations


def test_citation_admin_searches_and_filters(staff_client, make_source, make_claim):
    """Citations are found by quote, attribution, claim or source, and filtered by claim status."""
    source = make_source(title="Analyst memo")
    claim = make_claim(source=source, status=Claim.Status.DISPUTED)
    citation = claim.citations.get()
    citation.attribution = "Andrei Lankov"
    citation.save()
    make_claim()
    changelist = url(Citation, "changelist")
    for query in ["Lankov", "Analyst memo", claim.statement[:20]]:
        found = list(staff_client.get(changelist, {"q": query}).context["cl"].result_list)
        assert found == [citation], query
    filtered = staff_client.get(changelist, {"claim__status__exact": "disputed"})
    assert list(filtered.context["cl"].result_list) == [citation]


def test_citation_change_refuses_a_quote_not_in_the_source(staff_client, make_claim):
    """Editing a citation on its own page is held to the same check."""
    citation = make_claim().citations.get()
    data = {
        "claim": citation.claim_id,
        "source": citation.source_id,
        "quote": "Invented words.",
        "attribution": "",
        "stance": "supports",
        "position": 0,
    }
    response = staff_client.post(url(Citation, "change", citation.pk), data)
    assert NOT_IN_SOURCE in response.content.decode()
    citation.refresh_from_db()
    assert citation.quote == "international sanctions"


def test_autocomplete_finds_sources_and_claims(staff_client, make_source, make_claim):
    """The citation form's autocompletes answer for sources and claims."""
    make_source(title="Rail link report")
    make_claim(statement="Khasan–Rajin rail link reopened.")
    for field, term in [("source", "Rail link"), ("claim", "Khasan")]:
        response = staff_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "briefings", "model_name": "citation", "field_name": field, "term": term},
        )
        assert response.status_code == 200
        assert len(response.json()["results"]) == 1, field


# Briefings and sections


def test_briefing_list_shows_scheduled_distinctly(staff_client, make_briefing):
    """A published briefing with a future time is listed as scheduled, and filters so."""
    make_briefing(title="Live one")
    make_briefing(title="Later one", published_at=timezone.now() + timedelta(days=3))
    make_briefing(title="Draft one", status=Briefing.Status.DRAFT)
    changelist = url(Briefing, "changelist")
    content = staff_client.get(changelist).content.decode()
    assert "scheduled for" in content
    scheduled = staff_client.get(changelist, {"state": "scheduled"}).context["cl"].result_list
    assert [b.title for b in scheduled] == ["Later one"]
    live = staff_client.get(changelist, {"state": "live"}).context["cl"].result_list
    assert [b.title for b in live] == ["Live one"]


def test_briefing_search(staff_client, make_briefing):
    """Briefings are found by title, standfirst or introduction."""
    make_briefing(title="Energy", standfirst="Pipelines and power lines.")
    make_briefing(title="Other", introduction="About **railways**.")
    changelist = url(Briefing, "changelist")
    for query, title in [("pipelines", "Energy"), ("railways", "Other")]:
        found = staff_client.get(changelist, {"q": query}).context["cl"].result_list
        assert [b.title for b in found] == [title]


def test_publish_and_unpublish_actions(staff_client, make_claim, make_briefing):
    """Publishing makes drafts public with a message; unpublishing takes them back to draft."""
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    changelist = url(Briefing, "changelist")
    published = staff_client.post(
        changelist, {"action": "publish", "_selected_action": [briefing.pk]}
    )
    briefing.refresh_from_db()
    assert briefing.is_public
    assert "1 briefing published" in " ".join(messages_of(published))
    unpublished = staff_client.post(
        changelist, {"action": "unpublish", "_selected_action": [briefing.pk]}
    )
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT
    assert "1 briefing taken off the site" in " ".join(messages_of(unpublished))


def test_publish_action_reports_a_missing_passage(staff_client, make_claim, make_briefing):
    """A briefing whose cited passage left its source stays unpublished, and the error says why."""
    claim = make_claim()
    source = claim.citations.get().source
    Source.objects.filter(pk=source.pk).update(body="An entirely different text.")
    briefing = make_briefing(claims=[claim], status=Briefing.Status.DRAFT)
    response = staff_client.post(
        url(Briefing, "changelist"), {"action": "publish", "_selected_action": [briefing.pk]}
    )
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT
    assert "was not published" in " ".join(messages_of(response))


def briefing_form_data(briefing, **overrides):
    section = briefing.sections.get()
    data = {
        "title": briefing.title,
        "slug": briefing.slug,
        "tags": "sanctions",
        "status": briefing.status,
        "published_at_0": "",
        "published_at_1": "",
        "standfirst": "",
        "introduction": briefing.introduction,
        **management("sections", 1, initial=1),
        "sections-0-id": section.pk,
        "sections-0-briefing": briefing.pk,
        "sections-0-position": section.position,
        "sections-0-heading": section.heading,
        "sections-0-body": "",
        # The section's claims, edited on the same page (nested inline), left as they are.
        **management("sections-0-entries", 0, initial=0),
    }
    data.update(overrides)
    return data


def test_a_crafted_status_in_the_form_is_ignored(staff_client, make_claim, make_briefing):
    """Status is not a form field: posting status=published changes nothing."""
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    data = briefing_form_data(briefing, status="published")
    response = staff_client.post(url(Briefing, "change", briefing.pk), data)
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT and not briefing.is_public


def test_publishing_through_the_workflow_checks_passages(staff_client, make_claim, make_briefing):
    """The publish step is refused, with the reason, while a quoted passage is missing."""
    claim = make_claim()
    Source.objects.filter(citations__claim=claim).update(body="Rewritten text.")
    briefing = make_briefing(claims=[claim], status=Briefing.Status.DRAFT)
    step = reverse("admin:briefings_briefing_workflow", args=[briefing.pk, "publish"])
    response = staff_client.post(step, follow=True)
    assert "no longer in" in response.content.decode()
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT


def test_publishing_through_the_workflow_sets_the_time(staff_client, make_claim, make_briefing):
    """A briefing published without a time is published now."""
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    step = reverse("admin:briefings_briefing_workflow", args=[briefing.pk, "publish"])
    assert staff_client.post(step).status_code == 302
    briefing.refresh_from_db()
    assert briefing.is_public


def test_briefing_page_shows_each_section_with_its_claims(staff_client, make_claim, make_briefing):
    """The briefing's page holds its sections and, inside each, its claims in order."""
    claims = [make_claim(statement="Coal went north."), make_claim(statement="Oil went east.")]
    briefing = make_briefing(claims=claims, status=Briefing.Status.DRAFT)
    content = staff_client.get(url(Briefing, "change", briefing.pk)).content.decode()
    assert content.index("Coal went north.") < content.index("Oil went east.")
    assert 'name="sections-0-entries-1-claim"' in content


def test_view_on_site_works_for_drafts(staff_client, make_briefing):
    """The change page's "View on site" leads to the briefing's public address, drafts too."""
    briefing = make_briefing(status=Briefing.Status.DRAFT)
    content_type = ContentType.objects.get_for_model(Briefing)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, briefing.pk])
    assert shortcut in staff_client.get(url(Briefing, "change", briefing.pk)).content.decode()
    response = staff_client.get(shortcut)
    assert response.status_code == 302
    assert response["Location"].endswith(briefing.get_absolute_url())


def test_section_page_orders_claims(staff_client, make_claim, make_briefing):
    """Claims are added to a section with a position on the section's own page."""
    first, second = make_claim(), make_claim()
    briefing = make_briefing(claims=[first], status=Briefing.Status.DRAFT)
    section = briefing.sections.get()
    entry = section.entries.get()
    data = {
        "briefing": briefing.pk,
        "position": section.position,
        "heading": "Renamed",
        "body": "",
        **management("entries", 2, initial=1),
        "entries-0-id": entry.pk,
        "entries-0-section": section.pk,
        "entries-0-position": "2",
        "entries-0-claim": first.pk,
        "entries-1-section": section.pk,
        "entries-1-position": "1",
        "entries-1-claim": second.pk,
    }
    response = staff_client.post(url(Section, "change", section.pk), data)
    # Saving a section returns to its briefing, where the editor was composing.
    assert response.status_code == 302
    assert response["Location"] == url(Briefing, "change", briefing.pk)
    ordered = SectionClaim.objects.filter(section=section).order_by("position")
    assert [e.claim for e in ordered] == [second, first]
    assert Section.objects.get(pk=section.pk).heading == "Renamed"
