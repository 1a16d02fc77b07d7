"""
Pure text functions: normalising, fingerprinting, slugging and locating quotes.

No ORM here, so these are unit- and property-testable on their own. Quotes are
compared after the same normalisation everywhere: canonical composition (NFC) of
each character with its combining marks, then compatibility forms folded (NFKC:
"ﬁ" is "fi"), typographic quotes and dashes folded to ASCII (« » „ “ 「 」 『 』 are
all '"'), "ё" read as "е", and every run of whitespace folded to one space. A Hangul
syllable or a letter with its accents is never split: every normalised character
maps back to whole characters of the original text.
"""

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from slugify import slugify as _slugify

from .romanize import romanize

# Typographic punctuation that editors and sources use interchangeably.
_FOLD = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",  # single guillemets
        "\u203a": "'",
        "\u300c": '"',  # CJK corner brackets, the quotation marks of Korean and Japanese
        "\u300d": '"',
        "\u300e": '"',
        "\u300f": '"',
        "\u301d": '"',  # CJK double prime quotation marks
        "\u301e": '"',
        "\u301f": '"',
        # Russian print writes "ё" or "е" for the same letter: a quote may use either.
        "\u0451": "\u0435",
        "\u0401": "\u0415",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": "",  # soft hyphen: invisible, ignore it
        "\u200b": "",  # zero-width space
        "\ufeff": "",  # byte-order mark
    }
)

CONTEXT_CHARS = 32
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*", re.UNICODE)


@functools.lru_cache(maxsize=8192)
def _fold_char(char):
    folded = char.translate(_FOLD)
    if folded != char:
        return folded
    if "\u3131" <= char <= "\u318e":
        # A lone Hangul letter (ㄱ, ㅏ) would become a conjoining jamo that joins its neighbours.
        return char
    composed = unicodedata.normalize("NFKC", char)
    if len(composed) > 1 and composed[0].isspace():
        # Spacing accents (¯ ¨ ˘) decompose to a space and a combining mark; keep them whole.
        return char
    return composed


@functools.lru_cache(maxsize=8192)
def _continues(char):
    """Whether ``char`` belongs to the character before it: a combining mark or a Hangul vowel or
    final jamo (a syllable typed in parts)."""
    return bool(unicodedata.combining(char)) or "\u1160" <= char <= "\u11ff"


def _clusters(text):
    """``(index, cluster)`` for each base character of ``text`` with the marks that follow it."""
    start, length = 0, len(text)
    while start < length:
        end = start + 1
        while end < length and _continues(text[end]):
            end += 1
        yield start, text[start:end]
        start = end


def char_end(text, index):
    """The end of the whole character at ``index`` (past the marks or jamo that follow it)."""
    end = index + 1
    while end < len(text) and _continues(text[end]):
        end += 1
    return end


@functools.lru_cache(maxsize=8192)
def _fold_cluster(cluster):
    """``(offset in the cluster, folded piece)`` pairs; texts repeat their characters."""
    composed = unicodedata.normalize("NFC", cluster)
    folded = [_fold_char(char) for char in composed]
    joined = "".join(folded)
    if composed == cluster and unicodedata.normalize("NFC", joined) == joined:
        return tuple(enumerate(folded))
    # A decomposed letter or syllable, or a fold that joins a mark to a new letter
    # (ё with a grave accent gives ѐ): the composed form stands for the whole cluster.
    return tuple((0, char) for char in _fold_until_stable(joined))


def _fold_until_stable(value):
    """Compose and fold again until nothing changes (a composed letter may fold: Е + ̈ is Ё)."""
    for _ in range(4):
        refolded = "".join(_fold_char(char) for char in unicodedata.normalize("NFC", value))
        if refolded == value:
            break
        value = refolded
    return value


def normalize_with_map(text):
    """
    Normalise ``text`` and return ``(normalised, index_map)``.

    ``index_map[i]`` is the index in ``text`` of the character that produced
    ``normalised[i]``, so a match in the normalised text maps back to the
    original (use :func:`char_end` for the end of the last character).
    """
    out = []
    index_map = []
    in_space = False
    for start, cluster in _clusters(text):
        for offset, folded in _fold_cluster(cluster):
            for piece in folded:
                if piece.isspace():
                    if in_space:
                        continue
                    in_space = True
                    piece = " "
                else:
                    in_space = False
                out.append(piece)
                index_map.append(start + offset)
    return "".join(out), index_map


def normalize(text):
    """Return the normalised form of ``text`` used for all quote comparison."""
    return normalize_with_map(text)[0].strip()


