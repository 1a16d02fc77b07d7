"""Citing a briefing in citation styles and as BibTeX, and downloading its bibliography."""

import json
from datetime import date

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from briefings import exports
from briefings.exports import BriefingRecord, Person
from briefings.models import Briefing, Claim
from sources import citation_styles
from sources import exports as source_exports
from sources.models import Source
from tests.test_queries import LARGE, SMALL, count_queries

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


def parse_bibtex(text):
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return bibtexparser.loads(text, parser=parser).entries


# --- The briefing's own record ---------------------------------------------------------------


def test_briefing_item_is_a_web_page_by_its_authors():
    """The CSL item: a web page with split and literal authors, its date, URL and access date."""
    assert exports.csl_item(record((LEE, KIM))) == {
        "id": "trade",
        "type": "webpage",
        "title": "Trade after 1991",
        "author": [{"family": "Lee", "given": "Ann Marie"}, {"literal": "Kim Jong Un"}],
        "publisher": "RNK Briefings",
        "URL": URL,
        "issued": {"date-parts": [[2024, 3, 5]]},
        "accessed": {"date-parts": [[2024, 4, 1]]},
    }


def test_briefing_without_authors_is_by_the_site():
    """A briefing without named authors is the site's work: the site is its author."""
    assert exports.csl_item(record(()))["author"] == [{"literal": "RNK Briefings"}]


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
        # APA leaves out the site's name when the site is the author.
        ((), f"RNK Briefings. (2024, March 5). Trade after 1991. {URL}"),
    ],
)
def test_apa_reference(authors, expected):
    """APA 7 as citeproc renders it with the CSL project's APA style."""
    assert exports.cite(record(authors), "apa").reference.text == expected


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
    """Chicago author-date: first author inverted, year, quoted title in headline case, site, date, URL."""
    text = exports.cite(record(authors), "chicago-author-date").reference.text
    assert text == f"{head} “Trade After 1991.” RNK Briefings, March 5. {URL}."


def test_apa_sentence_cases_a_headline_title_keeping_names():
    """A headline-case title is in sentence case in APA; names in the briefing's text keep capitals."""
    cited = exports.cite(
        record(
            title="Why Russia Buys North Korean Shells",
            evidence="The war in Ukraine made Russia turn to North Korean factories.",
        ),
        "apa",
    )
    assert "Why Russia buys North Korean shells." in cited.reference.text
    assert '<i dir="auto">Why Russia buys North Korean shells</i>' in cited.reference.html


def test_unknown_style_cites_in_the_default_style():
    assert exports.cite(record(), "<script>").style.key == citation_styles.DEFAULT_STYLE


def test_unpublished_briefing_has_no_date():
    assert "(n.d.)" in exports.cite(record(published=None), "apa").reference.text


def test_html_reference_escapes_the_title():
    html = exports.cite(record(title="<script>alert(1)</script> & more"), "apa").reference.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<script" not in html


def test_briefing_bibtex_parses_back():
    """The briefing's own BibTeX entry is @online with its title, authors, date and URLs."""
    cited = exports.cite(record((LEE, KIM), title="Trade {and} 100% more"))
    (entry,) = parse_bibtex(cited.bibtex)
    assert entry["ENTRYTYPE"] == "online"
    assert entry["ID"] == "trade"
    assert entry["title"] == r"Trade \textbraceleft{}and\textbraceright{} 100\% more"
    assert entry["author"] == "Lee, Ann Marie and {Kim Jong Un}"
    assert entry["organization"] == "RNK Briefings"
    assert (entry["year"], entry["month"], entry["date"]) == ("2024", "March", "2024-03-05")
    assert entry["url"] == URL
    assert entry["urldate"] == "2024-04-01"


# --- On the site ---------------------------------------------------------------------------


@pytest.fixture
def briefing(make_source, make_claim, make_briefing, django_user_model):
    """A briefing by Ann Lee citing one source twice, another once, and a third only through a draft claim."""
    twice = make_source(
        title="Cited twice", authors="Lee, Ann", url="https://example.org/twice", kind="news"
    )
    once = make_source(title="Cited once", kind="paper")
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
        response["Content-Disposition"]
        == f'attachment; filename="{briefing.slug}-bibliography.{extension}"'
    )
    return response


