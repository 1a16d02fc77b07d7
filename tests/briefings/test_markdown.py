"""Editors' Markdown reaches readers only through the sanitiser, and renders inert."""

import html as html_module
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.markdown import render_markdown
from sources.urlpolicy import safe_url

HOSTILE = """
Intro <script>alert("x")</script> and more.

<img src=x onerror="alert(1)"> <a href="#" onclick="alert(2)">click</a>

[plain](javascript:alert(3)) [mixed](JaVaScRiPt:alert(4)) [entity](&#106;avascript:alert(5))

<javascript:alert(6)>

<div onmouseover="alert(7)">hover</div>
"""


LIVE_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")


def assert_inert(html):
    """No live tag is a script, carries an event handler or links to javascript:."""
    assert "<script" not in html.lower()
    for name, attributes in LIVE_TAG.findall(html):
        assert name.lower() not in {"script", "img", "svg", "div", "iframe"}, name
        assert not re.search(r"\son[a-z]+\s*=", attributes, re.IGNORECASE), attributes
        assert "javascript:" not in attributes.lower(), attributes
        assert "data:" not in attributes.lower(), attributes


def test_markdown_renders_basic_formatting():
    """Emphasis, lists and links survive; links get rel="nofollow noopener"."""
    html = render_markdown("**bold** and *it*\n\n- one\n- two\n\n[site](https://example.org/)")
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.org/" rel="nofollow noopener">site</a>' in html


def test_hostile_markdown_renders_inert():
    """Scripts, event-handler attributes and javascript: links never become live HTML."""
    assert_inert(render_markdown(HOSTILE))


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<a href='javascript:alert(1)'>x</a>",
        '<svg onload="alert(1)">',
        "[x](javascript:alert(1))",
        "![x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_each_attack_is_inert(text):
    """Each attack on its own is neutralised."""
    assert_inert(render_markdown(text))


def test_empty_markdown_is_empty():
    """No text, no markup."""
    assert render_markdown("") == ""


def test_briefing_page_renders_hostile_markdown_inert(client, make_briefing):
    """A briefing's introduction and section text reach the page sanitised."""
    briefing = make_briefing(introduction=HOSTILE)
    section = briefing.sections.get()
    section.body = HOSTILE
    section.save()
    response = client.get(briefing.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    prose = re.findall(r'<div class="prose">(.*?)</div>', content, re.DOTALL)
    assert len(prose) == 2
    for html in prose:
        assert_inert(html)
        assert "&lt;script&gt;" in html
    # The page's own JSON-LD is the one script allowed (its escaping: test_metadata.py).
    content = re.sub(r'<script type="application/ld\+json">.*?</script>', "", content, flags=re.S)
    assert "<script" not in content


@pytest.mark.parametrize(
    "text",
    [
        "[x](//evil.example/x)",
        "[x](<//evil.example/x>)",
        "[x](https:evil.example)",
        "[x](vbscript:msgbox(1))",
        '<a href="//evil.example/">x</a>',
    ],
)
def test_links_to_other_sites_without_a_scheme_are_not_links(text):
    """Protocol-relative links leave the site while looking local: the URL policy refuses them."""
    html = render_markdown(text)
    assert "<a " not in html, html


def test_links_to_our_own_pages_and_to_the_web_are_kept():
    html = render_markdown("[a](/briefings/trade/) [b](#section-1) [c](https://example.org/x)")
    assert 'href="/briefings/trade/"' in html
    assert 'href="#section-1"' in html
    assert 'href="https://example.org/x"' in html


LINK_TARGET = st.lists(
    st.sampled_from([*"/\\:.#?&;%jJavscriptdhe <>\t", "&#106;", "//", "javascript:", "data:"]),
    max_size=12,
).map("".join)


@given(LINK_TARGET)
def test_every_rendered_link_passes_the_url_policy(target):
    """Whatever an editor writes as a link target, every href on the page passes the policy."""
    for href in re.findall(r'href="([^"]*)"', render_markdown(f"[x]({target}) <{target}>")):
        assert safe_url(html_module.unescape(href)) is not None, href
