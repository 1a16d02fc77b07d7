"""
How to cite a briefing, and its bibliography, in citation styles and as files.

The briefing arrives as a :class:`BriefingRecord` (plain values, no queries)
and becomes a CSL-JSON item like a source's; from there the same code as for
sources writes BibTeX, RIS and formatted references (``sources.exports``,
``sources.citation_styles``).
"""

from dataclasses import dataclass, field

from sources import citation_styles
from sources import exports as source_exports

SITE_NAME = "RNK Briefings"


@dataclass(frozen=True)
class Person:
    """An author: ``family`` and ``given`` when known separately, else only ``literal``."""

    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def is_split(self):
        return bool(self.family)

    @property
    def natural(self):
        return " ".join(filter(None, [self.given, self.family])) if self.is_split else self.literal

    def csl(self):
        """The person as a CSL name."""
        if self.is_split and self.given:
            return {"family": self.family, "given": self.given}
        return {"literal": self.natural}


@dataclass(frozen=True)
class BriefingRecord:
    key: str
    title: str
    url: str
    published: object = None  # a date, or None for an unpublished draft
    authors: tuple = field(default_factory=tuple)
    accessed: object = None
    publisher: str = SITE_NAME
    # Text by the same hand (standfirst, introduction): which title words are proper nouns.
    evidence: str = ""


def day(value):
    return {"date-parts": [[value.year, value.month, value.day]]}


def csl_item(record):
    """
    The briefing as a CSL-JSON item: a web page published by this site.

    A briefing without named authors is the site's own work, so the site is
    its (institutional) author, as the style guides prescribe.
    """
    authors = [person.csl() for person in record.authors] or [{"literal": record.publisher}]
    item = {
        "id": record.key,
        "type": "webpage",
        "title": source_exports.one_line(record.title),
        "author": authors,
        "publisher": record.publisher,
        "URL": record.url,
    }
    if record.published is not None:
        item["issued"] = day(record.published)
    if record.accessed is not None:
        item["accessed"] = day(record.accessed)
    return item


@dataclass(frozen=True)
class BriefingCitation:
    """The briefing cited in one style (``reference``: HTML and text) and as BibTeX."""

    style: citation_styles.CitationStyle
    reference: citation_styles.Reference
    bibtex: str


def cite(record, style_key=citation_styles.DEFAULT_STYLE):
    """How to cite the briefing in the style named ``style_key`` (the default if unknown)."""
    item = csl_item(record)
    style = citation_styles.get_style(style_key)
    return BriefingCitation(
        style=style,
        reference=citation_styles.render_reference(item, style.key, evidence=record.evidence),
        bibtex=source_exports.bibtex_entry(item),
    )


def bibliography(sources, extension):
    """All ``sources`` in one file of the format named by ``extension`` (bib, ris, json)."""
    return source_exports.FORMATS[extension].render(sources)
