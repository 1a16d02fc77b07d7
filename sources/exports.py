"""
A source's bibliographic record as CSL-JSON, BibTeX, RIS and schema.org, as plain functions.

One builder, :func:`csl_item`, turns a source into a CSL-JSON item; BibTeX and
RIS are written from that item (so a briefing, which builds its own item, gets
the same BibTeX and RIS), and ``sources.citation_styles`` renders it in
citation styles. Every function reads only a source's own fields (no
queries), so the same code serves one source's download, a briefing's
bibliography and the structured data of a page.

Dates are exported only as precisely as they are known: an unknown date yields
no date field at all, an estimated one is marked as such (CSL ``circa``,
biblatex ``~``, a note).
"""

import json
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from rispy.writer import RisWriter

from .links import safe_link
from .models import DatePrecision, Source

# Source.Kind → CSL type. News and opinion appear in periodicals (newspapers, news sites);
# analyses and reference pages are web pages; think-tank papers are reports.
KIND_CSL_TYPES = {
    Source.Kind.NEWS: "article-newspaper",
    Source.Kind.OPINION: "article-newspaper",
    Source.Kind.ANALYSIS: "webpage",
    Source.Kind.PAPER: "report",
    Source.Kind.REFERENCE: "webpage",
    Source.Kind.TREATY: "treaty",
    Source.Kind.STATEMENT: "document",
    Source.Kind.REPORT: "report",
    # CSL 1.0.2's "dataset" is unknown to citeproc-py (our styles): a data set is a document.
    Source.Kind.DATASET: "document",
    Source.Kind.OTHER: "document",
}
# CSL types whose publisher is the periodical the item appeared in (its container-title).
PERIODICAL_TYPES = {"article-newspaper", "article-magazine", "article-journal"}

# CSL type → RIS reference type.
RIS_TYPES = {
    "article-newspaper": "NEWS",
    "article-magazine": "MGZN",
    "article-journal": "JOUR",
    "webpage": "ELEC",
    "report": "RPRT",
    "treaty": "GOVDOC",
}

SCHEMA_TYPES = {
    Source.Kind.NEWS: "NewsArticle",
    Source.Kind.ANALYSIS: "Article",
    Source.Kind.OPINION: "OpinionNewsArticle",
    Source.Kind.PAPER: "Report",
    Source.Kind.REFERENCE: "WebPage",
    Source.Kind.TREATY: "Legislation",
    Source.Kind.STATEMENT: "CreativeWork",
    Source.Kind.REPORT: "Report",
    Source.Kind.DATASET: "Dataset",
    Source.Kind.OTHER: "CreativeWork",
}

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ESTIMATED_NOTE = "Publication date estimated"


@dataclass(frozen=True)
class PartialDate:
    """A date cut to its known precision: ``parts`` is (year,), (year, month) or (y, m, d)."""

    parts: tuple
    circa: bool = False

    def iso(self):
        """ISO 8601 at the known precision: ``2023``, ``2023-09`` or ``2023-09-14``."""
        year, *rest = self.parts
        return "-".join([f"{year:04d}", *(f"{n:02d}" for n in rest)])


def date_parts(value, precision, *, circa=False):
    """Cut ``value`` to ``precision``; None when there is no date."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        parts = (value.year,)
    elif precision == DatePrecision.MONTH:
        parts = (value.year, value.month)
    else:
        parts = (value.year, value.month, value.day)
    return PartialDate(parts=parts, circa=circa)


def published(source):
    """The publication date as honestly as it is known, or None when unknown."""
    if source.date_status == Source.DateStatus.UNKNOWN:
        return None
    return date_parts(
        source.published_on,
        source.published_precision,
        circa=source.date_status == Source.DateStatus.ESTIMATED,
    )


def reliability_note(source):
    """The editors' assessment for a note field, or None while the source is unassessed."""
    if source.assessment == Source.Assessment.UNASSESSED:
        return None
    note = f"Source assessment: {source.reliability_label}"
    if source.derived_from_id is not None:
        note += f"; derived from “{one_line(source.derived_from.title)}”"
    return one_line(note)


def split_name(name):
    """
    ``(family, given)`` when the name is written "Surname, Given", else None.

    Only an explicit single comma is trusted: "Kim Jong Un" or "Reuters staff"
    cannot be split safely, so they stay whole (a CSL literal name).
    """
    family, sep, given = name.partition(",")
    if not sep or "," in given or not family.strip() or not given.strip():
        return None
    return family.strip(), given.strip()


def one_line(text):
    """Collapse whitespace, so typed text cannot open a new line (a new RIS tag)."""
    return " ".join(str(text).split())


# --- CSL-JSON: the one builder ----------------------------------------------------------------


def csl_name(name):
    split = split_name(name)
    return {"family": split[0], "given": split[1]} if split else {"literal": one_line(name)}


