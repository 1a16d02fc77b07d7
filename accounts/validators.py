"""
Usernames that cannot pass for someone else's.

``аdmin`` with a Cyrillic "а" looks exactly like ``admin``. We refuse usernames that mix
scripts (Latin with Cyrillic, Greek…), and usernames whose *skeleton* — the string after
compatibility normalisation (NFKC), mapping each character to the ASCII letter it can be
mistaken for (Unicode TR39 confusables, via confusable-homoglyphs), case folding, and
folding the ASCII look-alikes (1, I, l; 0, O; rn, m) — equals
the skeleton of an existing username. An all-Cyrillic or all-Hangul name is fine on its own.
"""

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

# ASCII look-alikes that TR39 folds together (its confusables.txt maps 1, I and | to l,
# 0 to O, and "rn" to m), applied after case folding, so "i" stands for "I" too.
ASCII_FOLDS = (("rn", "m"), ("1", "l"), ("i", "l"), ("|", "l"), ("0", "o"))


@cache
def ascii_lookalike(char):
    """The ASCII character ``char`` can be mistaken for, or ``char`` itself."""
    if char.isascii():
        return char
    for homoglyph in confusables.confusables_data.get(char, ()):
        if len(homoglyph["c"]) == 1 and homoglyph["c"].isascii() and homoglyph["c"].isalnum():
            return homoglyph["c"]
    return char


def skeleton(username):
    """A string equal for two usernames a reader could take for one another."""
    text = "".join(ascii_lookalike(char) for char in unicodedata.normalize("NFKC", username))
    text = text.casefold()
    for old, new in ASCII_FOLDS:
        text = text.replace(old, new)
    return text


def validate_single_script(username):
    if confusables.is_mixed_script(unicodedata.normalize("NFKC", username)):
        raise ValidationError(
            "A username must be written in one script (for example only Latin or only "
            "Cyrillic letters): mixed scripts make look-alike names.",
            code="mixed_script",
        )


def validate_not_confusable(username, *, exclude_pk=None):
    """Refuse ``username`` when it looks like an existing user's name."""
    User = get_user_model()
    target = skeleton(username)
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    for existing in others.values_list(User.USERNAME_FIELD, flat=True).iterator():
        if skeleton(existing) == target:
            raise ValidationError(
                "This username looks like the existing username %(existing)s; choose one "
                "that cannot be mistaken for it.",
                code="confusable",
                params={"existing": existing},
            )


def validate_username(username, *, exclude_pk=None):
    """Both rules; the look-alike one first, as its message names the user it resembles."""
    validate_not_confusable(username, exclude_pk=exclude_pk)
    validate_single_script(username)
