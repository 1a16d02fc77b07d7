"""The methodology page: a definition, with an anchor, for every label readers meet."""

import pytest
from django.urls import reverse

from briefings.badges import BASIS, STATUS, claim_badges
from briefings.models import Citation, Claim
from sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    response = client.get(reverse("briefings:methodology"))
    assert response.status_code == 200
    return response.content.decode()


def test_methodology_has_its_address_and_defines_verified_as_not_fact_checked(page):
    """/methodology/ says what "verified" means: quotes checked, not a fact-check."""
    assert reverse("briefings:methodology") == "/methodology/"
    assert 'id="status-verified"' in page
    assert "Verified does not mean fact-checked" in page


@pytest.mark.parametrize(
    "anchor",
    [
        *(f"status-{status}" for status in STATUS),
        *(f"source-{value}" for value in Source.Assessment.values),
        *(f"quotations-{value}" for value in Source.Quotations.values),
        "contested",
        "independent-sources",
        "single-source",
        "no-supporting-source",
        "unverifiable",
        "as-quoted-in",
        "quote-checking",
        "corrections",
    ],
)
def test_every_status_and_label_has_a_definition(page, anchor):
    """Each status, support label, source assessment and quotation label has an id anchor."""
    assert f'id="{anchor}"' in page


def test_every_page_links_the_methodology_in_its_footer(client):
    """The footer of every page links the methodology."""
    content = client.get(reverse("briefings:home")).content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    assert f'href="{reverse("briefings:methodology")}"' in footer


def test_the_sitemap_lists_the_methodology(client):
    """The index names the section of pages, which lists the methodology."""
    pages = reverse("sitemap_section", args=["pages"])
    assert f"http://testserver{pages}" in client.get(reverse("sitemap")).content.decode()
    assert (
        f"http://testserver{reverse('briefings:methodology')}" in client.get(pages).content.decode()
    )


def badge_anchors(claim):
    return [badge.anchor for badge in claim_badges(claim).all]


def test_badges_say_what_a_claim_rests_on_only_without_a_first_hand_source(make_claim, make_source):
    """Opinion alone is named beside the claim; with original reporting beside it, it is not."""
    opinion = make_source(assessment=Source.Assessment.OPINION)
    claim = make_claim(source=opinion)
    claim = Claim.objects.prefetch_related("citations__source").get(pk=claim.pk)
    claim.support = 1
    assert badge_anchors(claim) == ["status-verified", "single-source", "source-opinion"]
    assert "status--qualified" in claim_badges(claim).status[0].css
    Citation.objects.create(
        claim=claim,
        source=make_source(assessment=Source.Assessment.ORIGINAL),
        quote="Labour migration",
    )
    claim = Claim.objects.prefetch_related("citations__source").get(pk=claim.pk)
    claim.support = 2
    assert badge_anchors(claim) == ["status-verified", "independent-sources"]
    assert "status--qualified" not in claim_badges(claim).status[0].css


def test_every_basis_label_is_defined_on_the_page(page):
    """What a claim "rests on" links to the definition of that kind of source."""
    for value in BASIS:
        assert f'id="source-{value}"' in page


def test_badges_carry_an_explanation_inside_the_link(client, make_claim, make_briefing):
    """The short explanation is part of the link text, reachable by keyboard, not a title=."""
    claim = make_claim(status=Claim.Status.DISPUTED)
    content = client.get(make_briefing(claims=[claim]).get_absolute_url()).content.decode()
    link = (
        f'<a class="badge status status--disputed" href="{reverse("briefings:methodology")}'
        '#status-disputed">Disputed<span class="visually-hidden">: '
    )
    assert link in content
    assert 'title="' not in content.split('class="badge', 1)[1].split("</a>", 1)[0]
    detail = client.get(claim.get_absolute_url()).content.decode()
    assert 'Disputed<span class="badge-note">: the editors doubt' in detail
