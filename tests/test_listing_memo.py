"""
Whole-corpus figures kept per change (pagecache.listing_memo): counted once, never stale.

Home's counts and charts, the topic list and the API's topics, a topic page's charts and
page count, the timeline's year index, the claims list's page count and the sitemap index
are aggregates over the whole corpus or a whole topic. They are computed on the first
request after a change to public content and read from the shared cache after that —
including by pages that are not themselves cached (another URL, another process).
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefings import services
from briefings.models import Claim
from rnk_site import pagecache

_unique = iter(range(1, 1_000_000))


@pytest.fixture
def site(make_source, make_claim, make_briefing):
    source = make_source(title="Trade ledger", publisher="Ministry of Trade")
    claim = make_claim(
        statement="Trade fell after 1991.",
        source=source,
        tags=("trade",),
        event_date=timezone.datetime(1991, 12, 1).date(),
    )
    make_briefing(title="Rail and trade", claims=[claim], tags=("trade",))
    make_claim(statement="A second claim.", tags=("labour",))
    return {"source": source, "claim": claim}


def cold(path):
    """``path`` under an address no page was cached at: the page is rendered again."""
    return f"{path}{'&' if '?' in path else '?'}n={next(_unique)}"


def get(path):
    response = Client().get(cold(path))
    assert response.status_code == 200, path
    return response


def queries_of(path):
    with CaptureQueriesContext(connection) as queries:
        get(path)
    return len(queries.captured_queries)


# --- the memo itself ---


def test_a_figure_is_computed_once_until_public_content_changes(page_cache, db):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert pagecache.listing_memo("figure", compute) == 1
    assert pagecache.listing_memo("figure", compute) == 1
    pagecache.bump({pagecache.LISTING})
    assert pagecache.listing_memo("figure", compute) == 2
    pagecache.bump({pagecache.ALL})
    assert pagecache.listing_memo("figure", compute) == 3
    assert pagecache.listing_memo("figure", compute) == 3


def test_an_evicted_version_is_never_taken_for_the_old_one(page_cache, db):
    """If the shared cache loses the versions, a kept figure is not trusted any more."""
    assert pagecache.listing_memo("figure", lambda: "old") == "old"
    page_cache.delete(pagecache.version_key(pagecache.LISTING))
    assert pagecache.listing_memo("figure", lambda: "new") == "new"


def test_a_figure_is_kept_no_later_than_the_next_scheduled_publication(page_cache, db):
    soon = 1_000.0
    with (
        mock.patch.object(pagecache, "next_scheduled", return_value=soon),
        mock.patch.object(pagecache.time, "time", return_value=soon - 10),
    ):
        assert pagecache.listing_memo("figure", lambda: "before") == "before"
        assert pagecache.listing_memo("figure", lambda: "again") == "before"
    with mock.patch.object(pagecache.time, "time", return_value=soon + 1):
        assert pagecache.listing_memo("figure", lambda: "after") == "after"


def test_without_the_page_cache_a_figure_is_computed_every_time(settings, db):
    settings.PAGE_CACHE_ENABLED = False
    values = iter(range(10))
    assert pagecache.listing_memo("figure", lambda: next(values)) == 0
    assert pagecache.listing_memo("figure", lambda: next(values)) == 1


def test_an_unreachable_cache_computes_the_figure(page_cache, db):
    with mock.patch.object(page_cache, "get_many", side_effect=ConnectionError("down")):
        assert pagecache.listing_memo("figure", lambda: 42) == 42


# --- the pages that use it ---


def test_home_counts_are_read_not_recounted_by_the_next_request(site, page_cache):
    first = queries_of(reverse("briefings:home"))
    # Another address: the page itself is rendered again, its figures are not.
    assert queries_of(reverse("briefings:home")) < first


def test_home_counts_follow_a_new_claim(site, make_claim, page_cache, commit):
    assert "<strong>2</strong> claims" in get(reverse("briefings:home")).content.decode()
    with commit():
        make_claim(statement="A third claim.", tags=("trade",))
    home = get(reverse("briefings:home")).content.decode()
    assert "<strong>3</strong> claims" in home


def test_topic_counts_follow_a_claim_withdrawn(site, page_cache, commit):
    topics = reverse("briefings:topic_list")
    api = reverse("api:topic-list")
    assert "1 claim" in get(topics).content.decode()
    assert get(api).json()["results"][-1]["claim_count"] == 1
    with commit():
        services.claims_mark_draft(claims=Claim.objects.filter(pk=site["claim"].pk))
    page = get(topics).content.decode()
    assert "/topics/trade/" in page  # the briefing still carries the topic
    assert "0 claims" in page
    trade = next(t for t in get(api).json()["results"] if t["id"] == "trade")
    assert trade["claim_count"] == 0


def test_a_topic_pages_charts_and_count_follow_a_new_claim(site, make_claim, page_cache, commit):
    url = reverse("briefings:topic_detail", args=["trade"])
    assert "the 1 verified claim on this topic" in get(url).content.decode()
    with commit():
        make_claim(statement="Rail freight doubled.", tags=("trade",))
    first = queries_of(url)
    assert "the 2 verified claims on this topic" in get(url).content.decode()
    # Charts and count kept: fewer queries than the request that counted them.
    assert queries_of(url) < first


def test_the_timelines_year_index_follows_a_new_dated_claim(site, make_claim, page_cache, commit):
    url = reverse("briefings:timeline")
    assert '>2014 <span class="count">' not in get(url).content.decode()
    with commit():
        make_claim(statement="Debt written off.", event_date=timezone.datetime(2014, 5, 1).date())
    page = get(url).content.decode()
    assert '>2014 <span class="count">(1<' in page
    assert '>1991 <span class="count">(1<' in page
    # The year range narrows the kept counts without counting again.
    narrowed = get(url + "?from_year=2000").content.decode()
    assert '>2014 <span class="count">(1<' in narrowed
    assert '>1991 <span class="count">' not in narrowed


def test_the_claims_lists_page_count_follows_a_new_claim(
    site, make_claim, page_cache, commit, monkeypatch
):
    from briefings.views import ClaimListView

    monkeypatch.setattr(ClaimListView, "paginate_by", 1)
    url = reverse("briefings:claim_list")
    assert "Page 1 of 2" in get(url).content.decode()
    with commit():
        make_claim(statement="A third claim.", tags=("trade",))
    assert "Page 1 of 3" in get(url).content.decode()
    assert "Page 1 of 2" in get(url + "?topic=trade").content.decode()
    # A filter no kept figure answers is counted by the database.
    assert "Page 1 of 3" in get(url + "?status=verified").content.decode()


def test_the_sources_map_is_rendered_once_and_follows_a_new_pair(
    site, make_source, page_cache, commit
):
    """The map of shared material is kept rendered; a new pair of sources redraws it."""
    from sources.services import overlaps_record

    url = reverse("sources:source_list")
    assert "No two sources are known to share material." in get(url).content.decode()
    with mock.patch("sources.views.render_to_string") as render:
        get(url)  # another address: the page is rendered again, the map is not
    render.assert_not_called()
    with commit():
        copy = make_source(title="A syndicated copy", body=site["source"].body)
        assert overlaps_record(pairs=[(copy, site["source"])])
    page = get(url).content.decode()
    assert "No two sources are known to share material." not in page
    assert "A syndicated copy" in page


def test_the_sitemap_index_follows_a_new_claim(site, make_claim, page_cache, commit):
    from briefings import sitemaps

    with mock.patch.object(sitemaps.ClaimSitemap, "limit", 2):
        assert "sitemap-claims.xml?p=2" not in get(reverse("sitemap")).content.decode()
        with commit():
            make_claim(statement="A third claim.")
        index = get(reverse("sitemap")).content.decode()
        assert "sitemap-claims.xml?p=2" in index
        second = Client().get(reverse("sitemap_section", args=["claims"]) + "?p=2")
        assert second.status_code == 200
        assert "A third claim" not in second.content.decode()  # URLs only


def test_a_scheduled_briefing_counts_when_its_time_comes(site, make_briefing, page_cache, commit):
    with commit():
        make_briefing(
            title="Tomorrow", published_at=timezone.now() + timedelta(days=1), tags=("energy",)
        )
    assert "/topics/energy/" not in get(reverse("briefings:topic_list")).content.decode()
    later = timezone.now() + timedelta(days=1, minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(pagecache.time, "time", return_value=later.timestamp()),
    ):
        assert "/topics/energy/" in get(reverse("briefings:topic_list")).content.decode()


# --- counted after a change, before a reader asks ---


def test_after_a_change_the_figures_are_counted_before_a_reader_asks(
    site, make_claim, page_cache, commit
):
    home = reverse("briefings:home")
    get(home)
    settled = queries_of(home)
    with commit():
        make_claim(statement="A third claim.", tags=("trade",))
    # The task queued by the change (run at once here) counted them: the reader only reads.
    assert queries_of(home) == settled
    assert "<strong>3</strong> claims" in get(home).content.decode()


def test_changes_while_a_count_is_queued_queue_no_second_one(page_cache, db):
    from briefings import tasks

    with mock.patch.object(tasks, "count_listing_figures") as count:
        pagecache.bump({pagecache.LISTING})
        pagecache.bump({pagecache.LISTING})
        pagecache.bump({"claim:1"})  # one object's pages: no listing figure changes
    assert count.enqueue.call_count == 1
    tasks.count_listing_figures.call()  # the queued count starts: a change now queues one
    with mock.patch.object(tasks, "count_listing_figures") as count:
        pagecache.bump({pagecache.ALL})
    assert count.enqueue.call_count == 1


def test_a_failed_count_leaves_the_change_in_place(page_cache, db, caplog):
    from briefings import tasks

    before = page_cache.get(pagecache.version_key(pagecache.LISTING))
    with mock.patch.object(tasks, "count_listing_figures") as count:
        count.enqueue.side_effect = OSError("the queue is down")
        pagecache.bump({pagecache.LISTING})
    assert page_cache.get(pagecache.version_key(pagecache.LISTING)) != before
    assert "listing_figures_refresh failed" in caplog.text


def test_the_api_claims_lists_count_is_kept_and_follows_a_new_claim(
    site, make_claim, page_cache, commit
):
    url = reverse("api:claim-list")
    first = queries_of(url + "?topic=trade")
    assert get(url).json()["count"] == 2
    assert get(url + "?topic=trade").json()["count"] == 1
    assert queries_of(url + "?topic=trade") < first
    with commit():
        make_claim(statement="A third claim.", tags=("trade",))
    assert get(url).json()["count"] == 3
    assert get(url + "?topic=trade").json()["count"] == 2
    # A filter with errors is refused, as before.
    assert Client().get(url + "?support=many").status_code == 400


@pytest.mark.parametrize("url", ["/sources/", "/api/sources/"])
def test_the_sources_lists_count_is_kept_and_follows_a_new_source(
    site, make_source, page_cache, commit, url
):
    """The sources index and the API's list count their sources once per change, not per request."""

    def count():
        if url.startswith("/api/"):
            return get(url).json()["count"]
        page = get(url).content.decode()
        return int(page.split('<p class="result-count">')[1].split(" ")[0])

    from sources.models import Source

    before = Source.objects.published().count()
    assert count() == before
    with CaptureQueriesContext(connection) as queries:
        get(url)
    assert not [q for q in queries if "COUNT(*)" in q["sql"] and "sources_source" in q["sql"]]
    with commit():
        make_source(title="A second ledger")
    assert count() == before + 1
