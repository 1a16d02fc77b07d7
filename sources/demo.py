"""
Synthetic source texts for demonstration and benchmark corpora (pure functions, no ORM).

Every word comes from the templates and word lists below, filled in by a seeded
``random.Random``: the same seed gives the same texts, and no third-party text is
copied. A text is a list of sentences; some sentences state a *fact* (a dated event
with a one-line summary in an editor's words), which the editorial layer turns into
claims quoting that very sentence, so every quote is an exact passage of its text.
"""

import datetime
from dataclasses import dataclass

# The topics of the corpus, named as the seed data names them (one topic each, shared).
TOPICS = (
    "Trade",
    "Debt",
    "Energy",
    "Railways",
    "Labour migration",
    "Sanctions",
    "Military cooperation",
    "Diplomacy",
)

PLACES = (
    "Khasan", "Rajin", "Vladivostok", "Pyongyang", "Nakhodka", "Chongjin", "Tumangang",
    "Ussuriysk", "Khabarovsk", "Sinuiju", "Hamhung", "Wonsan", "Blagoveshchensk", "Nampo",
)  # fmt: skip
GOODS = (
    "coal", "oil products", "timber", "seafood", "fertiliser", "textiles", "flour", "steel",
    "machinery", "cement", "potash", "diesel fuel", "spare parts", "sugar",
)  # fmt: skip
AGENCIES = (
    "the customs service", "the trade ministry", "the central statistics office",
    "the regional administration", "the port authority", "the railway operator",
    "an intergovernmental commission", "the finance ministry", "a parliamentary committee",
)  # fmt: skip
GIVEN_NAMES = ("Ivan", "Olga", "Pavel", "Irina", "Kim", "Ri", "Pak", "Sergei", "Anna", "Choe")
FAMILY_NAMES = (
    "Sorokin", "Belova", "Tarasov", "Vetrova", "Song", "Han", "Jong", "Lebedev", "Orlova", "Yun",
)  # fmt: skip
ROLES = (
    "a deputy minister", "an economist", "a regional official", "a trade envoy",
    "a port manager", "a researcher", "a former diplomat", "a railway engineer",
)  # fmt: skip
PUBLISHERS = (
    "Eastern Trade Monitor", "Pacific Rim Review", "Northern Corridor Weekly",
    "Institute for Border Economies", "Amur Policy Centre", "Korea Peninsula Digest",
    "Far East Business Journal", "Centre for Sanctions Research", "Harbour and Rail Gazette",
    "Continental Energy Letter",
)  # fmt: skip
KINDS = ("news", "news", "news", "analysis", "analysis", "opinion", "paper", "reference")

