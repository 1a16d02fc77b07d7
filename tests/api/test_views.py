"""The JSON API answers with the documented shapes and shows only what the public site shows."""

import datetime
import json
import re
import uuid

import pytest
from django.urls import reverse

from briefings.models import Claim
from sources.models import Source

from .conftest import DRAFT_STATEMENT, EDITOR_NOTE

pytestmark = pytest.mark.django_db

LIST_URLS = ["/api/briefings/", "/api/claims/", "/api/sources/", "/api/topics/"]
CLAIM_KEYS = {
    "id",
    "url",
    "html_url",
    "statement",
    "status",
    "event_date",
    "topics",
    "independent_sources",
    "citations",
    "created_at",
    "updated_at",
}
CITATION_KEYS = {
    "id",
    "html_url",
    "source",
    "stance",
    "attribution",
    "attribution_exact",
    "quote",
    "translation",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "anchor_status",
}


def ids(response):
    return [item["id"] for item in response.json()["results"]]


def every_api_body(client, content):
    """The bodies of every list and detail endpoint for the public items."""
    urls = [
        *LIST_URLS,
        f"/api/briefings/{content['public'].slug}/",
        f"/api/claims/{content['verified'].uid}/",
        f"/api/claims/{content['disputed'].uid}/",
        *(f"/api/sources/{source.slug}/" for source in Source.objects.all()),
        "/api/topics/trade/",
        "/api/topics/sanctions/",
    ]
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode()
    return bodies


def test_api_root_lists_the_endpoints(api_client):
    """/api/ links to the four collections."""
    response = api_client.get("/api/")
    assert response.status_code == 200
    assert set(response.json()) == {"briefings", "claims", "sources", "topics"}


@pytest.mark.parametrize("url", LIST_URLS)
def test_lists_are_paginated_json(api_client, content, url):
    """Every list answers 200 with JSON pages: count, next, previous and results."""
    response = api_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"count", "next", "previous", "results"}


