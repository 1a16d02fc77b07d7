"""
How to cite a briefing (APA 7, Chicago author-date, BibTeX) and its bibliography.

The briefing arrives as a :class:`BriefingRecord` (plain values, no queries);
its bibliography is the concatenation of its sources' records from
``sources.exports``.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html

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
    def initials(self):
        """``Anna Maria`` → ``A. M.``, ``Jean-Paul`` → ``J.-P.``"""
        return " ".join(
            "-".join(f"{part[0].upper()}." for part in word.split("-") if part)
            for word in self.given.split()
        )

    @property
    def inverted(self):
        """``Family, Given`` (or the whole name when it can't be split)."""
        if not self.is_split:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def natural(self):
        return " ".join(filter(None, [self.given, self.family])) if self.is_split else self.literal

    @property
    def apa(self):
        if not self.is_split:
            return self.literal
        return f"{self.family}, {self.initials}" if self.initials else self.family


@dataclass(frozen=True)
class BriefingRecord:
    key: str
    title: str
    url: str
    published: object = None  # a date, or None for an unpublished draft
    authors: tuple = field(default_factory=tuple)
    accessed: object = None
    publisher: str = SITE_NAME


def _join(names, *, ampersand):
    """``A``; ``A and B``; ``A, B, and C`` (APA: ``A, & B``; ``A, B, & C``)."""
    if len(names) < 2:
        return "".join(names)
    if ampersand:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _sentence(text):
    """End with a full stop unless the text already ends with punctuation."""
    return text if text[-1:] in ".?!" else text + "."


def _apa_date(record):
    if record.published is None:
        return "n.d."
    return f"{record.published.year}, {record.published:%B} {record.published.day}"


def apa_parts(record):
    """APA 7 for a web article: ``(before, italic title, after)``."""
    date = f"({_apa_date(record)})."
    if record.authors:
        authors = _join([p.apa for p in record.authors], ampersand=True)
        before = f"{_sentence(authors)} {date} "
        # APA omits the site name when it is also the author; here the authors are people.
        after = f" {record.publisher}. {record.url}"
    else:
        before = f"{record.publisher}. {date} "
        after = f" {record.url}"
    return before, _sentence(record.title), after


def apa(record):
    """The APA 7 reference as plain text."""
    return "".join(apa_parts(record))


def apa_html(record):
    """The APA 7 reference as escaped HTML with the title in italics."""
    before, title, after = apa_parts(record)
    # <bdi>: bidi controls in a typed title cannot reorder the rest of the reference.
    return format_html("{}<i><bdi>{}</bdi></i>{}", before, title, after)


def chicago_parts(record):
    """Chicago author-date (17th ed.): ``(before, title, after)``, the title to be quoted."""
    if record.authors:
        first, *rest = record.authors
        names = [first.inverted, *(p.natural for p in rest)]
        # With the first name inverted, even two names take a comma: "Lee, Ann, and Jae Park".
        joined = f"{names[0]}, and {names[1]}" if len(names) == 2 else _join(names, ampersand=False)
        head = _sentence(joined)
    else:
        head = f"{record.publisher}."
    if record.published is None:
        year, day = "n.d.", ""
    else:
        year = str(record.published.year)
        day = f" {record.published:%B} {record.published.day}, {record.published.year}."
    title = record.title if record.title[-1:] in ".?!" else record.title + "."
    site = f" {record.publisher}." if record.authors else ""
    return f"{head} {year}. ", title, f"{site}{day} {record.url}."


def chicago(record):
    """Chicago author-date (17th ed.) reference-list entry as plain text."""
    before, title, after = chicago_parts(record)
    return f"{before}“{title}”{after}"


def chicago_html(record):
    """The Chicago reference as escaped HTML, the quoted title isolated like APA's."""
    before, title, after = chicago_parts(record)
    return format_html("{}“<bdi>{}</bdi>”{}", before, title, after)


def bibtex_person(person):
    if person.is_split:
        given = f", {source_exports.bibtex_escape(person.given)}" if person.given else ""
        return f"{source_exports.bibtex_escape(person.family)}{given}"
    return "{" + source_exports.bibtex_escape(person.literal) + "}"


def bibtex(record):
    """The briefing as a BibTeX ``@misc`` entry keyed by its slug."""
    fields = [("title", source_exports.bibtex_escape(record.title))]
    if record.authors:
        fields.append(("author", " and ".join(bibtex_person(p) for p in record.authors)))
    else:
        fields.append(("author", "{" + source_exports.bibtex_escape(record.publisher) + "}"))
    fields.append(("publisher", source_exports.bibtex_escape(record.publisher)))
    if record.published is not None:
        fields.append(("year", str(record.published.year)))
        month = source_exports.BIBTEX_MONTHS[record.published.month - 1]
        fields.append(("month", month))
        fields.append(("date", record.published.isoformat()))
    fields.append(("url", source_exports.bibtex_url(record.url)))
    if record.accessed is not None:
        fields.append(("urldate", record.accessed.isoformat()))
    lines = [
        f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},"
        for name, value in fields
    ]
    return "@misc{{{},\n{}\n}}\n".format(record.key, "\n".join(lines))


def bibliography(sources, extension):
    """All ``sources`` in one file of the format named by ``extension`` (bib, ris, json)."""
    return source_exports.FORMATS[extension].render(sources)
