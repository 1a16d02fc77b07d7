"""A source's record as CSL-JSON, BibTeX and RIS parses back with each format's own library."""

import json
from datetime import date

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname
from citeproc.source.json import CiteProcJSON
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import from_field

from sources import citation_styles, exports
from sources.models import DatePrecision, Source
from tests.test_queries import count_queries

HOSTILE = 'Odd {title} "quoted" <script>alert(1)</script> 50% & co_#1 ~^\\ end'
LATEX = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\%": "%",
    r"\&": "&",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
URL = "https://example.org/ledger?id=1&x=%20"

# The shape of CSL-JSON (the CSL project's csl-data.json schema), for the fields we write.
CSL_TYPES = [
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
]
CSL_NAME = {
    "type": "object",
    "properties": {key: {"type": "string"} for key in ("family", "given", "literal")},
    "additionalProperties": False,
    "anyOf": [{"required": ["family"]}, {"required": ["literal"]}],
}
CSL_DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 2,
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {"type": "integer"},
            },
        },
        "circa": {"type": "boolean"},
    },
    "required": ["date-parts"],
    "additionalProperties": False,
}
CSL_ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "type": {"enum": CSL_TYPES},
        "author": {"type": "array", "items": CSL_NAME},
        "issued": CSL_DATE,
        "accessed": CSL_DATE,
        **{
            key: {"type": "string"}
            for key in ("title", "container-title", "publisher", "URL", "language", "note")
        },
    },
    "required": ["id", "type"],
    "additionalProperties": False,
}
CSL_DATA = {"type": "array", "items": CSL_ITEM}


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
        "url": URL,
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
    entries = bibtexparser.loads(
        text, parser=BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    ).entries
    for entry in entries:
        if "author" in entry:
            entry["author"] = split_and(entry["author"])
    return entries


def parse_csl(text):
    items = json.loads(text)
    jsonschema.validate(items, CSL_DATA)
    return items


def bib(record):
    (entry,) = parse_bibtex(exports.to_bibtex([record]))
    return entry


def ris(record):
    (parsed,) = rispy.loads(exports.to_ris([record]))
    return parsed


def csl(record):
    (item,) = parse_csl(exports.to_csl_json([record]))
    return item


# --- CSL-JSON: the one builder ---------------------------------------------------------------


def test_csl_json_round_trips_a_news_article():
    """A news article is an article-newspaper whose outlet is its container-title."""
    item = csl(source())
    assert item == {
        "id": "trade-ledger",
        "type": "article-newspaper",
        "title": "Trade ledger",
        "author": [{"family": "Lee", "given": "Ann"}, {"literal": "Kim Jong Un"}],
        "container-title": "Daily Example",
        "issued": {"date-parts": [[2023, 9, 14]]},
        "URL": URL,
        "accessed": {"date-parts": [[2024, 1, 5]]},
        "language": "en",
    }


@pytest.mark.parametrize(
    ("kind", "url", "csl_type", "where"),
    [
        (Source.Kind.NEWS, URL, "article-newspaper", "container-title"),
        (Source.Kind.OPINION, URL, "article-newspaper", "container-title"),
        (Source.Kind.ANALYSIS, URL, "webpage", "publisher"),
        (Source.Kind.REFERENCE, URL, "webpage", "publisher"),
        (Source.Kind.PAPER, URL, "report", "publisher"),
        (Source.Kind.OTHER, URL, "webpage", "publisher"),
        (Source.Kind.OTHER, "", "document", "publisher"),
    ],
)
def test_csl_type_and_publisher_follow_the_kind(kind, url, csl_type, where):
    """The kind chooses the CSL type; only a periodical gets a container-title."""
    item = csl(source(kind=kind, url=url))
    assert item["type"] == csl_type
    assert item[where] == "Daily Example"
    assert {"container-title", "publisher"} & item.keys() == {where}


@pytest.mark.parametrize(
    ("precision", "parts"),
    [
        (DatePrecision.YEAR, [2023]),
        (DatePrecision.MONTH, [2023, 9]),
        (DatePrecision.DAY, [2023, 9, 14]),
    ],
)
def test_csl_json_dates_keep_their_precision(precision, parts):
    """date-parts hold only the known parts: [[2023]] for a year, [[2023, 9]] for a month."""
    assert csl(source(published_precision=precision))["issued"] == {"date-parts": [parts]}


def test_csl_json_marks_estimated_dates_circa():
    item = csl(source(date_status=Source.DateStatus.ESTIMATED))
    assert item["issued"] == {"date-parts": [[2023, 9, 14]], "circa": True}