# Per topic: (sentence, statement) templates for facts. The sentence is what a source
# says; the statement is the claim in an editor's words. Both share the same fillers.
FACTS = {
    "Trade": (
        (
            "In {year}, trade between Russia and North Korea reached {amount} million dollars, "
            "according to {agency}.",
            "Trade between Russia and North Korea reached {amount} million dollars in {year}.",
        ),
        (
            "Shipments of {good} through {place} rose by {pct} percent in {year}, {agency} said.",
            "Shipments of {good} through {place} rose by {pct} percent in {year}.",
        ),
        (
            "A barter scheme agreed in {year} exchanged {good} for {good2} at the border "
            "crossing near {place}.",
            "A {year} barter scheme exchanged {good} for {good2} near {place}.",
        ),
    ),
    "Debt": (
        (
            "In {year}, Moscow agreed to write off {pct} percent of the debt Pyongyang owed "
            "since Soviet times, {agency} confirmed.",
            "Russia wrote off {pct} percent of North Korea's Soviet-era debt in {year}.",
        ),
        (
            "The remaining debt of {amount} million dollars was to be repaid over {years} "
            "years under the {year} agreement.",
            "The {year} agreement set {years} years to repay {amount} million dollars of debt.",
        ),
    ),
    "Energy": (
        (
            "Deliveries of {good} to {place} amounted to {tonnes} thousand tonnes in {year}, "
            "{agency} reported.",
            "Deliveries of {good} to {place} were {tonnes} thousand tonnes in {year}.",
        ),
        (
            "Plans announced in {year} for a power line from {place} to {place2} were "
            "shelved after {years} years of talks.",
            "A planned power line from {place} to {place2}, announced in {year}, was shelved.",
        ),
    ),
    "Railways": (
        (
            "The rail link between {place} and {place2} carried {tonnes} thousand tonnes "
            "of {good} in {year}, according to {agency}.",
            "The {place}–{place2} rail link carried {tonnes} thousand tonnes of {good} in {year}.",
        ),
        (
            "Reconstruction of the line to {place} was completed in {year} at a cost of "
            "{amount} million dollars.",
            "The rail line to {place} was rebuilt by {year} for {amount} million dollars.",
        ),
    ),
    "Labour migration": (
        (
            "Some {workers} North Korean workers were employed in the {place} region in "
            "{year}, {agency} estimated.",
            "About {workers} North Korean workers were employed around {place} in {year}.",
        ),
        (
            "Construction firms in {place} hired {workers} workers from abroad in {year}, "
            "most of them on {years}-year contracts.",
            "Construction firms in {place} hired {workers} foreign workers in {year}.",
        ),
    ),
    "Sanctions": (
        (
            "After the sanctions of {year}, exports of {good} through {place} fell by "
            "{pct} percent, {agency} said.",
            "Exports of {good} through {place} fell {pct} percent after the {year} sanctions.",
        ),
        (
            "Inspectors reported in {year} that {tonnes} thousand tonnes of {good} had "
            "passed through {place} despite the restrictions.",
            "In {year} inspectors found {tonnes} thousand tonnes of {good} passing {place}.",
        ),
    ),
    "Military cooperation": (
        (
            "A defence delegation visited {place} in {year} and signed a protocol on "
            "{years} years of technical cooperation.",
            "A {year} defence protocol signed in {place} covered {years} years of cooperation.",
        ),
        (
            "Joint exercises near {place} in {year} involved about {workers} personnel, "
            "{agency} stated.",
            "About {workers} personnel took part in joint exercises near {place} in {year}.",
        ),
    ),
    "Diplomacy": (
        (
            "The foreign ministers met in {place} in {year} and agreed to reopen the "
            "consulate in {place2}.",
            "The foreign ministers agreed in {year} to reopen the consulate in {place2}.",
        ),
        (
            "A summit held in {place} in {year} produced a joint declaration on "
            "{good} supplies and transport links.",
            "A {year} summit in {place} issued a joint declaration on {good} supplies.",
        ),
    ),
}

# Sentences that state nothing quotable as a fact: context, colour, hedging.
FILLERS = (
    "Observers in {place} expect the question of {good} to stay on the agenda for some time.",
    "Officials in {place} declined to give further details when asked by reporters.",
    "{person}, {role}, said the figures should be read with caution.",
    "Local traders in {place} describe the situation as uncertain but not hopeless.",
    "The published statistics for this period are incomplete and sometimes contradictory.",
    "Earlier agreements on {good} had been announced with similar ambitions and few results.",
    "According to {person}, {role}, the talks in {place} were long and difficult.",
    "Independent verification of these numbers was not possible at the time of writing.",
)

TITLES = (
    "{Topic} between Russia and North Korea: what the {year} figures show",
    "How {place} became a hub for {topic}",
    "{Topic} after {year}: promises and results",
    "Notes on {topic} along the {place} corridor",
    "The economics of {topic} in the Russian Far East",
    "{Topic} and the border at {place}",
)

# A machine rewording swaps these words, as the seed's reworded copy does.
SYNONYMS = {
    "reached": "attained",
    "according": "as stated",
    "agreed": "consented",
    "announced": "declared",
    "carried": "transported",
    "reported": "stated",
    "workers": "labourers",
    "percent": "per cent",
    "about": "roughly",
    "some": "around",
    "completed": "finished",
    "signed": "concluded",
}


