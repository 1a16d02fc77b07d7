"""Source metadata for the seed documents, keyed by file name: only what the text supports."""

import datetime as dt

SOURCES = {
    "000_d6f33ad429e0108e.txt": {
        "title": (
            "Russia-North Korea Economic Relationship: "
            "Historical Background and Geopolitical Considerations"
        ),
        "slug": "russia-north-korea-economic-relationship-historical-background",
        "kind": "analysis",
        # An explainer in its own words; it quotes no one.
        "assessment": "analysis",
        "quotations": "none",
        # Every seed is written in English.
        "language": "en",
        "tags": ["History", "Trade", "Energy", "Labour migration", "Diplomacy"],
        "reliability_notes": (
            "An unsigned explainer: the text names no author and no publisher (it opens with "
            "a section label, “World”). Date unknown: it mentions President Putin’s “recent "
            "visit to North Korea and the signed mutual defence pact”, so it was written after "
            "that visit, but it gives no date. Clean prose that covers much of the same material "
            "as the machine-reworded seed “What are the principle causes…”, often in the same "
            "sentences; the two are not independent witnesses. General statements, no figures "
            "or sources of its own."
        ),
    },
    "001_7aff37ea224009ba.txt": {
        "title": "Russia and North Korea Economic Relationship",
        "slug": "russia-and-north-korea-economic-relationship",
        "kind": "analysis",
        # An institute's explainer with unsourced figures; it quotes no one.
        "assessment": "analysis",
        "quotations": "none",
        # Every seed is written in English.
        "language": "en",
        "publisher": "The European Institute for International Law and International Relations",
        "published_on": dt.date(2023, 1, 1),
        "published_precision": "year",
        "date_status": "estimated",
        "tags": ["History", "Trade", "Debt", "Investment", "Diplomacy", "Military cooperation"],
        "references": [
            "https://time.com/6313095/russia-north-korea-relationship-timeline/",
            "https://www.sciencedirect.com/science/article/pii/S1879366516300124",
            (
                ""
                "https://www.nytimes.com/2023/09/04/us/politics/putin-kim-meeting-russia-north-korea-weapons.html"
            ),
        ],
        "reliability_notes": (
            "Publisher from the closing line “By The European Institute for International Law "
            "and International Relations.”; no individual author is named. Date estimated as "
            "2023 (year only): the text describes the 12 September 2023 meeting as the most "
            "recent one and lists a reference dated 4 September 2023; the page furniture "
            "(“Check Also … The Upcoming G7”) suggests it was captured somewhat later. Copied "
            "from a web page, with navigation text at the top and bottom. Figures (over 50% of "
            "foreign trade in 1990, 90% of debt forgiven, 6 of 15 enterprises wholly North "
            "Korean-owned) are given without sources; several passages are openly speculative "
            "(“We are only left with speculations”). Careless editing (“easter regions”, "
            "“he countries”)."
        ),
    },
    "002_1f0f5e52fc9cbd68.txt": {
        "title": "Strategic Partnership Between Russia and North Korea",
        "slug": "strategic-partnership-between-russia-and-north-korea",
        "kind": "opinion",
        # A signed commentary arguing a view; it quotes no one.
        "assessment": "opinion",
        "quotations": "none",
        # Every seed is written in English.
        "language": "en",
        "authors": "Sahibzada Usman",
        "tags": [
            "History",
            "Trade",
            "Energy",
            "Transport",
            "Investment",
            "Military cooperation",
            "Diplomacy",
            "Nuclear issue",
        ],
        "reliability_notes": (
            "Signed by Sahibzada Usman, described in the author box as holding a PhD in "
            "geopolitics; no publisher is named (the page shows a comment form). Date unknown: "
            "the latest event it mentions is the 2019 Vladivostok summit, and it does not "
            "mention the 2023 meeting. A commentary in general terms: several statements "
            "(military training, joint exercises) are not dated or sourced, so claims resting "
            "on it alone are reported as the author’s account."
        ),
    },
    "003_1d8e6f67ff53ea45.txt": {
        "title": "Russia and North Korea: what can they do for each other?",
        "slug": "russia-and-north-korea-what-can-they-do-for-each-other",
        "kind": "news",
        # A summary of unnamed "recent reports", with no reporting of its own; it quotes no one.
        "assessment": "secondary",
        "quotations": "none",
        # Every seed is written in English.
        "language": "en",
        "tags": ["Sanctions", "Labour migration", "Military cooperation", "Diplomacy", "Energy"],
        "reliability_notes": (
            "No author or publisher named. Date unknown: written before a visit by Vladimir "
            "Putin to Pyongyang that it calls “impending”, but it gives no date. A short "
            "summary under subheadings; it relies on unnamed “recent reports” and says that "
            "the Kremlin denies the arms-for-technology exchanges it mentions, so those claims "
            "are marked disputed."
        ),
    },
    "004_0d939bf37398016d.txt": {
        "title": (
            "What are the principle causes for Russia to finish its strategic shift against "
            "East Asia or even signal a pact of mutual defence with North Korea?"
        ),
        "slug": "russia-strategic-shift-east-asia-mutual-defence-pact-north-korea",
        "kind": "news",
        # Reworded by machine, quotations included: never its analysts' exact words.
        "assessment": "reworded",
        "quotations": "unreliable",
        "derived_from": "000",
        # Every seed is written in English.
        "language": "en",
        "tags": [
            "History",
            "Trade",
            "Energy",
            "Labour migration",
            "Sanctions",
            "Military cooperation",
            "Diplomacy",
            "War in Ukraine",
        ],
        "reliability_notes": (
            "A machine-reworded copy of an article, not the article itself: synonyms were "
            "substituted phrase by phrase, garbling names and terms (“post-Global Struggle II” "
            "for post-World War II, “Chilly Struggle” for Cold War, “Democratic Other folks’s "
            "Republic of Korea”, “A ways East” for Far East, “purple carpet”, and “Hundreds” "
            "where the clean source 000 has “thousands” of workers). The title is garbled too "
            "and is kept as received. The analysts quoted say they spoke to Euronews, so the "
            "original was most likely a Euronews article; Euronews is not recorded as the "
            "publisher because this document is an unattributed rewording of it, published by "
            "an unknown party. Quotations from analysts are reworded as well: cite them for "
            "their gist, never as their exact words. Date unknown: it describes Putin’s welcome "
            "in North Korea as happening “this week” and the defence pact as “recently signed”, "
            "without a date. Several paragraphs repeat source 000 almost sentence for sentence, "
            "so it is recorded as derived from 000, the clean text of that material held by the "
            "project; the analysts’ quotations are not in 000, and the article they come from is "
            "not held."
        ),
    },
}
