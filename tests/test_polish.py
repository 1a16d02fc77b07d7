"""What readers notice: icon, feed links, compression, layout rules, feed authorship."""

import gzip
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"
CSS = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()


def test_every_page_names_an_icon_that_is_served(client, db):
    """The page's icon link resolves, and /favicon.ico leads to the same icon (no 404)."""
    page = client.get(reverse("briefings:home")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert client.get(icon).status_code == 200
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == icon


def test_footer_links_feeds_and_api_on_every_page(client, db):
    page = client.get(reverse("sources:source_list")).content.decode()
    for name in ("briefings:briefing_feed_atom", "briefings:briefing_feed_rss", "api:api-root"):
        assert f'href="{reverse(name)}"' in page


def test_topic_page_shows_its_own_subscribe_links(client, make_claim):
    make_claim(tags=("south korea",))
    page = client.get(reverse("briefings:topic_detail", args=["south-korea"])).content.decode()
    for name in ("briefings:topic_feed_atom", "briefings:topic_feed_rss"):
        assert f'href="{reverse(name, args=["south-korea"])}"' in page


def test_atom_feeds_name_an_author(client, make_briefing):
    """Atom requires an author; briefings without a named author are the desk's."""
    make_briefing()
    for url in (reverse("briefings:briefing_feed_atom"),):
        root = ElementTree.fromstring(client.get(url).content)
        assert root.find(f"{ATOM}author/{ATOM}name").text == "RNK Briefings editors"


def test_anonymous_pages_are_compressed(client, make_briefing):
    briefing = make_briefing()
    response = client.get(briefing.get_absolute_url(), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    assert "Accept-Encoding" in response["Vary"]


def test_pages_holding_a_secret_are_not_compressed(client, admin_client, make_briefing):
    """BREACH: nothing with a CSRF token or a signed-in editor's data is compressed."""
    briefing = make_briefing()
    login = client.get(reverse("admin:login"), headers={"accept-encoding": "gzip"})
    assert login.status_code == 200 and not login.has_header("Content-Encoding")
    staff = admin_client.get(briefing.get_absolute_url(), headers={"accept-encoding": "gzip"})
    assert staff.status_code == 200 and not staff.has_header("Content-Encoding")


@pytest.mark.parametrize(
    "rule",
    [
        # The skip link targets <main>: a bare :target rule painted the whole page.
        r"(^|[\s,}]):target\s*\{",
    ],
)
def test_no_global_target_highlight(rule):
    assert not re.search(rule, CSS, re.MULTILINE)


def test_citation_markers_are_at_least_24px_targets():
    block = re.search(r"\.markers a \{([^}]*)\}", CSS).group(1)
    assert "min-width: 24px" in block and "min-height: 24px" in block


def test_side_by_side_rows_carry_labels_for_narrow_screens(client, make_source):
    """At phone width the table stacks; each cell names its source through data-label."""
    from sources.models import SourceOverlap

    left, right = sorted(
        [make_source(title="First"), make_source(title="Second")], key=lambda s: s.pk
    )
    passages = [{"left": 0, "right": 0, "score": 0.9}]
    SourceOverlap.objects.create(left=left, right=right, kind="copy", score=0.8, passages=passages)
    url = reverse("sources:source_overlap", kwargs={"slug": left.slug, "other": right.slug})
    page = client.get(url).content.decode()
    assert 'data-label="First"' in page and 'data-label="Second"' in page
    assert 'data-label="Similarity"' in page
