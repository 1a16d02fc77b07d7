"""The public source pages: lists with filters, and the full text with cited passages marked."""

import pytest
from django.urls import reverse

from briefings.models import Citation, Claim
from sources.models import Source


def test_source_list_filters_by_kind_publisher_and_topic(client, make_source):
    """Sources narrow by kind, publisher and topic."""
    paper = make_source(title="A paper", kind=Source.Kind.PAPER, publisher="Think Tank")
    paper.tags.add("energy")
    make_source(title="A news report", kind=Source.Kind.NEWS, publisher="Daily")
    url = reverse("sources:source_list")
    for params in ({"kind": "paper"}, {"publisher": "Think Tank"}, {"topic": "energy"}):
        content = client.get(url, params).content.decode()
        assert "A paper" in content and "A news report" not in content, params


def test_unknown_source_is_not_found(client, db):
    """A slug no source has answers 404."""
    assert client.get(reverse("sources:source_detail", args=["nope"])).status_code == 404


def test_source_page_shows_metadata_and_verbatim_text(client, make_source):
    """Metadata, an honest date and the text with its line breaks, all escaped."""
    source = make_source(
        title="Report",
        authors="A. Author; B. Author",
        url="https://example.org/report",
        body="First paragraph.\n\nSecond <b>paragraph</b>.",
    )
    source.references.create(position=1, url="https://example.org/ref", title="Listed work")
    content = client.get(source.get_absolute_url()).content.decode()
    assert "<bdi>A. Author</bdi>; <bdi>B. Author</bdi>" in content
    assert "date unknown" in content
    assert "First paragraph.\n\nSecond &lt;b&gt;paragraph&lt;/b&gt;." in content
    assert "Listed work" in content and "https://example.org/report" in content


def test_cited_passages_are_marked_and_link_to_their_claims(client, make_source, make_claim):
    """Each public citation's passage is a <mark> with its anchor id and a link to the claim."""
    source = make_source()
    claim = make_claim(source=source, quote="Labour migration is a unique facet")
    citation = claim.citations.get()
    content = client.get(source.get_absolute_url()).content.decode()
    assert (
        f'<mark id="passage-{citation.pk}" class="passage">Labour migration is a unique facet</mark>'
        in content
    )
    assert f'href="{claim.get_absolute_url()}"' in content


def test_overlapping_passages_keep_the_html_well_formed(client, make_source, make_claim):
    """Two overlapping passages become nested-free segments, each anchor present once."""
    source = make_source()
    first = make_claim(source=source, quote="Trade between Russia and North Korea").citations.get()
    second = make_claim(source=source, quote="North Korea has seen fluctuations").citations.get()
    same = make_claim(source=source, quote="Trade between Russia").citations.get()
    content = client.get(source.get_absolute_url()).content.decode()
    text = content.split('class="source-text"')[1].split("</div>")[0]
    assert text.count("<mark") == text.count("</mark>")
    for citation in (first, second, same):
        assert text.count(f'id="passage-{citation.pk}"') == 1
    assert f'<mark id="passage-{second.pk}" class="passage overlap">North Korea</mark>' in text


@pytest.mark.parametrize("status", [Claim.Status.DRAFT])
def test_passages_of_draft_claims_are_not_highlighted(client, make_source, make_claim, status):
    """A draft claim's passage is neither marked nor linked on the source page."""
    source = make_source()
    claim = make_claim(source=source, statement="Hidden statement.", status=status)
    citation = claim.citations.get()
    content = client.get(source.get_absolute_url()).content.decode()
    assert f"passage-{citation.pk}" not in content
    assert claim.get_absolute_url() not in content


def test_stale_offsets_are_not_highlighted(client, make_source, make_claim):
    """A passage whose source text has changed since it was anchored is not marked wrongly."""
    source = make_source()
    citation = make_claim(source=source).citations.get()
    Source.objects.filter(pk=source.pk).update(body="Rewritten text entirely.")
    content = client.get(source.get_absolute_url()).content.decode()
    assert f"passage-{citation.pk}" not in content
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_source_page_says_what_it_shares_and_offers_a_side_by_side_view(client, make_source):
    """A source that shares material names the other and links to the aligned passages."""
    from sources.models import SourceOverlap

    first = make_source(title="Original article")
    second = make_source(title="Reworded copy")
    SourceOverlap.objects.create(
        left=first,
        right=second,
        kind="paraphrase",
        score=0.4,
        passages=[
            {
                "left": "The economic <b>relationship</b>",
                "right": "The industrial courting",
                "score": 0.6,
            }
        ],
    )
    content = client.get(second.get_absolute_url()).content.decode()
    assert "Shares material with" in content and "Original article" in content
    compare = f"/sources/{second.slug}/shared/{first.slug}/"
    assert compare in content
    page = client.get(compare).content.decode()
    # Seen from the second source, its own passage comes first; text is escaped.
    assert page.index("The industrial courting") < page.index("The economic &lt;b&gt;relationship")
    assert "60%" in page


def test_side_by_side_view_is_404_for_sources_that_share_nothing(client, make_source):
    first, second = make_source(), make_source()
    assert client.get(f"/sources/{first.slug}/shared/{second.slug}/").status_code == 404
