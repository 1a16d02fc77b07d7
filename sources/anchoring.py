"""
Re-anchoring a quoted passage in a changed text (pure functions, no ORM).

When a source's text changes, each citation's passage is found again in three
steps: the exact words (preferring the occurrence whose surroundings match the
stored prefix and suffix), then the stored prefix and suffix around words that
changed only a little, then a fuzzy match of the whole passage above
``FUZZY_THRESHOLD``. A passage found by none of them is broken: it is never
pointed at other words.
"""

from dataclasses import dataclass

from rapidfuzz import fuzz

from .text import CONTEXT_CHARS, Anchor, char_end, find_all, normalize, normalize_with_map

# Similarity (0–100) a fuzzy match of the whole passage must reach.
FUZZY_THRESHOLD = 90.0
# Similarity the words between an intact prefix and suffix must keep.
CONTEXT_THRESHOLD = 75.0
# Shorter passages match too easily by chance to be found fuzzily.
MIN_FUZZY_LENGTH = 20
# Context shorter than this says too little about where a passage sat.
MIN_CONTEXT_LENGTH = 8


@dataclass(frozen=True)
class Reanchored:
    anchor: Anchor
    method: str  # "exact", "context" or "fuzzy"
    score: float


def _anchor(text, index_map, start, end, context=CONTEXT_CHARS):
    begin = index_map[start]
    finish = char_end(text, index_map[end - 1])
    return Anchor(
        start=begin,
        end=finish,
        exact=text[begin:finish],
        prefix=text[max(0, begin - context) : begin],
        suffix=text[finish : finish + context],
    )


def _context_score(haystack, start, end, prefix, suffix):
    before = haystack[max(0, start - len(prefix) - 1) : start].strip()
    after = haystack[end : end + len(suffix) + 1].strip()
    return fuzz.ratio(before[-len(prefix) :], prefix) + fuzz.ratio(after[: len(suffix)], suffix)


def _by_exact(haystack, index_map, needle, prefix, suffix):
    positions = find_all(haystack, index_map, needle)
    if not positions:
        return None
    best = max(
        positions,
        key=lambda p: _context_score(haystack, p, p + len(needle), prefix, suffix),
    )
    return best, best + len(needle), 100.0


def _by_context(haystack, index_map, needle, prefix, suffix):
    if len(prefix) < MIN_CONTEXT_LENGTH or len(suffix) < MIN_CONTEXT_LENGTH:
        return None
    best = None
    for before in find_all(haystack, index_map, prefix):
        start = before + len(prefix)
        window = haystack[start : start + 2 * len(needle) + len(suffix) + 2]
        after = window.find(suffix)
        if after < 0:
            continue
        region = window[:after]
        offset = len(region) - len(region.lstrip())
        region = region.strip()
        if not region:
            continue
        score = fuzz.ratio(needle, region)
        if score >= CONTEXT_THRESHOLD and (best is None or score > best[2]):
            best = (start + offset, start + offset + len(region), score)
    return best


def _by_fuzzy(haystack, needle, threshold):
    if len(needle) < MIN_FUZZY_LENGTH:
        return None
    match = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=threshold)
    if match is None or match.dest_end <= match.dest_start:
        return None
    start, end = _widen_to_words(haystack, match.dest_start, match.dest_end)
    if end <= start:
        return None
    # partial_ratio also scores a short region inside a long passage highly; the
    # region found must resemble the whole passage.
    score = fuzz.ratio(needle, haystack[start:end])
    if score < threshold:
        return None
    return start, end, score


def _widen_to_words(haystack, start, end):
    """Grow a region to whole words and trim the spaces at its ends."""
    while start > 0 and haystack[start - 1].isalnum() and haystack[start].isalnum():
        start -= 1
    while end < len(haystack) and haystack[end - 1].isalnum() and haystack[end].isalnum():
        end += 1
    while start < end and haystack[start].isspace():
        start += 1
    while end > start and haystack[end - 1].isspace():
        end -= 1
    return start, end


def reanchor(text, *, exact, prefix="", suffix="", threshold=FUZZY_THRESHOLD):
    """
    Find the passage ``exact`` (last seen between ``prefix`` and ``suffix``) in ``text``.

    Returns a :class:`Reanchored` with the new anchor, the method that found
    it and its similarity score, or ``None`` when the passage is gone.
    """
    needle = normalize(exact)
    if not needle:
        return None
    haystack, index_map = normalize_with_map(text)
    norm_prefix, norm_suffix = normalize(prefix), normalize(suffix)
    attempts = (
        ("exact", lambda: _by_exact(haystack, index_map, needle, norm_prefix, norm_suffix)),
        ("context", lambda: _by_context(haystack, index_map, needle, norm_prefix, norm_suffix)),
        ("fuzzy", lambda: _by_fuzzy(haystack, needle, threshold)),
    )
    for method, attempt in attempts:
        found = attempt()
        if found is not None:
            start, end, score = found
            return Reanchored(_anchor(text, index_map, start, end), method, float(score))
    return None
