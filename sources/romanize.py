"""
Korean in Latin letters by the Revised Romanization (2000), for readable slugs (pure functions).

Each Hangul syllable is decomposed arithmetically (Unicode's syllable block is ordered
initial × vowel × final), and the consonants are written as they sound where they meet
inside a word: a final consonant moves to a following vowel (조약을 → joyageul), ㄹ after
a consonant is read ㄴ, stops before ㄴ and ㅁ become nasal,
a final ㅎ aspirates the next consonant (종로 → jongno,
독립 → dongnip, 백마 → baengma, 좋고 → joko, 같이 → gachi),
ㄴ and ㄹ meeting are read ㄹㄹ (신라 → silla).
Rules that need a dictionary (an inserted ㄴ in compounds, tensing) are not applied.
Anything that is not a Hangul syllable is left as it is.
"""

import re

SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3
VOWELS = 21
FINALS = 28

INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k")
INITIAL += ("t", "p", "h")
VOWEL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u")
VOWEL += ("wo", "we", "wi", "yu", "eu", "ui", "i")
# The finals in Unicode order:
# none, ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ
# ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ.
# Each as (what stays in the syllable, what moves to a following vowel) before a vowel,
# and as its one closing sound before a consonant or at the end of a word.
_LINKED = (
    ("", ""),
    ("", "g"),
    ("", "kk"),
    ("k", "s"),
    ("", "n"),
    ("n", "j"),
    ("n", ""),
    ("", "d"),
    ("", "r"),
    ("l", "g"),
    ("l", "m"),
    ("l", "b"),
    ("l", "s"),
    ("l", "t"),
    ("l", "p"),
    ("l", ""),
    ("", "m"),
    ("", "b"),
    ("p", "s"),
    ("", "s"),
    ("", "ss"),
    ("ng", ""),
    ("", "j"),
    ("", "ch"),
    ("", "k"),
    ("", "t"),
    ("", "p"),
    ("", ""),
)
_CLOSING = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m")
_CLOSING += ("p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")

# Initial indexes used by the sound rules.
_G, _N, _D, _R, _B, _IEUNG, _J = 0, 2, 3, 5, 7, 11, 12
_HIEUT_FINALS = {6, 15, 27}  # ㄶ ㅀ ㅎ
_ASPIRATED = {_G: "k", _D: "t", _J: "ch", _B: "p"}
_NASAL = {"k": "ng", "t": "n", "p": "m"}
# Finals ㄷ and ㅌ before 이 are read ㅈ and ㅊ (palatalisation).
_PALATAL = {7: "j", 25: "ch"}
_I = 20

HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")


def is_syllable(char):
    return len(char) == 1 and SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST


def decompose(char):
    """A Hangul syllable as (initial, vowel, final) indexes; final 0 means none."""
    if not is_syllable(char):
        raise ValueError(f"{char!r} is not a Hangul syllable")
    offset = ord(char) - SYLLABLE_FIRST
    return offset // (VOWELS * FINALS), offset // FINALS % VOWELS, offset % FINALS


def compose(initial, vowel, final=0):
    return chr(SYLLABLE_FIRST + (initial * VOWELS + vowel) * FINALS + final)


def _coda_and_onset(final, initial, vowel):
    """How a final consonant and the next syllable's initial sound together: (coda, onset)."""
    onset = INITIAL[initial]
    if initial == _IEUNG:
        if final in _PALATAL and vowel == _I:
            return "", _PALATAL[final]
        return _LINKED[final]
    if final in _HIEUT_FINALS and initial in _ASPIRATED:
        return _CLOSING[final] if final != 27 else "", _ASPIRATED[initial]
    if final == 27 and initial == _N:
        return "n", onset
    # A stop before ㅎ keeps the h, as RR writes it in nouns (북한 → bukhan).
    coda = _CLOSING[final]
    if initial == _R:
        if coda in ("l", "n"):
            return "l", "l"
        onset = "n"
    if coda == "l" and initial == _N:
        return "l", "l"
    if onset in ("n", "m") and coda in _NASAL:
        coda = _NASAL[coda]
    return coda, onset


def romanize_word(word):
    """One run of Hangul syllables in the Revised Romanization, in lower case."""
    parts = [decompose(char) for char in word]
    out = []
    onset = INITIAL[parts[0][0]] if parts else ""
    for index, (_, vowel, final) in enumerate(parts):
        out.append(onset + VOWEL[vowel])
        if index + 1 < len(parts):
            next_initial, next_vowel, _ = parts[index + 1]
            coda, onset = _coda_and_onset(final, next_initial, next_vowel)
        else:
            coda = _CLOSING[final]
        out.append(coda)
    return "".join(out)


def romanize(text):
    """``text`` with every run of Hangul syllables romanised; other characters kept."""
    return HANGUL_RUN.sub(lambda match: romanize_word(match.group()), text or "")
