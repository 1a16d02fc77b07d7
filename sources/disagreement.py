"""
Passages of different sources that report the same thing with different values (pure functions).

Each sentence that states a date ("18 June 2024", "June 19, 2024",
"19.06.2024", "in 1948") or a figure ("$11 billion", "10 000", "1.5 million",
"90%") is *masked*: its values become placeholders, so that "signed on 18 June
2024" and "signed on June 19, 2024" read the same. Two sentences of different
sources whose masked words are nearly identical report the same thing; when
their values then differ, the sources disagree.

Candidates come from an inverted index of masked word trigrams, so sentences
are never compared all against all: two sentences are compared only when they
share several trigrams that few sentences hold.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .text import normalize

DATE, FIGURE = "date", "figure"
PLACEHOLDERS = {DATE: "<date>", FIGURE: "<figure>"}

# Masked-word similarity (0–1) at which two sentences report the same thing.
SAME_THING_THRESHOLD = 0.8
SHINGLE_WORDS = 3
# Masked trigrams two sentences must share to be compared; trigrams held by more sentences
# than MAX_SHINGLE_SENTENCES are boilerplate ("in <date> the") and prove nothing.
MIN_SHARED_SHINGLES = 2
MAX_SHINGLE_SENTENCES = 100
# Words besides the values that a sentence needs to say what it is about.
MIN_CONTEXT_WORDS = 5
# Longer "sentences" are lists or tables without full stops, not one statement.
MAX_STATEMENT_WORDS = 150

_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, 1)})
MONTHS["sept"] = 9
# Month names are matched capitalised only, so that "may" the verb is never a date.
_MONTH = r"(?P<month>(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\b"
_MONTH += r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
_NOT_IN_WORD = r"(?<![\w.,-])"
_END = r"(?![\w%]|[.,]\d)"

_DATE_PATTERNS = [
    re.compile(_NOT_IN_WORD + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + _END),
    re.compile(
        _NOT_IN_WORD + _MONTH + r"\s+" + _DAY + r"(?:,?\s+(?:of\s+)?" + _YEAR + r")?" + _END
    ),
    re.compile(_NOT_IN_WORD + _DAY + r"\s+(?:of\s+)?" + _MONTH + _END),
    re.compile(_NOT_IN_WORD + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + _END),
    re.compile(_NOT_IN_WORD + r"(?P<day>[0-3]?\d)\.(?P<nmonth>[01]?\d)\." + _YEAR + _END),
    re.compile(_NOT_IN_WORD + _YEAR + r"-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)" + _END),
    re.compile(_NOT_IN_WORD + _YEAR + _END),
]

_CURRENCY_SIGNS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW"}
_CURRENCY_SIGNS["₽"] = "RUB"
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rub": "RUB",
    "won": "KRW",
    "krw": "KRW",
    "yuan": "CNY",
    "cny": "CNY",
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_FIGURE = re.compile(
    r"(?<![\w.,\-/])"
    r"(?P<sign>US\$|\$|€|£|¥|₩|₽|(?:USD|EUR|RUB|KRW)\s?)?"
    r"(?P<number>\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mln|mn|tn|[mk](?=\W|$))\b)?"
    r"(?:\s?(?P<percent>%|per\s?cent\b|percent\b))?"
    r"(?:\s(?P<currency>dollars?|USD|euros?|EUR|roubles?|rubles?|RUB|won|KRW|yuan|CNY)\b)?"
    r"(?![\w%]|[.,]\d)"
)


@dataclass(frozen=True)
class Value:
    """A date or a figure as a sentence states it, with its place in that sentence."""

    kind: str
    text: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    amount: float | None = None
    unit: str = ""
    # For a figure: the word after it ("workers" in "10 000 workers"), what is counted.
    counted: str = ""


def _date_value(match):
    groups = match.groupdict()
    month = groups.get("month")
    if month:
        month = MONTHS[month.rstrip(".").lower()]
    elif groups.get("nmonth"):
        month = int(groups["nmonth"])
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    text = match.group(0)
    return Value(DATE, text, match.start(), match.end(), year=year, month=month, day=day)


def parse_number(text):
    """``10 000``, ``10,000`` and ``1.5`` as numbers (thousands separators dropped)."""
    return float(re.sub(r"[,\u00a0\u202f ]", "", text))


def _figure_value(match):
    groups = match.groupdict()
    amount = parse_number(groups["number"]) * _SCALES.get((groups["scale"] or "").lower(), 1)
    unit = ""
    if groups["percent"]:
        unit = "%"
    elif groups["sign"]:
        unit = _CURRENCY_SIGNS.get(groups["sign"].strip().lower(), groups["sign"].strip().upper())
    elif groups["currency"]:
        unit = _CURRENCY_WORDS[groups["currency"].lower()]
    bare = not (groups["sign"] or groups["scale"] or groups["percent"] or groups["currency"])
    if bare and re.fullmatch(_YEAR, groups["number"]):
        return None  # a bare year is a date
    text = match.group(0)
    after = _NEXT_WORD.match(match.string, match.end())
    counted = after.group(1).lower() if after else ""
    return Value(
        FIGURE, text, match.start(), match.end(), amount=amount, unit=unit, counted=counted
    )


_NEXT_WORD = re.compile(r"\s+([^\W\d]+)")


def find_values(text):
    """The dates and figures ``text`` states, in order, none overlapping another."""
    found = []
    for pattern in _DATE_PATTERNS:
        found += [v for v in map(_date_value, pattern.finditer(text)) if v is not None]
    found += [v for v in map(_figure_value, _FIGURE.finditer(text)) if v is not None]
    # Earliest first; at one place the longest reading wins ("18 June 2024" over "18 June").
    found.sort(key=lambda v: (v.start, -(v.end - v.start), v.kind != DATE))
    chosen, reached = [], 0
    for value in found:
        if value.start >= reached:
            chosen.append(value)
            reached = value.end
    return chosen


def same_value(a, b):
    """True if ``a`` and ``b`` agree, False if they differ, None if they cannot be compared."""
    if a.kind != b.kind:
        return None
    if a.kind == FIGURE:
        if a.unit != b.unit or not a.unit and a.counted != b.counted:
            return None  # dollars against per cent, workers against tonnes
        # Equal but for the rounding of a decimal times its scale ("1.1 billion"), about
        # 1e-16 of the amount; whole numbers up to 10^14 stay apart (1e-9 of the amount
        # called 999,999,999 and 1,000,000,000 the same).
        return abs(a.amount - b.amount) <= 1e-14 * max(abs(a.amount), abs(b.amount), 1)
    common = [
        (getattr(a, part), getattr(b, part))
        for part in ("year", "month", "day")
        if getattr(a, part) is not None and getattr(b, part) is not None
    ]
    if not common:
        return None  # "18 June" against "2024": nothing to compare
    # Compared as precisely as both are known: "June 2024" agrees with "18 June 2024".
    return all(x == y for x, y in common)


_WORD = re.compile(r"\w+")


def mask(text, values=None):
    """The words of ``text`` with each date and figure replaced by a placeholder, as a tuple."""
    values = find_values(text) if values is None else values
    tokens, position = [], 0
    for value in values:
        tokens += _WORD.findall(normalize(text[position : value.start]).lower())
        tokens.append(PLACEHOLDERS[value.kind])
        position = value.end
    tokens += _WORD.findall(normalize(text[position:]).lower())
    return tuple(tokens)


_SENTENCE = re.compile(r"[^\n]+?(?:[.!?](?=\s+[^a-z0-9\s])|[.!?]?(?=\n)|[.!?]?$)", re.DOTALL)


def sentence_spans(text):
    """``(start, end)`` of each sentence of ``text``, whitespace trimmed."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


