"""
References in real citation styles: CSL styles rendered by citeproc-py.

The styles are the Citation Style Language project's own files (``sources/csl/``,
CC BY-SA 3.0, see the README there), loaded once per process. Items are
CSL-JSON dicts as built by ``sources.exports.csl_item`` (and, for a briefing,
by ``briefings.exports``); this module only renders them, as HTML for the page
and as plain text for copying.

HTML is escape-safe by construction: citeproc renders with a formatter whose
only markup is a few private-use characters; the whole rendered string is then
escaped and only those characters become tags. Typed text can therefore never
become markup, whatever the style does with it.
"""

import json
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source.json import CiteProcJSON
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from . import citeproc_fixes

citeproc_fixes.apply()

STYLE_DIR = Path(__file__).resolve().parent / "csl"


@dataclass(frozen=True)
class CitationStyle:
    key: str
    label: str
    filename: str
    locale: str = "en-US"
    # APA writes titles in sentence case; the other styles keep them as published.
    sentence_case_titles: bool = False
    # APA leaves out the site's name when the site is also the author.
    omit_publisher_when_author: bool = False

    @property
    def path(self):
        return STYLE_DIR / self.filename

    @property
    def punctuation_in_quote(self):
        """American usage puts a full stop or comma inside closing quotation marks."""
        return self.locale == "en-US"


STYLES = {
    style.key: style
    for style in (
        CitationStyle(
            "apa",
            "APA (7th edition)",
            "apa.csl",
            sentence_case_titles=True,
            omit_publisher_when_author=True,
        ),
        CitationStyle("chicago-author-date", "Chicago (author-date)", "chicago-author-date.csl"),
        CitationStyle(
            "chicago-notes-bibliography",
            "Chicago (notes and bibliography)",
            "chicago-notes-bibliography.csl",
        ),
        CitationStyle("mla", "MLA (9th edition)", "modern-language-association.csl"),
        CitationStyle(
            "harvard", "Harvard (Cite Them Right)", "harvard-cite-them-right.csl", locale="en-GB"
        ),
        CitationStyle("ieee", "IEEE", "ieee.csl"),
    )
}
DEFAULT_STYLE = "apa"


def get_style(key):
    """The style named ``key``; the default style for anything not on the list."""
    return STYLES.get(key) or STYLES[DEFAULT_STYLE]


# --- Markup that cannot be forged ------------------------------------------------------------

# citeproc's formatter wraps text in these private-use characters; only they become tags.
MARKUP = {
    # dir="auto": a title's bidi controls stay inside it (an element with dir isolates).
    "Italic": ("\ue000", "\ue001", '<i dir="auto">', "</i>"),
    "Bold": ("\ue002", "\ue003", '<b dir="auto">', "</b>"),
    "Superscript": ("\ue004", "\ue005", "<sup>", "</sup>"),
    "Subscript": ("\ue006", "\ue007", "<sub>", "</sub>"),
    "SmallCaps": ("\ue008", "\ue009", '<span class="small-caps">', "</span>"),
    "Underline": ("\ue00a", "\ue00b", "<u>", "</u>"),
}
MARKS = re.compile("[\ue000-\ue00b]")


def _wrapper(opening, closing):
    return lambda text: f"{opening}{text}{closing}"


class MarkFormatter:
    """A citeproc output format (the interface of ``citeproc.formatter.html``)."""

    @staticmethod
    def preformat(text):
        return text

    Oblique = Italic = staticmethod(_wrapper(*MARKUP["Italic"][:2]))
    Bold = staticmethod(_wrapper(*MARKUP["Bold"][:2]))
    Light = staticmethod(str)
    Superscript = staticmethod(_wrapper(*MARKUP["Superscript"][:2]))
    Subscript = staticmethod(_wrapper(*MARKUP["Subscript"][:2]))
    SmallCaps = staticmethod(_wrapper(*MARKUP["SmallCaps"][:2]))
    Underline = staticmethod(_wrapper(*MARKUP["Underline"][:2]))


