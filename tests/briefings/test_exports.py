"""Citing a briefing (APA, Chicago, BibTeX) and downloading its bibliography."""

import json
from datetime import date

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from briefings import exports
from briefings.exports import BriefingRecord, Person
from briefings.models import Briefing, Claim
from sources.models import Source

URL = "https://rnk.example/briefings/trade/"
LEE = Person(family="Lee", given="Ann Marie")
PARK = Person(family="Park", given="Jae-won")
KIM = Person(literal="Kim Jong Un")


def record(authors=(LEE,), **kwargs):
    fields = {
        "key": "trade",
        "title": "Trade after 1991",
        "url": URL,
        "published": date(2024, 3, 5),
        "authors": tuple(authors),
        "accessed": date(2024, 4, 1),
    }
    return BriefingRecord(**{**fields, **kwargs})


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ((LEE,), f"Lee, A. M. (2024, March 5). Trade after 1991. RNK Briefings. {URL}"),
        (
            (LEE, PARK),
            f"Lee, A. M., & Park, J.-W. (2024, March 5). Trade after 1991. RNK Briefings. {URL}",
        ),
        (
            (LEE, KIM, PARK),
            f"Lee, A. M., Kim Jong Un, & Park, J.-W. (2024, March 5). Trade after 1991. RNK Briefings. {URL}",
        ),
        ((), f"RNK Briefings. (2024, March 5). Trade after 1991. {URL}"),
    ],
)
def test_apa_reference(authors, expected):
    """APA 7: surnames with initials joined by "&", the date, the title, the site (unless it is the author), the URL."""
    assert exports.apa(record(authors)) == expected


def test_apa_html_italicises_and_escapes_the_title():
    """The HTML form puts the title in italics and escapes typed markup."""
    html = exports.apa_html(record(title="<b>Trade</b> & more"))
    assert "<i><bdi>&lt;b&gt;Trade&lt;/b&gt; &amp; more.</bdi></i>" in html


def test_chicago_html_isolates_and_escapes_the_quoted_title():
    """The HTML form matches the text form, with the title escaped and in its own <bdi>."""
    entry = record(title="<b>Trade</b> & more")
    html = exports.chicago_html(entry)
    assert "“<bdi>&lt;b&gt;Trade&lt;/b&gt; &amp; more.</bdi>”" in html
    assert html.replace("<bdi>", "").replace("</bdi>", "") == escape(exports.chicago(entry))


def test_apa_without_a_date_says_no_date():
    assert "(n.d.)." in exports.apa(record(published=None))


@pytest.mark.parametrize(
    ("authors", "head"),
    [
        ((LEE,), "Lee, Ann Marie. 2024."),
        ((LEE, PARK), "Lee, Ann Marie, and Jae-won Park. 2024."),
        ((LEE, KIM, PARK), "Lee, Ann Marie, Kim Jong Un, and Jae-won Park. 2024."),
        ((), "RNK Briefings. 2024."),
    ],
)
def test_chicago_author_date_reference(authors, head):
    """Chicago author-date: first author inverted, year, quoted title, site, full date, URL."""
    text = exports.chicago(record(authors))
    assert text.startswith(head + " “Trade after 1991.”")
    assert text.endswith(f"March 5, 2024. {URL}.")


def test_briefing_bibtex_parses_back():
    """The briefing's own BibTeX entry parses with its title, authors, date and URLs."""
    text = exports.bibtex(record((LEE, KIM), title="Trade {and} 100% more"))
    (entry,) = bibtexparser.loads(text, parser=BibTexParser(common_strings=True)).entries
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["ID"] == "trade"
    assert entry["title"] == r"Trade \{and\} 100\% more"
    assert entry["author"] == "Lee, Ann Marie and {Kim Jong Un}"
    assert (entry["year"], entry["month"], entry["date"]) == ("2024", "March", "2024-03-05")
    assert entry["url"] == URL
    assert entry["urldate"] == "2024-04-01"
    assert entry["publisher"] == "RNK Briefings"


# --- On the site ---------------------------------------------------------------------------


@pytest.fixture
def briefing(make_source, make_claim, make_briefing, django_user_model):
    """A briefing by Ann Lee citing one source twice, another once, and a third only through a draft claim."""
    twice = make_source(title="Cited twice", authors="Lee, Ann", url="https://example.org/twice")
    once = make_source(title="Cited once")
    hidden = make_source(title="Cited by a draft only")
    draft = make_claim(source=hidden, status=Claim.Status.DRAFT)
    made = make_briefing(
        title="Trade after 1991",
        slug="trade",
        claims=[make_claim(source=twice), make_claim(source=twice), make_claim(source=once), draft],
    )
    made.authors.add(
        django_user_model.objects.create_user("ann", first_name="Ann", last_name="Lee")
    )
    return made


def download(client, briefing, extension):
    response = client.get(
        reverse("briefings:briefing_bibliography", args=[briefing.slug, extension])
    )
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="trade-bibliography.{extension}"'
    )
    return response


def test_bibliography_downloads_list_each_public_source_once(client, briefing):
    """BibTeX, RIS and CSL-JSON bibliographies hold every source the public claims cite, once each."""
    expected = ["Cited once", "Cited twice"]
    bib = download(client, briefing, "bib")
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    entries = bibtexparser.loads(
        bib.content.decode(), parser=BibTexParser(common_strings=True)
    ).entries
    assert sorted(e["title"] for e in entries) == expected
    ris = download(client, briefing, "ris")
    assert ris["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert sorted(r["title"] for r in rispy.loads(ris.content.decode())) == expected
    csl = download(client, briefing, "json")
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert sorted(item["title"] for item in json.loads(csl.content)) == expected


def test_bibliography_of_unpublished_briefing_is_404_for_readers(
    staff_client, make_briefing, make_claim
):
    """Readers can't download a draft's bibliography; staff previewing it can."""
    draft = make_briefing(status=Briefing.Status.DRAFT, claims=[make_claim()])
    url = reverse("briefings:briefing_bibliography", args=[draft.slug, "ris"])
    assert Client().get(url).status_code == 404
    assert staff_client.get(url).status_code == 200


def test_bibliography_unknown_format_is_404(client, briefing):
    url = reverse("briefings:briefing_bibliography", args=[briefing.slug, "docx"])
    assert client.get(url).status_code == 404


def test_briefing_page_offers_citations_and_downloads(client, briefing):
    """The page shows APA and Chicago references, BibTeX in <details>, and the three downloads."""
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert "Cite this briefing" in html
    assert "Lee, A. (" in html and "<i><bdi>Trade after 1991.</bdi></i>" in html
    assert "Lee, Ann. " in html and "“<bdi>Trade after 1991.</bdi>”" in html
    assert "<details>" in html and "@misc{trade," in html
    for extension in ("bib", "ris", "json"):
        assert reverse("briefings:briefing_bibliography", args=["trade", extension]) in html
    assert "Cited by a draft only" not in html


def test_source_records_in_bibliography_are_the_source_exports(briefing):
    """The bibliography is the concatenation of its sources' own records."""
    sources = list(Source.objects.filter(title__startswith="Cited t"))
    assert exports.bibliography(sources, "ris").count("ER  - ") == 1
