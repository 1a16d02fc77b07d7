"""The seed briefings. Sections list claim keys in reading order."""

BRIEFINGS = [
    {
        "title": "From patron to partner: 1948–2000",
        "slug": "from-patron-to-partner-1948-2000",
        "published_at": (2026, 11, 16, 9, 0),
        "tags": ["History", "Diplomacy"],
        "standfirst": (
            "How the Soviet Union’s client became Russia’s afterthought, and how a treaty in "
            "2000 began to bring the two back together."
        ),
        "introduction": (
            "The Soviet Union helped to found North Korea and kept it supplied for four "
            "decades. Its collapse in 1991 cut that support at a stroke, and for most of the "
            "1990s Moscow looked elsewhere.\n\n"
            "This briefing follows the relationship from its origins to the treaty of 2000, "
            "the starting point for the cooperation covered in our other briefings. Dates are "
            "given only as precisely as the sources give them."
        ),
        "sections": [
            {
                "heading": "A Soviet creation",
                "claims": [
                    "soviet-role-founding-1948",
                    "soviet-benefactor-cold-war",
                    "soviet-share-foreign-trade-1990",
                    "soviet-built-facilities",
                ],
            },
            {
                "heading": "Collapse and estrangement",
                "body": (
                    "Three of our sources describe the same break; one of them (a reworded copy "
                    "of another) is cited alongside it for completeness, not as independent "
                    "confirmation."
                ),
                "claims": [
                    "support-declined-1991",
                    "yeltsin-turn-west",
                    "priority-south-korea-1990s",
                    "little-attention-1990s",
                ],
            },
            {
                "heading": "The return under Putin",
                "claims": [
                    "renewed-interest-2000s",
                    "drivers-of-reengagement",
                    "treaty-friendship-2000",
                    "treaty-2000-conditions",
                ],
            },
        ],
    },
    {
        "title": "Trade, debt and investment",
        "slug": "trade-debt-and-investment",
        "published_at": (2026, 11, 17, 9, 0),
        "tags": ["Trade", "Debt", "Investment"],
        "standfirst": (
            "Minerals and textiles one way, energy and machinery the other; a debt largely "
            "written off; and a thin economic case behind the politics."
        ),
        "introduction": (
            "Trade between Russia and North Korea is small and has swung with sanctions and "
            "politics. What the sources agree on:\n\n"
            "- what each side sells the other;\n"
            "- Russia’s write-off of most of North Korea’s debt;\n"
            "- modest investment in both directions, much of it in Russia’s Far East.\n\n"
            "Figures in this briefing come from a single, unsourced analysis and are reported "
            "as that source states them."
        ),
        "sections": [
            {
                "heading": "What is traded",
                "claims": [
                    "trade-fluctuates",
                    "north-korean-exports",
                    "russian-exports",
                    "key-sectors",
                    "food-and-energy-supplies",
                ],
            },
            {
                "heading": "Debt relief and new contracts",
                "claims": [
                    "debt-forgiven-90-percent",
                    "contracts-expanded-2014",
                    "rebuild-joint-enterprises",
                ],
            },
            {
                "heading": "Investment in both directions",
                "claims": [
                    "dprk-investment-russian-east",
                    "mining-agriculture-ventures",
                    "kim-diversify-attract-investment",
                ],
            },
            {
                "heading": "Is there an economic case?",
                "body": (
                    "Analysts quoted by one source doubt that economics drives the relationship."
                ),
                "claims": ["no-economic-rationale", "russian-economy-small-vs-west"],
            },
        ],
    },
    {
        "title": "Energy and the railway",
        "slug": "energy-and-the-railway",
        "published_at": (2026, 11, 18, 9, 0),
        "tags": ["Energy", "Transport"],
        "standfirst": (
            "Gas, electricity and a railway to Europe have been promised for decades; "
            "little has been built."
        ),
        "introduction": (
            "North Korea is chronically short of energy, and Russia has plenty. Plans to link "
            "the two by pipeline, power line and rail recur in every source, as do the "
            "obstacles that have kept them on paper."
        ),
        "sections": [
            {
                "heading": "Supplying energy",
                "claims": [
                    "gas-electricity-offer",
                    "food-and-energy-supplies",
                    "refined-petroleum-over-cap",
                    "soviet-built-facilities",
                ],
            },
            {
                "heading": "A railway to Europe",
                "claims": [
                    "trans-korean-railway",
                    "railway-reduce-china-reliance",
                    "train-services-restarted",
                ],
            },
            {
                "heading": "Pipelines still on paper",
                "claims": ["railway-and-pipelines", "pipeline-not-built", "projects-face-hurdles"],
            },
        ],
    },
    {
        "title": "Labour migration and sanctions",
        "slug": "labour-migration-and-sanctions",
        "published_at": (2026, 11, 19, 9, 0),
        "tags": ["Labour migration", "Sanctions"],
        "standfirst": (
            "North Korean workers earn hard currency in Russia’s Far East, and Russia’s seat "
            "on the Security Council shields the arrangement."
        ),
        "introduction": (
            "Labour is one of the few things North Korea can sell abroad. This briefing sets "
            "out what the sources say about North Korean workers in Russia, and how Russia "
            "has dealt with the sanctions meant to stop that trade and others."
        ),
        "sections": [
            {
                "heading": "Workers for hard currency",
                "claims": [
                    "workers-foreign-currency",
                    "workers-far-east-sectors",
                    "eastern-development-labour",
                    "guest-workers-labour-shortage",
                ],
            },
            {
                "heading": "Criticism and repatriation",
                "claims": ["workers-criticism", "workers-not-repatriated"],
            },
            {
                "heading": "Sanctions: evasion and the veto",
                "claims": [
                    "accused-sanctions-evasion",
                    "refined-petroleum-over-cap",
                    "veto-missile-sanctions",
                    "security-council-stance",
                    "sanctions-club",
                ],
            },
        ],
    },
    {
        "title": "Military cooperation and the defence pact",
        "slug": "military-cooperation-and-the-defence-pact",
        "published_at": (2026, 11, 20, 9, 0),
        "tags": ["Military cooperation", "War in Ukraine"],
        "standfirst": (
            "Training, exercises, reported arms transfers for the war in Ukraine, and a "
            "written mutual defence pact."
        ),
        "introduction": (
            "Military ties have become the core of the relationship. Some of what is reported "
            "is contested: claims the Kremlin denies are marked **disputed**, and the sources "
            "for them are shown in full."
        ),
        "sections": [
            {
                "heading": "Training and exercises",
                "claims": ["military-training", "joint-exercises", "counterweight-us-rok-alliance"],
            },
            {
                "heading": "Arms for technology?",
                "body": (
                    "Reports of arms transfers rest on unnamed sources and are denied by Moscow."
                ),
                "claims": [
                    "summit-2023-weapons-agenda",
                    "artillery-ammunition-aim",
                    "space-tech-for-arms",
                    "weapons-in-ukraine",
                ],
            },
            {
                "heading": "The mutual defence pact",
                "claims": [
                    "mutual-defence-pact-signed",
                    "pact-is-an-alliance",
                    "pact-threat-security",
                    "seoul-reconsiders-ukraine-aid",
                ],
            },
        ],
    },
    {
        "title": "Diplomacy: summits and the UN Security Council",
        "slug": "diplomacy-summits-and-the-un-security-council",
        "published_at": (2026, 11, 21, 9, 0),
        "tags": ["Diplomacy", "China", "Nuclear issue"],
        "standfirst": (
            "From Vladivostok in 2019 to a staged welcome in Pyongyang: the summits, the "
            "Security Council and the balance with China and the United States."
        ),
        "introduction": (
            "Russia’s diplomacy towards North Korea serves several aims at once: influence on "
            "the Korean Peninsula, a counterweight to the United States, and leverage with "
            "China. This briefing collects what the sources say about the summits, Russia’s "
            "role at the UN and in nuclear talks, and the triangle with Beijing."
        ),
        "sections": [
            {
                "heading": "Summits",
                "claims": [
                    "summit-2019-vladivostok",
                    "meeting-2023-09-12",
                    "putin-visit-pyongyang-influence",
                    "staged-welcome",
                ],
            },
            {
                "heading": "The multilateral stage",
                "claims": [
                    "six-party-talks",
                    "denuclearisation-dialogue",
                    "veto-missile-sanctions",
                    "security-council-stance",
                ],
            },
            {
                "heading": "Between China and the United States",
                "claims": [
                    "korean-gateway",
                    "counterbalance-us-presence",
                    "china-main-partner",
                    "russia-reduces-china-reliance",
                    "signal-to-china",
                    "alternative-support-for-pyongyang",
                    "shift-after-invasion",
                ],
            },
        ],
    },
    {
        "title": "North Korea in Russia’s war economy",
        "slug": "north-korea-in-russias-war-economy",
        "status": "review",
        "tags": ["War in Ukraine", "Investment"],
        "standfirst": "Work in progress: what the war in Ukraine changed in the relationship.",
        "introduction": "Draft for review. Contains a claim still in draft; not for publication.",
        "sections": [
            {
                "heading": "Why now?",
                "claims": [
                    "shift-after-invasion",
                    "sanctions-club",
                    "investment-linked-to-invasion",
                ],
            },
        ],
    },
]
