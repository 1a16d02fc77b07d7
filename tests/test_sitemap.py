"""
sitemap.xml is an index of section files that together list every public page with its
last change; robots.txt points to the index.
"""

from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from briefings.models import Briefing, Claim

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "http://testserver"


@pytest.fixture
def site(make_source, make_claim, make_briefing):
    """Public briefing, claim, source and topic; and a draft, in-review and scheduled briefing, a draft claim."""
    source = make_source(title="Trade ledger")
    claim = make_claim(statement="Trade fell.", source=source, tags=("trade",))
    briefing = make_briefing(title="Public", claims=[claim], tags=("trade",))
    hidden = [
        make_briefing(title="Draft", status=Briefing.Status.DRAFT, tags=("secret-topic",)),
        make_briefing(title="Review", status=Briefing.Status.REVIEW),
        make_briefing(title="Later", published_at=timezone.now() + timedelta(days=1)),
    ]
    draft_claim = make_claim(
        statement="Draft claim.", status=Claim.Status.DRAFT, tags=("hidden-topic",)
    )
    return {
        "source": source,
        "claim": claim,
        "briefing": briefing,
        "hidden": hidden,
        "draft_claim": draft_claim,
    }


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def sitemap_files(client):
    """``{section file URL: its lastmod}`` from the sitemap index."""
    root = xml(client, reverse("sitemap"))
    assert root.tag == f"{NS}sitemapindex"
    return {
        entry.findtext(f"{NS}loc"): entry.findtext(f"{NS}lastmod")
        for entry in root.iter(f"{NS}sitemap")
    }


def sitemap(client):
    """Every URL of every section file the index lists, with its lastmod."""
    urls = {}
    for location in sitemap_files(client):
        root = xml(client, location.removeprefix(BASE))
        assert root.tag == f"{NS}urlset"
        for url in root.iter(f"{NS}url"):
            urls[url.findtext(f"{NS}loc")] = url.findtext(f"{NS}lastmod")
    return urls


def test_sitemap_lists_public_pages_with_last_changes(client, site):
    """Home, index pages, the published briefing, public claim, source and topic are listed with lastmod."""
    urls = sitemap(client)
    for path in (
        reverse("briefings:home"),
        reverse("briefings:briefing_list"),
        reverse("briefings:claim_list"),
        reverse("briefings:topic_list"),
        reverse("sources:source_list"),
        site["briefing"].get_absolute_url(),
        site["claim"].get_absolute_url(),
        site["source"].get_absolute_url(),
        reverse("briefings:topic_detail", args=["trade"]),
    ):
        assert BASE + path in urls, path
        assert urls[BASE + path], f"{path} has no lastmod"
    briefing = site["briefing"]
    assert parse_date(urls[BASE + briefing.get_absolute_url()]) == briefing.updated_at.date()


def test_sitemap_omits_drafts_scheduled_and_private_topics(client, site):
    """Draft, in-review and scheduled briefings, draft claims and topics with only drafts are absent."""
    urls = sitemap(client)
    hidden = [b.get_absolute_url() for b in site["hidden"]]
    hidden += [
        site["draft_claim"].get_absolute_url(),
        reverse("briefings:topic_detail", args=["secret-topic"]),
        reverse("briefings:topic_detail", args=["hidden-topic"]),
    ]
    for path in hidden:
        assert BASE + path not in urls, path


def test_robots_txt_names_the_sitemap(client):
    """robots.txt is plain text, keeps crawlers out of the admin and names the absolute sitemap URL."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {BASE}{reverse('sitemap')}" in lines


def test_sitemap_index_lists_each_section_with_its_last_change(client, site):
    """The index names one file per section; sections with dated content carry a lastmod."""
    files = sitemap_files(client)
    for section in ("pages", "briefings", "claims", "topics", "sources"):
        location = BASE + reverse("sitemap_section", args=[section])
        assert location in files, section
        if section != "pages":
            assert files[location], f"{section} has no lastmod"
    claims = BASE + reverse("sitemap_section", args=["claims"])
    assert parse_datetime(files[claims]) == site["claim"].updated_at


def test_large_sections_are_split_into_pages_that_all_appear_in_the_index(
    client, make_source, make_claim, settings, monkeypatch
):
    """A section over its limit runs over several files (?p=2…); none is left out or empty."""
    from briefings.sitemaps import ClaimSitemap

    monkeypatch.setattr(ClaimSitemap, "limit", 2)
    claims = [make_claim(source=make_source()) for _ in range(5)]
    files = sitemap_files(client)
    section = BASE + reverse("sitemap_section", args=["claims"])
    pages = [section, f"{section}?p=2", f"{section}?p=3"]
    assert [f for f in files if f.startswith(section)] == pages
    urls = sitemap(client)
    assert all(BASE + claim.get_absolute_url() in urls for claim in claims)
    for junk in ("4", "0", "x", "-1", "9" * 30):
        assert client.get(section, {"p": junk}).status_code == 404, junk


def test_unknown_section_is_not_found(client, db):
    assert client.get(reverse("sitemap_section", args=["nothing"])).status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_sitemap_queries_do_not_grow_with_content(client, make_source, make_claim, make_briefing):
    """The sitemap costs as many queries with 30 briefings, claims and sources as with 5."""

    def make(n):
        for i in range(n):
            make_briefing(claims=[make_claim(source=make_source(), tags=(f"topic-{n}-{i}",))])

    urls = [reverse("sitemap")] + [
        reverse("sitemap_section", args=[section])
        for section in ("pages", "briefings", "claims", "topics", "sources")
    ]
    make(5)
    small = [count_queries(client, url) for url in urls]
    make(25)
    assert [count_queries(client, url) for url in urls] == small
