"""
Split a text into non-overlapping segments around cited passages.

Pure functions, no ORM: passages may overlap or touch, so the text is cut at
every passage boundary and each segment knows which passages cover it. The
segments' texts, joined, give back the original text.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    end: int
    covering: tuple = ()  # keys of the passages that contain this segment
    opening: tuple = ()  # keys of the passages that begin here
    closing: tuple = ()  # keys of the passages that end here


def _clamped(spans, length):
    for start, end, key in spans:
        start, end = max(0, start), min(length, end)
        if start < end:
            yield start, end, key


def split_passages(text, spans):
    """
    Cut ``text`` at the boundaries of ``spans`` (``(start, end, key)`` triples).

    Spans outside the text are clipped, empty ones ignored. Keys keep the order
    of ``spans``.
    """
    if not text:
        return []
    spans = list(_clamped(spans, len(text)))
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    segments = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        segments.append(
            Segment(
                text=text[left:right],
                start=left,
                end=right,
                covering=tuple(k for s, e, k in spans if s <= left and right <= e),
                opening=tuple(k for s, _, k in spans if s == left),
                closing=tuple(k for _, e, k in spans if e == right),
            )
        )
    return segments