def csl_date(partial):
    data = {"date-parts": [list(partial.parts)]}
    if partial.circa:
        data["circa"] = True
    return data


def csl_type(source):
    """The CSL type: from the kind; an "other" document found on the web is a web page."""
    kind_type = KIND_CSL_TYPES.get(source.kind, "document")
    return "webpage" if kind_type == "document" and source.url else kind_type


def csl_item(source):
    """The source as one CSL-JSON item (a dict), the record every other format is written from."""
    item_type = csl_type(source)
    item = {"id": source.slug, "type": item_type, "title": one_line(source.title)}
    if source.author_list:
        item["author"] = [csl_name(name) for name in source.author_list]
    if source.publisher:
        # A newspaper is where an article appeared (container-title); a think tank or a
        # web site publishes the item itself.
        container = "container-title" if item_type in PERIODICAL_TYPES else "publisher"
        item[container] = one_line(source.publisher)
    issued = published(source)
    if issued:
        item["issued"] = csl_date(issued)
    if safe_link(source.url):
        item["URL"] = safe_link(source.url)
    if source.accessed_on:
        item["accessed"] = csl_date(date_parts(source.accessed_on, DatePrecision.DAY))
    if source.language:
        item["language"] = one_line(source.language)
    notes = [note for note in (reliability_note(source), archive_note(source)) if note]
    if notes:
        item["note"] = ". ".join(notes)
    archived = safe_link(source.archived_url)
    if archived:
        # CSL's archive variables: the archive's name (its host) and where in it the item is.
        item["archive"] = one_line(urlsplit(archived).hostname or "")
        item["archive_location"] = one_line(archived)
    return item


def archive_note(source):
    """The archived copy in words, for formats without a field for it (BibTeX, RIS, CSL notes)."""
    archived = safe_link(source.archived_url)
    if not archived:
        return None
    note = f"Archived copy: {one_line(archived)}"
    if source.archived_on:
        note += f" ({source.archived_on.isoformat()})"
    return note


def to_csl_json(sources):
    """A CSL-JSON document: a list of items."""
    return items_to_csl_json([csl_item(s) for s in sources])


def items_to_csl_json(items):
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def item_date(item, key):
    """The CSL item's ``issued`` or ``accessed`` as a :class:`PartialDate`, or None."""
    data = item.get(key)
    if not data or not data.get("date-parts") or not data["date-parts"][0]:
        return None
    return PartialDate(parts=tuple(data["date-parts"][0]), circa=bool(data.get("circa")))


def item_notes(item):
    """What the record says in words beyond its fields: the item's note, an estimated date."""
    notes = [item["note"]] if item.get("note") else []
    issued = item_date(item, "issued")
    if issued and issued.circa:
        notes.append(ESTIMATED_NOTE)
    return notes


def name_text(name):
    """A CSL name as one string: "Family, Given" or the literal name."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(filter(None, [name.get("family", ""), name.get("given", "")]))


# --- BibTeX (biblatex), written from the CSL item ---------------------------------------------

BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        # BibTeX counts braces even after a backslash: "\{" would unbalance the field.
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)

URL_SAFE = "".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\")


def bibtex_escape(text):
    """Escape LaTeX's special characters; typed braces become commands, so fields stay balanced."""
    return one_line(text).translate(BIBTEX_ESCAPES)


def bibtex_url(url):
    # url fields are read verbatim (LaTeX's url package): percent-encode only what would
    # break the BibTeX field (braces, backslash, spaces) and keep existing %-escapes.
    return quote(url, safe=URL_SAFE)


def bibtex_name(name):
    """One author for an ``and``-separated list; names that can't be split stay whole in braces."""
    whole = name_text(name)
    if "literal" in name or not name.get("given") or " and " in f" {whole.lower()} ":
        return "{" + bibtex_escape(whole) + "}"
    return f"{bibtex_escape(name['family'])}, {bibtex_escape(name['given'])}"


def bibtex_type(item):
    """
    The entry type that fits the material.

    ``@article`` only for a journal article with its journal; ``@report`` for
    reports (think-tank papers); anything else found on the web is biblatex's
    ``@online``, and the rest ``@misc``.
    """
    if item["type"] == "article-journal" and item.get("container-title"):
        return "article"
    if item["type"] == "report":
        return "report"
    return "online" if item.get("URL") else "misc"


# Where each entry type puts the name of whoever published the item.
BIBTEX_PUBLISHER_FIELD = {
    "article": "journaltitle",
    "report": "institution",
    "online": "organization",
    "misc": "howpublished",
}


def bibtex_date_fields(partial):
    if partial is None:
        return []
    fields = [("year", str(partial.parts[0]))]
    if len(partial.parts) > 1:
        fields.append(("month", BIBTEX_MONTHS[partial.parts[1] - 1]))
    # biblatex's EDTF "~" marks an approximate date.
    fields.append(("date", partial.iso() + ("~" if partial.circa else "")))
    return fields


