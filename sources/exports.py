"""
A source's bibliographic record as BibTeX, RIS, CSL-JSON and schema.org, as plain functions.

Every function reads only a source's own fields (no queries), so the same
code serves one source's download, a briefing's bibliography and the
structured data of a page. Dates are exported only as precisely as they are
known: an unknown date yields no date field at all, an estimated one is
marked as such (CSL ``circa``, biblatex ``~``, a RIS note).
"""

import json
from dataclasses import dataclass
from urllib.parse import quote

from .links import safe_link
from .models import DatePrecision, Source

# Source.Kind → (CSL type, BibTeX entry type, RIS reference type, schema.org type).
KIND_TYPES = {
    Source.Kind.NEWS: ("article-newspaper", "article", "NEWS", "NewsArticle"),
    Source.Kind.ANALYSIS: ("article", "article", "ELEC", "Article"),
    Source.Kind.OPINION: ("article", "article", "ELEC", "OpinionNewsArticle"),
    Source.Kind.PAPER: ("report", "techreport", "RPRT", "Report"),
    Source.Kind.REFERENCE: ("webpage", "misc", "ELEC", "WebPage"),
    Source.Kind.OTHER: ("document", "misc", "GEN", "CreativeWork"),
}
DEFAULT_TYPES = KIND_TYPES[Source.Kind.OTHER]

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


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


def types(source):
    return KIND_TYPES.get(source.kind, DEFAULT_TYPES)


def split_name(name):
    """
    ``(family, given)`` when the name is written "Surname, Given", else None.

    Only an explicit single comma is trusted: "Kim Jong Un" or "Reuters staff"
    cannot be split safely, so they stay whole.
    """
    family, sep, given = name.partition(",")
    if not sep or "," in given or not family.strip() or not given.strip():
        return None
    return family.strip(), given.strip()


def one_line(text):
    """Collapse whitespace, so typed text cannot open a new line (a new RIS tag)."""
    return " ".join(str(text).split())


# --- CSL-JSON -------------------------------------------------------------------------------


def csl_name(name):
    split = split_name(name)
    return {"family": split[0], "given": split[1]} if split else {"literal": one_line(name)}


def csl_date(partial):
    data = {"date-parts": [list(partial.parts)]}
    if partial.circa:
        data["circa"] = True
    return data


def csl_item(source):
    """The source as one CSL-JSON item (a dict)."""
    csl_type = types(source)[0]
    item = {"id": source.slug, "type": csl_type, "title": one_line(source.title)}
    if source.author_list:
        item["author"] = [csl_name(name) for name in source.author_list]
    if source.publisher:
        item["publisher"] = one_line(source.publisher)
        if csl_type.startswith("article"):
            item["container-title"] = one_line(source.publisher)
    issued = published(source)
    if issued:
        item["issued"] = csl_date(issued)
    if safe_link(source.url):
        item["URL"] = safe_link(source.url)
    if source.accessed_on:
        item["accessed"] = csl_date(date_parts(source.accessed_on, DatePrecision.DAY))
    if source.language:
        item["language"] = source.language
    if reliability_note(source):
        item["note"] = reliability_note(source)
    return item


def to_csl_json(sources):
    """A CSL-JSON document: a list of items."""
    return json.dumps([csl_item(s) for s in sources], ensure_ascii=False, indent=2) + "\n"


# --- BibTeX ---------------------------------------------------------------------------------

BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
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
    """Escape LaTeX's special characters; braces in typed text can never unbalance a field."""
    return one_line(text).translate(BIBTEX_ESCAPES)


def bibtex_url(url):
    # url fields are read verbatim (LaTeX's url package): percent-encode only what would
    # break the BibTeX field (braces, backslash) and keep existing %-escapes as they are.
    return quote(url, safe=URL_SAFE)


def bibtex_name(name):
    """One author for an ``and``-separated list; names that can't be split stay whole in braces."""
    split = split_name(name)
    if split and " and " not in f" {name.lower()} ":
        return f"{bibtex_escape(split[0])}, {bibtex_escape(split[1])}"
    return "{" + bibtex_escape(name) + "}"