def _decomposed(char):
    decomposed = unicodedata.normalize("NFKD", char)
    return char if len(decomposed) > 1 and decomposed[0].isspace() else decomposed


def fingerprint(text):
    """
    A stable SHA-256 fingerprint of the normalised text.

    Hashed in decomposed form (NFKD), as fingerprints were before normalising composed
    characters, so that stored fingerprints of unchanged texts stay valid.
    """
    decomposed = "".join(_decomposed(char) for char in normalize(text))
    return hashlib.sha256(decomposed.encode("utf-8")).hexdigest()


def word_count(text):
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in a text, in the spirit of the W3C TextQuoteSelector."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def _on_boundaries(haystack, index_map, start, end):
    """A match must not begin or end inside one original character or before an accent."""
    if start > 0 and (index_map[start - 1] == index_map[start] or _continues(haystack[start])):
        return False
    if end < len(haystack):
        if index_map[end] == index_map[end - 1]:
            return False
        if unicodedata.combining(haystack[end]):
            return False
    return True


def find_all(haystack, index_map, needle):
    """Every position of ``needle`` in a normalised text that falls on character boundaries."""
    found = []
    position = haystack.find(needle)
    while position >= 0:
        if _on_boundaries(haystack, index_map, position, position + len(needle)):
            found.append(position)
        position = haystack.find(needle, position + 1)
    return found


def locate_quote(text, quote, *, context=CONTEXT_CHARS):
    """
    Find ``quote`` in ``text`` ignoring whitespace and typographic differences.

    Returns an :class:`Anchor` with character offsets into the original
    ``text`` (``text[start:end] == exact``), or ``None`` when the quote does
    not occur. The first occurrence wins.
    """
    needle = normalize(quote)
    if not needle:
        return None
    haystack, index_map = normalize_with_map(text)
    positions = find_all(haystack, index_map, needle)
    if not positions:
        return None
    position = positions[0]
    start = index_map[position]
    end = char_end(text, index_map[position + len(needle) - 1])
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def slugify(value, **kwargs):
    """
    An ASCII slug of ``value`` in any script.

    Hangul is written in the Revised Romanization (``조약`` gives ``joyak``, where a
    letter-by-letter transliteration gives ``joyag``), "ё" as "е" as Russian readers
    usually write it, and every other script is transliterated by python-slugify.
    """
    prepared = romanize(value or "").translate(_YO)
    return _slugify(prepared, **kwargs)


_YO = str.maketrans({"ё": "е", "Ё": "Е"})


def unique_slug(value, taken, *, max_length=80, fallback="item"):
    """
    Return a readable ASCII slug for ``value`` that ``taken(slug)`` does not already hold.

    Cyrillic, Hangul and other scripts are transliterated; a title with no
    letters at all falls back to ``fallback``.
    """
    base = slugify(value or "", max_length=max_length, word_boundary=True) or fallback
    candidate = base
    suffix = 2
    while taken(candidate):
        tail = f"-{suffix}"
        candidate = f"{base[: max_length - len(tail)].rstrip('-')}{tail}"
        suffix += 1
    return candidate


# A well-formed BCP 47 tag as editors write them: a language, then subtags (script, region,
# variant): "en", "ru", "ko", "ko-KP", "sr-Latn-RS". Grandfathered and private-use tags are not
# needed for sources.
BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def is_language_tag(value):
    return bool(BCP47.match(value or ""))


def primary_language(tag):
    """The language subtag of a BCP 47 tag, in lower case: "ko-KP" gives "ko"; "" when unknown."""
    return (tag or "").strip().split("-")[0].lower()


# What Django's <slug:> path converter accepts: anything else cannot be in a topic's address.
URL_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def is_url_slug(value):
    return bool(value) and URL_SLUG.match(value) is not None


def topic_slug(name, suffix=None, *, max_length=100):
    """
    A readable ASCII slug for a topic name in any script, never empty.

    Cyrillic, Hangul, Han and other scripts are transliterated (``Россия`` gives
    ``rossiia``); a name with no letters or digits at all (``!!!``, an emoji)
    gets ``topic-`` and a short hash of the name, so different names differ.
    ``suffix`` (1, 2, ...) tells apart names whose slugs would collide.
    """
    tail = "" if suffix is None else f"_{suffix}"
    room = max_length - len(tail)
    slug = slugify(name or "", max_length=room, word_boundary=True)
    if not slug:
        digest = hashlib.sha256((name or "").encode("utf-8")).hexdigest()[:10]
        slug = f"topic-{digest}"[:room]
    return slug + tail
