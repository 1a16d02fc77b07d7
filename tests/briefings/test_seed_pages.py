"""
Every page built from the seed data, read as a reader would: footnotes, badges and ids.

Seed 004 is a machine-reworded copy whose "quotes" of analysts are not their
words; no page may print them in quotation marks under an analyst's name.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from briefings.models import Briefing, Citation, Claim
from briefings.topics import public_topics
from sources.models import Source

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
PASSAGE = re.compile(r"#passage-(\d+)$")
REWORDED_SLUG = "russia-strategic-shift-east-asia-mutual-defence-pact-north-korea"


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag=None):
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)


class Tree(HTMLParser):
    """A page parsed into elements (the standard library's parser, no dependency)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def squash(text):
    return " ".join(text.split())


@pytest.fixture
def seeded(db):
    call_command("load_seed_data", verbosity=0)


def seed_pages():
    """Every public page that shows claims or footnotes, built from the seed data."""
    pages = [b.get_absolute_url() for b in Briefing.objects.published()]
    pages += [c.get_absolute_url() for c in Claim.objects.published()]
    pages += [reverse("briefings:topic_detail", args=[t.slug]) for t in public_topics()]
    pages += [reverse("briefings:claim_list"), reverse("briefings:timeline")]
    return pages


def footnotes(tree):
    """``(citation, <li>)`` for every footnote on the page."""
    for section in tree.root.iter("section"):
        if "footnotes" not in section.classes:
            continue
        for item in section.iter("li"):
            hrefs = [a.attrs.get("href", "") for a in item.iter("a")]
            pks = {int(m.group(1)) for href in hrefs if (m := PASSAGE.search(href))}
            assert len(pks) == 1, squash(item.text())
            yield Citation.objects.select_related("source").get(pk=pks.pop()), item


def test_no_footnote_gives_a_reworded_quote_as_a_persons_words(client, seeded):
    """Through seed 004, a person is only ever "as quoted in" it, never quoted verbatim."""
    reworded = Source.objects.get(slug=REWORDED_SLUG)
    assert reworded.assessment == Source.Assessment.REWORDED
    assert not reworded.quotes_others_exactly
    original_url = reworded.derived_from.get_absolute_url()
    checked = set()
    for url in seed_pages():
        tree = Tree(client.get(url).content.decode())
        for citation, item in footnotes(tree):
            if citation.source_id != reworded.pk:
                continue
            text = squash(item.text())
            hrefs = {a.attrs.get("href") for a in item.iter("a")}
            assert "Machine-reworded copy" in text, (url, text)
            assert original_url in hrefs, (url, text)
            if not citation.attribution:
                continue
            quote = squash(next(item.iter("blockquote")).text())
            assert not quote.startswith(("“", '"')), (url, quote)
            assert "Not the speaker’s exact words" in text, (url, text)
            assert f"{squash(citation.attribution)}, as quoted in" in text, (url, text)
            assert f"{squash(citation.attribution)}, quoted in" not in text, (url, text)
            checked.add(citation.pk)
    attributed = Citation.objects.filter(source=reworded).exclude(attribution="")
    public = attributed.filter(claim__in=Claim.objects.published())
    assert checked == set(public.values_list("pk", flat=True))
    assert len(checked) >= 5


def test_exact_sources_keep_quotation_marks(client, seeded):
    """Passages of sources whose own words they are stay in quotation marks."""
    page = client.get(Briefing.objects.published().first().get_absolute_url())
    quoted = [
        squash(next(item.iter("blockquote")).text())
        for citation, item in footnotes(Tree(page.content.decode()))
        if citation.source.quotes_others_exactly
    ]
    assert quoted and all(q.startswith("“") and q.endswith("”") for q in quoted)


def test_no_seed_page_repeats_an_id(client, seeded):
    """No id is used twice on any seed page (a contested claim's notes included)."""
    urls = [*seed_pages(), reverse("briefings:methodology")]
    for url in urls:
        tree = Tree(client.get(url).content.decode())
        ids = Counter(e.attrs["id"] for e in tree.root.iter() if e.attrs.get("id"))
        assert not [i for i, n in ids.items() if n > 1], url


def test_a_contested_claim_lists_each_footnote_once(client, seeded):
    """Evidence for and against, each note once: an empty "Context" shows nothing."""
    contested = [
        c for c in Claim.objects.published().prefetch_related("citations") if c.is_contested
    ]
    assert contested
    for claim in contested:
        tree = Tree(client.get(claim.get_absolute_url()).content.decode())
        notes = [item.attrs["id"] for _, item in footnotes(tree)]
        assert sorted(notes) == sorted(f"fn-{n}" for n in range(1, claim.citations.count() + 1))
        headings = [squash(h.text()) for h in tree.root.iter("h2")]
        assert "Evidence against the claim" in headings
        if not claim.citations.filter(stance=Citation.Stance.CONTEXT).exists():
            assert "Context" not in headings


def test_every_badge_links_to_its_definition(client, seeded):
    """Each badge on the seed pages links to an anchor that the methodology page defines."""
    methodology = reverse("briefings:methodology")
    defined = {
        e.attrs["id"]
        for e in Tree(client.get(methodology).content.decode()).root.iter()
        if e.attrs.get("id")
    }
    seen = Counter()
    for url in seed_pages():
        for link in Tree(client.get(url).content.decode()).root.iter("a"):
            if "badge" not in link.classes:
                continue
            page, _, anchor = link.attrs["href"].partition("#")
            assert page == methodology and anchor in defined, (url, link.attrs)
            assert len(squash(link.text())) > len(squash(link.children[0])) + 10, link.attrs
            seen[anchor] += 1
    assert {"status-verified", "status-disputed", "contested", "single-source"} <= set(seen)
    assert {"independent-sources", "source-opinion", "source-reworded"} <= set(seen)


def test_a_claim_resting_on_one_opinion_piece_is_not_plain_verified(client, seeded):
    """Verified on an opinion piece alone says so and is not shown as an established fact."""
    opinion = Source.objects.get(assessment=Source.Assessment.OPINION)
    alone = [
        claim
        for claim in Claim.objects.verified().prefetch_related("citations")
        if {c.source_id for c in claim.citations.all()} == {opinion.pk}
    ]
    assert alone
    for claim in alone:
        tree = Tree(client.get(claim.get_absolute_url()).content.decode())
        badges = {
            link.attrs["href"].partition("#")[2]: link
            for link in tree.root.iter("a")
            if "badge" in link.classes
        }
        assert "status--qualified" in badges["status-verified"].classes
        assert {"single-source", "source-opinion"} <= set(badges)
        assert "Rests on opinion" in squash(badges["source-opinion"].text())
