"""Briefing, claim and source pages describe themselves: schema.org JSON-LD, OpenGraph, canonical links."""

import json
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from briefings.models import Briefing
from sources.models import DatePrecision, Source

HOSTILE = 'Sanctions </script><script>alert("x")</script> & {braces} <!-- “quotes”'


class Head(HTMLParser):
    """Collects <meta>, <link> and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = [], [], []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append((attrs.get("property") or attrs.get("name"), attrs.get("content")))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head(response):
    assert response.status_code == 200
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def only_json_ld(response):
    """The page's single JSON-LD block, parsed."""
    blocks = head(response).json_ld
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def briefing_site(make_source, make_claim, make_briefing, django_user_model):
    """A published briefing by two authors citing three sources (one twice) of known, year-only and unknown dates."""
    known = make_source(
        title="Known day",
        authors="Lee, Ann; Kim Jong Un",
        url="https://example.org/known",
        published_on=date(2023, 9, 14),
        date_status=Source.DateStatus.KNOWN,
    )
    year_only = make_source(
        title="Year only",
        published_on=date(2021, 1, 1),
        published_precision=DatePrecision.YEAR,
        date_status=Source.DateStatus.KNOWN,
    )
    unknown = make_source(title="Undated")
    claims = [
        make_claim(source=known, tags=("trade",)),
        make_claim(source=known, tags=("trade",)),
        make_claim(source=year_only, tags=("trade",)),
        make_claim(source=unknown, tags=("trade",)),
    ]
    briefing = make_briefing(
        title="Trade after 1991",
        standfirst="How trade fell.",
        claims=claims,
        tags=("trade", "labour"),
    )
    briefing.authors.add(
        django_user_model.objects.create_user("ann", first_name="Ann", last_name="Lee"),
        django_user_model.objects.create_user("bo"),
    )
    return {
        "briefing": briefing,
        "known": known,
        "year_only": year_only,
        "unknown": unknown,
        "claims": claims,
    }


def test_briefing_page_carries_an_article_with_its_citations(client, briefing_site):
    """The JSON-LD is an Article with headline, dates, authors, publisher, topics and one citation per source."""
    briefing = briefing_site["briefing"]
    data = only_json_ld(client.get(briefing.get_absolute_url()))
    url = f"http://testserver{briefing.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Trade after 1991"
    assert data["description"] == "How trade fell."
    assert data["url"] == url
    assert data["datePublished"] == briefing.published_at.isoformat()
    assert data["dateModified"] == briefing.updated_at.isoformat()
    assert [a["name"] for a in data["author"]] == ["Ann Lee", "bo"]
    assert data["publisher"]["name"] == "RNK Briefings"
    assert sorted(data["keywords"]) == ["labour", "trade"]
    cited = {work["name"]: work for work in data["citation"]}
    assert list(cited) == ["Known day", "Year only", "Undated"]
    assert all(work["@type"] == "CreativeWork" for work in cited.values())
    assert cited["Known day"]["datePublished"] == "2023-09-14"
    assert cited["Known day"]["url"] == "https://example.org/known"
    assert [a["name"] for a in cited["Known day"]["author"]] == ["Lee, Ann", "Kim Jong Un"]
    assert cited["Known day"]["publisher"] == {"@type": "Organization", "name": "Example Institute"}
    assert cited["Year only"]["datePublished"] == "2021"
    assert "datePublished" not in cited["Undated"]


def test_citations_leave_out_estimated_dates(client, make_source, make_claim, make_briefing):
    """An estimated publication date is not asserted as datePublished."""
    source = make_source(published_on=date(2020, 5, 1), date_status=Source.DateStatus.ESTIMATED)
    briefing = make_briefing(claims=[make_claim(source=source)])
    (work,) = only_json_ld(client.get(briefing.get_absolute_url()))["citation"]
    assert "datePublished" not in work