def test_briefing_detail_has_sections_with_ordered_public_claims(api_client, content):
    """A briefing has its sections in order, each with its public claims and their citations."""
    briefing = content["public"]
    response = api_client.get(f"/api/briefings/{briefing.slug}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == briefing.slug
    assert data["url"] == f"http://testserver/api/briefings/{briefing.slug}/"
    assert data["html_url"] == f"http://testserver{briefing.get_absolute_url()}"
    assert data["introduction"] == "An **introduction**."
    assert [section["heading"] for section in data["sections"]] == ["Section 1", "Section 2"]
    claims = [claim["id"] for section in data["sections"] for claim in section["claims"]]
    assert claims == [str(content["verified"].uid), str(content["disputed"].uid)]
    claim = data["sections"][0]["claims"][0]
    assert set(claim) == CLAIM_KEYS
    assert claim["independent_sources"] == 1
    # The HTML page leaves the claims' topics out; the API lists them.
    assert claim["topics"] == [{"slug": "sanctions", "name": "sanctions"}]


def test_claim_detail_has_citations_with_anchors_and_support(api_client, content):
    """A claim carries each citation's quote, selector, offsets, stance, anchor and source."""
    claim = content["verified"]
    response = api_client.get(f"/api/claims/{claim.uid}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == CLAIM_KEYS
    assert data["id"] == str(claim.uid)
    assert data["url"] == f"http://testserver/api/claims/{claim.uid}/"
    assert data["html_url"] == f"http://testserver{claim.get_absolute_url()}"
    assert data["event_date"] == {"value": "1948", "precision": "year", "display": "1948"}
    assert data["topics"] == [{"slug": "sanctions", "name": "sanctions"}]
    # Two supporting sources, but one is a syndicated copy of the other.
    assert data["independent_sources"] == 1
    first = data["citations"][0]
    citation = claim.citations.order_by("position", "id").first()
    assert set(first) == CITATION_KEYS
    assert first["id"] == str(citation.uid)
    assert first["quote"] == first["exact"] == "international sanctions"
    assert citation.source.body[first["start"] : first["end"]] == first["exact"]
    assert first["prefix"] == citation.prefix and first["suffix"] == citation.suffix
    assert (first["stance"], first["anchor_status"]) == ("supports", "verified")
    assert first["source"] == {
        "id": citation.source.slug,
        "url": f"http://testserver/api/sources/{citation.source.slug}/",
        "html_url": f"http://testserver{citation.source.get_absolute_url()}",
        "title": citation.source.title,
        "reliability": {
            "assessment": "original",
            "quotations": "reliable",
            "label": "Original reporting",
            "derived_from": None,
        },
    }
    assert first["html_url"] == f"http://testserver{citation.get_absolute_url()}"
    assert first["attribution_exact"] is None


def test_a_copy_names_its_original_and_its_quotes_are_not_exact(api_client, content):
    """A citation of a copy carries the copy's label and a link to the original."""
    claim = content["verified"]
    claim.citations.filter(source=content["copy"]).update(attribution="An analyst")
    data = api_client.get(f"/api/claims/{claim.uid}/").json()
    cited = next(c for c in data["citations"] if c["source"]["id"] == content["copy"].slug)
    assert cited["attribution"] == "An analyst"
    assert cited["attribution_exact"] is False
    reliability = cited["source"]["reliability"]
    assert reliability["assessment"] == "copy"
    assert reliability["label"] == "Copy of another source"
    news = content["news"]
    assert reliability["derived_from"] == {
        "id": news.slug,
        "url": f"http://testserver/api/sources/{news.slug}/",
        "html_url": f"http://testserver{news.get_absolute_url()}",
        "title": news.title,
    }
    listed = api_client.get("/api/sources/").json()["results"]
    copy = next(item for item in listed if item["id"] == content["copy"].slug)
    assert copy["reliability"]["derived_from"]["id"] == news.slug


def test_source_detail_has_full_text_and_honest_date(api_client, content):
    """A source shows its text, its date only to the known precision, and its public citations."""
    source = content["news"]
    data = api_client.get(f"/api/sources/{source.slug}/").json()
    assert data["id"] == source.slug
    assert data["body"] == source.body
    assert data["original_url"] == "https://example.org/trade"
    assert data["published_date"] == {
        "value": "2019-05",
        "precision": "month",
        "status": "known",
        "display": "May 2019",
    }
    assert [cite["claim"]["id"] for cite in data["cited_by"]] == [str(content["verified"].uid)]


def test_source_detail_gives_its_archived_copy_only_when_safe(api_client, make_source):
    """An archived snapshot is given beside the live URL; an unsafe stored one is withheld."""
    kept = make_source(
        url="https://example.org/ru",
        archived_url="https://web.archive.org/web/2024/https://example.org/ru",
        archived_on=datetime.date(2024, 6, 20),
        language="ru",
    )
    data = api_client.get(f"/api/sources/{kept.slug}/").json()
    assert data["archived_url"] == "https://web.archive.org/web/2024/https://example.org/ru"
    assert (data["archived_on"], data["language"]) == ("2024-06-20", "ru")
    unsafe = make_source(archived_url="javascript:alert(1)")
    assert api_client.get(f"/api/sources/{unsafe.slug}/").json()["archived_url"] is None


def test_source_with_unknown_date_gets_no_invented_date(api_client, content):
    """An undated source says so: no value, no precision, status unknown."""
    data = api_client.get(f"/api/sources/{content['paper'].slug}/").json()
    assert data["published_date"] == {
        "value": None,
        "precision": None,
        "status": "unknown",
        "display": "date unknown",
    }
    assert data["original_url"] is None


def test_source_list_leaves_out_full_text(api_client, content):
    """The source list has the metadata; the full text is on the detail only."""
    result = api_client.get("/api/sources/").json()["results"][0]
    assert "body" not in result
    assert {"kind", "publisher", "authors", "published_date", "topics"} <= set(result)


def test_topics_list_public_topics_with_counts(api_client, content):
    """Topics with public content are listed with public counts and links to their lists."""
    data = api_client.get("/api/topics/").json()
    by_slug = {topic["id"]: topic for topic in data["results"]}
    assert set(by_slug) == {"sanctions", "trade"}
    trade = by_slug["trade"]
    assert (trade["claim_count"], trade["briefing_count"]) == (1, 1)
    assert trade["claims_url"] == "http://testserver/api/claims/?topic=trade"
    assert trade["html_url"] == "http://testserver" + reverse(
        "briefings:topic_detail", kwargs={"slug": "trade"}
    )
    detail = api_client.get("/api/topics/trade/").json()
    assert detail == trade


def test_drafts_and_unpublished_briefings_are_not_listed(api_client, content):
    """Draft claims and draft, in-review and scheduled briefings are in no list."""
    assert ids(api_client.get("/api/briefings/")) == [content["public"].slug]
    claim_ids = ids(api_client.get("/api/claims/"))
    assert str(content["draft"].uid) not in claim_ids
    assert len(claim_ids) == 2


def test_unpublished_items_are_not_found(api_client, content):
    """Asking for a draft claim or an unpublished briefing by its id answers 404."""
    assert api_client.get(f"/api/claims/{content['draft'].uid}/").status_code == 404
    for briefing in content["unpublished"]:
        assert api_client.get(f"/api/briefings/{briefing.slug}/").status_code == 404
    assert api_client.get("/api/topics/secret-topic/").status_code == 404
    assert api_client.get(f"/api/claims/{uuid.uuid4()}/").status_code == 404


def test_no_draft_or_internal_text_anywhere(api_client, content):
    """No response mentions a draft claim, an unpublished briefing or an editor's note."""
    unpublished = [
        DRAFT_STATEMENT,
        str(content["draft"].uid),
        "secret-topic",
        EDITOR_NOTE,
        "editor_notes",
        *(briefing.slug for briefing in content["unpublished"]),
    ]
    for url, body in every_api_body(api_client, content).items():
        for text in unpublished:
            assert text not in body, (url, text)


def test_staff_see_no_drafts_either(staff_client, content):
    """The API has no preview: a logged-in editor gets the public view."""
    assert staff_client.get(f"/api/claims/{content['draft'].uid}/").status_code == 404
    response = staff_client.get(f"/api/briefings/{content['public'].slug}/")
    assert DRAFT_STATEMENT not in response.content.decode()


def test_pagination_pages_with_next_and_previous(api_client, make_source):
    """Pages hold 20 by default, ?page_size up to 100, with next/previous links."""
    for n in range(23):
        make_source(title=f"Paged {n:02}")
    first = api_client.get("/api/sources/").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (23, 20, None)
    assert first["next"] == "http://testserver/api/sources/?page=2"
    second = api_client.get(first["next"]).json()
    assert len(second["results"]) == 3 and second["next"] is None
    assert second["previous"] == "http://testserver/api/sources/"
    assert len(api_client.get("/api/sources/?page_size=5").json()["results"]) == 5
    assert len(api_client.get("/api/sources/?page_size=500").json()["results"]) == 23
    assert api_client.get("/api/sources/?page=9").status_code == 404


def test_claims_filter_like_the_html_list(api_client, content):
    """Claims filter by topic, status, source and support, with the HTML list's parameters."""

    def claim_ids(query):
        return ids(api_client.get(f"/api/claims/?{query}"))

    verified, disputed = str(content["verified"].uid), str(content["disputed"].uid)
    assert claim_ids("topic=trade") == [disputed]
    assert claim_ids("status=verified") == [verified]
    assert claim_ids(f"source={content['copy'].slug}") == [verified]
    assert claim_ids(f"source={content['news'].slug}") == [verified]
    assert sorted(claim_ids("support=1")) == sorted([verified, disputed])
    assert claim_ids("support=2") == []


def test_claims_filter_refuses_drafts_and_unknown_values(api_client, content):
    """Drafts cannot be asked for; an unknown topic or status is a 400 with a message."""
    response = api_client.get("/api/claims/?status=draft")
    assert response.status_code == 400
    assert "status" in response.json()
    assert api_client.get("/api/claims/?topic=secret-topic").status_code == 400


def test_briefings_filter_by_topic_and_date(api_client, content, make_briefing):
    """Briefings filter by topic and by publication date, like the HTML list."""
    other = make_briefing(title="Other topic", tags=("energy",))
    assert ids(api_client.get("/api/briefings/?topic=trade")) == [content["public"].slug]
    assert ids(api_client.get("/api/briefings/?topic=energy")) == [other.slug]
    assert ids(api_client.get("/api/briefings/?before=2000-01-01")) == []
    assert len(ids(api_client.get("/api/briefings/?after=2000-01-01"))) == 2


def test_sources_filter_by_kind_publisher_and_topic(api_client, content):
    """Sources filter by kind, publisher and topic, like the HTML list."""
    assert ids(api_client.get("/api/sources/?kind=paper")) == [content["paper"].slug]
    assert ids(api_client.get("/api/sources/?publisher=Daily+Example")) == [content["news"].slug]
    assert ids(api_client.get("/api/sources/?topic=trade")) == [content["news"].slug]
    assert api_client.get("/api/sources/?kind=gossip").status_code == 400


def test_ids_are_uids_and_slugs_not_database_keys(api_client, content):
    """Claims and citations are identified by their uid, sources and briefings by slug."""
    claim = content["verified"]
    data = api_client.get(f"/api/claims/{claim.uid}/").json()
    assert uuid.UUID(data["id"]) == claim.uid
    assert data["url"] == "http://testserver" + reverse(
        "api:claim-detail", kwargs={"uid": claim.uid}
    )
    assert [citation["id"] for citation in data["citations"]] == [
        str(uid) for uid in claim.citations.order_by("position", "id").values_list("uid", flat=True)
    ]
    source = api_client.get("/api/sources/?kind=paper").json()["results"][0]
    assert source["id"] == content["paper"].slug
    assert source["url"].endswith(f"/api/sources/{content['paper'].slug}/")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(api_client, content, method):
    """Writes are refused with 405 on lists and details, without needing a CSRF token."""
    for url in ["/api/claims/", f"/api/claims/{content['verified'].uid}/", "/api/topics/"]:
        response = getattr(api_client, method)(url, {"statement": "x"}, format="json")
        assert response.status_code == 405, url
    assert Claim.objects.filter(statement="x").count() == 0


def test_head_and_options_are_allowed(api_client, content):
    """HEAD and OPTIONS answer 200, and OPTIONS names only the safe methods."""
    assert api_client.head("/api/claims/").status_code == 200
    response = api_client.options("/api/claims/")
    assert response.status_code == 200
    allowed = {method.strip() for method in response["Allow"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}


def test_no_cookies_or_session_needed(api_client, content):
    """Anonymous reads set no cookie and need no authentication."""
    response = api_client.get("/api/briefings/")
    assert response.status_code == 200
    assert not response.cookies


def test_docs_page_uses_local_assets_only(client):
    """/api/docs/ renders the schema with Swagger UI served from our static files, no CDN."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    # The start-up script comes from the docs URL itself (no inline script, for the CSP).
    start_up = [url for url in assets if url.startswith(reverse("api:docs"))]
    assert len(start_up) == 1
    assert reverse("api:schema") in client.get(start_up[0]).content.decode()
    static = [url for url in assets if url not in start_up]
    assert static and all(url.startswith("/static/") for url in static)
    for url in static:
        assert client.get(url).status_code == 200, url


def test_responses_are_json(api_client, content):
    """Bodies are JSON documents, whatever the client asks for."""
    response = api_client.get("/api/topics/", HTTP_ACCEPT="text/html,*/*")
    assert response["Content-Type"] == "application/json"
    json.loads(response.content)


@pytest.mark.parametrize(
    "query",
    [
        "/api/claims/?topic=a%00b",
        "/api/claims/?source=%E2%80%9Cx%E2%80%9D",
        "/api/sources/?publisher=a%00b",
        "/api/briefings/?after=not-a-date",
        "/api/claims/?support=7",
    ],
)
def test_odd_filter_values_are_refused_not_crashed(api_client, query):
    """Malformed filter values answer 400 with a message on every database, never 500."""
    response = api_client.get(query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_an_original_lists_its_copies(api_client, content):
    """The source detail names the sources assessed as copies of it."""
    data = api_client.get(f"/api/sources/{content['news'].slug}/").json()
    assert [copy["id"] for copy in data["copies"]] == [content["copy"].slug]
    assert data["reliability"]["derived_from"] is None