@dataclass(frozen=True)
class Statement:
    """A sentence of a document that states at least one value, masked for comparison."""

    document: int
    start: int
    end: int
    text: str
    values: tuple
    masked: tuple


def statements(index, text):
    """The sentences of document ``index`` worth comparing: with values and enough words."""
    found = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        values = tuple(find_values(sentence))
        if not values:
            continue
        masked = mask(sentence, values)
        if not MIN_CONTEXT_WORDS <= len(masked) - len(values) <= MAX_STATEMENT_WORDS:
            continue
        found.append(Statement(index, start, end, sentence, values, masked))
    return found


def _shingles(masked):
    return {masked[i : i + SHINGLE_WORDS] for i in range(len(masked) - SHINGLE_WORDS + 1)}


def candidate_statements(found, *, only=None):
    """
    Pairs ``(a, b)`` of statements from different documents that share rare masked trigrams.

    With ``only`` (a set of document indexes), just the pairs that involve one of them.
    """
    postings = defaultdict(list)
    for number, statement in enumerate(found):
        for shingle in _shingles(statement.masked):
            postings[shingle].append(number)
    shared = Counter()
    for holders in postings.values():
        if len(holders) < 2 or len(holders) > MAX_SHINGLE_SENTENCES:
            continue
        for a, b in combinations(holders, 2):
            docs = found[a].document, found[b].document
            if docs[0] == docs[1]:
                continue
            if only is None or docs[0] in only or docs[1] in only:
                shared[a, b] += 1
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED_SHINGLES)


