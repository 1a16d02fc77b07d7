"""Editors' Markdown reaches readers only through the sanitiser, and renders inert."""

import html as html_module
import importlib
import re
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from briefings import markdown as markdown_module
from briefings.forms import BriefingAdminForm
from briefings.markdown import MARKDOWN_MAX_LENGTH, RENDERER_VERSION, markdown_key, render_markdown
from briefings.models import Briefing, Section
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


# --- Rendered once, when saved ----------------------------------------------------------


@pytest.fixture
def count_renders(monkeypatch):
    """Count calls of the Markdown renderer (the slow part: seconds for a megabyte)."""
    calls = []
    real = markdown_module._md.render

    def counting(text, *args, **kwargs):
        calls.append(len(text))
        return real(text, *args, **kwargs)

    # The parser object itself: counted however render_markdown was imported.
    monkeypatch.setattr(markdown_module._md, "render", counting)
    return calls


def prose(response):
    return re.findall(r'<div class="prose">(.*?)</div>', response.content.decode(), re.DOTALL)


def test_saving_stores_the_rendered_html(make_briefing):
    """Introduction and section text are rendered when saved, and stored beside the Markdown."""
    briefing = make_briefing(introduction="An **introduction**.")
    section = briefing.sections.get()
    section.body = "A [link](/sources/)."
    section.save()
    briefing.refresh_from_db()
    section.refresh_from_db()
    assert briefing.introduction_html == "<p>An <strong>introduction</strong>.</p>\n"
    assert briefing.introduction_html_key == markdown_key(briefing.introduction)
    assert 'href="/sources/"' in section.body_html
    assert section.body_html_key.startswith(f"v{RENDERER_VERSION}:")


def test_page_views_do_not_render_markdown(client, make_briefing, count_renders):
    """Readers get the stored HTML: viewing a briefing renders nothing, however long its text."""
    briefing = make_briefing(introduction="Long *text*.\n\n" * 5000)
    section = briefing.sections.get()
    section.body = "Section **text**."
    section.save()
    count_renders.clear()
    for _ in range(3):
        response = client.get(briefing.get_absolute_url())
        assert response.status_code == 200
    assert count_renders == []
    intro, body = prose(response)
    assert intro.count("<em>text</em>") == 5000
    assert "<strong>text</strong>" in body


def test_saving_again_without_changing_the_markdown_renders_nothing(make_briefing, count_renders):
    briefing = make_briefing(introduction="Some *text*.")
    count_renders.clear()
    briefing.title = "A new title"
    briefing.save()
    briefing.save(update_fields=["status"])
    assert count_renders == []


def test_saving_with_update_fields_stores_the_html_of_the_changed_markdown(make_briefing):
    briefing = make_briefing(introduction="Old.")
    briefing.introduction = "*New*."
    briefing.save(update_fields=["introduction"])
    briefing.refresh_from_db()
    assert briefing.introduction_html == "<p><em>New</em>.</p>\n"


def test_markdown_changed_behind_saves_back_is_never_shown_stale(client, make_briefing):
    """QuerySet.update() bypasses save(): the page notices and renders the new text."""
    briefing = make_briefing(introduction="Old text.")
    Briefing.objects.filter(pk=briefing.pk).update(introduction="*New* text.")
    assert prose(client.get(briefing.get_absolute_url()))[0] == "<p><em>New</em> text.</p>\n"


def test_a_new_renderer_version_renders_again(client, make_briefing, monkeypatch):
    """Stored HTML from an older renderer is re-rendered: on view until the command stores it."""
    briefing = make_briefing(introduction="Text with [a link](//evil.example/).")
    old_html = "<p>Text with <a href='//evil.example/'>a link</a>.</p>"
    Briefing.objects.filter(pk=briefing.pk).update(
        introduction_html=old_html, introduction_html_key="v1:whatever"
    )
    assert "evil.example/'>" not in prose(client.get(briefing.get_absolute_url()))[0]

    out = StringIO()
    call_command("rerender_markdown", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 stored Markdown field(s) would be rendered")
    call_command("rerender_markdown", stdout=StringIO())
    briefing.refresh_from_db()
    assert briefing.introduction_html == render_markdown(briefing.introduction)
    assert briefing.introduction_html_key == markdown_key(briefing.introduction)

    monkeypatch.setattr(markdown_module, "RENDERER_VERSION", RENDERER_VERSION + 1)
    out = StringIO()
    call_command("rerender_markdown", "--dry-run", stdout=out)
    assert out.getvalue().startswith("2 stored Markdown field(s) would be rendered")


def test_the_migration_stores_html_for_rows_that_have_none(make_briefing):
    """Rows written before the HTML was stored get it from the data migration."""
    briefing = make_briefing(introduction="*Before* the migration.")
    Briefing.objects.update(introduction_html="", introduction_html_key="")
    Section.objects.update(body="A body.", body_html="", body_html_key="")
    migration = importlib.import_module("briefings.migrations.0006_stored_markdown_html")
    migration.render_existing_rows(django_apps, None)
    briefing.refresh_from_db()
    section = briefing.sections.get()
    assert briefing.introduction_html == "<p><em>Before</em> the migration.</p>\n"
    assert section.body_html == "<p>A body.</p>\n"
    assert section.body_html_key == markdown_key("A body.")


def test_seed_fixtures_loaded_raw_still_render(client, db):
    """loaddata saves raw (no save()): pages still show the Markdown rendered."""
    call_command("loaddata", "seed_sources", "seed_editorial", verbosity=0)
    briefing = Briefing.objects.published().exclude(introduction="").first()
    blocks = prose(client.get(briefing.get_absolute_url()))
    assert blocks[0] == render_markdown(briefing.introduction)


def test_load_seed_data_stores_the_html(db):
    call_command("load_seed_data", verbosity=0)
    out = StringIO()
    call_command("rerender_markdown", "--dry-run", stdout=out)
    assert out.getvalue().startswith("0 stored Markdown field(s)")
    briefing = Briefing.objects.exclude(introduction="").first()
    assert briefing.introduction_html == render_markdown(briefing.introduction)


# --- Bounded length ---------------------------------------------------------------------


def test_an_overlong_introduction_is_a_form_error_naming_the_limit(make_briefing):
    briefing = make_briefing()
    data = {
        "title": briefing.title,
        "slug": briefing.slug,
        "status": "draft",
        "tags": "sanctions",
        "introduction": "x" * (MARKDOWN_MAX_LENGTH + 1),
    }
    form = BriefingAdminForm(data=data, instance=briefing)
    assert not form.is_valid()
    assert form.errors["introduction"] == [
        f"Markdown is limited to {MARKDOWN_MAX_LENGTH} characters "
        f"(this has {MARKDOWN_MAX_LENGTH + 1}): split the text into sections."
    ]
    data["introduction"] = "x" * MARKDOWN_MAX_LENGTH
    assert BriefingAdminForm(data=data, instance=briefing).is_valid()


def test_an_overlong_section_text_is_refused(make_briefing):
    section = make_briefing().sections.get()
    section.body = "x" * (MARKDOWN_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "Markdown is limited to" in str(error.value.message_dict["body"])
