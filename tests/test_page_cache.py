"""The page cache (rnk_site/pagecache.py): fast for readers, never stale, never personal."""

import gzip
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from hypothesis import given
from hypothesis import strategies as st

from briefings import services
from briefings.models import Briefing, Citation, Claim
from rnk_site import pagecache
from sources.models import Topic


@pytest.fixture
def site(make_source, make_claim, make_briefing):
    source = make_source(title="Trade ledger", publisher="Ministry of Trade")
    claim = make_claim(statement="Trade fell after 1991.", source=source, tags=("trade",))
    briefing = make_briefing(title="Rail and trade", claims=[claim], tags=("trade",))
    other_claim = make_claim(statement="A second, unrelated claim.", tags=("labour",))
    other = make_briefing(title="Labour migration", claims=[other_claim], tags=("labour",))
    return {
        "source": source,
        "claim": claim,
        "briefing": briefing,
        "other_claim": other_claim,
        "other": other,
    }


def text(response):
    return response.content.decode()


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200


# --- served from the cache ---


def public_urls(site):
    return [
        reverse("briefings:home"),
        reverse("briefings:briefing_list"),
        site["briefing"].get_absolute_url(),
        reverse("briefings:topic_list"),
        reverse("briefings:topic_detail", args=["trade"]),
        reverse("briefings:claim_list") + "?topic=trade",
        site["claim"].get_absolute_url(),
        reverse("sources:source_list"),
        site["source"].get_absolute_url(),
        reverse("briefings:timeline"),
        reverse("briefings:briefing_feed_rss"),
        reverse("briefings:briefing_feed_atom"),
        reverse("sitemap"),
        reverse("search:search") + "?q=trade",
        reverse("api:briefing-list"),
        reverse("api:briefing-detail", args=[site["briefing"].slug]),
        reverse("api:claim-detail", args=[site["claim"].uid]),
        reverse("api:source-detail", args=[site["source"].slug]),
        reverse("api:topic-list"),
    ]


def test_a_cached_page_is_served_again_without_a_query(
    client, site, page_cache, django_assert_num_queries
):
    """Every kind of public page (HTML, feeds, sitemap, API), the second time: no query."""
    for url in public_urls(site):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200
        assert again.content == first.content, url
        assert again["Content-Type"] == first["Content-Type"]


def test_another_process_is_served_from_the_shared_cache(
    site, page_cache, django_assert_num_queries
):
    """A second process (its own memory copy empty) takes the page from the shared cache."""
    url = site["briefing"].get_absolute_url()
    first = Client().get(url)
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert again.content == first.content


def test_the_order_of_query_parameters_does_not_matter(
    client, site, page_cache, django_assert_num_queries
):
    url = reverse("briefings:claim_list")
    first = client.get(url + "?topic=trade&status=verified")
    assert "Trade fell" in text(first)
    with django_assert_num_queries(0):
        again = client.get(url + "?status=verified&topic=trade")
    assert again.content == first.content
    # A different query is a different page.
    assert "Trade fell" not in text(client.get(url + "?topic=labour"))


def test_head_is_answered_from_the_cached_get(client, site, page_cache, django_assert_num_queries):
    url = site["briefing"].get_absolute_url()
    body = client.get(url).content
    with django_assert_num_queries(0):
        head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(body)


def test_compressed_and_plain_pages_are_cached_apart(
    client, site, page_cache, django_assert_num_queries
):
    url = site["briefing"].get_absolute_url()
    plain = client.get(url)
    zipped = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    with django_assert_num_queries(0):
        again = client.get(url, headers={"accept-encoding": "gzip"})
        plain_again = client.get(url)
    assert again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == plain.content
    assert plain_again.content == plain.content
    assert "Accept-Encoding" in again["Vary"]


def test_cached_pages_keep_the_security_headers(client, site, page_cache):
    url = site["briefing"].get_absolute_url()
    first = client.get(url)
    again = client.get(url)
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert again[header] == first[header]
    assert "nonce" not in first["Content-Security-Policy"]
    assert "Set-Cookie" not in again


