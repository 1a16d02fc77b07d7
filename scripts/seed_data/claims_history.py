"""Claims on the history of the relationship, 1948 to the 2000s."""

import datetime as dt

from .common import Y

CLAIMS = [
    {
        "key": "soviet-role-founding-1948",
        "statement": (
            "The Soviet Union played a central role in establishing the Democratic People’s "
            "Republic of Korea in 1948."
        ),
        "tags": ["History"],
        "date": (dt.date(1948, 1, 1), Y),
        "cite": [
            (
                "000",
                "the Soviet Union played a crucial role in the establishment of the Democratic "
                "People’s Republic of Korea (DPRK) in 1948",
            ),
            (
                "002",
                "the Soviet Union played a pivotal role in the establishment of the Democratic "
                "People’s Republic of Korea (DPRK) in 1948",
            ),
            (
                "004",
                "the Soviet Union performed a a very powerful position within the established "
                "order of the Democratic Other folks’s Republic of Korea (DPRK) in 1948",
            ),
        ],
    },
    {
        "key": "soviet-benefactor-cold-war",
        "statement": (
            "Throughout the Cold War the Soviet Union was North Korea’s main economic and "
            "military benefactor, giving aid, technical assistance and trade."
        ),
        "tags": ["History", "Trade", "Military cooperation"],
        "cite": [
            (
                "000",
                "During the Cold War, the Soviet Union was North Korea’s primary economic and "
                "military benefactor, providing substantial aid, technical assistance, and trade "
                "opportunities.",
            ),
            (
                "002",
                "The Soviet Union provided substantial economic and military support to the "
                "fledgling state",
            ),
            (
                "004",
                "the Soviet Union used to be North Korea’s number one financial and armed forces "
                "benefactor",
            ),
        ],
    },
    {
        "key": "soviet-share-foreign-trade-1990",
        "statement": (
            "In 1990 the Soviet Union accounted for more than half of North Korea’s foreign trade."
        ),
        "tags": ["History", "Trade"],
        "date": (dt.date(1990, 1, 1), Y),
        "cite": [
            (
                "001",
                "the Soviet Union itself had a well structured economic partnership with North "
                "Korea having its share in foreign trade at over 50% in 1990",
            ),
        ],
    },
    {
        "key": "soviet-built-facilities",
        "statement": (
            "Facilities built in North Korea in the Soviet era supplied the country with "
            "electricity, fertilisers and metals."
        ),
        "tags": ["History", "Investment", "Energy"],
        "cite": [
            (
                "001",
                "many facilities were built in North Korea, responsible for producing a great "
                "amount of supplies to the country such as electricity; fertilisers and metals",
            ),
        ],
    },
    {
        "key": "support-declined-1991",
        "statement": (
            "When the Soviet Union dissolved in 1991 its support for North Korea fell sharply, "
            "leaving Pyongyang with serious economic difficulties."
        ),
        "tags": ["History"],
        "date": (dt.date(1991, 1, 1), Y),
        "cite": [
            (
                "000",
                "with the dissolution of the Soviet Union in 1991, this support drastically "
                "declined, leading North Korea to face significant economic challenges",
            ),
            ("002", "the collapse of the Soviet Union in 1991 led to a period of estrangement"),
            (
                "004",
                "with the dissolution of the Soviet Union in 1991, this beef up tremendously "
                "declined, main North Korea to stand vital financial demanding situations",
            ),
        ],
    },
    {
        "key": "yeltsin-turn-west",
        "statement": (
            "Under President Boris Yeltsin, Russia sought closer ties with the West and its "
            "relations with North Korea cooled."
        ),
        "tags": ["History", "Diplomacy"],
        "cite": [
            (
                "002",
                "as Russia, under President Boris Yeltsin, sought closer ties with the West",
            ),
        ],
    },
    {
        "key": "priority-south-korea-1990s",
        "statement": (
            "After the Soviet collapse, Russia gave priority to economic ties with other "
            "countries, South Korea among them, over North Korea."
        ),
        "tags": ["History", "Investment", "South Korea"],
        "cite": [
            (
                "001",
                "Russia decided to prioritise their economic investments with other countries "
                "such as South Korea",
            ),
        ],
    },
    {
        "key": "little-attention-1990s",
        "statement": (
            "In the 1990s Russia, absorbed by its own economic transition and internal "
            "turmoil, paid little attention to North Korea."
        ),
        "tags": ["History", "Diplomacy"],
        "cite": [
            (
                "004",
                "Within the Nineties, Russia, grappling with its personal financial transition "
                "and inner turmoil, in addition to decreasing its imperial ambitions to a "
                "regional degree, paid little consideration to North Korea.",
            ),
        ],
    },
    {
        "key": "renewed-interest-2000s",
        "statement": (
            "Russia’s interest in North Korea revived in the 2000s under Vladimir Putin, as "
            "part of an effort to reassert its influence in Northeast Asia."
        ),
        "tags": ["History", "Diplomacy"],
        "cite": [
            (
                "000",
                "The economic cooperation between Russia and North Korea has seen renewed "
                "interest since the 2000s as Russia sought to reassert its influence in "
                "Northeast Asia.",
            ),
            (
                "002",
                "The resurgence of Russian interest in North Korea began in the early 2000s "
                "under President Vladimir Putin.",
            ),
            (
                "004",
                "the 2000s noticed a renewed passion as Russia sought to reassert its affect "
                "in Northeast Asia",
            ),
        ],
    },
    {
        "key": "treaty-friendship-2000",
        "statement": (
            "In 2000 Russia and North Korea signed an Intergovernmental Treaty on Friendship, "
            "Good Neighbourly Relations and Cooperation."
        ),
        "tags": ["History", "Diplomacy"],
        "date": (dt.date(2000, 1, 1), Y),
        "cite": [
            (
                "001",
                "During the year 2000, the countries signed an Intergovernmental Treaty on "
                "Friendship, Good Neighbourly Relations and Cooperation",
            ),
        ],
    },
    {
        "key": "treaty-2000-conditions",
        "statement": (
            "The 2000 treaty set out legal, financial and economic conditions intended to "
            "promote trade and cooperation."
        ),
        "tags": ["Diplomacy", "Trade"],
        "date": (dt.date(2000, 1, 1), Y),
        "cite": [
            (
                "001",
                "they established favourable conditions regarding legal, financial and economic "
                "partnerships to promote trade and general collaboration",
            ),
        ],
    },
    {
        "key": "drivers-of-reengagement",
        "statement": (
            "Russia’s renewed engagement was driven by a wish to counterbalance US influence, "
            "by economic opportunities and by regional security concerns."
        ),
        "tags": ["Diplomacy"],
        "cite": [
            (
                "002",
                "This renewed engagement was driven by several factors, including the desire to "
                "counterbalance U.S. influence in the region, the pursuit of economic "
                "opportunities, and concerns over regional security dynamics.",
            ),
        ],
    },
]
