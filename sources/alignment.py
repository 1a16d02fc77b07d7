"""
Which sentences of two texts correspond, tolerant of rewording (pure functions, no ORM).

Two sentences are compared by their word sequence (rapidfuzz) and by the
rare content words they share after light stemming, whichever is closer: a
machine-reworded copy swaps common words for synonyms ("support" becomes
"beef up") but keeps names, numbers and rare words. The alignment is a
monotone dynamic programme over the two texts that may pair one sentence with
two consecutive ones (a reworder splits and joins sentences); weaker pairs
count only between sure ones, and a sure pair the copy moved out of order is
added afterwards.
"""

import math
from collections import Counter

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

# Similarity (0–1) at which two sentences are taken to correspond.
ALIGN_THRESHOLD = 0.5

# Words too common to tell what a sentence is about; reworders swap them freely too.
_STOPWORDS = """
a an the of to in on at by for with from and or but as is are was were be been being it
its this that these those which who whom whose what when where while than then there
their they them he she his her we our you your not no so such has have had do does did
will would can could may might must shall should into over under about after before
between through during also more most very used way means again within being one
"""
STOPWORDS = frozenset(_STOPWORDS.split())
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
    # Clamped: the sums, taken in different orders, may differ in the last bit.
    return min(1.0, 2 * sum(weights.get(w, 1.0) for w in left & right) / total)


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
    left_stems = [content_stems(tokens) for tokens in left]
    right_stems = [content_stems(tokens) for tokens in right]
    weights = _weights(left_stems + right_stems)

    def score(i, j):
        return sentence_similarity(left[i], right[j], left_stems[i], right_stems[j], weights)

    n, m = len(left), len(right)
    single = [[score(i, j) for j in range(m)] for i in range(n)]
    one_two, two_one = {}, {}
    for i in range(n):
        for j in range(m - 1):
            if max(single[i][j], single[i][j + 1]) >= WEAK_THRESHOLD:
                one_two[i, j] = _merge_score(left[i], right[j], right[j + 1])
    for i in range(n - 1):
        for j in range(m):
            if max(single[i][j], single[i + 1][j]) >= WEAK_THRESHOLD:
                two_one[i, j] = _merge_score(right[j], left[i], left[i + 1])
    return single, one_two, two_one


def align_indexes(left, right):
    """
    Corresponding sentences of two texts given as word sequences (one per sentence):
    ``(left indexes, right indexes, score)`` in order of the left text.

    A monotone alignment (dynamic programming) that maximises the summed
    similarity of the pairs it keeps; one sentence may correspond to two
    consecutive sentences of the other text. Pairs scoring ``ALIGN_THRESHOLD``
    or more anchor the alignment; a weaker pair (``WEAK_THRESHOLD`` or more)
    counts only where anchors close on both sides vouch for it, as a reworded
    sentence between two recognisable ones.
    """
    if not left or not right:
        return []
    single, one_two, two_one = _scores(left, right)
    n, m = len(left), len(right)
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
