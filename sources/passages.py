"""
Passages of a source and the words they are found by (pure functions, no ORM).

A passage is a sentence of the source's text (``overlap.sentence_spans``, the splitter
shared material is aligned with), kept by its character offsets so that ``text[start:end]``
is the source's own characters. Each passage is indexed by its *terms*: its words folded
and stemmed by script, so one analysis serves every language and both databases:

- Latin and other scripts: lower case, accents folded, English stop words dropped, the
  snowball ``english`` stemmer (``railways`` and ``railway`` give ``railway``);
- Cyrillic: the snowball ``russian`` stemmer (``договора``, ``договоре`` give ``договор``);
- Hangul: overlapping pairs of syllables, so a Korean word is found inside a longer
  eojeol (``조약`` in ``조약을``).

The database indexes the terms exactly as given (FTS5 ``unicode61``, PostgreSQL
``array_to_tsvector``), and ``bm25`` scores a passage from them, so the ranking is the
same whichever database holds the index.
"""

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz import fuzz

from .overlap import sentence_spans

# A passage must say something; shorter sentences are headings, bylines and captions.
MIN_PASSAGE_WORDS = 5
# Enough for any real statement; keeps a pasted page from becoming a huge query.
MAX_QUERY_TERMS = 48
# BM25's usual constants: term-frequency saturation and length normalisation.
K1 = 1.2
B = 0.75

_WORD = re.compile(r"[^\W_]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LETTER_FOLDS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})

_STOP_WORDS = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну ли если уже или ни
    быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где
    есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@functools.lru_cache(maxsize=2)
def _stemmer(language):
    return snowballstemmer.stemmer(language)


@functools.lru_cache(maxsize=65536)
def _stem(word):
    language = "russian" if _CYRILLIC.search(word) else "english"
    return _stemmer(language).stemWord(word.replace("ё", "е"))


def fold(text):
    """Lower case, compatibility forms composed, Latin accents removed."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_LETTER_FOLDS)
    kept = []
    for char in unicodedata.normalize("NFD", lowered):
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def _word_terms(word):
    """The terms of one folded word: Hangul runs as syllable pairs, the rest stemmed."""
    terms = []
    position = 0
    for run in _HANGUL.finditer(word):
        terms.extend(_plain_terms(word[position : run.start()]))
        syllables = run.group()
        if len(syllables) == 1:
            terms.append(syllables)
        else:
            terms.extend(syllables[i : i + 2] for i in range(len(syllables) - 1))
        position = run.end()
    terms.extend(_plain_terms(word[position:]))
    return terms


def _plain_terms(word):
    if not word or word in STOP_WORDS:
        return []
    stem = _stem(word)
    return [stem] if stem else []


def terms(text):
    """Every term of ``text``, in order, repeated as often as it occurs."""
    found = []
    for match in _WORD.finditer(fold(text or "")):
        found.extend(_word_terms(match.group()))
    return found


def query_terms(text):
    """The distinct terms of a statement, in order, at most ``MAX_QUERY_TERMS``."""
    return list(dict.fromkeys(terms(text)))[:MAX_QUERY_TERMS]


def marked_pieces(text, query):
    """
    ``text`` cut into ``(piece, matched)`` pairs, a word matched when one of its terms is
    among ``query``'s terms: the pieces joined give back ``text``, for a page to mark them.
    """
    wanted = set(query)
    pieces = []
    position = 0
    for match in _WORD.finditer(text or ""):
        if wanted.intersection(_word_terms(fold(match.group()))):
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((match.group(), True))
            position = match.end()
    if position < len(text or ""):
        pieces.append((text[position:], False))
    return pieces


@dataclass(frozen=True)
class PassageSpan:
    """A sentence of a text: its offsets, its exact characters and its terms."""

    position: int
    start: int
    end: int
    text: str
    terms: tuple


def passage_spans(text):
    """The passages of ``text``: its sentences of ``MIN_PASSAGE_WORDS`` words or more."""
    found = []
    for start, end in sentence_spans(text or ""):
        exact = text[start:end]
        if len(_WORD.findall(exact)) < MIN_PASSAGE_WORDS:
            continue
        found.append(PassageSpan(len(found), start, end, exact, tuple(terms(exact))))
    return found


@dataclass(frozen=True)
class CorpusStats:
    """What BM25 needs of the whole index: its size, mean length and each term's passages."""

    passages: int
    mean_length: float
    document_frequency: dict


def idf(stats, term):
    """BM25's inverse document frequency (never negative)."""
    df = stats.document_frequency.get(term, 0)
    return math.log(1 + (stats.passages - df + 0.5) / (df + 0.5))


def bm25(query, passage_terms, stats, *, k1=K1, b=B):
    """Okapi BM25 of a passage (its list of terms) for the distinct ``query`` terms."""
    if not query or not passage_terms:
        return 0.0
    counts = Counter(passage_terms)
    norm = k1 * (1 - b + b * len(passage_terms) / max(stats.mean_length, 1.0))
    score = 0.0
    for term in query:
        tf = counts.get(term, 0)
        if tf:
            score += idf(stats, term) * tf * (k1 + 1) / (tf + norm)
    return score


def similarity(statement, passage):
    """How closely a passage words a statement (0–1): rapidfuzz token-set ratio of terms."""
    left, right = " ".join(terms(statement)), " ".join(terms(passage))
    if not left or not right:
        return 0.0
    return fuzz.token_set_ratio(left, right) / 100


# Weight of the wording similarity against the lexical score (measured on the labelled set
# with scripts/bench_evidence.py; README: Finding evidence).
SIMILARITY_WEIGHT = 0.3


@dataclass(frozen=True)
class Scored:
    """A candidate with its scores: lexical (BM25), similarity, and the blend it is ranked by."""

    item: object
    lexical: float
    similarity: float
    score: float


def lexical_rerank(statement, candidates, *, weight=SIMILARITY_WEIGHT):
    """
    Order ``(item, bm25, text)`` candidates by BM25 (scaled to the best) blended with
    ``similarity``; the default re-ranker. Another re-ranker (an embedding model, say)
    takes and returns the same shapes.
    """
    candidates = list(candidates)
    top = max((lexical for _, lexical, _ in candidates), default=0.0) or 1.0
    scored = []
    for item, lexical, text in candidates:
        close = similarity(statement, text) if weight else 0.0
        blended = (1 - weight) * lexical / top + weight * close
        scored.append(Scored(item, lexical, close, blended))
    scored.sort(key=lambda s: (-s.score, -s.lexical))
    return scored
