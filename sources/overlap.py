"""
Which texts share material (pure functions, no ORM).

Candidates come from MinHash/LSH over sentences, so pairs of documents are
never compared all against all; each candidate pair is then confirmed by
aligning its sentences in order. The kinds:

- ``copy``: nearly every sentence of the shorter text reappears verbatim;
- ``syndicated``: large passages are shared verbatim;
- ``paraphrase``: many sentences correspond in order with reworded words
  (synonym swaps, as in a machine-reworded copy).

Texts that merely discuss the same subject share a sentence or two at most
and are not flagged.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from datasketch import MinHash, MinHashLSH

from .text import normalize

NUM_PERM = 64
# Sentence-level Jaccard (of word sets) at which LSH proposes a pair of sentences.
LSH_THRESHOLD = 0.3
# Word-sequence similarity at which two sentences are taken to correspond.
ALIGN_THRESHOLD = 0.5
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


@dataclass(frozen=True)
class AlignedPassage:
    left: str
    right: str
    score: float


@dataclass(frozen=True)
class Overlap:
    left: object
    right: object
    kind: str
    score: float
    passages: tuple


def words(text):
    return _WORD.findall(normalize(text).lower())


def split_sentences(text):
    """The sentences long enough to say something (six words or more)."""
    parts = (part.strip() for part in _SENTENCE_END.split(text))
    return [part for part in parts if len(words(part)) >= MIN_SENTENCE_WORDS]


def sentence_similarity(left_tokens, right_tokens):
    return SequenceMatcher(None, left_tokens, right_tokens, autojunk=False).ratio()


def _minhash(tokens):
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([token.encode("utf-8") for token in set(tokens)])
    return signature


def _index(documents):
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    signatures = []
    for doc_index, document in enumerate(documents):
        hashes = [_minhash(tokens) for tokens in document.tokens]
        for sentence_index, signature in enumerate(hashes):
            lsh.insert((doc_index, sentence_index), signature)
        signatures.append(hashes)
    return lsh, signatures


def _shared_sentences(lsh, doc_index, hashes):
    shared = Counter()
    for signature in hashes:
        for other in {key[0] for key in lsh.query(signature)}:
            if other != doc_index:
                shared[other] += 1
    return shared


def candidate_pairs(documents, *, only=None):
    """
    Pairs ``(i, j)``, ``i < j``, of documents sharing two or more similar-looking sentences.

    With ``only`` (a set of indexes), just the pairs that involve one of them.
    """
    lsh, signatures = _index(documents)
    pairs = set()
    for doc_index in sorted(only) if only is not None else range(len(documents)):
        shared = _shared_sentences(lsh, doc_index, signatures[doc_index])
        pairs.update(
            (min(doc_index, other), max(doc_index, other))
            for other, count in shared.items()
            if count >= 2
        )
    return sorted(pairs)


def align(left, right):
    """Corresponding sentences of two documents, in order (a monotonic alignment)."""
    passages = []
    start = 0
    for i, left_tokens in enumerate(left.tokens):
        best, best_j = 0.0, None
        for j in range(start, len(right.tokens)):
            score = sentence_similarity(left_tokens, right.tokens[j])
            if score > best:
                best, best_j = score, j
        if best_j is not None and best >= ALIGN_THRESHOLD:
            passages.append(AlignedPassage(left.sentences[i], right.sentences[best_j], best))
            start = best_j + 1
    return passages


def classify(left, right, passages):
    """Say what kind of overlap the aligned passages show, or None for none."""
    shorter = min(len(left.sentences), len(right.sentences))
    if not shorter or len(passages) < MIN_ALIGNED:
        return None
    coverage = len(passages) / shorter
    verbatim = sum(p.score >= VERBATIM_THRESHOLD for p in passages) / shorter
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
    return Overlap(left.key, right.key, kind, round(score, 3), tuple(passages))


def find_overlaps(documents, *, only=None):
    """Confirmed overlaps among ``documents`` (only those involving ``only``, if given)."""
    found = []
    for i, j in candidate_pairs(documents, only=only):
        overlap = compare(documents[i], documents[j])
        if overlap is not None:
            found.append(overlap)
    return found
