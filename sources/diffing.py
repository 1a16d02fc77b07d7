"""Readable differences between two versions of a text: words kept, removed and added."""

import difflib
import re

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def tokens(text):
    """Words, whitespace runs and punctuation marks, in order: joined, they are ``text``."""
    return _TOKENS.findall(text or "")


def word_diff(old, new):
    """
    ``[(op, text), ...]`` with op ``"equal"``, ``"delete"`` or ``"insert"``.

    The ``equal`` and ``delete`` parts joined give ``old``; ``equal`` and
    ``insert`` give ``new``.
    """
    a, b = tokens(old), tokens(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("insert", "".join(b[j1:j2])))
    return parts
