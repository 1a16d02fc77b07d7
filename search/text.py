"""
Pure text logic of search: query words, full-text query strings, highlighted snippets.

No ORM here, so every function can be tested on its own, with arbitrary input. The
reader's text is never handed to a full-text engine: it is cut into words, and only
those words, quoted, reach FTS5 or ``to_tsquery``.
"""

import re
import unicodedata

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

# A word is a run of letters and digits in any script, as FTS5's unicode61 tokenizer
# and PostgreSQL's parser both see it; "_" and punctuation separate words.
WORD = re.compile(r"[^\W_]+")
# Enough for any real question; keeps a pasted 10 KB text from becoming a huge query.
MAX_TERMS = 32
MAX_TERM_LENGTH = 64
SNIPPET_LENGTH = 240
ELLIPSIS = "…"


def _fold(text):
    # lower(), not casefold(): FTS5 and PostgreSQL lower-case words, they do not fold "ß".
    return unicodedata.normalize("NFC", text).lower()


def query_terms(text):
    """The distinct words of a reader's query, case-folded, in order, at most MAX_TERMS."""
    terms = []
    for match in WORD.finditer(_fold(text or "")):
        term = match.group()[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def title_key(text):
    """A title reduced to its words: an exact title match, whatever the case or punctuation."""
    return " ".join(match.group() for match in WORD.finditer(_fold(text or "")))


def fts5_query(terms, column=None):
    """An FTS5 MATCH expression: every word, quoted, as a prefix; all must occur (in ``column``)."""
    # Terms hold only letters and digits, so a double quote can never end the string early.
    words = " ".join(f'"{term}"*' for term in terms)
    return f"{column} : ({words})" if column else words


def tsquery(terms, weight=""):
    """A PostgreSQL ``to_tsquery`` expression meaning what ``fts5_query`` means (title: "A")."""
    return " & ".join(f"{term}:*{weight}" for term in terms)


def _is_match(word, terms):
    folded = _fold(word)
    return any(folded.startswith(term) for term in terms)


def _first_match(text, terms):
    for match in WORD.finditer(text):
        if _is_match(match.group(), terms):
            return match.start()
    return None


def _window(text, at, length):
    """Start and end of a passage of about ``length`` characters around ``at``, on word edges."""
    if len(text) <= length:
        return 0, len(text)
    start = max(0, min(at - length // 3, len(text) - length))
    end = start + length
    if start > 0:
        space = text.find(" ", start, at) if at > start else -1
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(at, start), end)
        end = space if space > start else end
    return start, end


def highlight(text, terms):
    """``text``, escaped, with each word that matches a term wrapped in ``<mark>``."""
    pieces = []
    position = 0
    for match in WORD.finditer(text):
        if _is_match(match.group(), terms):
            before = text[position : match.start()]
            pieces.append(format_html("{}<mark>{}</mark>", before, match.group()))
            position = match.end()
    pieces.append(conditional_escape(text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """
    A passage of ``text`` around its first matching word, escaped, matches in ``<mark>``.

    Without a matching word (the match was in the title or topics) the text's opening is
    shown. Whitespace is collapsed so a passage reads as one line.
    """
    text = " ".join((text or "").split())
    if not text:
        return SafeString("")
    at = _first_match(text, terms)
    start, end = _window(text, at or 0, length)
    return format_html(
        "{}{}{}",
        ELLIPSIS if start > 0 else "",
        highlight(text[start:end], terms),
        ELLIPSIS if end < len(text) else "",
    )
