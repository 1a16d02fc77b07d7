"""
Pure text logic of search: query words, spellings, full-text query strings, highlighting.

No ORM here, so every function can be tested on its own, with arbitrary input. The
reader's text is never handed to a full-text engine: it is cut into words, and only
those words, quoted, reach FTS5 or ``to_tsquery``. The engines stem and fold accents
themselves (migration 0003); ``WordMatcher`` repeats that in Python, with the same
stemming algorithm, only to mark which words of a result matched.
"""

import functools
import re
import unicodedata

import snowballstemmer
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

# A word is a run of letters and digits in any script, as FTS5's unicode61 tokenizer
# and PostgreSQL's parser both see it; "_" and punctuation separate words.
WORD = re.compile(r"[^\W_]+")
# Enough for any real question; keeps a pasted 10 KB text from becoming a huge query.
MAX_TERMS = 32
MAX_TERM_LENGTH = 64
SNIPPET_LENGTH = 240
# FTS5's "porter" tokenizer; PostgreSQL's configuration uses the snowball "english" stemmer.
STEMMER = "porter"
ELLIPSIS = "…"


# Letters that PostgreSQL's unaccent folds but FTS5's remove_diacritics keeps, having no
# accent to remove ("Kłyszcz", "Øresund", "ёлка"). Queries are folded with this table on
# both databases, and documents carry these words folded among their keywords (see
# ``letter_folded_words``), so that both engines find "Klyszcz" for "Kłyszcz".
LETTER_FOLDS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ŀ": "l",
        "ĸ": "q",
        "ŋ": "n",
        "ё": "е",
    }
)


# Latin letters whose accents both engines fold (FTS5's remove_diacritics, PostgreSQL's
# unaccent); other scripts keep their marks ("й"), as the engines do.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def fold(text):
    """
    Text as both engines index it before stemming: lower case, Latin accents removed.

    lower(), not casefold(): the engines lower-case words; "ß" is folded by the table.
    """
    lowered = unicodedata.normalize("NFC", text).lower().translate(LETTER_FOLDS)
    kept = []
    for char in unicodedata.normalize("NFD", lowered):
        if unicodedata.combining(char) and kept and _LATIN.match(kept[-1]):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def letter_folded_words(text):
    """The words of ``text`` that LETTER_FOLDS changes, folded, each once, in order."""
    words = {}
    for match in WORD.finditer(unicodedata.normalize("NFC", text or "")):
        word = match.group().lower()
        folded = word.translate(LETTER_FOLDS)
        if folded != word:
            words.setdefault(folded, None)
    return list(words)


