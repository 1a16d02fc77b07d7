"""RSS and Atom feeds list the published briefings only, site-wide and per topic."""

from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from briefings.models import Briefing

ATOM = "{http://www.w3.org/2005/Atom}"
HIDDEN = ("Draft briefing title", "Review briefing title", "Scheduled briefing title")


@pytest.fixture
def briefings(make_briefing):
    """Two published briefings on different topics, and a draft, an in-review and a scheduled one."""
    trade = make_briefing(
        title="Trade briefing", standfirst="Trade <b>fell</b> & rose.", tags=("trade",)
    )
    labour = make_briefing(
        title="Labour briefing",
        tags=("labour",),
        published_at=timezone.now() - timedelta(days=3),
    )
    make_briefing(title=HIDDEN[0], status=Briefing.Status.DRAFT, tags=("trade",))
    make_briefing(title=HIDDEN[1], status=Briefing.Status.REVIEW, tags=("trade",))
    make_briefing(title=HIDDEN[2], published_at=timezone.now() + timedelta(days=1), tags=("trade",))
    return {"trade": trade, "labour": labour}


def parse(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def atom_entries(root):
    return {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}


def rss_titles(root):
    return [item.findtext("title") for item in root.iter("item")]


def test_atom_feed_lists_only_published_briefings(client, briefings):
    """The Atom feed is valid XML listing published briefings, newest first; no draft, review or scheduled one."""
    response = client.get(reverse("briefings:briefing_feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse(response)
    assert root.tag == f"{ATOM}feed"
    assert list(atom_entries(root)) == ["Trade briefing", "Labour briefing"]
    for title in HIDDEN:
        assert title not in response.text


def test_rss_feed_lists_only_published_briefings(client, briefings):
    """The RSS feed is valid RSS 2.0 XML listing only the published briefings."""
    response = client.get(reverse("briefings:briefing_feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse(response)
    assert root.tag == "rss"
    assert rss_titles(root) == ["Trade briefing", "Labour briefing"]
    for title in HIDDEN:
        assert title not in response.text


def test_feed_items_carry_dates_standfirst_and_link(client, briefings):
    """An entry's published date is published_at, updated is updated_at, summary the standfirst."""
    trade = briefings["trade"]
    root = parse(client.get(reverse("briefings:briefing_feed_atom")))
    entry = atom_entries(root)["Trade briefing"]
    assert parse_datetime(entry.findtext(f"{ATOM}published")) == trade.published_at
    assert parse_datetime(entry.findtext(f"{ATOM}updated")) == trade.updated_at
    assert entry.findtext(f"{ATOM}summary") == "Trade <b>fell</b> & rose."
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{trade.get_absolute_url()}"
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == ["trade"]


def test_topic_feed_lists_only_that_topic(client, briefings):
    """The per-topic feeds list the published briefings with the tag and nothing else."""
    atom = parse(client.get(reverse("briefings:topic_feed_atom", args=["trade"])))
    assert list(atom_entries(atom)) == ["Trade briefing"]
    rss = parse(client.get(reverse("briefings:topic_feed_rss", args=["labour"])))
    assert rss_titles(rss) == ["Labour briefing"]


def test_topic_feed_of_unknown_or_private_topic_is_404(client, make_briefing):
    """A topic with no public content has no feed."""
    make_briefing(title="Secret", status=Briefing.Status.DRAFT, tags=("secret",))
    assert client.get(reverse("briefings:topic_feed_atom", args=["secret"])).status_code == 404
    assert client.get(reverse("briefings:topic_feed_rss", args=["nothing"])).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("briefings:home", []),
        ("briefings:briefing_list", []),
        ("briefings:topic_detail", ["trade"]),
    ],
)
def test_pages_advertise_their_feeds(client, briefings, url_name, args):
    """Home, the briefing list and topic pages link to their Atom and RSS feeds in <head>."""
    html = client.get(reverse(url_name, args=args)).content.decode()
    head = html.split("</head>")[0]
    feed = "topic_feed" if args else "briefing_feed"
    for kind, mime in (("atom", "application/atom+xml"), ("rss", "application/rss+xml")):
        href = reverse(f"briefings:{feed}_{kind}", args=args)
        assert f'<link rel="alternate" type="{mime}"' in head
        assert f'href="{href}"' in head


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["briefing_feed_atom", "topic_feed_rss"])
def test_feed_queries_do_not_grow_with_briefings(
    client, make_briefing, django_user_model, url_name
):
    """A feed of 30 briefings with authors and topics costs as many queries as one of 5."""
    author = django_user_model.objects.create_user("writer", first_name="Ann", last_name="Lee")

    def make(n):
        for _ in range(n):
            make_briefing(tags=("trade", f"t{n}")).authors.add(author)

    url = reverse(f"briefings:{url_name}", **({"args": ["trade"]} if "topic" in url_name else {}))
    make(5)
    small = count_queries(client, url)
    make(25)
    assert count_queries(client, url) == small
