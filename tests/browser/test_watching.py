"""The page watcher the browser tests rely on does see CSP violations and console errors."""

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser

# Served by Playwright itself (page.route), so no server and no network are involved.
FAKE_URL = "http://csp.invalid/"
PAGE = (
    "<!doctype html><html lang=en><title>t</title>"
    "<img src='/missing.png' alt='x'>"
    "<script>console.error('boom')</script>"
    "<button></button>"
)


def test_watcher_records_csp_violations_console_errors_and_axe_violations(open_page):
    watched = open_page(1280)
    watched.page.route(
        FAKE_URL,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'; script-src 'none'"},
            body=PAGE,
        ),
    )
    watched.page.route(f"{FAKE_URL}missing.png", lambda route: route.fulfill(status=404))
    watched.page.goto(FAKE_URL)
    watched.page.wait_for_timeout(200)

    problems = watched.problems()
    assert any("script-src" in violation for violation in problems["CSP violations"])
    assert any("404" in error for error in problems["console errors"])
    # The blocked inline script never ran, so its console.error is not there.
    assert not any("boom" in error for error in problems["console errors"])
    with pytest.raises(AssertionError):
        watched.assert_clean()
    # An empty button has no accessible name: axe reports it.
    assert any(line.startswith("button-name") for line in axe_violations(watched.page))
