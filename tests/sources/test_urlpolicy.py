"""The one URL policy for links on our pages: which schemes, and never another site by //."""

import html
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from sources.urlpolicy import ALLOWED_SCHEMES, is_safe_url, safe_url

DANGEROUS_SCHEMES = ["javascript", "data", "vbscript", "file", "blob", "ftp", "jar"]
# What a browser's URL parser removes anywhere (tab, newline) or at either end (C0, space).
INVISIBLE = st.sampled_from(["\t", "\n", "\r"])
EDGES = st.text(alphabet=st.characters(max_codepoint=0x20), max_size=3)


def browser_reading(url):
    """How a browser reads an href: entities decoded, tabs/newlines dropped, ends trimmed."""
    url = html.unescape(url)
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return (match[1].lower() if match else ""), url


def random_case(draw, word):
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips, strict=True))


@st.composite
def disguised_schemes(draw):
    """A refused scheme in any case, with tabs or newlines slipped in and spaces around."""
    word = random_case(draw, draw(st.sampled_from(DANGEROUS_SCHEMES)))
    chars = list(word)
    for _ in range(draw(st.integers(0, 3))):
        chars.insert(draw(st.integers(0, len(chars))), draw(INVISIBLE))
    rest = draw(st.text(max_size=30))
    return f"{draw(EDGES)}{''.join(chars)}:{rest}"


@st.composite
def protocol_relative(draw):
    slashes = draw(st.sampled_from(["//", "\\\\", "/\\", "\\/"]))
    host = draw(st.from_regex(r"[a-z0-9.-]{1,20}", fullmatch=True))
    return f"{draw(EDGES)}{slashes}{host}{draw(st.text(max_size=20))}"


@given(st.text())
def test_any_text_gives_a_url_or_none_and_never_raises(url):
    result = safe_url(url)
    assert result is None or isinstance(result, str)
    assert is_safe_url(url) is (result is not None)


@given(st.text())
def test_whatever_is_allowed_is_read_by_a_browser_as_an_allowed_scheme_or_our_own_path(url):
    """The property that matters: no allowed URL leaves the site by // or runs a scheme."""
    result = safe_url(url)
    if result is None:
        return
    scheme, read = browser_reading(result)
    if scheme:
        assert scheme in ALLOWED_SCHEMES
        if scheme in {"http", "https"}:
            assert urlsplit(read.replace("\\", "/")).netloc
    else:
        assert not read.replace("\\", "/").startswith("//")
        assert urlsplit(read).netloc == ""


@given(st.text())
def test_the_policy_is_idempotent(url):
    result = safe_url(url)
    assert result is None or safe_url(result) == result


@given(disguised_schemes())
def test_refused_schemes_are_refused_however_disguised(url):
    assert safe_url(url) is None


@given(disguised_schemes())
def test_refused_schemes_are_refused_when_written_as_html_entities(url):
    """``&#106;avascript:`` becomes javascript: if written into markup unescaped."""
    entities = "".join(f"&#{ord(c)};" if c.isalpha() else c for c in url[:12]) + url[12:]
    assert safe_url(entities) is None


@given(protocol_relative())
def test_protocol_relative_links_are_refused(url):
    assert safe_url(url) is None


@given(urls())
def test_ordinary_web_addresses_are_kept_as_they_are(url):
    assert safe_url(url) == url


@given(st.from_regex(r"/[a-z0-9/_.-]*(\?[a-z=&]*)?(#[a-z-]*)?", fullmatch=True))
def test_paths_on_our_own_site_are_kept(path):
    if path.startswith("//"):
        assert safe_url(path) is None
    else:
        assert safe_url(path) == path


@pytest.mark.parametrize(
    "url",
    [
        "//evil.example/x",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " \x01javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "https:evil.example",
        "https:/evil.example",
        "https://",
        "/\\evil.example",
        "https://exa\x00mple.org/",
        "",
        "   ",
        None,
    ],
)
def test_known_tricks_are_refused(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("/briefings/trade/", "/briefings/trade/"),
        ("../sources/", "../sources/"),
        ("#section-2", "#section-2"),
        ("?page=2", "?page=2"),
        ("  https://example.org/  ", "https://example.org/"),
    ],
)
def test_ordinary_links_are_kept(url, kept):
    assert safe_url(url) == kept