def query_terms(text):
    """The distinct words of a reader's query, folded, in order, at most MAX_TERMS."""
    terms = []
    for match in WORD.finditer(fold(text or "")):
        term = match.group()[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def title_key(text):
    """A title reduced to its words: an exact title match, whatever the case or punctuation."""
    return " ".join(match.group() for match in WORD.finditer(fold(text or "")))


# British and American spellings treated alike: the reader's word, if it starts with one
# spelling of a pair, is searched in both ("labourers" also finds "laborers"). Pairs are
# (British, American); the British is tried first because some contain the American
# ("programme", "catalogue"). Only pairs whose two stems differ are needed: the stemmer
# already joins word forms ("railways", "railway").
SPELLINGS = (
    ("aluminium", "aluminum"),
    ("analys", "analyz"),
    ("armour", "armor"),
    ("behaviour", "behavior"),
    ("catalogue", "catalog"),
    ("centre", "center"),
    ("colour", "color"),
    ("defence", "defense"),
    ("dialogue", "dialog"),
    ("endeavour", "endeavor"),
    ("favour", "favor"),
    ("fibre", "fiber"),
    ("harbour", "harbor"),
    ("honour", "honor"),
    ("jewellery", "jewelry"),
    ("labour", "labor"),
    ("licence", "license"),
    ("litre", "liter"),
    ("metre", "meter"),
    ("neighbour", "neighbor"),
    ("offence", "offense"),
    ("organis", "organiz"),
    ("programme", "program"),
    ("rumour", "rumor"),
    ("sulphur", "sulfur"),
    ("theatre", "theater"),
    ("tonne", "ton"),
    ("fuelled", "fueled"),
    ("fuelling", "fueling"),
    ("modernis", "moderniz"),
    ("normalis", "normaliz"),
    ("militaris", "militariz"),
    ("denuclearis", "denucleariz"),
    ("stabilis", "stabiliz"),
    ("recognis", "recogniz"),
    ("authoris", "authoriz"),
    ("criticis", "criticiz"),
    ("emphasis", "emphasiz"),
    ("mobilis", "mobiliz"),
    ("legalis", "legaliz"),
    ("privatis", "privatiz"),
    ("realis", "realiz"),
    ("sanitis", "sanitiz"),
    ("utilis", "utiliz"),
)


def spelling_variants(term):
    """``term`` and, if it starts with one spelling of a pair, the word with the other one."""
    for british, american in SPELLINGS:
        if term.startswith(british):
            return (term, american + term[len(british) :])
    for british, american in SPELLINGS:
        if term.startswith(american):
            return (term, british + term[len(american) :])
    return (term,)


CYRILLIC = re.compile("[\u0400-\u04ff]")
HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")
# A Russian stem shorter than this ("он" of "она") would find too many unrelated words.
MIN_STEM_LENGTH = 3


def russian_stem(word):
    """The snowball Russian stem of a folded word (a prefix of it: "договора" → "договор")."""
    return _stemmer("russian").stemWord(word)


def word_forms(term):
    """
    ``term`` and the prefixes that find its other forms, whatever the row's language.

    Other spellings (British, American), and for a Cyrillic word its Russian stem, so that
    "договоры" also finds "договора" in an English claim quoting a Russian passage.
    """
    forms = list(spelling_variants(term))
    if CYRILLIC.search(term):
        stem = russian_stem(term)
        if len(stem) >= MIN_STEM_LENGTH and stem not in forms:
            forms.append(stem)
    return tuple(forms)


def query_groups(terms):
    """Each query word with its other forms: every group must match, any word of it will do."""
    return [word_forms(term) for term in terms]


def hangul_suffixes(text):
    """
    The endings of every Korean word in ``text``, each once, for the index's ``terms``.

    A Korean word (eojeol) is a noun with its particles or a compound: "북러조약을" holds 조약.
    Indexed with its endings ("러조약을", "조약을", "약을", "을"), a prefix query finds a word at
    any place inside it, with any tokenizer, on both databases.
    """
    found = {}
    for match in HANGUL_RUN.finditer(unicodedata.normalize("NFC", text or "")):
        run = match.group()
        for start in range(1, len(run)):
            found.setdefault(run[start:], None)
    return list(found)


def fts5_query(groups, column=None):
    """
    An FTS5 MATCH expression: every group, each word quoted, as a prefix (in ``column``).

    Terms hold only letters and digits, so a double quote can never end a string early and
    no operator of the reader's can reach FTS5. The tokenizer stems each quoted word, so
    "railways"* looks for the stem "railwai" and everything that starts with it.
    """
    parts = []
    for group in groups:
        words = " OR ".join(f'"{term}"*' for term in group)
        parts.append(f"({words})" if len(group) > 1 else words)
    expression = " AND ".join(parts)
    return f"{column} : ({expression})" if column and expression else expression


def tsquery(groups, weight=""):
    """A PostgreSQL ``to_tsquery`` expression meaning what ``fts5_query`` means (title: "A")."""
    parts = []
    for group in groups:
        words = " | ".join(f"{term}:*{weight}" for term in group)
        parts.append(f"({words})" if len(group) > 1 else words)
    return " & ".join(parts)


@functools.lru_cache(maxsize=4)
def _stemmer(algorithm):
    return snowballstemmer.stemmer(algorithm)


class WordMatcher:
    """
    Tells whether a word of a text matched the query, as the engine decided.

    Words are folded and stemmed with the engine's own algorithm ("porter" is FTS5's
    tokenizer, "english" PostgreSQL's snowball dictionary); a word matches when its stem
    starts with the stem of any spelling of a query word, as a prefix query does.
    """

    def __init__(self, groups, algorithm=STEMMER):
        self._stemmer = _stemmer(algorithm)
        self._stems = {}
        stems = {self.stem(term) for group in groups for term in group}
        self.prefixes = tuple(sorted(stem for stem in stems if stem))
        # Korean words are found anywhere inside a longer word (the index holds their endings).
        self.inner = tuple(sorted({t for g in groups for t in g if HANGUL_RUN.fullmatch(t)}))

    def stem(self, word):
        if word not in self._stems:
            self._stems[word] = self._stemmer.stemWord(fold(word))
        return self._stems[word]

    def __call__(self, word):
        if self.inner and any(part in fold(word) for part in self.inner):
            return True
        return bool(self.prefixes) and self.stem(word).startswith(self.prefixes)


def _first_match(text, matches):
    for match in WORD.finditer(text):
        if matches(match.group()):
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


def highlight(text, matches):
    """``text``, escaped, with each word that ``matches`` accepts wrapped in ``<mark>``."""
    pieces = []
    position = 0
    for match in WORD.finditer(text):
        if matches(match.group()):
            before = text[position : match.start()]
            pieces.append(format_html("{}<mark>{}</mark>", before, match.group()))
            position = match.end()
    pieces.append(conditional_escape(text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def snippet(text, matches, length=SNIPPET_LENGTH):
    """
    A passage of ``text`` around its first matching word, escaped, matches in ``<mark>``.

    Without a matching word (the match was in the title or topics) the text's opening is
    shown. Whitespace is collapsed so a passage reads as one line.
    """
    text = " ".join((text or "").split())
    if not text:
        return SafeString("")
    at = _first_match(text, matches)
    start, end = _window(text, at or 0, length)
    return format_html(
        "{}{}{}",
        ELLIPSIS if start > 0 else "",
        highlight(text[start:end], matches),
        ELLIPSIS if end < len(text) else "",
    )
