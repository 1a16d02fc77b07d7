"""Claims on trade, debt, investment, energy and transport."""

import datetime as dt

from .common import Y

CLAIMS = [
    {
        "key": "trade-fluctuates",
        "statement": (
            "Trade between Russia and North Korea has fluctuated, often with international "
            "sanctions and the state of diplomatic relations."
        ),
        "tags": ["Trade", "Sanctions"],
        "cite": [
            (
                "000",
                "Trade between Russia and North Korea has seen fluctuations, often influenced by "
                "international sanctions and diplomatic relations.",
            ),
            (
                "004",
                "Business between Russia and North Korea has noticed fluctuations, continuously "
                "influenced by means of global sanctions and diplomatic family members.",
            ),
        ],
    },
    {
        "key": "north-korean-exports",
        "statement": (
            "North Korea’s exports to Russia are mainly minerals, "
            "textiles and agricultural products."
        ),
        "tags": ["Trade"],
        "cite": [
            (
                "000",
                "The trade relationship is primarily characterized by North Korean exports of "
                "minerals, textiles, and agricultural products",
            ),
            (
                "004",
                "The business courting is essentially characterized by means of North Korean "
                "exports of minerals, textiles, and agricultural merchandise",
            ),
        ],
    },
    {
        "key": "russian-exports",
        "statement": (
            "Russia’s exports to North Korea are mainly energy resources, machinery and "
            "transport equipment."
        ),
        "tags": ["Trade", "Energy"],
        "cite": [
            ("000", "while Russia exports energy resources, machinery, and transport equipment"),
            ("004", "whilst Russia exports power assets, equipment, and delivery apparatus"),
        ],
    },
    {
        "key": "key-sectors",
        "statement": (
            "Energy, transport and agriculture are the main fields of economic collaboration."
        ),
        "tags": ["Trade", "Energy", "Transport"],
        "cite": [
            (
                "002",
                "Key areas of economic collaboration include energy, transportation, and "
                "agriculture.",
            ),
        ],
    },
    {
        "key": "debt-forgiven-90-percent",
        "statement": (
            "Russia wrote off 90% of North Korea’s debt and agreed that the remainder be "
            "repaid over 20 years."
        ),
        "tags": ["Debt"],
        "cite": [
            (
                "001",
                "Russia forgave 90% of DPRK’s debt, and agreed for the remainder to be paid over "
                "a 20 year period",
            ),
        ],
    },
    {
        "key": "contracts-expanded-2014",
        "statement": (
            "Since 2014 Russia and North Korea have expanded their bilateral economic contracts."
        ),
        "tags": ["Trade", "Investment"],
        "date": (dt.date(2014, 1, 1), Y),
        "cite": [
            (
                "001",
                "ever since 2014 where Russia and North Korea have expanded bilateral contracts "
                "in the economic area",
            ),
        ],
    },
    {
        "key": "dprk-investment-russian-east",
        "statement": (
            "North Korea has invested in enterprises in Russia’s eastern regions; of fifteen "
            "such enterprises, six were wholly North Korean-owned."
        ),
        "tags": ["Investment"],
        "cite": [
            ("001", "DPRK is investing in many enterprises in the easter regions of Russia"),
            (
                "001",
                (
                    "Over the 15 that had North Korean Investments, 6 "
                    "of them had 100% of DPRK capital."
                ),
            ),
        ],
    },
    {
        "key": "rebuild-joint-enterprises",
        "statement": (
            "The two countries have planned to rebuild enterprises that they had once built "
            "together."
        ),
        "tags": ["Investment"],
        "cite": [
            (
                "001",
                (
                    "their close relation envisioned the reconstruction of "
                    "enterprises built by joint efforts"
                ),
            ),
        ],
    },
    {
        "key": "mining-agriculture-ventures",
        "statement": (
            "Joint ventures in mining and agriculture have been explored, with Russian firms "
            "seeking access to North Korea’s untapped natural resources."
        ),
        "tags": ["Investment", "Trade"],
        "cite": [
            (
                "002",
                "joint ventures in the mining and agricultural sectors have been explored, with "
                "Russian firms seeking access to North Korea’s untapped natural resources and "
                "agricultural products",
            ),
        ],
    },
    {
        "key": "kim-diversify-attract-investment",
        "statement": (
            "Under Kim Jong Un, North Korea has sought more diverse foreign relations to "
            "attract foreign investment."
        ),
        "tags": ["Investment", "Diplomacy"],
        "cite": [
            (
                "001",
                "Under the rule of Kim Jong Un, North Korea is finally aiming to a more diverse "
                "foreign relations, in order to attract foreign investment",
            ),
        ],
    },
    {
        "key": "no-economic-rationale",
        "statement": (
            "Elina Ribakova of the Kyiv School of Economics sees no economic rationale for the "
            "rapprochement: in her view it rests on military cooperation alone."
        ),
        "tags": ["Trade", "Military cooperation"],
        "cite": [
            {
                "source": "004",
                "quote": (
                    "There are completely no legitimate financial reasoning for the emerging "
                    "cooperation between Russia and North Korea, the reasoning is solely that of "
                    "army cooperation."
                ),
                "attribution": "Elina Ribakova, Kyiv School of Economics",
            },
        ],
    },
    {
        "key": "russian-economy-small-vs-west",
        "statement": (
            "Robin Brooks of the Brookings Institution argues that Russia’s economy is small "
            "beside the combined purchasing power of Western consumers it has lost."
        ),
        "tags": ["Trade", "China", "War in Ukraine"],
        "cite": [
            {
                "source": "004",
                "quote": (
                    "Russia’s economic system is tiny in comparison to the mixed may of Western "
                    "customers."
                ),
                "attribution": "Robin Brooks, Brookings Institution",
            },
        ],
    },
    {
        "key": "korean-gateway",
        "statement": (
            "For Russia, influence on the Korean peninsula is a gateway to Northeast Asia and "
            "the Asia-Pacific."
        ),
        "tags": ["Diplomacy"],
        "cite": [
            (
                "001",
                "For Russia, influence and a close relationships with he countries in the Korean "
                "peninsula means a doorway to northeast Asia and the Asia-Pacific region.",
            ),
        ],
    },
    # Energy and transport
    {
        "key": "trans-korean-railway",
        "statement": (
            "A proposed trans-Korean railway would connect the Korean Peninsula to the "
            "Trans-Siberian Railway and so to European markets."
        ),
        "tags": ["Transport"],
        "cite": [
            (
                "002",
                "the proposed trans-Korean railway, which aims to connect the Korean Peninsula "
                "with the Trans-Siberian Railway, providing North Korea with a crucial link to "
                "European markets",
            ),
            (
                "001",
                "to create a railway to link the North and South Korea peninsulas to Russia and "
                "Europe",
            ),
        ],
    },
    {
        "key": "railway-reduce-china-reliance",
        "statement": (
            "The railway project is presented as a way to open North Korea to trade and "
            "reduce its reliance on China."
        ),
        "tags": ["Transport", "China"],
        "cite": [
            (
                "002",
                "This ambitious initiative holds the potential to transform North Korea’s "
                "economic landscape by facilitating trade and reducing its reliance on China.",
            ),
        ],
    },
    {
        "key": "railway-and-pipelines",
        "statement": (
            "Extending the Trans-Siberian Railway through North Korea to South Korea and "
            "building gas pipelines and power grids are long-standing plans for energy "
            "cooperation."
        ),
        "tags": ["Energy", "Transport", "South Korea"],
        "cite": [
            (
                "000",
                "Energy cooperation, including potential projects like extending the "
                "Trans-Siberian Railway and constructing gas pipelines, highlights the strategic "
                "importance of collaboration.",
            ),
            (
                "004",
                "Initiatives reminiscent of the prospective extension of the Trans-Siberian "
                "Railway to South Korea by the use of North Korea, and the development of "
                "gasoline pipelines and electrical energy grids",
            ),
        ],
    },
    {
        "key": "pipeline-not-built",
        "statement": "A gas pipeline to South Korea through North Korea has not been built.",
        "tags": ["Energy", "South Korea"],
        "cite": [
            (
                "001",
                "many projects such as building a gas pipeline to South Korea through North "
                "Korea are yet to be implemented",
            ),
        ],
    },
    {
        "key": "projects-face-hurdles",
        "statement": (
            "These energy and transport projects face many political and logistical hurdles "
            "and remain a long-term vision."
        ),
        "tags": ["Energy", "Transport"],
        "cite": [
            (
                "004",
                "Whilst those initiatives face a large number of political and logistical "
                "hurdles, they constitute a long-term imaginative and prescient for regional "
                "financial integration.",
            ),
        ],
    },
    {
        "key": "gas-electricity-offer",
        "statement": (
            "Russia has offered to supply natural gas and electricity to ease North Korea’s "
            "chronic energy shortages."
        ),
        "tags": ["Energy"],
        "cite": [
            (
                "002",
                "Russia has expressed interest in supplying North Korea with natural gas and "
                "electricity, which could help address the DPRK’s chronic energy shortages.",
            ),
            (
                "004",
                "Russia, with its huge power assets, has sought to deal with North Korea’s "
                "continual power shortages.",
            ),
        ],
    },
    {
        "key": "food-and-energy-supplies",
        "statement": (
            "Russia has reportedly supplied food and energy to North Korea to relieve shortages."
        ),
        "tags": ["Energy", "Trade"],
        "cite": [
            (
                "003",
                "Russia has reportedly supplied food and energy to North Korea, alleviating "
                "shortages that have plagued the nation.",
            ),
        ],
    },
    {
        "key": "train-services-restarted",
        "statement": "Train services between Russia and North Korea have been restarted.",
        "tags": ["Transport"],
        "cite": [
            (
                "003",
                "Their relationship even extends to symbolic gestures like restarting train "
                "services",
            ),
        ],
    },
]
