"""
Build the labelled set for sentence alignment: reworded copies of our own texts.

Not a test: it writes ``tests/data/alignment_labels.json``, which the alignment
test and ``scripts/bench_alignment.py`` read. Each original below was written
for this project. The reworder swaps words and phrases from a small synonym
table (as machine "spinners" do), splits some long sentences in two, drops a
sentence now and then and slips in a sentence of its own, and records which
original sentence every reworded sentence came from: those links are the
labels. The seed pairs (000 and its reworded copy 004) are labelled by hand in
``SEED_LINKS``, by sentence index only, so that no third-party text is copied
into the repository. Run:

    .venv/bin/python scripts/make_alignment_labels.py
"""

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sources.overlap import split_sentences  # noqa: E402

OUTPUT = ROOT / "tests" / "data" / "alignment_labels.json"

ORIGINALS = {
    "railway": (
        "The railway link between Khasan and Rajin was rebuilt with Russian money in 2013. "
        "Freight volumes through the port of Rajin stayed far below what planners expected. "
        "Coal from Siberia was shipped onward to Chinese and South Korean buyers for a while. "
        "Sanctions adopted in 2016 exempted the project, which kept it alive on paper. "
        "Officials in Moscow still describe the line as a gateway to the Korean peninsula, "
        "and they promise that container trains will follow once politics allow. "
        "Critics reply that the trains carry more symbolism than cargo most weeks of the year. "
        "South Korean firms withdrew from the consortium after the nuclear test of that year. "
        "The track gauge changes at the border, which slows every wagon that crosses it. "
        "Local workers in Rajin say the port cranes stand idle for days at a time."
    ),
    "labour": (
        "Labour migration has long been a quiet pillar of the economic relationship. "
        "North Korean crews worked on building sites in Vladivostok and in Moscow suburbs. "
        "Their wages were paid largely to state companies rather than to the workers themselves. "
        "A resolution of the Security Council required the workers to be sent home by 2019, "
        "but reporters kept finding brigades on Russian sites in the years that followed. "
        "Russian officials describe the remaining workers as students or as trainees. "
        "Human rights groups have documented long hours and confiscated passports. "
        "Employers value the crews because they finish projects quickly and rarely complain. "
        "The remittances are hard to trace because they travel in cash through third countries. "
        "Analysts think the numbers have grown again since the border reopened after the pandemic."
    ),
    "debt": (
        "The Soviet Union left North Korea owing it a large debt from decades of loans. "
        "Negotiations over the debt dragged on through the 1990s and the following decade. "
        "In 2012 Moscow agreed to write off most of the debt in a single agreement. "
        "The remainder was to be invested in joint projects inside North Korea, "
        "including health care, education and energy facilities, according to the agreement. "
        "Russian lawmakers ratified the deal two years later with little public debate. "
        "Economists doubt that many of the promised joint projects were ever started. "
        "The write-off was presented as a gesture of goodwill toward a poor neighbour. "
        "It also cleared the way for new loans that Russian banks could offer in roubles. "
        "Few details about how the money was spent have been published by either side."
    ),
    "space": (
        "Kim Jong Un visited the Vostochny cosmodrome in the Russian Far East in September 2023. "
        "He toured the launch pads and asked the engineers detailed questions about rockets. "
        "Russian officials hinted that they might help North Korea build satellites. "
        "Western governments warned that such help would break several sanctions resolutions. "
        "Months later North Korea claimed progress with a reconnaissance satellite programme, "
        "although independent experts could not confirm that the satellite worked as announced. "
        "The visit ended with a banquet at which both leaders praised their growing friendship. "
        "Observers noted that the choice of a space centre sent a message to Washington. "
        "Satellite images later showed new construction at the North Korean launch site. "
        "Neither government has published any agreement on cooperation in space."
    ),
}