def bibtex_date_fields(partial):
    if partial is None:
        return []
    fields = [("year", str(partial.parts[0]))]
    if len(partial.parts) > 1:
        fields.append(("month", BIBTEX_MONTHS[partial.parts[1] - 1]))
    # biblatex's EDTF "~" marks an approximate date.
    fields.append(("date", partial.iso() + ("~" if partial.circa else "")))
    return fields


def bibtex_fields(source):
    entry_type = types(source)[1]
    fields = [("title", bibtex_escape(source.title))]
    if source.author_list:
        fields.append(("author", " and ".join(bibtex_name(n) for n in source.author_list)))
    if source.publisher:
        publisher = bibtex_escape(source.publisher)
        fields.append(("publisher", publisher))
        container = {"article": "journal", "techreport": "institution"}.get(entry_type)
        if container:
            fields.append((container, publisher))
    issued = published(source)
    fields += bibtex_date_fields(issued)
    notes = ["Publication date estimated"] if issued and issued.circa else []
    notes += filter(None, [reliability_note(source)])
    if notes:
        fields.append(("note", bibtex_escape(". ".join(notes))))
    if safe_link(source.url):
        fields.append(("url", bibtex_url(safe_link(source.url))))
    if source.accessed_on:
        fields.append(("urldate", source.accessed_on.isoformat()))
    if source.language:
        fields.append(("langid", bibtex_escape(source.language)))
    return entry_type, fields


def bibtex_entry(source):
    """The source as one BibTeX entry keyed by its slug (``month`` is a bare macro)."""
    entry_type, fields = bibtex_fields(source)
    lines = [
        f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},"
        for name, value in fields
    ]
    return "@{}{{{},\n{}\n}}\n".format(entry_type, source.slug, "\n".join(lines))


def to_bibtex(sources):
    return "\n".join(bibtex_entry(s) for s in sources)


# --- RIS ------------------------------------------------------------------------------------


def ris_date(partial):
    """RIS ``YYYY/MM/DD/`` with the unknown parts left empty."""
    parts = [f"{partial.parts[0]:04d}", *(f"{n:02d}" for n in partial.parts[1:])]
    parts += [""] * (3 - len(parts))
    return "/".join(parts) + "/"


def ris_record(source):
    """The source as one RIS record (tags in the order of the RIS specification)."""
    tags = [("TY", types(source)[2]), ("ID", source.slug), ("TI", one_line(source.title))]
    tags += [("AU", one_line(name)) for name in source.author_list]
    issued = published(source)
    if issued:
        tags += [("PY", f"{issued.parts[0]:04d}"), ("DA", ris_date(issued))]
        if issued.circa:
            tags.append(("N1", "Publication date estimated"))
    if source.publisher:
        tags.append(("PB", one_line(source.publisher)))
    if safe_link(source.url):
        tags.append(("UR", safe_link(source.url)))
    if source.accessed_on:
        tags.append(("Y2", source.accessed_on.strftime("%Y/%m/%d")))
    if source.language:
        tags.append(("LA", one_line(source.language)))
    if reliability_note(source):
        tags.append(("N1", reliability_note(source)))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in tags)


def to_ris(sources):
    return "\n".join(ris_record(s) for s in sources)


# --- Formats for downloads ------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFormat:
    extension: str
    content_type: str
    render: object


FORMATS = {
    "bib": ExportFormat("bib", "application/x-bibtex; charset=utf-8", to_bibtex),
    "ris": ExportFormat("ris", "application/x-research-info-systems; charset=utf-8", to_ris),
    "json": ExportFormat(
        "json", "application/vnd.citationstyles.csl+json; charset=utf-8", to_csl_json
    ),
}


# --- schema.org -----------------------------------------------------------------------------


def schema_org(source, page_url):
    """The source as a schema.org CreativeWork (a dict for JSON-LD); ``page_url`` is ours."""
    work = {"@type": types(source)[3], "@id": page_url, "name": source.title}
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
