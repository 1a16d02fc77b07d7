"""Reader pages in a real browser: accessible (axe-core, WCAG 2.2 AA), no CSP or console errors."""

import pytest

from .conftest import WIDTHS, axe_violations, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    "home",
    "briefing-list",
    "briefing-detail",
    "topic-list",
    "topic-detail",
    "claim-list",
    "claim-detail",
    "source-list",
    "source-detail",
    "source-side-by-side",
    "timeline",
    "search",
    "methodology",
    "not-found",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_reader_page_has_no_accessibility_violations_csp_violations_or_console_errors(
    site, reader_urls, open_page, name, width
):
    watched = open_page(width)
    url = site.base_url + reader_urls[name]
    response = watched.page.goto(url, wait_until="load")

    assert response.status == (404 if name == "not-found" else 200)
    assert watched.page.title().endswith("RNK Briefings")
    # Nothing wider than the viewport: no sideways scrolling on a phone.
    scroll_width = watched.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name} is {scroll_width}px wide at {width}px"
    assert axe_violations(watched.page) == []
    watched.assert_clean(expected_status_url=url if name == "not-found" else None)
    screenshot(watched.page, f"reader-{name}-{width}")