# Unrelated texts of our own on neighbouring subjects: nothing in them copies the originals.
UNRELATED = {
    "fishing": (
        "Fishing quotas in the Sea of Okhotsk are negotiated every winter by the two coastguards. "
        "The talks rarely reach the newspapers and the results are published months later. "
        "Local fleets complain that the quotas ignore how the stocks have moved north. "
        "Scientists on both sides have asked for shared surveys of pollock and crab. "
        "A joint survey vessel was proposed but never funded by either ministry. "
        "The fishermen keep their own records and trust them more than the official ones."
    ),
    "tourism": (
        "Russian tour groups began visiting the Masikryong ski resort in early 2024. "
        "The trips were sold through a travel agency in Vladivostok at modest prices. "
        "Visitors described empty slopes, strict guides and carefully chosen restaurants. "
        "Some groups also visited Pyongyang and the demilitarised zone on longer tours. "
        "Western tourists remained barred from the country during the same period. "
        "The agency said demand was steady but far below what it had hoped for."
    ),
    "energy": (
        "A gas pipeline from Russia to South Korea through the North was discussed for years. "
        "Engineers drew several routes, some of them running along the eastern coast. "
        "The plan required guarantees that the North would never interrupt the supply. "
        "South Korean governments changed their minds about the project more than once. "
        "Liquefied gas shipped by sea turned out to be cheaper for most buyers. "
        "The maps of the pipeline are now mostly cited in histories of missed chances."
    ),
}

# A small synonym table in the manner of machine "spinners": content words and the little
# words between them alike, so that most sentences keep fewer than two words in three.
SYNONYMS = {
    "economic relationship": "financial courtship",
    "security council": "safety council",
    "human rights": "human liberties",
    "joint projects": "shared ventures",
    "public debate": "open discussion",
    "launch pads": "liftoff platforms",
    "far below": "well underneath",
    "for a while": "for a time",
    "rather than": "somewhat than",
    "according to": "in line with",
    "in the": "within the",
    "railway": "railroad",
    "rebuilt": "reconstructed",
    "money": "cash",
    "expected": "anticipated",
    "buyers": "purchasers",
    "adopted": "followed",
    "describe": "portray",
    "described": "defined",
    "promise": "pledge",
    "critics": "detractors",
    "symbolism": "symbolic value",
    "withdrew": "pulled out",
    "slows": "delays",
    "idle": "unused",
    "quiet": "silent",
    "pillar": "column",
    "crews": "teams",
    "wages": "earnings",
    "largely": "mostly",
    "required": "obliged",
    "workers": "employees",
    "reporters": "journalists",
    "documented": "recorded",
    "value": "prize",
    "quickly": "rapidly",
    "rarely": "seldom",
    "grown": "risen",
    "large": "huge",
    "decades": "many years",
    "agreed": "consented",
    "write off": "cancel",
    "write-off": "cancellation",
    "invested": "put",
    "ratified": "approved",
    "doubt": "question",
    "presented": "offered",
    "gesture": "sign",
    "poor": "impoverished",
    "published": "released",
    "visited": "went to",
    "visit": "consult with",
    "toured": "inspected",
    "detailed": "thorough",
    "hinted": "suggested",
    "warned": "cautioned",
    "claimed": "asserted",
    "progress": "headway",
    "confirm": "verify",
    "praised": "lauded",
    "growing": "expanding",
    "noted": "remarked",
    "construction": "building work",
    "cooperation": "collaboration",
    "relationship": "connection",
    "economic": "financial",
    "officials": "functionaries",
    "project": "undertaking",
    "projects": "ventures",
    "port": "harbour",
    "trains": "locomotives",
    "firms": "companies",
    "border": "frontier",
    "country": "nation",
    "agreement": "settlement",
    "loans": "credit",
    "banks": "lenders",
    "details": "main points",
    "experts": "mavens",
    "engineers": "technicians",
    "questions": "queries",
    "help": "assist",
    "build": "construct",
    "break": "breach",
    "images": "pictures",
    "site": "web site",
    "sites": "web sites",
    "was": "used to be",
    "were": "had been",
    "between": "amongst",
    "through": "by way of",
    "after": "following",
    "still": "nonetheless",
    "most": "maximum",
    "every": "each and every",
    "because": "as a result of",
    "since": "for the reason that",
    "several": "a number of",
    "many": "a lot of",
    "new": "contemporary",
    "later": "in a while",
    "long": "lengthy",
    "think": "suppose",
    "again": "once more",
    "little": "scant",
    "also": "additionally",
    "might": "would possibly",
    "such": "this type of",
    "about": "approximately",
    "found": "came upon",
    "began": "started",
    "sold": "offered",
    "showed": "confirmed",
    "complain": "whinge",
    "ended": "concluded",
    "leaders": "heads",
    "government": "executive",
    "governments": "executives",
}
_SWAP = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

