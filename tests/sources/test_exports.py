"""A source's record as BibTeX, RIS and CSL-JSON parses back with each format's own library."""

import json
from datetime import date

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname
from django.urls import reverse

from sources import exports
from sources.models import DatePrecision, Source

HOSTILE = 'Odd {title} "quoted" <script>alert(1)</script> 50% & co_#1 ~^\\ end'
LATEX = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\{": "{",
    r"\}": "}",
    r"\%": "%",
    r"\&": "&",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}


def unlatex(text):
    for escaped, char in LATEX.items():
        text = text.replace(escaped, char)
    return text


def source(**kwargs):
    """An unsaved source: the exports read fields only."""
    fields = {
        "slug": "trade-ledger",
        "title": "Trade ledger",
        "kind": Source.Kind.NEWS,
        "publisher": "Daily Example",
        "authors": "Lee, Ann; Kim Jong Un",
        "url": "https://example.org/ledger?id=1&x=%20",
        "published_on": date(2023, 9, 14),
        "published_precision": DatePrecision.DAY,
        "date_status": Source.DateStatus.KNOWN,
        "accessed_on": date(2024, 1, 5),
        "language": "en",
    }
    return Source(**{**fields, **kwargs})


def split_and(field):
    """Split a BibTeX name list on top-level " and ", as BibTeX does (braces group)."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(field):
        if field.startswith("\\", i):
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(field[i], 0)
        if depth == 0 and field.startswith(" and ", i):
            names.append(field[start:i])
            start = i = i + 5
            continue
        i += 1
    return [*names, field[start:]]


def parse_bibtex(text):
    entries = bibtexparser.loads(text, parser=BibTexParser(common_strings=True)).entries
    for entry in entries:
        if "author" in entry:
            entry["author"] = split_and(entry["author"])
    return entries


def parse_csl(text):
    items = json.loads(text)
    assert isinstance(items, list)
    for item in items:
        assert {"id", "type", "title"} <= item.keys()
        for name in item.get("author", []):
            assert name.keys() in ({"family", "given"}, {"literal"})
        for key in ("issued", "accessed"):
            if key in item:
                (parts,) = item[key]["date-parts"]
                assert 1 <= len(parts) <= 3 and all(isinstance(n, int) for n in parts)
    return items


# --- BibTeX --------------------------------------------------------------------------------


def test_bibtex_round_trips_the_fields():
    """Title, authors, publisher, year, month, date, URL and access date come back from bibtexparser."""
    (entry,) = parse_bibtex(exports.to_bibtex([source()]))
    assert entry["ENTRYTYPE"] == "article"
    assert entry["ID"] == "trade-ledger"
    assert entry["title"] == "Trade ledger"
    assert entry["author"] == ["Lee, Ann", "{Kim Jong Un}"]
    assert splitname(entry["author"][0]) == {"first": ["Ann"], "von": [], "last": ["Lee"], "jr": []}
    assert splitname(entry["author"][1])["last"] == ["{Kim Jong Un}"]
    assert entry["journal"] == entry["publisher"] == "Daily Example"
    assert (entry["year"], entry["month"], entry["date"]) == ("2023", "September", "2023-09-14")
    assert entry["url"] == "https://example.org/ledger?id=1&x=%20"
    assert entry["urldate"] == "2024-01-05"


@pytest.mark.parametrize(
    ("precision", "fields"),
    [
        (DatePrecision.YEAR, {"year": "2023", "date": "2023"}),
        (DatePrecision.MONTH, {"year": "2023", "month": "September", "date": "2023-09"}),
    ],
)
def test_bibtex_dates_keep_their_precision(precision, fields):
    """A year-only date gives a year and no month; a month date no day."""
    (entry,) = parse_bibtex(exports.to_bibtex([source(published_precision=precision)]))
    assert {key: entry.get(key) for key in ("year", "month", "date") if key in entry} == fields


def test_bibtex_marks_estimated_dates():
    """An estimated date is approximate in biblatex's date field and says so in a note."""
    (entry,) = parse_bibtex(exports.to_bibtex([source(date_status=Source.DateStatus.ESTIMATED)]))
    assert entry["date"] == "2023-09-14~"
    assert "estimated" in entry["note"]


def test_bibtex_escapes_typed_text():
    """Braces, percent signs, backslashes and quotes in typed text neither break nor alter the entry."""
    text = exports.to_bibtex(
        [source(title=HOSTILE, authors=HOSTILE, publisher=HOSTILE), source(slug="second")]
    )
    first, second = parse_bibtex(text)
    assert unlatex(first["title"]) == HOSTILE
    assert unlatex(first["publisher"]) == HOSTILE
    assert [unlatex(a) for a in first["author"]] == ["{" + HOSTILE + "}"]
    assert second["ID"] == "second"


def test_bibtex_keeps_unsplittable_names_whole():
    """A name with " and " in it is one braced author, not two."""
    (entry,) = parse_bibtex(exports.to_bibtex([source(authors="Procter and Gamble; Lee, Ann")]))
    assert entry["author"] == ["{Procter and Gamble}", "Lee, Ann"]


def test_bibtex_url_with_braces_stays_equivalent():
    """Braces in an address are percent-encoded, so the field stays balanced."""
    (entry,) = parse_bibtex(exports.to_bibtex([source(url="https://example.org/{a}")]))
    assert entry["url"] == "https://example.org/%7Ba%7D"


# --- RIS -----------------------------------------------------------------------------------


def test_ris_round_trips_the_fields():
    """rispy reads back type, title, authors, year, date, publisher, URL and access date."""
    (record,) = rispy.loads(exports.to_ris([source()]))
    assert record["type_of_reference"] == "NEWS"
    assert record["title"] == "Trade ledger"
    assert record["authors"] == ["Lee, Ann", "Kim Jong Un"]
    assert record["year"] == "2023"
    assert record["date"] == "2023/09/14/"
    assert record["publisher"] == "Daily Example"
    assert record["urls"] == ["https://example.org/ledger?id=1&x=%20"]
    assert record["access_date"] == "2024/01/05"


@pytest.mark.parametrize(
    ("precision", "ris_date"), [(DatePrecision.YEAR, "2023///"), (DatePrecision.MONTH, "2023/09//")]
)
def test_ris_dates_keep_their_precision(precision, ris_date):
    """RIS leaves the unknown parts of a date empty."""
    (record,) = rispy.loads(exports.to_ris([source(published_precision=precision)]))
    assert record["date"] == ris_date


def test_ris_typed_text_cannot_start_a_new_tag():
    """A title with line breaks and a fake tag stays one title in one record."""
    title = "Line one\nER  - \nTY  - JOUR\n" + HOSTILE
    records = rispy.loads(exports.to_ris([source(title=title), source(slug="b", title="B")]))
    assert [r["title"] for r in records] == [" ".join(title.split()), "B"]


# --- CSL-JSON ------------------------------------------------------------------------------


def test_csl_json_round_trips_the_fields():
    """CSL-JSON carries type, title, split and literal authors, issued and accessed date-parts, URL."""
    (item,) = parse_csl(exports.to_csl_json([source()]))
    assert item["id"] == "trade-ledger"
    assert item["type"] == "article-newspaper"
    assert item["title"] == "Trade ledger"
    assert item["author"] == [{"family": "Lee", "given": "Ann"}, {"literal": "Kim Jong Un"}]
    assert item["container-title"] == item["publisher"] == "Daily Example"
    assert item["issued"] == {"date-parts": [[2023, 9, 14]]}
    assert item["accessed"] == {"date-parts": [[2024, 1, 5]]}
    assert item["URL"] == "https://example.org/ledger?id=1&x=%20"


@pytest.mark.parametrize(
    ("precision", "parts"), [(DatePrecision.YEAR, [2023]), (DatePrecision.MONTH, [2023, 9])]
)
def test_csl_json_dates_keep_their_precision(precision, parts):
    """date-parts hold only the known parts: [[2023]] for a year, [[2023, 9]] for a month."""
    (item,) = parse_csl(exports.to_csl_json([source(published_precision=precision)]))
    assert item["issued"] == {"date-parts": [parts]}


def test_csl_json_marks_estimated_dates_circa():
    """An estimated date is issued with circa: true."""
    (item,) = parse_csl(exports.to_csl_json([source(date_status=Source.DateStatus.ESTIMATED)]))
    assert item["issued"] == {"date-parts": [[2023, 9, 14]], "circa": True}


def test_csl_json_keeps_typed_text_exact():
    """JSON escaping returns typed text unchanged."""
    (item,) = parse_csl(exports.to_csl_json([source(title=HOSTILE, authors=HOSTILE)]))
    assert item["title"] == HOSTILE
    assert item["author"] == [{"literal": HOSTILE}]


# --- Across formats ------------------------------------------------------------------------


def test_unknown_date_yields_no_date_field_in_any_format():
    """A source of unknown date is exported without any publication date, never an invented one."""
    undated = source(published_on=None, date_status=Source.DateStatus.UNKNOWN, accessed_on=None)
    (entry,) = parse_bibtex(exports.to_bibtex([undated]))
    assert not {"year", "month", "date", "urldate"} & entry.keys()
    (record,) = rispy.loads(exports.to_ris([undated]))
    assert not {"year", "date", "access_date"} & record.keys()
    (item,) = parse_csl(exports.to_csl_json([undated]))
    assert not {"issued", "accessed"} & item.keys()
    assert "datePublished" not in exports.schema_org(undated, "https://rnk.example/s/")


@pytest.mark.parametrize(
    ("kind", "csl", "bibtex", "ris"),
    [
        (Source.Kind.NEWS, "article-newspaper", "article", "NEWS"),
        (Source.Kind.ANALYSIS, "article", "article", "ELEC"),
        (Source.Kind.PAPER, "report", "techreport", "RPRT"),
        (Source.Kind.REFERENCE, "webpage", "misc", "ELEC"),
        (Source.Kind.OTHER, "document", "misc", "GEN"),
    ],
)
def test_kind_sets_the_type_in_each_format(kind, csl, bibtex, ris):
    """The source's kind chooses the CSL type, BibTeX entry type and RIS reference type."""
    record = source(kind=kind)
    assert parse_csl(exports.to_csl_json([record]))[0]["type"] == csl
    assert parse_bibtex(exports.to_bibtex([record]))[0]["ENTRYTYPE"] == bibtex
    assert rispy.loads(exports.to_ris([record]))[0]["type_of_reference"] == ris


def test_only_a_single_comma_splits_a_name():
    """Names split only when written "Surname, Given"; no comma or several keep them whole."""
    assert exports.split_name("Lee, Ann") == ("Lee", "Ann")
    assert exports.split_name("Kim Jong Un") is None
    assert exports.split_name("Smith, J., Jr.") is None
    assert exports.split_name(", Ann") is None


# --- Downloads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("bib", "application/x-bibtex; charset=utf-8"),
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    ],
)
def test_source_citation_downloads(client, make_source, extension, content_type):
    """Each format downloads as an attachment named after the source's slug, with its media type."""
    made = make_source(title="Trade ledger", authors="Lee, Ann")
    response = client.get(reverse("sources:source_cite", args=[made.slug, extension]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{made.slug}.{extension}"'
    assert "Trade ledger" in response.content.decode()


def test_source_citation_unknown_format_or_source_is_404(client, make_source):
    made = make_source()
    assert client.get(reverse("sources:source_cite", args=[made.slug, "pdf"])).status_code == 404
    assert (
        client.get(reverse("sources:source_cite", args=["no-such-source", "bib"])).status_code
        == 404
    )


def test_source_page_links_its_citation_downloads(client, make_source):
    """The source page offers BibTeX, RIS and CSL-JSON."""
    made = make_source()
    html = client.get(made.get_absolute_url()).content.decode()
    for extension in ("bib", "ris", "json"):
        assert f'href="{reverse("sources:source_cite", args=[made.slug, extension])}"' in html


# --- The editors' assessment ---------------------------------------------------------------


def reworded_copy(**kwargs):
    original = Source(pk=7, slug="clean-original", title="Clean original")
    return source(
        assessment=Source.Assessment.REWORDED,
        quotations=Source.Quotations.UNRELIABLE,
        derived_from=original,
        **kwargs,
    )


ASSESSMENT_NOTE = (
    "Source assessment: Machine-reworded copy; its quotations of others are not reliable; "
    "derived from “Clean original”"
)


def test_every_format_carries_the_assessment_as_a_note():
    """BibTeX note, RIS N1 and CSL-JSON note say what the source is and what it copies."""
    (entry,) = parse_bibtex(exports.to_bibtex([reworded_copy()]))
    assert entry["note"] == ASSESSMENT_NOTE
    (record,) = rispy.loads(exports.to_ris([reworded_copy()]))
    assert record["notes"] == [ASSESSMENT_NOTE]
    (item,) = parse_csl(exports.to_csl_json([reworded_copy()]))
    assert item["note"] == ASSESSMENT_NOTE


def test_the_assessment_note_joins_the_estimated_date_note():
    """BibTeX has one note field: both remarks share it; RIS gives each its own N1."""
    estimated = reworded_copy(date_status=Source.DateStatus.ESTIMATED)
    (entry,) = parse_bibtex(exports.to_bibtex([estimated]))
    assert entry["note"] == f"Publication date estimated. {ASSESSMENT_NOTE}"
    (record,) = rispy.loads(exports.to_ris([estimated]))
    assert record["notes"] == ["Publication date estimated", ASSESSMENT_NOTE]


def test_unassessed_sources_get_no_assessment_note():
    """Nothing is claimed about a source the editors have not assessed."""
    (entry,) = parse_bibtex(exports.to_bibtex([source()]))
    assert "note" not in entry
    assert "note" not in parse_csl(exports.to_csl_json([source()]))[0]