def test_csl_json_keeps_typed_text_exact():
    """JSON escaping returns typed text unchanged."""
    item = csl(source(title=HOSTILE, authors=HOSTILE))
    assert item["title"] == HOSTILE
    assert item["author"] == [{"literal": HOSTILE}]


metadata = st.builds(
    source,
    title=st.text(min_size=1, max_size=80),
    kind=st.sampled_from(Source.Kind.values),
    publisher=st.text(max_size=40),
    authors=st.text(max_size=80),
    url=st.one_of(st.just(""), from_field(Source._meta.get_field("url"))),
    published_on=st.one_of(st.none(), st.dates()),
    published_precision=st.sampled_from(DatePrecision.values),
    date_status=st.sampled_from(Source.DateStatus.values),
    accessed_on=st.one_of(st.none(), st.dates()),
    language=st.text(max_size=8),
)


@given(metadata)
def test_any_source_metadata_gives_a_valid_item_in_every_format(record):
    """Whatever an editor typed, the item is valid CSL-JSON and BibTeX and RIS parse back."""
    item = csl(record)
    assert item["id"] == record.slug
    assert (record.date_status == Source.DateStatus.UNKNOWN) <= ("issued" not in item)
    (entry,) = parse_bibtex(exports.to_bibtex([record]))
    assert entry["ID"] == record.slug
    assert unlatex(entry["title"]) == " ".join(record.title.split())
    (parsed,) = rispy.loads(exports.to_ris([record]))
    assert parsed["type_of_reference"] in {"NEWS", "ELEC", "RPRT", "GEN", "GOVDOC"}
    assert parsed["title"] == " ".join(record.title.split())


# --- BibTeX --------------------------------------------------------------------------------


def test_bibtex_web_news_is_online_with_url_and_urldate():
    """Web news is biblatex's @online: the outlet as organization, the URL and the access date."""
    entry = bib(source())
    assert entry["ENTRYTYPE"] == "online"
    assert entry["ID"] == "trade-ledger"
    assert entry["title"] == "Trade ledger"
    assert entry["author"] == ["Lee, Ann", "{Kim Jong Un}"]
    assert splitname(entry["author"][0]) == {"first": ["Ann"], "von": [], "last": ["Lee"], "jr": []}
    assert entry["organization"] == "Daily Example"
    assert "journal" not in entry and "journaltitle" not in entry
    assert (entry["year"], entry["month"], entry["date"]) == ("2023", "September", "2023-09-14")
    assert entry["url"] == URL
    assert entry["urldate"] == "2024-01-05"
    assert entry["langid"] == "en"


@pytest.mark.parametrize(
    ("kind", "url", "entry_type", "field"),
    [
        (Source.Kind.NEWS, URL, "online", "organization"),
        (Source.Kind.NEWS, "", "misc", "howpublished"),
        (Source.Kind.ANALYSIS, URL, "online", "organization"),
        (Source.Kind.PAPER, URL, "report", "institution"),
        (Source.Kind.PAPER, "", "report", "institution"),
        (Source.Kind.OTHER, "", "misc", "howpublished"),
    ],
)
def test_bibtex_entry_type_fits_the_material(kind, url, entry_type, field):
    """@online for the web, @report for think-tank papers, @misc otherwise; never @article."""
    entry = bib(source(kind=kind, url=url))
    assert entry["ENTRYTYPE"] == entry_type
    assert entry[field] == "Daily Example"
    if entry_type == "report":
        assert entry["type"] == "Report"


def test_bibtex_article_only_for_a_journal():
    """A CSL journal article with its journal is @article with journaltitle."""
    item = {"id": "j", "type": "article-journal", "title": "T", "container-title": "Asian Survey"}
    (entry,) = parse_bibtex(exports.items_to_bibtex([item]))
    assert (entry["ENTRYTYPE"], entry["journaltitle"]) == ("article", "Asian Survey")


@pytest.mark.parametrize(
    ("precision", "fields"),
    [
        (DatePrecision.YEAR, {"year": "2023", "date": "2023"}),
        (DatePrecision.MONTH, {"year": "2023", "month": "September", "date": "2023-09"}),
    ],
)
def test_bibtex_dates_keep_their_precision(precision, fields):
    """A year-only date gives a year and no month; a month date no day."""
    entry = bib(source(published_precision=precision))
    assert {key: entry[key] for key in ("year", "month", "date") if key in entry} == fields


