"""Claims on military cooperation and diplomacy, drafts included."""

import datetime as dt

from .common import D, Y

CLAIMS = [
    {
        "key": "artillery-ammunition-aim",
        "statement": (
            "Branislav Slantchev believes that obtaining artillery ammunition is one of "
            "Russia’s main aims in working closely with North Korea."
        ),
        "tags": ["Military cooperation", "War in Ukraine"],
        "cite": [
            {
                "source": "004",
                "quote": (
                    "obtaining artillery ammunition is certainly one of Russia’s major goals in "
                    "running intently with North Korea"
                ),
                "attribution": "Branislav Slantchev, University of California San Diego",
            },
        ],
    },
    {
        "key": "military-training",
        "statement": "Russia has given North Korea military training and technical assistance.",
        "tags": ["Military cooperation"],
        "cite": [
            (
                "002",
                "Russia has provided military training and technical assistance to North Korea, "
                "enhancing its defense capabilities.",
            ),
        ],
    },
    {
        "key": "joint-exercises",
        "statement": "The two countries’ armed forces have held joint exercises and exchanges.",
        "tags": ["Military cooperation"],
        "cite": [("002", "Joint military exercises and exchanges have also been conducted")],
    },
    {
        "key": "counterweight-us-rok-alliance",
        "statement": (
            "Their military cooperation is a counterweight to the alliance between the United "
            "States and South Korea."
        ),
        "tags": ["Military cooperation", "South Korea"],
        "cite": [
            (
                "002",
                (
                    "This collaboration serves as a counterbalance to the "
                    "U.S.-South Korea military alliance"
                ),
            ),
        ],
    },
    {
        "key": "space-tech-for-arms",
        "statement": (
            "Russia is reported to have given North Korea technological help with its space "
            "programme in exchange for military equipment; the Kremlin denies it."
        ),
        "tags": ["Military cooperation"],
        "status": "disputed",
        "cite": [
            (
                "003",
                "reported exchanges involving technological expertise for North Korea’s space "
                "program in exchange for military equipment",
            ),
            {
                "source": "003",
                "quote": "While these claims have been denied by the Kremlin",
                "stance": "contradicts",
            },
        ],
    },
    {
        "key": "weapons-in-ukraine",
        "statement": "North Korean weapons may have reached the war in Ukraine.",
        "tags": ["Military cooperation", "War in Ukraine"],
        "status": "disputed",
        "cite": [
            (
                "003",
                "evidence suggests North Korean weapons may have found their way to conflict "
                "zones like Ukraine",
            ),
        ],
    },
    {
        "key": "summit-2023-weapons-agenda",
        "statement": (
            "The September 2023 meeting was expected to centre on supplies of North Korean "
            "weapons for Russia’s war against Ukraine."
        ),
        "tags": ["Military cooperation", "War in Ukraine", "Diplomacy"],
        "date": (dt.date(2023, 9, 12), D),
        "cite": [
            (
                "001",
                "the meeting is expected to evolve around the supply of weaponry from North "
                "Korea to Russia, for the current war Russia is in against Ukraine",
            ),
            ("001", "The main topic of discussion is expected to be military aid from both ends"),
        ],
    },
    {
        "key": "mutual-defence-pact-signed",
        "statement": (
            "Vladimir Putin and Kim Jong Un signed a mutual defence pact during Putin’s visit "
            "to North Korea."
        ),
        "tags": ["Military cooperation", "Diplomacy"],
        "editor_notes": (
            "No date in the seed texts (“recent”); add one when a dated source is held."
        ),
        "cite": [
            (
                "000",
                "President Putin’s recent visit to North Korea and the signed mutual defence pact "
                "with Kim Jong Un have stirred regional tensions",
            ),
            ("004", "The mutual defence pact, signed between Putin and Kim"),
        ],
    },
    {
        "key": "pact-is-an-alliance",
        "statement": (
            "Alexander Lanoszka calls the pact an alliance, because it is a written agreement "
            "containing mutual defence pledges."
        ),
        "tags": ["Military cooperation"],
        "cite": [
            {
                "source": "004",
                "quote": (
                    "There’s a written settlement that comprises mutual defence pledges. This is "
                    "an alliance."
                ),
                "attribution": "Alexander Lanoszka, University of Waterloo",
            },
        ],
    },
    {
        "key": "pact-threat-security",
        "statement": (
            "Ivan Kłyszcz warns that North Korea’s cooperation with Moscow is a serious threat "
            "to international security and should be taken seriously."
        ),
        "tags": ["Military cooperation"],
        "cite": [
            {
                "source": "004",
                "quote": (
                    "its regime may be a significant danger to global safety, due to this fact "
                    "its cooperation with Moscow will have to be taken significantly"
                ),
                "attribution": (
                    "Ivan Kłyszcz, International Centre for Defence and Security, Tallinn"
                ),
            },
        ],
    },
    {
        "key": "seoul-reconsiders-ukraine-aid",
        "statement": (
            "South Korea’s presidential office condemned the pact and said it would reconsider "
            "its policy of giving Ukraine only non-lethal supplies."
        ),
        "tags": ["Military cooperation", "South Korea", "War in Ukraine", "Diplomacy"],
        "cite": [
            (
                "004",
                "South Korea’s presidential workplace condemned the mentioned settlement and made "
                "a public commentary that it’s going to rethink its present coverage of "
                "restricting beef up to Ukraine of non-lethal provides.",
            ),
        ],
    },
    # Diplomacy
    {
        "key": "summit-2019-vladivostok",
        "statement": "Putin and Kim Jong Un held a summit in Vladivostok in 2019.",
        "tags": ["Diplomacy"],
        "date": (dt.date(2019, 1, 1), Y),
        "cite": [
            (
                "002",
                "the 2019 summit between President Putin and North Korean leader Kim Jong-un in "
                "Vladivostok highlighted the deepening political ties",
            ),
        ],
    },
    {
        "key": "meeting-2023-09-12",
        "statement": (
            "Putin and Kim Jong Un met in eastern Russia on 12 September 2023, their first "
            "meeting since 2019."
        ),
        "tags": ["Diplomacy"],
        "date": (dt.date(2023, 9, 12), D),
        "cite": [
            (
                "001",
                "A meeting between two of the world’s most isolated leaders took place on "
                "September 12th of 2023.",
            ),
            ("001", "Vladimir Putin and Kim Jong Un unite once again since 2019 in Eastern Russia"),
        ],
    },
    {
        "key": "putin-visit-pyongyang-influence",
        "statement": (
            "Ahead of Putin’s visit to Pyongyang, the visit was seen as a sign of Russia’s "
            "growing influence on North Korea."
        ),
        "tags": ["Diplomacy"],
        "cite": [
            (
                "003",
                "Vladimir Putin’s impending visit to Pyongyang, highlighting Russia’s increasing "
                "influence on its isolated neighbor",
            ),
        ],
    },
    {
        "key": "staged-welcome",
        "statement": (
            "North Korea gave Putin an elaborately staged welcome: the carpet on which Kim Jong "
            "Un greeted him was visible in satellite images."
        ),
        "tags": ["Diplomacy"],
        "cite": [
            (
                "004",
                "Vladimir Putin gained such an impressively staged welcome in North Korea that "
                "the purple carpet he used to be greeted on by means of Kim Jong Un used to be "
                "later visual at the satellite tv for pc photos from Earth’s orbit.",
            ),
        ],
    },
    {
        "key": "six-party-talks",
        "statement": "Russia took part in the Six-Party Talks on North Korea’s nuclear programme.",
        "tags": ["Diplomacy", "Nuclear issue"],
        "cite": [
            (
                "002",
                "Russia’s participation in the Six-Party Talks, a multilateral effort aimed at "
                "addressing North Korea’s nuclear program",
            ),
        ],
    },
    {
        "key": "denuclearisation-dialogue",
        "statement": (
            "Russia supports the denuclearisation of the Korean Peninsula but calls for a "
            "peaceful solution reached through dialogue."
        ),
        "tags": ["Diplomacy", "Nuclear issue"],
        "cite": [
            (
                "002",
                "While advocating for the denuclearization of the Korean Peninsula, Moscow has "
                "consistently called for a peaceful resolution through dialogue and negotiation.",
            ),
        ],
    },
    {
        "key": "china-main-partner",
        "statement": "China remains North Korea’s main partner and economic lifeline.",
        "tags": ["China", "Diplomacy", "Trade"],
        "cite": [
            (
                "003",
                (
                    "China has long been North Korea’s main partner, "
                    "providing essential trade and support."
                ),
            ),
            ("001", "As of right now, China is the main partner of North Korea"),
            (
                "004",
                "Whilst China stays North Korea’s number one best friend and financial lifeline",
            ),
        ],
    },
    {
        "key": "russia-reduces-china-reliance",
        "statement": (
            "North Korea uses its partnership with Russia to reduce its dependence on China."
        ),
        "tags": ["China", "Diplomacy"],
        "cite": [
            (
                "002",
                "the alignment with Russia helps North Korea diversify its international "
                "relationships, reducing its overreliance on China",
            ),
            (
                "004",
                "Pyongyang seeks to diversify its global partnerships to keep away from "
                "over-reliance on Beijing",
            ),
        ],
    },
    {
        "key": "signal-to-china",
        "statement": (
            "Alexander Clarkson reads the rapprochement as a signal to China that Russia can "
            "find other sources of support."
        ),
        "tags": ["China", "Diplomacy"],
        "cite": [
            {
                "source": "004",
                "quote": (
                    "it alerts to China that Russia can to find selection resources of beef up"
                ),
                "attribution": "Alexander Clarkson, King’s College London",
            },
        ],
    },
    {
        "key": "alternative-support-for-pyongyang",
        "statement": (
            "Closer ties with Russia give North Korea another source of international support "
            "as pressure from the United States and its allies mounts."
        ),
        "tags": ["Diplomacy"],
        "cite": [
            (
                "002",
                "This diplomatic engagement has provided North Korea with an alternative avenue "
                "for international support, especially as it faces mounting pressure from the "
                "United States and its allies.",
            ),
        ],
    },
    {
        "key": "counterbalance-us-presence",
        "statement": (
            "Through its partnership with North Korea, Russia aims to strengthen its influence "
            "on the Korean Peninsula and counterbalance the United States and its allies."
        ),
        "tags": ["Diplomacy"],
        "cite": [
            (
                "000",
                "aiming to strengthen its influence in the Korean Peninsula and counterbalance "
                "the presence of the United States and its allies in the region",
            ),
            (
                "004",
                "Russia goals to fortify its affect within the Korean Peninsula and counterbalance "
                "the presence of the US and its allies within the area",
            ),
        ],
    },
    # Drafts: not yet fit to publish, kept to show the workflow.
    {
        "key": "investment-linked-to-invasion",
        "statement": (
            "Russia’s renewed investment in North Korea may have been linked to its plans to "
            "invade Ukraine."
        ),
        "tags": ["Investment", "War in Ukraine"],
        "status": "draft",
        "editor_notes": (
            "The source offers this as speculation (“We are only left with speculations”). "
            "Needs a second, firmer source before it can be verified."
        ),
        "cite": [("001", "Maybe Russia’s plans to invade Ukraine asked for foreign investments")],
    },
    {
        "key": "thoroughbred-horses",
        "statement": "Russia and North Korea have exchanged thoroughbred horses.",
        "tags": ["Trade"],
        "status": "draft",
        "editor_notes": (
            "The source does not say which way the horses went, or when. Check before verifying."
        ),
        "cite": [("003", "sharing unique exports, such as thoroughbred horses")],
    },
]
