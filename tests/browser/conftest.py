"""Browser tests: Playwright drives Debian's Chromium against the production server.

The server is scripts/serve.sh (gunicorn, DEBUG off, whitenoise, the seeds) on a free port
with its own SQLite file, started once per session. Playwright never downloads a browser:
it launches /usr/bin/chromium. Without it these tests are skipped locally, but fail in CI.
"""

import os
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.serving import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = (375, 1280)
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
ADMIN_PASSWORD = "browser-test-admin-password"

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

# Every document reports Content-Security-Policy violations to the test (init scripts and
# bindings come through the DevTools protocol, so the policy under test does not block them).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${document.URL}`
  );
});
"""


@pytest.fixture(scope="session")
def chromium():
    """The path to Chromium; skip without it locally, fail without it in CI."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def site(chromium, tmp_path_factory):
    """The production server with the seed data, an admin account and its password."""
    with serve(
        tmp_path_factory.mktemp("browser-site"), DJANGO_ADMIN_PASSWORD=ADMIN_PASSWORD
    ) as served:
        yield served


@pytest.fixture(scope="session")
def browser(chromium):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    """A page whose console errors, uncaught exceptions and CSP violations are recorded."""

    page: object
    console_errors: list = field(default_factory=list)
    csp_violations: list = field(default_factory=list)

    def problems(self, *, expected_status_url=None):
        """Everything that went wrong so far, except the 404 a 404 page is meant to log."""
        errors = [
            text
            for text, url in self.console_errors
            if not (url == expected_status_url and "404" in text)
        ]
        return {"console errors": errors, "CSP violations": list(self.csp_violations)}

    def assert_clean(self, **kwargs):
        problems = self.problems(**kwargs)
        assert problems == {"console errors": [], "CSP violations": []}, problems


@pytest.fixture
def open_page(browser):
    """Open pages at a given width; each gets its own browser context (own cookies)."""
    contexts = []

    def open_(width):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        watched = Watched(page=context.new_page())
        context.expose_function(
            "reportCspViolation", lambda violation: watched.csp_violations.append(violation)
        )
        context.add_init_script(CSP_LISTENER)
        watched.page.on(
            "console",
            lambda message: (
                message.type == "error"
                and watched.console_errors.append((message.text, message.location.get("url")))
            ),
        )
        watched.page.on("pageerror", lambda error: watched.console_errors.append((str(error), "")))
        return watched

    yield open_
    for context in contexts:
        context.close()


def axe_violations(page):
    """axe-core's WCAG 2.2 AA violations on the page, as readable lines."""
    results = AXE.run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback URL)
        return response.read().decode()


@pytest.fixture(scope="session")
def reader_urls(site):
    """The reader pages under test, found the way a crawler finds them (sitemap, links)."""
    # /sitemap.xml is an index of section files, each listing pages.
    index = re.findall(r"<loc>([^<]+)</loc>", fetch(f"{site.base_url}/sitemap.xml"))
    locs = [loc for section in index for loc in re.findall(r"<loc>([^<]+)</loc>", fetch(section))]
    paths = [loc.removeprefix(site.base_url) for loc in locs]

    def first(pattern):
        found = next((path for path in paths if re.fullmatch(pattern, path)), None)
        assert found, f"no {pattern} in the sitemap"
        return found

    sources = fetch(f"{site.base_url}/sources/")
    overlap = re.search(r'href="(/sources/[\w-]+/shared/[\w-]+/)"', sources)
    assert overlap, "the seeds hold a pair of sources sharing material"
    return {
        "home": "/",
        "briefing-list": "/briefings/",
        "briefing-detail": first(r"/briefings/[\w-]+/"),
        "topic-list": "/topics/",
        "topic-detail": first(r"/topics/[\w-]+/"),
        "claim-list": "/claims/",
        "claim-detail": first(r"/claims/\d+/"),
        "source-list": "/sources/",
        "source-detail": first(r"/sources/[\w-]+/"),
        "source-side-by-side": overlap.group(1),
        "timeline": "/timeline/",
        "search": "/search/?q=rail",
        "methodology": "/methodology/",
        "not-found": "/no-such-page/",
    }