def test_briefing_page_has_opengraph_and_canonical_link(client, briefing_site):
    """og:title, og:description, og:type=article, og:url, article:published_time and a tag per topic."""
    briefing = briefing_site["briefing"]
    page = head(client.get(briefing.get_absolute_url()))
    meta = page.meta
    url = f"http://testserver{briefing.get_absolute_url()}"
    assert ("og:title", "Trade after 1991") in meta
    assert ("og:description", "How trade fell.") in meta
    assert ("og:type", "article") in meta
    assert ("og:url", url) in meta
    assert ("article:published_time", briefing.published_at.isoformat()) in meta
    assert sorted(v for k, v in meta if k == "article:tag") == ["labour", "trade"]
    assert ("twitter:card", "summary") in meta
    assert {"rel": "canonical", "href": url} in page.links
    assert ("robots", "noindex") not in meta


def test_draft_preview_is_marked_noindex(staff_client, make_briefing):
    """A draft shown to staff tells robots not to index it and has no published time."""
    briefing = make_briefing(status=Briefing.Status.DRAFT)
    page = head(staff_client.get(briefing.get_absolute_url()))
    assert ("robots", "noindex") in page.meta
    assert "datePublished" not in json.loads(page.json_ld[0])


def test_json_ld_cannot_be_broken_out_of(client, make_source, make_claim, make_briefing):
    """Typed text with </script>, quotes and braces stays inside the JSON-LD and parses back intact."""
    source = make_source(title=HOSTILE, authors=HOSTILE)
    briefing = make_briefing(title=HOSTILE, standfirst=HOSTILE, claims=[make_claim(source=source)])
    response = client.get(briefing.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "</" not in head(response).json_ld[0]
    data = only_json_ld(response)
    assert data["headline"] == HOSTILE
    assert data["description"] == HOSTILE
    assert data["citation"][0]["name"] == HOSTILE
    assert data["citation"][0]["author"][0]["name"] == HOSTILE
    assert ("og:title", HOSTILE) in head(response).meta


def test_claim_page_carries_a_claim_appearing_in_its_sources(client, make_source, make_claim):
    """The claim's JSON-LD is a Claim with its text, topics, sources as appearances and the earliest as first."""
    older = make_source(
        title="Older",
        published_on=date(2019, 3, 1),
        published_precision=DatePrecision.MONTH,
        date_status=Source.DateStatus.KNOWN,
    )
    newer = make_source(
        title="Newer", published_on=date(2022, 6, 2), date_status=Source.DateStatus.KNOWN
    )
    claim = make_claim(
        statement="Trade fell.",
        source=newer,
        tags=("trade",),
        event_date=date(1991, 1, 1),
        event_precision=DatePrecision.YEAR,
    )
    claim.citations.create(source=older, quote="international sanctions", position=1)
    page = head(client.get(claim.get_absolute_url()))
    data = json.loads(page.json_ld[0])
    url = f"http://testserver{claim.get_absolute_url()}"
    assert data["@type"] == "Claim"
    assert data["text"] == "Trade fell."
    assert data["url"] == url
    assert data["dateCreated"] == claim.created_at.isoformat()
    assert data["temporalCoverage"] == "1991"
    assert [w["name"] for w in data["appearance"]] == ["Newer", "Older"]
    assert data["firstAppearance"]["name"] == "Older"
    assert data["firstAppearance"]["datePublished"] == "2019-03"
    assert data["about"] == [
        {
            "@type": "Thing",
            "name": "trade",
            "url": "http://testserver" + reverse("briefings:topic_detail", args=["trade"]),
        }
    ]
    assert {"rel": "canonical", "href": url} in page.links


def test_claim_without_dated_sources_has_no_first_appearance(client, make_claim):
    """With no dated source there is no first appearance to name."""
    data = only_json_ld(client.get(make_claim().get_absolute_url()))
    assert "firstAppearance" not in data
    assert len(data["appearance"]) == 1


def test_source_page_carries_its_creative_work(client, make_source):
    """A source page describes the source as a schema.org work typed by its kind, with a canonical link."""
    source = make_source(title="A paper", kind=Source.Kind.PAPER, url="https://example.org/p")
    page = head(client.get(source.get_absolute_url()))
    data = json.loads(page.json_ld[0])
    assert data["@type"] == "Report"
    assert data["name"] == "A paper"
    assert data["url"] == "https://example.org/p"
    assert {
        "rel": "canonical",
        "href": f"http://testserver{source.get_absolute_url()}",
    } in page.links
