"""The one scheme check for URLs made into links from stored data."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.links import LINK_SCHEMES, safe_link


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "  javascript:alert(1)",
        "java\nscript:alert(1)",
        "\x00javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "/relative/path",
        "http:/no-host",
        "http://[::1",
        "",
        None,
    ],
)
def test_unsafe_or_relative_urls_are_refused(url):
    assert safe_link(url) == ""


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a?b=1", "http://example.org", "mailto:desk@example.org", "ftp://x.org/f"],
)
def test_absolute_urls_with_a_safe_scheme_pass_unchanged(url):
    assert safe_link(url) == url


def test_the_url_is_returned_as_a_browser_reads_it():
    assert safe_link(" https://exa\tmple.org/ ") == "https://example.org/"


@given(st.text())
def test_whatever_passes_has_a_safe_scheme(url):
    link = safe_link(url)
    assert link == "" or link.split(":", 1)[0].lower() in LINK_SCHEMES
    assert not any(ch in link for ch in "\t\n\r")