def test_bibliography_downloads_list_each_public_source_once(client, briefing):
    """BibTeX, RIS and CSL-JSON bibliographies hold every source the public claims cite, once each."""
    expected = ["Cited once", "Cited twice"]
    bib = download(client, briefing, "bib")
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    entries = parse_bibtex(bib.content.decode())
    assert sorted(e["title"] for e in entries) == expected
    assert {e["title"]: e["ENTRYTYPE"] for e in entries} == {
        "Cited twice": "online",
        "Cited once": "report",
    }
    ris = download(client, briefing, "ris")
    assert ris["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    records = rispy.loads(ris.content.decode())
    assert {r["title"]: r["type_of_reference"] for r in records} == {
        "Cited twice": "NEWS",
        "Cited once": "RPRT",
    }
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
    """The page cites the briefing in APA by default, with BibTeX, plain text and the downloads."""
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert "Cite this briefing" in html
    assert "Lee, A. (" in html and '<i dir="auto">Trade after 1991</i>' in html
    assert '<option value="apa" selected>APA (7th edition)</option>' in html
    assert "<summary>Plain text to copy</summary>" in html
    assert "@online{trade," in html
    for extension in ("bib", "ris", "json"):
        assert reverse("briefings:briefing_bibliography", args=["trade", extension]) in html
    assert "Cited by a draft only" not in html


def test_briefing_page_in_a_chosen_style(client, briefing):
    """?style= picks the style of the citation and of the bibliography (a GET form, no script)."""
    html = client.get(
        briefing.get_absolute_url(), {"style": "chicago-author-date"}
    ).content.decode()
    assert '<option value="chicago-author-date" selected>' in html
    assert "Lee, Ann. " in html and "“Trade After 1991.”" in html
    # The bibliography in the same style: Chicago quotes an article's title.
    assert "“Cited Twice.”" in html
    assert "In Chicago (author-date) style" in html


@pytest.mark.parametrize("style", ["", "nope", "<script>alert(1)</script>", "apa&x=1"])
def test_briefing_page_with_an_unknown_style_falls_back(client, briefing, style):
    """An unknown style is not an error: the page shows the default style."""
    response = client.get(briefing.get_absolute_url(), {"style": style})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="apa" selected>' in html
    assert "<script>alert(1)</script>" not in html


def test_source_records_in_bibliography_are_the_source_exports(briefing):
    """The bibliography is the concatenation of its sources' own records."""
    sources = list(Source.objects.filter(title__startswith="Cited t"))
    assert exports.bibliography(sources, "ris").count("ER  - ") == 1


def test_a_hostile_source_title_is_escaped_on_the_briefing_page(
    client, make_source, make_claim, make_briefing
):
    """A source title with markup is shown as text in the bibliography, in every style."""
    hostile = make_source(title="<script>alert(1)</script> Pact", url="https://example.org/x")
    made = make_briefing(claims=[make_claim(source=hostile)])
    for style in citation_styles.STYLES:
        html = client.get(made.get_absolute_url(), {"style": style}).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_seed_briefing_bibliography_round_trips(client, db):
    """Every public seed briefing's bibliography parses back in each format with the same sources."""
    call_command("loaddata", "seed_sources", "seed_editorial", verbosity=0)
    briefings = list(Briefing.objects.published())
    assert briefings
    for briefing in briefings:
        base = reverse("briefings:briefing_bibliography", args=[briefing.slug, "json"])[:-4]
        items = json.loads(client.get(base + "json").content)
        entries = parse_bibtex(client.get(base + "bib").content.decode())
        records = rispy.loads(client.get(base + "ris").content.decode())
        assert items
        assert [i["id"] for i in items] == [e["ID"] for e in entries] == [r["id"] for r in records]
        for item, entry, ris in zip(items, entries, records, strict=True):
            assert item["title"] == entry["title"] == ris["title"]
            assert entry["ENTRYTYPE"] == source_exports.bibtex_type(item)
            assert (
                ris["type_of_reference"] == source_exports.ris_reference(item)["type_of_reference"]
            )
            names = [source_exports.name_text(n) for n in item.get("author", [])]
            assert ris.get("authors", []) == names
            assert ("issued" in item) == ("date" in entry) == ("date" in ris)
        page = client.get(briefing.get_absolute_url()).content.decode()
        for item in items:
            assert f'href="{reverse("sources:source_detail", args=[item["id"]])}"' in page
    for style in citation_styles.STYLES:
        page = client.get(briefings[0].get_absolute_url(), {"style": style}).content.decode()
        assert f'<option value="{style}" selected>' in page
        assert page.count('class="citation-text"') == len(items_of(client, briefings[0]))


def items_of(client, briefing):
    url = reverse("briefings:briefing_bibliography", args=[briefing.slug, "json"])
    return json.loads(client.get(url).content)


# --- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["bib", "ris", "json"])
def test_bibliography_download_queries_do_not_grow(
    client, make_source, make_claim, make_briefing, extension
):
    """A bibliography of 50 sources costs as many queries as one of 5."""
    counts = []
    for n in (SMALL, LARGE):
        claims = [make_claim(source=make_source(authors="Lee, Ann")) for _ in range(n)]
        made = make_briefing(claims=claims)
        url = reverse("briefings:briefing_bibliography", args=[made.slug, extension])
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("style", ["chicago-author-date", "ieee"])
def test_briefing_page_queries_in_any_style_do_not_grow(
    client, make_source, make_claim, make_briefing, style
):
    """
    Formatting the bibliography in a chosen style adds no query per source.

    The default (APA) style reads the sources' texts for sentence case in one query of
    its own; styles that keep titles as written do without it.
    """
    counts = []
    for n in (SMALL, LARGE):
        made = make_briefing(claims=[make_claim(source=make_source()) for _ in range(n)])
        counts.append(count_queries(client, made.get_absolute_url(), style=style))
    assert counts[0] == counts[1] == count_queries(client, made.get_absolute_url()) - 1