@dataclass(frozen=True)
class Fact:
    """A sentence of a text that states a dated event, and the event in an editor's words."""

    sentence: str
    statement: str
    topic: str
    event_date: datetime.date
    precision: str  # "year", "month" or "day", as sources.models.DatePrecision


@dataclass(frozen=True)
class DemoText:
    """One generated source document."""

    title: str
    body: str
    publisher: str
    authors: str
    kind: str
    topics: tuple
    published_on: datetime.date
    facts: tuple


def _person(rng):
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"


def _fillers(rng, year):
    place, place2 = rng.sample(PLACES, 2)
    good, good2 = rng.sample(GOODS, 2)
    return {
        "year": year,
        "place": place,
        "place2": place2,
        "good": good,
        "good2": good2,
        "agency": rng.choice(AGENCIES),
        "amount": rng.randrange(5, 900),
        "pct": rng.randrange(3, 95),
        "tonnes": f"{rng.randrange(10, 5000):,}",
        "workers": f"{rng.randrange(2, 60) * 500:,}",
        "years": rng.randrange(2, 40),
        "person": _person(rng),
        "role": rng.choice(ROLES),
    }


def make_fact(rng, topic, latest_year):
    """One fact about ``topic`` dated no later than ``latest_year``."""
    year = rng.randrange(1992, latest_year + 1)
    sentence, statement = rng.choice(FACTS[topic])
    values = _fillers(rng, year)
    precision = rng.choice(("year", "year", "month", "day"))
    month = rng.randrange(1, 13) if precision != "year" else 1
    day = rng.randrange(1, 29) if precision == "day" else 1
    return Fact(
        sentence=sentence.format(**values),
        statement=statement.format(**values),
        topic=topic,
        event_date=datetime.date(year, month, day),
        precision=precision,
    )


def make_filler(rng, year):
    sentence = rng.choice(FILLERS).format(**_fillers(rng, year))
    return sentence[:1].upper() + sentence[1:]


def make_text(rng, *, topics=None, sentences=None):
    """A source document of 12–24 sentences in paragraphs, about one or two topics."""
    topics = topics or tuple(rng.sample(TOPICS, rng.choice((1, 1, 2))))
    published_on = datetime.date(rng.randrange(1995, 2026), rng.randrange(1, 13), 1)
    published_on += datetime.timedelta(days=rng.randrange(0, 28))
    facts, parts = [], []
    for _ in range(sentences or rng.randrange(12, 25)):
        if rng.random() < 0.6:
            fact = make_fact(rng, rng.choice(topics), published_on.year)
            facts.append(fact)
            parts.append(fact.sentence)
        else:
            parts.append(make_filler(rng, published_on.year))
    values = _fillers(rng, published_on.year)
    topic = topics[0]
    title = rng.choice(TITLES).format(Topic=topic, topic=topic.lower(), **values)
    authors = "; ".join(_person(rng) for _ in range(rng.randrange(0, 3)))
    return DemoText(
        title=title,
        body=paragraphs(rng, parts),
        publisher=rng.choice(PUBLISHERS),
        authors=authors,
        kind=rng.choice(KINDS),
        topics=topics,
        published_on=published_on,
        facts=tuple(facts),
    )


def paragraphs(rng, sentences):
    """Sentences joined into paragraphs of three to five, one paragraph per line."""
    lines, index = [], 0
    while index < len(sentences):
        size = rng.randrange(3, 6)
        lines.append(" ".join(sentences[index : index + size]))
        index += size
    return "\n\n".join(lines)


def reword(text):
    """A machine-reworded copy of ``text``: the same sentences with words swapped."""
    words = text.split(" ")
    return " ".join(SYNONYMS.get(word, word) for word in words)


def syndicate(rng, text, borrowed):
    """``text`` with a paragraph of ``borrowed`` (another document's text) inserted verbatim."""
    ours = text.split("\n\n")
    theirs = borrowed.split("\n\n")
    # The longest paragraph of the other text: enough sentences to count as shared material.
    passage = max(theirs, key=len)
    ours.insert(rng.randrange(0, len(ours) + 1), passage)
    return "\n\n".join(ours)