def scrub(value):
    """``value`` (CSL-JSON) with the formatter's private-use characters removed from strings."""
    if isinstance(value, str):
        return MARKS.sub("", value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


TAG_HTML = {
    mark: mark_safe(tag)  # noqa: S308 -- constant tags, never typed text
    for opening, closing, *tags in MARKUP.values()
    for mark, tag in zip((opening, closing), tags, strict=True)
}
CLOSING_MARKS = "".join(closing for _, closing, *_ in MARKUP.values())


def to_html(text, url=""):
    """Rendered ``text`` escaped, with the formatter's marks as tags and ``url`` as a link."""
    pieces = []
    for segment in re.split(f"({MARKS.pattern})", text):
        if segment in TAG_HTML:
            pieces.append(TAG_HTML[segment])
        elif url.startswith(("https://", "http://")) and url in segment:
            before, _, after = segment.partition(url)
            pieces.append(format_html('{}<a href="{}">{}</a>{}', before, url, url, after))
        else:
            pieces.append(conditional_escape(segment))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def to_text(text):
    return MARKS.sub("", text)


# --- Typography citeproc-py leaves undone ------------------------------------------------------

_AFTER = f"[{CLOSING_MARKS}”’]*"
QUESTION_THEN_STOP = re.compile(f"([?!]{_AFTER})[.,]")
DOUBLE_STOP = re.compile(f"(?<!\\.)(\\.{_AFTER})\\.(?!\\.)")
STOP_AFTER_QUOTE = re.compile(f"(”{_AFTER})([.,])")
NUMBER_LABEL = re.compile(r"^(\[\d+\])(?=\S)")


def tidy_punctuation(text, *, punctuation_in_quote):
    """
    Punctuation as the style guides set it, where citeproc-py does not.

    A title ending in "?" or "!" takes no further full stop or comma; no double
    full stops (an ellipsis stays); in American usage a full stop or comma
    goes inside the closing quotation mark; IEEE's "[1]" is followed by a space.
    """
    if punctuation_in_quote:
        text = STOP_AFTER_QUOTE.sub(lambda m: m[2] + m[1], text)
    text = QUESTION_THEN_STOP.sub(r"\1", text)
    text = DOUBLE_STOP.sub(r"\1", text)
    return NUMBER_LABEL.sub(r"\1 ", text)


# --- Sentence case (APA) -----------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+")
SENTENCE_END = re.compile(r"[.!?:—–]\s*$|^\s*$")
TOKEN = re.compile(r"[^\W\d_]+|[.!?:]")


@lru_cache(maxsize=256)
def proper_nouns(text):
    """
    Words that ``text`` capitalises more often than not where a sentence does not begin.

    Evidence for sentence case: in a source's own text "Russia" and "Korea" are
    capitalised mid-sentence, "partnership" is not. Lines written in headline
    case (headings, titles) are no evidence and are skipped.
    """
    capital, lower = Counter(), Counter()
    for line in (text or "").splitlines():
        if is_headline_case(line):
            continue
        boundary = True
        for token in TOKEN.findall(line):
            if token in {".", "!", "?", ":"}:
                boundary = True
                continue
            if token[0].isupper():
                capital[token.lower()] += not boundary
            else:
                lower[token.lower()] += 1
            boundary = False
    return frozenset(word for word, n in capital.items() if n > lower[word])


def is_headline_case(title):
    """Every word of four letters or more after the first starts with a capital."""
    words = [m[0] for m in WORD.finditer(title)][1:]
    long_words = [word for word in words if len(word) >= 4]
    return bool(long_words) and all(word[0].isupper() for word in long_words)


def _keeps_capital(word, before, proper):
    return (
        SENTENCE_END.search(before) is not None
        or word == "I"
        or any(char.isupper() for char in word[1:])
        or word.lower() in proper
    )


def sentence_case(title, proper=frozenset()):
    """
    ``title`` in sentence case when it is written in headline case, else unchanged.

    The first word and the first word after a colon keep their capital, as do
    acronyms ("UN", "DPRK"), words with inner capitals and the ``proper`` nouns
    (lower-case forms); a title already in sentence case is left as written.
    """
    if not is_headline_case(title):
        return title
    out, last = [], 0
    for match in WORD.finditer(title):
        word = match[0]
        before = title[: match.start()].rstrip("-‐ (“\"'‘")
        out.append(title[last : match.start()])
        if word[0].isupper() and not _keeps_capital(word, before, proper):
            word = word[0].lower() + word[1:]
        out.append(word)
        last = match.end()
    out.append(title[last:])
    return "".join(out)


# --- Rendering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One formatted reference: ``key`` is the CSL item's id."""

    key: str
    html: str
    text: str


_render_lock = threading.Lock()


@cache
def load_style(key):
    """The parsed CSL style, once per process (citeproc keeps state in it: use the lock)."""
    style = STYLES[key]
    return CitationStylesStyle(str(style.path), locale=style.locale, validate=False)


def prepare(item, style, evidence=""):
    """The CSL item as this style wants it: scrubbed; for APA, the title in sentence case."""
    item = scrub(item)
    if style.sentence_case_titles and item.get("title"):
        item["title"] = sentence_case(item["title"], proper_nouns(evidence))
    site_is_author = [n.get("literal") for n in item.get("author", [])] == [item.get("publisher")]
    if style.omit_publisher_when_author and site_is_author:
        item.pop("publisher", None)
    return item


def render_references(items, style_key=DEFAULT_STYLE, *, evidence=None, sort=True):
    """
    ``items`` (CSL-JSON dicts with distinct ids) as a list of :class:`Reference`.

    ``evidence`` maps an item's id to text that shows which of its title's
    words are proper nouns (for sentence case); ``sort`` orders the list as the
    style's bibliography does (else the items' order). Results are remembered
    per process: the same references in the same style are rendered once.
    """
    style = get_style(style_key)
    evidence = evidence or {}
    prepared = [prepare(item, style, evidence.get(item["id"], "")) for item in items]
    return list(_render(style.key, json.dumps(prepared, sort_keys=True), sort))


@lru_cache(maxsize=256)
def _render(style_key, payload, sort):
    style = STYLES[style_key]
    prepared = json.loads(payload)
    by_key = {str(item["id"]).lower(): item for item in prepared}
    with _render_lock:
        bibliography = CitationStylesBibliography(
            load_style(style.key), CiteProcJSON(prepared), MarkFormatter
        )
        for item in prepared:
            bibliography.register(Citation([CitationItem(str(item["id"]))]))
        if sort:
            bibliography.sort()
        rendered = [str(entry) for entry in bibliography.bibliography()]
        keys = list(bibliography.keys)
    references = []
    for key, raw in zip(keys, rendered, strict=True):
        item = by_key[key]
        text = tidy_punctuation(raw, punctuation_in_quote=style.punctuation_in_quote)
        references.append(
            Reference(key=item["id"], html=to_html(text, item.get("URL", "")), text=to_text(text))
        )
    return tuple(references)


def render_reference(item, style_key=DEFAULT_STYLE, *, evidence=""):
    """One item as a :class:`Reference`."""
    (reference,) = render_references([item], style_key, evidence={item["id"]: evidence})
    return reference
