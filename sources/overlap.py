"""
Which texts share material (pure functions, no ORM).

Candidates come from an inverted index of word trigrams ("shingles"): two
texts become a candidate pair only when they share several trigrams that are
rare in the collection, so pairs of documents are never compared all against
all and boilerplate phrases every article uses ("Russia and North Korea") are
ignored. Each candidate pair is then confirmed by aligning its sentences in
order, tolerant of rewording (``sources.alignment``). The kinds:

- ``copy``: nearly every sentence of the shorter text reappears verbatim;
- ``syndicated``: large passages are shared verbatim;
- ``paraphrase``: many sentences correspond in order with reworded words
  (synonym swaps, as in a machine-reworded copy).

Texts that merely discuss the same subject share a sentence or two at most
and are not flagged.
"""

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from .alignment import align_indexes
from .text import normalize

SHINGLE_WORDS = 3
# A trigram found in more documents than this is boilerplate, not evidence of a shared origin.
MAX_SHINGLE_DOCUMENTS = 100
# Rare trigrams two documents must share to be compared at all.
MIN_SHARED_SHINGLES = 4
VERBATIM_THRESHOLD = 0.9
MIN_SENTENCE_WORDS = 6
MIN_ALIGNED = 3
# Share of the shorter text's sentences that must correspond to flag a pair.
MIN_COVERAGE = 0.25
COPY_COVERAGE = 0.9
SYNDICATED_COVERAGE = 0.2

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Document:
    key: object
    text: str
    sentences: tuple = field(init=False, compare=False)
    tokens: tuple = field(init=False, compare=False)

    def __post_init__(self):
        sentences = split_sentences(self.text)
        object.__setattr__(self, "sentences", tuple(sentences))
        object.__setattr__(self, "tokens", tuple(tuple(words(s)) for s in sentences))

    def shingles(self):
        """The document's word trigrams, within sentences."""
        found = set()
        for tokens in self.tokens:
            found.update(
                tokens[i : i + SHINGLE_WORDS] for i in range(len(tokens) - SHINGLE_WORDS + 1)
            )
        return found

    def shingle_hashes(self):
        """The document's trigrams as stable 64-bit hashes, for an index in the database."""
        return {shingle_hash(shingle) for shingle in self.shingles()}


def shingle_hash(shingle):
    """A signed 64-bit hash of a word trigram, the same in every process (unlike ``hash()``)."""
    digest = hashlib.blake2b("\x1f".join(shingle).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@dataclass(frozen=True)
class AlignedPassage:
    left: str
    right: str
    score: float
    # The same words in the same order (not merely the same content words).
    verbatim: bool = False


@dataclass(frozen=True)
class Overlap:
    left: object
    right: object
    kind: str
    score: float
    passages: tuple


def words(text):
    return _WORD.findall(normalize(text).lower())


def sentence_spans(text):
    """``(start, end)`` of each sentence of ``text``, its surrounding whitespace left out."""
    spans = []
    start = 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        end = len(text) if boundary is None else boundary.start()
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            begin = start + (len(piece) - len(piece.lstrip()))
            spans.append((begin, begin + len(stripped)))
        if boundary is not None:
            start = boundary.end()
    return spans


def split_sentences(text):
    """The sentences long enough to say something (six words or more)."""
    parts = (text[start:end] for start, end in sentence_spans(text))
    return [part for part in parts if len(words(part)) >= MIN_SENTENCE_WORDS]


def candidate_pairs(documents, *, only=None):
    """
    Pairs ``(i, j)``, ``i < j``, of documents that share several rare word trigrams.

    With ``only`` (a set of indexes), just the pairs that involve one of them.
    """
    postings = defaultdict(list)
    for index, document in enumerate(documents):
        for shingle in document.shingles():
            postings[hash(shingle)].append(index)
    shared = Counter()
    for holders in postings.values():
        if len(holders) < 2 or len(holders) > MAX_SHINGLE_DOCUMENTS:
            continue
        for pair in combinations(holders, 2):
            if only is None or pair[0] in only or pair[1] in only:
                shared[pair] += 1
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED_SHINGLES)


def align(left, right):
    """Corresponding sentences of two documents, in the left one's order (sources.alignment)."""
    return [
        AlignedPassage(
            " ".join(left.sentences[i] for i in left_indexes),
            " ".join(right.sentences[j] for j in right_indexes),
            score,
            verbatim=score >= VERBATIM_THRESHOLD
            and _same_wording(left, right, left_indexes, right_indexes),
        )
        for left_indexes, right_indexes, score in align_indexes(left.tokens, right.tokens)
    ]


def _same_wording(left, right, left_indexes, right_indexes):
    """The words in the same order: a copy, not a paraphrase sharing its rare words."""
    left_words = [word for i in left_indexes for word in left.tokens[i]]
    right_words = [word for j in right_indexes for word in right.tokens[j]]
    return fuzz.ratio(left_words, right_words) / 100 >= VERBATIM_THRESHOLD


def classify(left, right, passages):
    """Say what kind of overlap the aligned passages show, or None for none."""
    shorter = min(len(left.sentences), len(right.sentences))
    if not shorter or len(passages) < MIN_ALIGNED:
        return None
    coverage = len(passages) / shorter
    verbatim = sum(p.verbatim for p in passages) / shorter
    if verbatim >= COPY_COVERAGE:
        return "copy", verbatim
    if verbatim >= SYNDICATED_COVERAGE and verbatim * shorter >= MIN_ALIGNED:
        return "syndicated", verbatim
    if coverage >= MIN_COVERAGE:
        return "paraphrase", coverage
    return None


def compare(left, right):
    passages = align(left, right)
    verdict = classify(left, right, passages)
    if verdict is None:
        return None
    kind, score = verdict
    return Overlap(left.key, right.key, kind, round(min(score, 1.0), 3), tuple(passages))


def find_overlaps(documents, *, only=None):
    """Confirmed overlaps among ``documents`` (only those involving ``only``, if given)."""
    found = []
    for i, j in candidate_pairs(documents, only=only):
        overlap = compare(documents[i], documents[j])
        if overlap is not None:
            found.append(overlap)
    return found