def bibtex_fields(item):
    """``(entry type, [(field, value), ...])`` with every value already escaped."""
    entry_type = bibtex_type(item)
    fields = [("title", bibtex_escape(item.get("title", "")))]
    if item.get("author"):
        fields.append(("author", " and ".join(bibtex_name(n) for n in item["author"])))
    publisher = item.get("container-title") or item.get("publisher")
    if publisher:
        fields.append((BIBTEX_PUBLISHER_FIELD[entry_type], bibtex_escape(publisher)))
    if entry_type == "report":
        fields.append(("type", "Report"))
    fields += bibtex_date_fields(item_date(item, "issued"))
    if item.get("URL"):
        fields.append(("url", bibtex_url(item["URL"])))
    accessed = item_date(item, "accessed")
    if accessed:
        fields.append(("urldate", accessed.iso()))
    if item.get("language"):
        fields.append(("langid", bibtex_escape(item["language"])))
    notes = item_notes(item)
    if notes:
        fields.append(("note", bibtex_escape(". ".join(notes))))
    return entry_type, fields


def bibtex_entry(item):
    """The CSL item as one BibTeX entry keyed by its id (``month`` is a bare macro)."""
    entry_type, fields = bibtex_fields(item)
    lines = [
        f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},"
        for name, value in fields
    ]
    return "@{}{{{},\n{}\n}}\n".format(entry_type, item["id"], "\n".join(lines))


def items_to_bibtex(items):
    return "\n".join(bibtex_entry(item) for item in items)


def to_bibtex(sources):
    return items_to_bibtex([csl_item(s) for s in sources])


# --- RIS, written from the CSL item with rispy ------------------------------------------------


class _RisWriter(RisWriter):
    """rispy's writer without its "1." counter line, which is not part of RIS."""

    def set_header(self, count):
        return ""


def ris_date(partial):
    """RIS ``YYYY/MM/DD/`` with the unknown parts left empty."""
    parts = [f"{partial.parts[0]:04d}", *(f"{n:02d}" for n in partial.parts[1:])]
    parts += [""] * (3 - len(parts))
    return "/".join(parts) + "/"


def ris_reference(item):
    """The CSL item as a rispy reference (a dict of rispy's field names, in RIS tag order)."""
    ref = {
        "type_of_reference": RIS_TYPES.get(item["type"], "ELEC" if item.get("URL") else "GEN"),
        "id": one_line(item["id"]),
        "title": one_line(item.get("title", "")),
    }
    if item.get("author"):
        ref["authors"] = [one_line(name_text(name)) for name in item["author"]]
    issued = item_date(item, "issued")
    if issued:
        ref["year"] = f"{issued.parts[0]:04d}"
        ref["date"] = ris_date(issued)
    if item.get("container-title"):
        ref["secondary_title"] = one_line(item["container-title"])
    if item.get("publisher"):
        ref["publisher"] = one_line(item["publisher"])
    if item.get("URL"):
        ref["urls"] = [one_line(item["URL"])]
    accessed = item_date(item, "accessed")
    if accessed:
        ref["access_date"] = ris_date(accessed).rstrip("/")
    if item.get("language"):
        ref["language"] = one_line(item["language"])
    notes = item_notes(item)
    if notes:
        ref["notes"] = [one_line(note) for note in notes]
    return ref


def items_to_ris(items):
    return _RisWriter().formats([ris_reference(item) for item in items])


def to_ris(sources):
    return items_to_ris([csl_item(s) for s in sources])


# --- Formats for downloads ------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFormat:
    extension: str
    content_type: str
    render_items: object

    def render(self, sources):
        """``sources`` (Source objects) in this format."""
        return self.render_items([csl_item(s) for s in sources])


FORMATS = {
    "bib": ExportFormat("bib", "application/x-bibtex; charset=utf-8", items_to_bibtex),
    "ris": ExportFormat("ris", "application/x-research-info-systems; charset=utf-8", items_to_ris),
    "json": ExportFormat(
        "json", "application/vnd.citationstyles.csl+json; charset=utf-8", items_to_csl_json
    ),
}


# --- schema.org -----------------------------------------------------------------------------


def schema_org(source, page_url):
    """The source as a schema.org CreativeWork (a dict for JSON-LD); ``page_url`` is ours."""
    work = {
        "@type": SCHEMA_TYPES.get(source.kind, "CreativeWork"),
        "@id": page_url,
        "name": source.title,
    }
    if source.author_list:
        work["author"] = [{"@type": "Person", "name": name} for name in source.author_list]
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    issued = published(source)
    # schema.org has no way to say "about": an estimated date is left out rather than asserted.
    if issued and not issued.circa:
        work["datePublished"] = issued.iso()
    work["url"] = safe_link(source.url) or page_url
    if source.language:
        work["inLanguage"] = source.language
    return work
