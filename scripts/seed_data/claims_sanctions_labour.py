"""Claims on sanctions and North Korean labour in Russia."""

CLAIMS = [
    {
        "key": "accused-sanctions-evasion",
        "statement": "Russia has been accused of helping North Korea circumvent UN sanctions.",
        "tags": ["Sanctions"],
        "cite": [
            (
                "003",
                "Russia has also been accused of aiding North Korea in circumventing UN sanctions.",
            ),
        ],
    },
    {
        "key": "refined-petroleum-over-cap",
        "statement": (
            "Reports suggest that Russian deliveries of refined petroleum to North Korea may "
            "have exceeded the limits set by the UN."
        ),
        "tags": ["Sanctions", "Energy"],
        "cite": [
            (
                "003",
                "Recent reports suggest Russia has been supplying refined petroleum to North "
                "Korea, potentially exceeding the UN-set limits.",
            ),
        ],
    },
    {
        "key": "veto-missile-sanctions",
        "statement": (
            "Russia, together with China, has vetoed Security Council measures to sanction "
            "North Korea for its ballistic missile activities."
        ),
        "tags": ["Sanctions", "Diplomacy", "China"],
        "cite": [
            (
                "003",
                "Alongside China, Russia has vetoed measures aimed at sanctioning North Korea for "
                "its ballistic missile activities",
            ),
        ],
    },
    {
        "key": "security-council-stance",
        "statement": (
            "As a permanent member of the UN Security Council, Russia has made it harder to "
            "enforce and tighten sanctions on North Korea."
        ),
        "tags": ["Sanctions", "Diplomacy"],
        "cite": [
            (
                "003",
                "As a permanent member of the UN Security Council, Russia’s stance on North "
                "Korea has complicated efforts to enforce and strengthen sanctions.",
            ),
        ],
    },
    {
        "key": "sanctions-club",
        "statement": (
            "Maria Shagina argues that, now under sanctions itself, Russia is compelled to deal "
            "with North Korea, and that both resent US hegemony and defy Western sanctions."
        ),
        "tags": ["Sanctions", "Diplomacy", "War in Ukraine"],
        "cite": [
            {
                "source": "004",
                "quote": (
                    "Having joined the sanctions membership, Russia is now compelled to handle "
                    "North Korea. Moscow and Pyongyang are sure by means of their resentment of "
                    "US hegemony and their willingness to defy Western sanctions"
                ),
                "attribution": "Maria Shagina, International Institute for Strategic Studies",
            },
        ],
    },
    {
        "key": "shift-after-invasion",
        "statement": (
            "Russia’s turn towards China, North Korea and Iran followed directly from its "
            "invasion of Ukraine."
        ),
        "tags": ["War in Ukraine", "Diplomacy", "China"],
        "cite": [
            (
                "004",
                "The unconventional shift of Russia against principally China, however to "
                "nations reminiscent of North Korea or Iran, got here as an immediate outcome of "
                "the Russian invasion of Ukraine.",
            ),
        ],
    },
    # Labour migration
    {
        "key": "workers-foreign-currency",
        "statement": (
            "Thousands of North Korean workers are employed in Russia, earning foreign "
            "currency for the North Korean state."
        ),
        "tags": ["Labour migration"],
        "cite": [
            (
                "000",
                "Labour migration is a unique facet of the economic relationship, with thousands "
                "of North Korean workers employed in Russia, providing crucial foreign currency "
                "for the regime.",
            ),
            (
                "003",
                "Thousands of North Korean workers are deployed overseas, including in Russia, "
                "generating crucial foreign currency for Pyongyang.",
            ),
            (
                "004",
                "Those employees supply a a very powerful supply of foreign currency echange for "
                "the North Korean regime.",
            ),
        ],
    },
    {
        "key": "workers-far-east-sectors",
        "statement": (
            "North Korean workers in Russia are mostly in the Far East, in construction, "
            "logging and agriculture."
        ),
        "tags": ["Labour migration"],
        "cite": [
            (
                "004",
                "essentially within the A ways East, in sectors reminiscent of development, "
                "logging, and agriculture",
            ),
        ],
    },
    {
        "key": "workers-criticism",
        "statement": (
            "The use of North Korean labour has drawn international criticism over working "
            "conditions and possible breaches of sanctions."
        ),
        "tags": ["Labour migration", "Sanctions"],
        "cite": [
            (
                "004",
                "this side of the partnership has drawn global grievance because of issues over "
                "labour prerequisites and the prospective violation of sanctions",
            ),
        ],
    },
    {
        "key": "workers-not-repatriated",
        "statement": (
            "Despite international mandates, Russia has been reluctant to send North Korean "
            "workers home."
        ),
        "tags": ["Labour migration", "Sanctions"],
        "cite": [
            (
                "003",
                "Despite international mandates, Russia has been reluctant to repatriate these "
                "workers, complicating global efforts to enforce sanctions against North Korea.",
            ),
        ],
    },
    {
        "key": "eastern-development-labour",
        "statement": (
            "Programmes to develop Russia’s eastern territories have drawn on North Korean labour."
        ),
        "tags": ["Labour migration", "Investment"],
        "cite": [
            (
                "001",
                "There have also been programs for the development of Russia’s eastern territory "
                "that involves incorporation North Korean labour in the region",
            ),
        ],
    },
    {
        "key": "guest-workers-labour-shortage",
        "statement": (
            "Branislav Slantchev considers North Korean guest workers, to relieve Russia’s "
            "labour shortage, to be among Moscow’s interests."
        ),
        "tags": ["Labour migration"],
        "cite": [
            {
                "source": "004",
                "quote": "visitor employees to lend a hand with labour scarcity in Russia",
                "attribution": "Branislav Slantchev, University of California San Diego",
            },
        ],
    },
]