# Sentences the reworder slips in: ours, and about nothing the originals say.
FILLERS = [
    "Readers can find more reporting on the region in our archive of earlier articles.",
    "This article was updated with additional background by the editors this week.",
    "The photographs accompanying this story were supplied by a regional news agency.",
]


def _swapped(match):
    word = match.group(0)
    new = SYNONYMS[word.lower()]
    return new[:1].upper() + new[1:] if word[:1].isupper() else new


def swap(sentence):
    """Every phrase of the table replaced at once (a replacement is never replaced again)."""
    return _SWAP.sub(_swapped, sentence)


def split(sentence):
    """A long sentence joined by ", and" / ", but" / ", which" becomes two sentences, or None."""
    match = re.search(r", (and|but|which|although|including) ", sentence)
    if not match:
        return None
    first = sentence[: match.start()].rstrip(",") + "."
    rest = sentence[match.end() :]
    second = {"and": "And ", "but": "But ", "which": "This ", "although": "Still, "}.get(
        match.group(1), "It includes "
    ) + rest
    return [first, second]


def reword(text, rng):
    """The reworded text and its links ``[original index, reworded index]``."""
    out, links = [], []
    for index, sentence in enumerate(split_sentences(text)):
        roll = rng.random()
        if roll < 0.08:
            continue  # dropped
        if roll < 0.16:
            out.append(rng.choice(FILLERS))
        parts = split(sentence) if roll > 0.6 else None
        for part in parts or [sentence]:
            links.append([index, len(out)])
            out.append(swap(part))
    reworded = " ".join(out)
    # The labels index the sentences the aligner sees: check that they are these.
    assert split_sentences(reworded) == out, "a reworded sentence is too short to count"
    return reworded, links


# Seed 000 against its machine-reworded copy 004, sentence indexes as split_sentences gives
# them, labelled by reading both. 000's title, teaser and closing summary (0, 1, 11) have no
# counterpart; 000's sentence 8 is moved earlier in 004 (sentence 6), so no in-order alignment
# can hold it together with 5 and 6.
SEED_LINKS = {
    "left": "000",
    "right": "004",
    "links": [
        [2, 2],
        [3, 3],
        [4, 4],
        [8, 6],
        [5, 8],
        [6, 9],
        [7, 28],
        [7, 29],
        [9, 20],
        [9, 21],
        [9, 22],
        [10, 24],
        [10, 26],
    ],
    "uncertain": {"left": [11], "right": []},
}


def main():
    rng = random.Random(11)
    pairs = []
    for name, text in ORIGINALS.items():
        for copy in range(2):
            reworded, links = reword(text, rng)
            pairs.append(
                {
                    "name": f"{name}-reworded-{copy + 1}",
                    "left": text,
                    "right": reworded,
                    "links": links,
                }
            )
    data = {
        "about": (
            "Sentence alignment labels: reworded copies of the project's own texts made by "
            "scripts/make_alignment_labels.py, and links between seeds 000 and 004 by index."
        ),
        "pairs": pairs,
        "seed_pairs": [SEED_LINKS],
        "unrelated": {**ORIGINALS, **UNRELATED},
        "unrelated_seeds": ["000", "001", "002", "003"],
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    total = sum(len(pair["links"]) for pair in pairs)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(pairs)} reworded pairs, {total} links")


if __name__ == "__main__":
    main()