def test_pages_are_served_uncached_when_the_shared_cache_is_down(client, site, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 9 (discard) of loopback here.
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    response = client.get(site["briefing"].get_absolute_url())
    assert response.status_code == 200
    assert "Rail and trade" in text(response)


def test_pages_are_not_kept_when_the_cache_is_off(client, site, settings, page_cache):
    settings.PAGE_CACHE_ENABLED = False
    client.get(site["briefing"].get_absolute_url())
    assert not any(key.startswith(":1:pp:") for key in page_cache._cache), "nothing was stored"


# --- conditional GET ---


def test_a_repeat_request_with_the_etag_gets_304_without_a_query(
    client, site, page_cache, django_assert_num_queries
):
    url = site["briefing"].get_absolute_url()
    first = client.get(url)
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    with django_assert_num_queries(0):
        repeat = client.get(url, headers={"if-none-match": first["ETag"]})
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        dated = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert dated.status_code == 304


def test_the_first_request_with_a_stale_etag_gets_the_page(client, site, page_cache):
    url = site["briefing"].get_absolute_url()
    response = client.get(url, headers={"if-none-match": '"not-the-current-one"'})
    assert response.status_code == 200
    assert b"Rail and trade" in response.content
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304


def test_an_edit_makes_the_old_etag_fail(client, site, page_cache, commit):
    url = site["claim"].get_absolute_url()
    first = client.get(url)
    with commit():
        site["claim"].statement = "Trade rose after 1991."
        site["claim"].save()
    response = client.get(url, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert "Trade rose after 1991." in text(response)
    assert response["ETag"] != first["ETag"]


def test_an_old_if_modified_since_gets_the_page(client, site, page_cache):
    url = site["briefing"].get_absolute_url()
    client.get(url)
    long_ago = http_date((timezone.now() - timedelta(days=30)).timestamp())
    assert client.get(url, headers={"if-modified-since": long_ago}).status_code == 200


def test_feeds_and_api_answer_304_too(client, site, page_cache):
    for url in (reverse("briefings:briefing_feed_atom"), reverse("api:briefing-list")):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url


def test_staff_pages_carry_an_etag_too(staff_client, site, page_cache):
    url = site["briefing"].get_absolute_url()
    etag = staff_client.get(url)["ETag"]
    assert staff_client.get(url, headers={"if-none-match": etag}).status_code == 304


# --- invalidation: each kind of change, committed ---


def test_publishing_a_briefing_shows_it(client, site, make_briefing, page_cache, commit):
    draft = make_briefing(
        title="Newly published", status=Briefing.Status.DRAFT, claims=[site["claim"]]
    )
    urls = [
        reverse("briefings:briefing_list"),
        site["claim"].get_absolute_url(),
        reverse("api:briefing-list"),
    ]
    for url in urls:
        assert "Newly published" not in text(client.get(url))
    assert client.get(draft.get_absolute_url()).status_code == 404
    with commit():
        services.briefing_publish(briefing=draft)
    for url in urls:
        assert "Newly published" in text(client.get(url)), url
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublishing_a_briefing_hides_it(client, site, page_cache, commit):
    url = site["briefing"].get_absolute_url()
    lists = [reverse("briefings:briefing_list"), site["claim"].get_absolute_url()]
    warm(client, url, *lists)
    with commit():
        services.briefing_unpublish(briefing=site["briefing"])
    assert client.get(url).status_code == 404
    for page in lists:
        assert "Rail and trade" not in text(client.get(page)), page


def test_a_claims_status_change_reaches_its_pages(client, site, page_cache, commit):
    claim = site["claim"]
    urls = [
        claim.get_absolute_url(),
        site["briefing"].get_absolute_url(),
        reverse("briefings:claim_list"),
    ]
    link = f'href="/claims/{claim.pk}/"'
    for url in urls:
        assert "Trade fell after 1991." in text(client.get(url))
    assert link in text(client.get(urls[1]))
    with commit():
        services.claims_mark_draft(claims=Claim.objects.filter(pk=claim.pk))
    assert client.get(claim.get_absolute_url()).status_code == 404
    # The briefing's changelog tells readers; the claim itself is gone from it and the list.
    briefing = text(client.get(urls[1]))
    assert "withdrawn for revision" in briefing
    assert link not in briefing
    assert "Trade fell after 1991." not in text(client.get(urls[2]))


def test_a_claims_new_wording_reaches_its_pages(client, site, page_cache, commit):
    claim = site["claim"]
    urls = [
        claim.get_absolute_url(),
        site["briefing"].get_absolute_url(),
        reverse("api:claim-detail", args=[claim.uid]),
        reverse("briefings:topic_detail", args=["trade"]),
    ]
    warm(client, *urls)
    with commit():
        claim.statement = "Trade collapsed after 1991."
        claim.save()
    for url in urls:
        assert "Trade collapsed after 1991." in text(client.get(url)), url


def test_a_new_citation_reaches_its_claims_pages(client, site, make_source, page_cache, commit):
    other = make_source(title="Customs yearbook")
    urls = [site["claim"].get_absolute_url(), site["briefing"].get_absolute_url()]
    for url in urls:
        assert "Customs yearbook" not in text(client.get(url))
    warm(client, other.get_absolute_url())
    with commit():
        Citation.objects.create(claim=site["claim"], source=other, quote="Labour migration")
    for url in urls:
        assert "Customs yearbook" in text(client.get(url)), url
    # The cited source's page highlights the passage and links the claim.
    assert site["claim"].get_absolute_url() in text(client.get(other.get_absolute_url()))


def test_a_changed_citation_reaches_its_claims_pages(client, site, page_cache, commit):
    citation = site["claim"].citations.get()
    url = site["claim"].get_absolute_url()
    assert "Labour migration is a unique facet" not in text(client.get(url))
    with commit():
        citation.quote = "Labour migration is a unique facet"
        citation.save()
    assert "Labour migration is a unique facet" in text(client.get(url))


def test_a_deleted_citation_leaves_its_claims_pages(client, site, make_source, page_cache, commit):
    extra = Citation.objects.create(
        claim=site["claim"], source=make_source(title="Customs yearbook"), quote="Labour migration"
    )
    urls = [site["claim"].get_absolute_url(), site["briefing"].get_absolute_url()]
    for url in urls:
        assert "Customs yearbook" in text(client.get(url))
    with commit():
        extra.delete()
    for url in urls:
        assert "Customs yearbook" not in text(client.get(url)), url


def test_a_sources_new_text_reaches_its_page(client, site, page_cache, commit):
    source = site["source"]
    url = source.get_absolute_url()
    warm(client, url)
    with commit():
        source.body = source.body + " A sentence added by the editors."
        source.save()
    assert "A sentence added by the editors." in text(client.get(url))


def test_a_sources_metadata_reaches_the_pages_that_cite_it(client, site, page_cache, commit):
    source = site["source"]
    urls = [
        source.get_absolute_url(),
        site["claim"].get_absolute_url(),
        site["briefing"].get_absolute_url(),
        reverse("sources:source_list"),
        reverse("api:claim-detail", args=[site["claim"].uid]),
    ]
    warm(client, *urls)
    with commit():
        source.title = "Customs ledger, revised"
        source.save()
    for url in urls:
        assert "Customs ledger, revised" in text(client.get(url)), url


def test_a_copy_assessment_reaches_its_original(client, site, make_source, page_cache, commit):
    copy = make_source(title="Syndicated copy of the ledger")
    original_url = site["source"].get_absolute_url()
    assert "Syndicated copy of the ledger" not in text(client.get(original_url))
    with commit():
        copy.derived_from = site["source"]
        copy.save()
    assert "Syndicated copy of the ledger" in text(client.get(original_url))


def test_a_copy_assessment_recounts_the_support_of_claims_citing_it(
    client, site, make_source, page_cache, commit
):
    """Marking a cited source a copy of another changes the claim's independent support."""
    second = make_source(title="Second witness")
    Citation.objects.create(claim=site["claim"], source=second, quote="international sanctions")
    urls = [site["claim"].get_absolute_url(), site["briefing"].get_absolute_url()]
    for url in urls:
        page = text(client.get(url))
        assert "2 independent sources" in page
        assert "support--single" not in page
    with commit():
        second.derived_from = site["source"]
        second.save()
    for url in urls:
        page = text(client.get(url))
        assert "support--single" in page, url
        # Only the claim's public history ("from 1 to 2 …") still names two sources.
        assert page.count("2 independent sources") == page.count("to 2 independent sources")


def test_a_topic_rename_reaches_every_page_with_it(client, site, page_cache, commit):
    urls = [
        site["briefing"].get_absolute_url(),
        site["claim"].get_absolute_url(),
        reverse("briefings:topic_list"),
    ]
    warm(client, *urls)
    with commit():
        topic = Topic.objects.get(name="trade")
        topic.name = "foreign trade"
        topic.save()
    for url in urls:
        assert "foreign trade" in text(client.get(url)), url


def test_a_new_topic_on_a_claim_reaches_its_pages(client, site, page_cache, commit):
    urls = [site["claim"].get_absolute_url(), reverse("briefings:topic_list")]
    for url in urls:
        assert "shipbuilding" not in text(client.get(url))
    with commit():
        site["claim"].tags.add("shipbuilding")
    for url in urls:
        assert "shipbuilding" in text(client.get(url)), url


def test_a_scheduled_briefing_appears_when_its_time_comes(
    client, site, make_briefing, page_cache, commit
):
    """No event happens when the time passes: a page is kept only until the next publication."""
    with commit():
        scheduled = make_briefing(
            title="Scheduled for tomorrow",
            published_at=timezone.now() + timedelta(days=1),
            claims=[site["claim"]],
        )
    urls = [reverse("briefings:briefing_list"), reverse("briefings:home")]
    for url in urls:
        assert "Scheduled for tomorrow" not in text(client.get(url))
        assert "Scheduled for tomorrow" not in text(client.get(url)), "served from the cache"
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    later = timezone.now() + timedelta(days=1, minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(pagecache.time, "time", return_value=later.timestamp()),
    ):
        for url in urls:
            assert "Scheduled for tomorrow" in text(client.get(url)), url
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_a_change_leaves_unrelated_object_pages_cached(
    client, site, page_cache, commit, django_assert_num_queries
):
    """Invalidation is exact: a claim's edit does not touch a briefing that does not hold it."""
    other_url = site["other"].get_absolute_url()
    warm(client, other_url, site["source"].get_absolute_url())
    with commit():
        site["claim"].statement = "Trade collapsed after 1991."
        site["claim"].save()
    with django_assert_num_queries(0):
        assert client.get(other_url).status_code == 200
    # ... while the listing, which shows every claim, is rendered again.
    assert "Trade collapsed" in text(client.get(reverse("briefings:claim_list")))


def test_an_edit_in_the_admin_reaches_readers_at_once(site, page_cache, commit, admin_user):
    """The editors' path: a changelist action in the admin, then a reader's next request."""
    reader = Client()
    url = site["briefing"].get_absolute_url()
    warm(reader, url, reverse("briefings:briefing_list"))
    staff = Client()
    staff.force_login(admin_user)
    with commit():
        response = staff.post(
            reverse("admin:briefings_briefing_changelist"),
            {"action": "unpublish", "_selected_action": [site["briefing"].pk]},
        )
    assert response.status_code == 302
    assert reader.get(url).status_code == 404
    assert "Rail and trade" not in text(reader.get(reverse("briefings:briefing_list")))


def test_bulk_changes_skip_the_fan_out_and_make_every_page_stale(
    client, site, page_cache, commit, django_assert_num_queries
):
    """Imports and generated data: no per-row work; afterwards nothing cached is served."""
    urls = [site["claim"].get_absolute_url(), site["other"].get_absolute_url()]
    warm(client, *urls)
    claim = site["claim"]
    with CaptureQueriesContext(connection) as one_by_one:
        claim.save()
    with commit(), pagecache.bulk_changes():
        claim.statement = "Rewritten in bulk."
        with CaptureQueriesContext(connection) as in_bulk:
            claim.save()
    assert len(in_bulk) < len(one_by_one)
    assert "Rewritten in bulk." in text(client.get(urls[0]))
    with CaptureQueriesContext(connection) as rendered:
        client.get(urls[1])
    assert len(rendered) > 0, "an unrelated page is stale too after bulk changes"
    with django_assert_num_queries(0):
        client.get(urls[1])


# --- staff and previews bypass the cache ---


def test_staff_pages_are_never_served_to_readers(site, make_briefing, page_cache, admin_user):
    draft = make_briefing(title="Preview only", status=Briefing.Status.DRAFT)
    staff = Client()
    staff.force_login(admin_user)
    assert staff.get(draft.get_absolute_url()).status_code == 200
    staff.get(site["briefing"].get_absolute_url())
    reader = Client()
    assert reader.get(draft.get_absolute_url()).status_code == 404
    assert "admin-link" not in text(reader.get(site["briefing"].get_absolute_url()))
    stored = list(page_cache._cache.values())
    assert stored, "the reader's page was stored"
    assert not any(b"admin-link" in value or b"Preview only" in value for value in stored)


def test_staff_are_never_served_readers_pages(
    site, page_cache, admin_user, django_assert_max_num_queries
):
    url = site["briefing"].get_absolute_url()
    Client().get(url)
    staff = Client()
    staff.force_login(admin_user)
    with django_assert_max_num_queries(100) as captured:
        staff.get(url)
    assert len(captured) > 0, "rendered for the editor, not taken from the cache"


def test_admin_and_posts_are_never_cached(admin_client, site, page_cache):
    admin_client.get(reverse("admin:index"))
    Client().post(reverse("briefings:home"))
    assert not any(key.startswith(":1:pp:") for key in page_cache._cache)


def test_a_response_that_sets_a_cookie_is_not_stored(page_cache, db):
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("<p>hello</p>")
        response.set_cookie("tracking", "1")
        return response

    middleware = pagecache.PageCacheMiddleware(view)
    request = RequestFactory().get(reverse("briefings:methodology"))
    for _ in range(2):
        assert middleware(request).cookies
    assert len(calls) == 2
    assert not any(b"hello" in value for value in page_cache._cache.values())


def test_only_readers_requests_are_answered_from_the_cache():
    factory = RequestFactory()
    assert pagecache.reader_request(factory.get("/"))
    assert pagecache.reader_request(factory.head("/"))
    assert not pagecache.reader_request(factory.post("/"))
    with_session = factory.get("/")
    with_session.COOKIES["sessionid"] = "x"
    assert not pagecache.reader_request(with_session)
    with_message = factory.get("/")
    with_message.COOKIES["messages"] = "x"
    assert not pagecache.reader_request(with_message)
    assert not pagecache.reader_request(factory.get("/", headers={"authorization": "Basic x"}))


def test_admin_healthz_and_unknown_paths_are_never_routed_to_the_cache():
    assert pagecache.route_names(reverse("admin:index")) is None
    assert pagecache.route_names(reverse("healthz")) is None
    assert pagecache.route_names("/no/such/page/") is None
    assert pagecache.route_names(reverse("briefings:home")) == (pagecache.LISTING,)
    assert pagecache.route_names(reverse("sources:source_detail", args=["a"])) == ("source:a",)


# --- pure functions ---

params = st.lists(
    st.tuples(st.text("abcxyz", min_size=1, max_size=3), st.text("0123", max_size=2)),
    max_size=6,
)


@given(params, st.randoms())
def test_query_order_is_normalised_but_repeated_values_keep_their_order(pairs, rnd):
    query = "&".join(f"{k}={v}" for k, v in pairs)
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    # Keep each parameter's values in their original order (they may be meaningful).
    by_name = {}
    for name, value in pairs:
        by_name.setdefault(name, []).append(value)
    reordered = []
    for name, _ in shuffled:
        if by_name.get(name):
            reordered.append((name, by_name[name].pop(0)))
    other = "&".join(f"{k}={v}" for k, v in reordered)
    assert pagecache.normalise_query(query) == pagecache.normalise_query(other)
    assert sorted(pagecache.normalise_query(query).split("&")) == sorted(query.split("&"))


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=20), st.integers(1, 64))
def test_local_pages_stay_within_their_budget(bodies, budget):
    pages = pagecache.LocalPages(budget)
    for index, body in enumerate(bodies):
        entry = pagecache.Entry((), 0.0, 200, (), body.encode(), '""', 0.0)
        pages.put(str(index), entry)
        assert pages.size == sum(len(e.body) for e in pages.entries.values())
        assert pages.size <= budget or len(pages.entries) == 0
