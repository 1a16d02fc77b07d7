"""
rnk_site.pagecache.PageCacheApplication: readers' cached pages answered before Django's handler.

Requests here go through the WSGI application that gunicorn serves (rnk_site.wsgi), not the
test client, so that what the wrapper answers and what it hands to Django can be told apart.
"""

import io
import logging
from unittest import mock

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from rnk_site import pagecache
from rnk_site.wsgi import application


@pytest.fixture(autouse=True)
def only_testserver(settings):
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the handler must not close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(path, *, method="GET", query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = status
        started["headers"] = dict(response_headers)

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body


def handled_by_django(path, **kwargs):
    """(status, headers, body, whether Django's handler ran) for one request."""
    seen = []

    def receiver(**kwargs):
        seen.append(True)

    request_started.connect(receiver)
    try:
        status, headers, body = call(path, **kwargs)
    finally:
        request_started.disconnect(receiver)
    return status, headers, body, bool(seen)


def test_a_cached_page_is_answered_without_djangos_handler(page_cache, make_claim):
    make_claim(statement="Rail freight doubled.")
    first = handled_by_django("/claims/")
    assert first[0] == "200 OK" and first[3]
    again = handled_by_django("/claims/")
    assert again[0] == "200 OK"
    assert not again[3], "answered by the wrapper"
    assert again[2] == first[2]
    assert again[1]["Content-Type"] == first[1]["Content-Type"]
    assert again[1]["Content-Security-Policy"] == first[1]["Content-Security-Policy"]


def test_a_repeat_with_the_etag_gets_304_and_head_gets_no_body(page_cache, make_claim):
    make_claim()
    _, headers, _ = call("/claims/")
    status, _, body = call("/claims/", if_none_match=headers["ETag"])
    assert status == "304 Not Modified"
    assert body == b""
    status, head_headers, body = call("/claims/", method="HEAD")
    assert status == "200 OK"
    assert body == b""
    assert head_headers["ETag"] == headers["ETag"]


def test_staff_posts_and_other_hosts_go_to_django(page_cache, make_claim):
    make_claim()
    call("/claims/")
    assert handled_by_django("/claims/", cookie="sessionid=abc")[3]
    assert handled_by_django("/claims/", method="POST")[3]
    assert handled_by_django("/claims/", authorization="Basic eDp5")[3]
    status, _, _, django = handled_by_django("/claims/", host="evil.example")
    assert django and status.startswith("400")


def test_a_change_sends_the_next_request_to_django(page_cache, make_claim):
    make_claim()
    call("/claims/")
    pagecache.bump({pagecache.LISTING})
    assert handled_by_django("/claims/")[3]
    assert not handled_by_django("/claims/")[3]


def test_an_unreachable_cache_goes_to_django(page_cache, make_claim):
    make_claim()
    call("/claims/")
    with mock.patch.object(pagecache.shared(), "get_many", side_effect=ConnectionError):
        status, _, _, django = handled_by_django("/claims/")
    assert status == "200 OK" and django


def test_hits_are_logged_like_every_request(page_cache, make_claim, caplog):
    make_claim()
    call("/claims/")
    with caplog.at_level(logging.INFO, logger="rnk_site.requests"):
        call("/claims/", query="")
    assert "GET /claims/ 200" in caplog.text


def test_a_miss_reads_the_versions_once(page_cache, make_claim):
    """The middleware takes the wrapper's lookup instead of making its own."""
    make_claim()
    with mock.patch.object(pagecache, "read_versions", wraps=pagecache.read_versions) as read:
        status, _, _ = call("/claims/")
    assert status == "200 OK"
    assert read.call_count == 1
