"""A briefing is composed on one page: its sections and their ordered claims together."""

import pytest
from django.urls import reverse

from briefings.models import Briefing, SectionClaim
from tests.admin_forms import change_form_data


@pytest.fixture
def draft(make_briefing, make_claim):
    claims = [make_claim(statement=f"Claim {n}.") for n in range(3)]
    return make_briefing(claims=claims, sections=2, status=Briefing.Status.DRAFT)


def change_url(briefing):
    return reverse("admin:briefings_briefing_change", args=[briefing.pk])


def order(briefing):
    return [
        (entry.section.heading, entry.claim.statement)
        for entry in SectionClaim.objects.filter(section__briefing=briefing)
        .select_related("section", "claim")
        .order_by("section__position", "position")
    ]


def test_sections_and_their_claims_are_edited_and_reordered_in_one_save(role_client, draft):
    author = role_client("Authors")
    page = author.get(change_url(draft))
    assert page.status_code == 200
    html = page.content.decode()
    assert "claims, in reading order" in html.lower()
    assert "independent source" in html
    # Swap the two sections (unique positions), and the claims inside the first.
    data = change_form_data(
        page,
        **{
            "sections-0-position": "1",
            "sections-1-position": "0",
            "sections-0-heading": "Now second",
            "sections-0-entries-0-position": "5",
        },
    )
    response = author.post(change_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [s.heading for s in draft.sections.order_by("position")] == ["Section 2", "Now second"]
    assert order(draft) == [
        ("Section 2", "Claim 1."),
        ("Now second", "Claim 2."),
        ("Now second", "Claim 0."),
    ]


def test_a_claim_is_added_to_a_section_from_the_briefing_page(role_client, draft, make_claim):
    author = role_client("Authors")
    extra = make_claim(statement="Added from the composer.")
    page = author.get(change_url(draft))
    data = change_form_data(page)
    data.update(
        {
            "sections-1-entries-TOTAL_FORMS": "2",
            "sections-1-entries-1-claim": str(extra.pk),
            "sections-1-entries-1-position": "9",
        }
    )
    response = author.post(change_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert order(draft)[-1] == ("Section 2", "Added from the composer.")


def test_the_claim_chooser_names_status_and_support(role_client, draft):
    author = role_client("Authors")
    url = reverse("admin:autocomplete")
    response = author.get(
        url,
        {
            "term": "Claim 1",
            "app_label": "briefings",
            "model_name": "sectionclaim",
            "field_name": "claim",
        },
    )
    assert response.status_code == 200
    texts = [row["text"] for row in response.json()["results"]]
    assert "Claim 1. — verified · 1 independent source" in texts


def test_the_composer_page_runs_the_same_queries_for_2_or_12_claims(
    role_client, make_briefing, make_claim
):
    """Status, support and chooser of every claim row: no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    author = role_client("Authors")
    small = make_briefing(claims=[make_claim() for _ in range(2)], status=Briefing.Status.DRAFT)
    large = make_briefing(claims=[make_claim() for _ in range(12)], status=Briefing.Status.DRAFT)
    author.get(change_url(small))  # warm per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        author.get(change_url(small))
    with CaptureQueriesContext(connection) as many:
        author.get(change_url(large))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