def test_bibtex_marks_estimated_dates():
    """An estimated date is approximate in biblatex's date field and says so in a note."""
    entry = bib(source(date_status=Source.DateStatus.ESTIMATED))
    assert entry["date"] == "2023-09-14~"
    assert entry["note"] == "Publication date estimated"


def test_bibtex_escapes_typed_text():
    """Braces, percent signs, backslashes and quotes in typed text neither break nor alter the entry."""
    text = exports.to_bibtex(
        [source(title=HOSTILE, authors=HOSTILE, publisher=HOSTILE), source(slug="second")]
    )
    first, second = parse_bibtex(text)
    assert unlatex(first["title"]) == HOSTILE
    assert unlatex(first["organization"]) == HOSTILE
    assert [unlatex(a) for a in first["author"]] == ["{" + HOSTILE + "}"]
    assert second["ID"] == "second"


def test_bibtex_keeps_unsplittable_names_whole():
    """A name with " and " in it is one braced author, not two."""
    entry = bib(source(authors="Procter and Gamble; Lee, Ann"))
    assert entry["author"] == ["{Procter and Gamble}", "Lee, Ann"]


def test_bibtex_url_with_braces_stays_equivalent():
    """Braces in an address are percent-encoded, so the field stays balanced."""
    assert bib(source(url="https://example.org/{a}"))["url"] == "https://example.org/%7Ba%7D"


# --- RIS -----------------------------------------------------------------------------------


def test_ris_round_trips_the_fields():
    """rispy reads back type, title, authors, year, date, periodical, URL and access date."""
    record = ris(source())
    assert record["type_of_reference"] == "NEWS"
    assert record["id"] == "trade-ledger"
    assert record["title"] == "Trade ledger"
    assert record["authors"] == ["Lee, Ann", "Kim Jong Un"]
    assert record["year"] == "2023"
    assert record["date"] == "2023/09/14/"
    assert record["secondary_title"] == "Daily Example"
    assert record["urls"] == [URL]
    assert record["access_date"] == "2024/01/05"
    assert record["language"] == "en"


@pytest.mark.parametrize(
    ("kind", "url", "code"),
    [
        (Source.Kind.NEWS, URL, "NEWS"),
        (Source.Kind.OPINION, URL, "NEWS"),
        (Source.Kind.ANALYSIS, URL, "ELEC"),
        (Source.Kind.REFERENCE, URL, "ELEC"),
        (Source.Kind.PAPER, URL, "RPRT"),
        (Source.Kind.OTHER, URL, "ELEC"),
        (Source.Kind.OTHER, "", "GEN"),
    ],
)
def test_ris_type_codes(kind, url, code):
    assert ris(source(kind=kind, url=url))["type_of_reference"] == code


def test_ris_report_names_its_publisher():
    assert ris(source(kind=Source.Kind.PAPER))["publisher"] == "Daily Example"


def test_ris_journal_article_is_jour():
    item = {"id": "j", "type": "article-journal", "title": "T", "container-title": "Asian Survey"}
    (record,) = rispy.loads(exports.items_to_ris([item]))
    assert (record["type_of_reference"], record["secondary_title"]) == ("JOUR", "Asian Survey")


@pytest.mark.parametrize(
    ("precision", "ris_date"),
    [(DatePrecision.YEAR, "2023///"), (DatePrecision.MONTH, "2023/09//")],
)
def test_ris_dates_keep_their_precision(precision, ris_date):
    """RIS leaves the unknown parts of a date empty."""
    record = ris(source(published_precision=precision))
    assert (record["year"], record["date"]) == ("2023", ris_date)


def test_ris_estimated_date_has_a_note():
    assert ris(source(date_status=Source.DateStatus.ESTIMATED))["notes"] == [
        "Publication date estimated"
    ]


def test_ris_is_plain_ris():
    """Each record starts with TY (rispy's "1." counter lines are not written) and ends with ER."""
    text = exports.to_ris([source(), source(slug="b")])
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "TY  - NEWS"
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in lines)
    assert sum(line.startswith("ER  -") for line in lines) == 2


def test_ris_typed_text_cannot_start_a_new_tag():
    """A title with line breaks and a fake tag stays one title in one record."""
    title = "Line one\nER  - \nTY  - JOUR\n" + HOSTILE
    records = rispy.loads(exports.to_ris([source(title=title), source(slug="b", title="B")]))
    assert [r["title"] for r in records] == [" ".join(title.split()), "B"]


# --- Across formats ------------------------------------------------------------------------


