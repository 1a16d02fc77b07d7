"""
Which texts share material (pure functions, no ORM).

Candidates come from an inverted index of word trigrams ("shingles"): two
texts become a candidate pair only when they share several trigrams that are
rare in the collection, so pairs of documents are never compared all against
all and boilerplate phrases every article uses ("Russia and North Korea") are
ignored. Each candidate pair is then confirmed by aligning its sentences in
order (rapidfuzz over word sequences). The kinds:

- ``copy``: nearly every sentence of the shorter text reappears verbatim;
- ``syndicated``: large passages are shared verbatim;
- ``paraphrase``: many sentences correspond in order with reworded words
  (synonym swaps, as in a machine-reworded copy).

Texts that merely discuss the same subject share a sentence or two at most
and are not flagged.
"""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .text import normalize

SHINGLE_WORDS = 3
# A trigram found in more documents than this is boilerplate, not evidence of a shared origin.
MAX_SHINGLE_DOCUMENTS = 100
# Rare trigrams two documents must share to be compared at all.
MIN_SHARED_SHINGLES = 4
# Word-sequence similarity (0–1) at which two sentences are taken to correspond.
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

    def shingles(self):
        """The document's word trigrams, within sentences."""
        found = set()
        for tokens in self.tokens:
            found.update(
                tokens[i : i + SHINGLE_WORDS] for i in range(len(tokens) - SHINGLE_WORDS + 1)
            )
        return found


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


def split_sentences(text):
    """The sentences long enough to say something (six words or more)."""
    parts = (part.strip() for part in _SENTENCE_END.split(text))
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


# Words too common to tell what a sentence is about; reworders swap them freely too.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "not",
        "no",
        "so",
        "such",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "between",
        "through",
        "during",
        "also",
        "more",
        "most",
        "very",
        "used",
        "way",
        "means",
        "again",
        "within",
        "being",
        "one",
    ]
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ness", "ies", "ied", "es", "ed")
_SUFFIXES += ("ly", "s")
# In a merge (one sentence against two), each of the two must match this share of its words.
MERGE_SHARE = 0.3
# A weaker correspondence (a heavily reworded sentence) is kept only between two pairs at
# ALIGN_THRESHOLD or more, at most ANCHOR_DISTANCE sentences away on both sides.
WEAK_THRESHOLD = 0.33
ANCHOR_DISTANCE = 2