def paired_values(left, right):
    """Values of two masked sentences that stand at the same place in their common words."""
    left_slots = [i for i, token in enumerate(left.masked) if token in _PLACEHOLDER_TOKENS]
    right_slots = [i for i, token in enumerate(right.masked) if token in _PLACEHOLDER_TOKENS]
    left_of = dict(zip(left_slots, left.values, strict=True))
    right_of = dict(zip(right_slots, right.values, strict=True))
    pairs = []
    for block in Indel.opcodes(left.masked, right.masked).as_matching_blocks():
        for offset in range(block.size):
            i, j = block.a + offset, block.b + offset
            if i in left_of and j in right_of:
                pairs.append((left_of[i], right_of[j]))
    return pairs


_PLACEHOLDER_TOKENS = frozenset(PLACEHOLDERS.values())


def differing_values(left, right):
    """
    The value pairs on which two statements of the same thing differ.

    When they differ on a date *and* on a figure they most likely report two
    moments of one series (trade in 2019 and in 2021): no disagreement then.
    """
    if fuzz.ratio(left.masked, right.masked) / 100 < SAME_THING_THRESHOLD:
        return []
    differing = [(a, b) for a, b in paired_values(left, right) if same_value(a, b) is False]
    if len({a.kind for a, _ in differing}) > 1:
        return []
    return differing


@dataclass(frozen=True)
class Disagreement:
    """Two passages of different documents reporting one thing with different values."""

    kind: str
    left: Statement
    right: Statement
    left_value: Value
    right_value: Value


def find_disagreements(texts, *, only=None):
    """
    Disagreements among ``texts`` (a list of strings); ``Statement.document`` is an index.

    With ``only`` (a set of indexes), just those involving one of the texts it names.
    """
    found = [statement for index, text in enumerate(texts) for statement in statements(index, text)]
    disagreements = []
    for a, b in candidate_statements(found, only=only):
        left, right = sorted((found[a], found[b]), key=lambda s: (s.document, s.start))
        disagreements += [
            Disagreement(x.kind, left, right, x, y) for x, y in differing_values(left, right)
        ]
    return disagreements


def conflicting_values(stated, passage):
    """
    Pairs ``(stated value, passage value)`` where a passage contradicts what is stated.

    For each kind, a stated value conflicts when the passage states comparable
    values of that kind and none of them agrees with it.
    """
    conflicts = []
    for value in stated:
        comparable = [(other, same_value(value, other)) for other in passage]
        comparable = [(other, agrees) for other, agrees in comparable if agrees is not None]
        if comparable and not any(agrees for _, agrees in comparable):
            conflicts.append((value, comparable[0][0]))
    return conflicts