def test_unknown_date_yields_no_date_field_in_any_format():
    """A source of unknown date is exported without any publication date, never an invented one."""
    undated = source(published_on=None, date_status=Source.DateStatus.UNKNOWN, accessed_on=None)
    assert not {"year", "month", "date", "urldate"} & bib(undated).keys()
    assert not {"year", "date", "access_date"} & ris(undated).keys()
    assert not {"issued", "accessed"} & csl(undated).keys()
    assert "datePublished" not in exports.schema_org(undated, "https://rnk.example/s/")
    (reference,) = citation_styles.render_references([exports.csl_item(undated)], "apa")
    assert "(n.d.)" in reference.text


def test_a_note_on_the_item_reaches_bibtex_and_ris():
    """A ``note`` on the CSL item (e.g. the editors' label) is written to BibTeX and RIS."""
    item = {**exports.csl_item(source()), "note": "Machine-reworded copy"}
    (entry,) = parse_bibtex(exports.items_to_bibtex([item]))
    assert entry["note"] == "Machine-reworded copy"
    (record,) = rispy.loads(exports.items_to_ris([item]))
    assert record["notes"] == ["Machine-reworded copy"]


def test_only_a_single_comma_splits_a_name():
    """Names split only when written "Surname, Given"; no comma or several keep them whole."""
    assert exports.split_name("Lee, Ann") == ("Lee", "Ann")
    assert exports.split_name("Kim Jong Un") is None
    assert exports.split_name("Smith, J., Jr.") is None
    assert exports.split_name(", Ann") is None


@pytest.fixture
def seeded(db):
    call_command("loaddata", "seed_sources", verbosity=0)
    return list(Source.objects.order_by("slug"))


def test_every_seed_source_round_trips_in_every_format(seeded):
    """Each seed source's BibTeX, RIS and CSL-JSON parse back with its type, title, authors, date, URL."""
    assert seeded
    for record in seeded:
        item = csl(record)
        entry = bib(record)
        parsed = ris(record)
        assert item["type"] == exports.csl_type(record)
        assert item["title"] == entry["title"] == parsed["title"] == " ".join(record.title.split())
        web = "online" if record.url else "misc"
        assert entry["ENTRYTYPE"] == ("report" if record.kind == Source.Kind.PAPER else web)
        authors = record.author_list
        assert [exports.name_text(n) for n in item.get("author", [])] == authors
        assert [a.strip("{}") for a in entry.get("author", [])] == authors
        assert parsed.get("authors", []) == authors
        issued = exports.published(record)
        assert ("issued" in item) == ("date" in entry) == ("date" in parsed) == bool(issued)
        if issued:
            assert entry["year"] == parsed["year"] == str(issued.parts[0])
        assert (item.get("URL"), entry.get("url"), parsed.get("urls")) == (
            (record.url, record.url, [record.url]) if record.url else (None, None, None)
        )
        (reference,) = CiteProcJSON(json.loads(exports.to_csl_json([record]))).values()
        assert (reference.key, reference.type, str(reference.title)) == (
            record.slug,
            item["type"],
            item["title"],
        )
        assert len(reference.get("author", [])) == len(authors)
        for style in citation_styles.STYLES:
            (formatted,) = citation_styles.render_references([item], style)
            assert formatted.key == record.slug and formatted.text


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
    assert entry["note"] == f"{ASSESSMENT_NOTE}. Publication date estimated"
    (record,) = rispy.loads(exports.to_ris([estimated]))
    assert record["notes"] == [ASSESSMENT_NOTE, "Publication date estimated"]


def test_unassessed_sources_get_no_assessment_note():
    """Nothing is claimed about a source the editors have not assessed."""
    (entry,) = parse_bibtex(exports.to_bibtex([source()]))
    assert "note" not in entry
    assert "note" not in parse_csl(exports.to_csl_json([source()]))[0]


def test_source_page_in_a_chosen_style(client, make_source):
    """?style= sets the source's reference; an unknown style shows APA, never an error."""
    made = make_source(title="Railway Talks Resume", kind="news", publisher="Daily Example")
    html = client.get(made.get_absolute_url(), {"style": "mla"}).content.decode()
    assert '<option value="mla" selected>' in html
    assert '“Railway Talks Resume.” <i dir="auto">Daily Example</i>' in html
    response = client.get(made.get_absolute_url(), {"style": "<script>"})
    assert response.status_code == 200
    assert '<option value="apa" selected>' in response.content.decode()


def test_source_page_queries_do_not_depend_on_the_style(client, make_source):
    made = make_source()
    counts = {
        style: count_queries(client, made.get_absolute_url(), style=style)
        for style in citation_styles.STYLES
    }
    assert len(set(counts.values())) == 1