def stem(word):
    """A light stem: "sanctions", "sanctioned" and "sanctioning" all give "sanction"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(tokens):
    return frozenset(stem(token) for token in tokens if token not in STOPWORDS)


def _weights(groups):
    """Inverse sentence frequency: words most sentences use say little about which is which."""
    counts = Counter(word for group in groups for word in group)
    total = len(groups)
    return {word: math.log(1 + total / count) for word, count in counts.items()}


def content_similarity(left, right, weights):
    """Weighted Dice overlap (0–1) of two sets of content stems."""
    total = sum(weights.get(w, 1.0) for w in left) + sum(weights.get(w, 1.0) for w in right)
    if not total:
        return 0.0
    return 2 * sum(weights.get(w, 1.0) for w in left & right) / total


def sentence_similarity(left_tokens, right_tokens, left_stems, right_stems, weights):
    """
    How surely two sentences say the same (0–1): their word sequence, or the rare content
    words they share, whichever is closer.

    A machine-reworded copy swaps common words for synonyms ("support" for
    "beef up") but keeps names, numbers and rare words, which the content
    overlap weighs most.
    """
    sequence = fuzz.ratio(left_tokens, right_tokens) / 100
    return max(sequence, content_similarity(left_stems, right_stems, weights))


def _merge_score(whole, first, second):
    """
    How well one sentence (``whole``) matches two consecutive ones, or 0 unless each of the
    two gives a fair share of its words, in order, to the match.
    """
    joined = first + second
    shares = [0, 0]
    for block in Indel.opcodes(whole, joined).as_matching_blocks():
        for position in range(block.b, block.b + block.size):
            shares[position >= len(first)] += 1
    if shares[0] < MERGE_SHARE * len(first) or shares[1] < MERGE_SHARE * len(second):
        return 0.0
    return fuzz.ratio(whole, joined) / 100


def _scores(left, right):
    """Similarities of single sentences and of each sentence against two neighbours merged."""
    left_stems = [content_stems(tokens) for tokens in left.tokens]
    right_stems = [content_stems(tokens) for tokens in right.tokens]
    weights = _weights(left_stems + right_stems)

    def score(lt, rt, ls, rs):
        return sentence_similarity(lt, rt, ls, rs, weights)

    n, m = len(left.tokens), len(right.tokens)
    single = [
        [score(left.tokens[i], right.tokens[j], left_stems[i], right_stems[j]) for j in range(m)]
        for i in range(n)
    ]
    one_two, two_one = {}, {}
    for i in range(n):
        for j in range(m - 1):
            if max(single[i][j], single[i][j + 1]) >= WEAK_THRESHOLD:
                one_two[i, j] = _merge_score(left.tokens[i], right.tokens[j], right.tokens[j + 1])
    for i in range(n - 1):
        for j in range(m):
            if max(single[i][j], single[i + 1][j]) >= WEAK_THRESHOLD:
                two_one[i, j] = _merge_score(right.tokens[j], left.tokens[i], left.tokens[i + 1])
    return single, one_two, two_one


def align_indexes(left, right):
    """
    Corresponding sentences of two documents, in order: ``(left indexes, right indexes, score)``.

    A monotone alignment (dynamic programming) that maximises the summed
    similarity of the pairs it keeps; one sentence may correspond to two
    consecutive sentences of the other text. Pairs scoring ``ALIGN_THRESHOLD``
    or more anchor the alignment; a weaker pair (``WEAK_THRESHOLD`` or more)
    counts only where anchors close on both sides vouch for it, as a reworded
    sentence between two recognisable ones.
    """
    if not left.tokens or not right.tokens:
        return []
    single, one_two, two_one = _scores(left, right)
    n, m = len(left.tokens), len(right.tokens)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            options = []
            if i:
                options.append((best[i - 1][j], (1, 0, None)))
            if j:
                options.append((best[i][j - 1], (0, 1, None)))
            for di, dj, score in _moves(i, j, single, one_two, two_one):
                gain = _gain(score) * (di + dj) / 2  # a merge accounts for three sentences
                options.append((best[i - di][j - dj] + gain, (di, dj, score)))
            if options:
                best[i][j], step[i][j] = max(options, key=lambda option: option[0])
    return _with_moved(_anchored(_trace(step, n, m)), single)


def _gain(score):
    # A weak pair is worth less than a sure one, so that it never displaces one.
    return score if score >= ALIGN_THRESHOLD else score / 2


def _moves(i, j, single, one_two, two_one):
    """Pairings that end at left sentence ``i - 1`` and right sentence ``j - 1``."""
    if i and j and single[i - 1][j - 1] >= WEAK_THRESHOLD:
        yield 1, 1, single[i - 1][j - 1]
    if i and j >= 2 and one_two.get((i - 1, j - 2), 0) >= WEAK_THRESHOLD:
        yield 1, 2, one_two[i - 1, j - 2]
    if i >= 2 and j and two_one.get((i - 2, j - 1), 0) >= WEAK_THRESHOLD:
        yield 2, 1, two_one[i - 2, j - 1]


def _trace(step, i, j):
    pairs = []
    while i or j:
        di, dj, score = step[i][j]
        if score is not None:
            pairs.append((tuple(range(i - di, i)), tuple(range(j - dj, j)), score))
        i, j = i - di, j - dj
    return pairs[::-1]


def _anchored(pairs):
    """The sure pairs, and the weak ones with a sure pair close before and after them."""
    sure = [pair for pair in pairs if pair[2] >= ALIGN_THRESHOLD]

    def near(a, b):
        # ``a`` ends at most ANCHOR_DISTANCE sentences before ``b`` starts, on both sides.
        return all(0 < b[k][0] - a[k][-1] <= ANCHOR_DISTANCE for k in (0, 1))

    return [
        pair
        for pair in pairs
        if pair[2] >= ALIGN_THRESHOLD
        or (
            any(near(anchor, pair) for anchor in sure)
            and any(near(pair, anchor) for anchor in sure)
        )
    ]


def _with_moved(pairs, single):
    """
    Add sure pairs out of order: a sentence the copy moved elsewhere (left order kept).

    Only sentences no in-order pair holds, each at most once, best scores first.
    """
    used_left = {i for pair in pairs for i in pair[0]}
    used_right = {j for pair in pairs for j in pair[1]}
    moved = sorted(
        (
            (score, i, j)
            for i, row in enumerate(single)
            if i not in used_left
            for j, score in enumerate(row)
            if j not in used_right and score >= ALIGN_THRESHOLD
        ),
        reverse=True,
    )
    for score, i, j in moved:
        if i not in used_left and j not in used_right:
            pairs.append(((i,), (j,), score))
            used_left.add(i)
            used_right.add(j)
    return sorted(pairs)


def align(left, right):
    """Corresponding sentences of two documents, in order (a monotone alignment)."""
    return [
        AlignedPassage(
            " ".join(left.sentences[i] for i in left_indexes),
            " ".join(right.sentences[j] for j in right_indexes),
            score,
            verbatim=score >= VERBATIM_THRESHOLD
            and fuzz.ratio(
                [t for i in left_indexes for t in left.tokens[i]],
                [t for j in right_indexes for t in right.tokens[j]],
            )
            / 100
            >= VERBATIM_THRESHOLD,
        )
        for left_indexes, right_indexes, score in align_indexes(left, right)
    ]


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
