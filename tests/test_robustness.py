"""No editor input or query string can take the public site down (issue 9)."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from briefings.models import Claim, Section
from sources.models import SourceReference, Topic
from sources.text import topic_slug

# Names whose slug once came out empty: taggit falls back to the raw name when
# ``unidecode`` is missing, and Django's slugify then drops every character.
AWKWARD_TOPICS = ["Россия", "!!!", "🚂", "조약", "北朝鮮", "Россия и КНДР", "---"]

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

PUBLIC_PAGES = [
    "briefings:home",
    "briefings:topic_list",
    "briefings:claim_list",
    "briefings:timeline",
    "briefings:briefing_list",
    "sources:source_list",
    "sitemap",
    "api:topic-list",
    "api:claim-list",
    "api:briefing-list",
    "api:source-list",
]


@pytest.mark.parametrize("name", AWKWARD_TOPICS)
def test_any_topic_name_gets_a_non_empty_ascii_slug(db, make_claim, name):
    """A topic in any script, or of punctuation or emoji only, gets a slug the URLs accept."""
    claim = make_claim(tags=(name,))
    (tag,) = claim.tags.all()
    assert SLUG.match(tag.slug), tag.slug


@pytest.mark.parametrize("name", AWKWARD_TOPICS)
def test_public_pages_survive_any_topic_name(client, make_source, make_claim, make_briefing, name):
    """Every page that lists topics renders when a public claim and briefing carry the topic."""
    source = make_source()
    source.tags.add(name)
    claim = make_claim(tags=(name, "sanctions"), source=source, event_date="2020-01-01")
    briefing = make_briefing(claims=[claim], tags=(name,))
    (tag,) = claim.tags.filter(name=name)
    urls = [reverse(page) for page in PUBLIC_PAGES] + [
        claim.get_absolute_url(),
        briefing.get_absolute_url(),
        source.get_absolute_url(),
        reverse("briefings:topic_detail", args=[tag.slug]),
        reverse("briefings:topic_feed_atom", args=[tag.slug]),
        reverse("api:topic-detail", args=[tag.slug]),
        reverse("briefings:claim_list") + f"?topic={tag.slug}",
        reverse("sources:source_list") + f"?topic={tag.slug}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_topics_whose_slugs_would_collide_get_distinct_slugs(db, make_claim):
    """``Россия`` and ``Rossiia``, or two emoji, never share a slug."""
    claim = make_claim(tags=("Россия", "Rossiia", "!!!", "???", "🚂", "🚃"))
    slugs = [tag.slug for tag in claim.tags.all()]
    assert len(set(slugs)) == len(slugs) == 6
    assert all(SLUG.match(slug) for slug in slugs)
    assert {"rossiia", "rossiia_1"} <= set(slugs)


def test_topic_slugs_are_readable_romanisations(db, make_claim):
    claim = make_claim(tags=("Россия и КНДР", "조약"))
    assert sorted(claim.tags.values_list("slug", flat=True)) == ["joyak", "rossiia-i-kndr"]


def test_a_long_name_in_another_script_still_fits_the_slug_column(db, make_claim):
    """Transliteration lengthens a name (щ gives shch); the slug is cut to fit, not refused."""
    claim = make_claim(tags=("щ" * 100,))
    (tag,) = claim.tags.all()
    assert 0 < len(tag.slug) <= 100


@given(st.text(max_size=100), st.one_of(st.none(), st.integers(1, 10**6)))
def test_topic_slug_is_always_a_url_slug_within_the_limit(name, suffix):
    slug = topic_slug(name, suffix, max_length=100)
    assert SLUG.match(slug)
    assert len(slug) <= 100


def test_the_admin_makes_topics_with_url_slugs(staff_client):
    """A topic added in the admin gets its slug made for it, whatever the script."""
    url = reverse(admin_urlname(Topic._meta, "add"))
    response = staff_client.post(url, {"name": "Россия"})
    assert response.status_code == 302
    assert Topic.objects.get(name="Россия").slug == "rossiia"
    assert staff_client.get(reverse(admin_urlname(Topic._meta, "changelist"))).status_code == 200


def test_repair_migration_gives_empty_and_unicode_slugs_url_slugs(db):
    """Topics saved before the fix (empty or non-ASCII slugs) are repaired by the migration."""
    Tag.objects.create(name="taken", slug="rossiia")
    broken = [
        Tag.objects.create(name="Россия", slug="x"),
        Tag.objects.create(name="!!!", slug="y"),
        Tag.objects.create(name="조약", slug="z"),
    ]
    Tag.objects.filter(pk=broken[0].pk).update(slug="")
    Tag.objects.filter(pk=broken[1].pk).update(slug="!!!")
    Tag.objects.filter(pk=broken[2].pk).update(slug="조약")
    migration = importlib.import_module("sources.migrations.0007_repair_topic_slugs")
    migration.repair_slugs(apps, None)
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["Россия"] == "rossiia_1"
    assert slugs["조약"] == "joyak"
    assert slugs["!!!"].startswith("topic-")
    assert slugs["taken"] == "rossiia"


def test_fixture_topics_without_a_url_slug_get_one(db, make_claim, tmp_path, client):
    """``loaddata`` skips save(); topics it loads with no slug, or a non-ASCII one, get one."""
    import json

    from django.core.management import call_command

    claim = make_claim(tags=())
    fixture = tmp_path / "topics.json"
    records = [
        {"model": "taggit.tag", "fields": {"name": "Россия"}},
        {"model": "taggit.tag", "fields": {"name": "!!!"}},
        {"model": "taggit.tag", "fields": {"name": "조약", "slug": "조약"}},
        {"model": "taggit.tag", "fields": {"name": "trade", "slug": "trade"}},
    ] + [
        {
            "model": "briefings.taggedclaim",
            "fields": {"tag": [name], "content_object": [str(claim.uid)]},
        }
        for name in ("Россия", "!!!", "조약", "trade")
    ]
    fixture.write_text(json.dumps(records), encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["Россия"] == "rossiia"
    assert slugs["조약"] == "joyak"
    assert slugs["trade"] == "trade"
    assert SLUG.match(slugs["!!!"])
    for url in (reverse("briefings:topic_list"), claim.get_absolute_url(), reverse("sitemap")):
        assert client.get(url).status_code == 200


# Row 2: topic names are validated to their length on every database.

LONG_TOPIC = "x" * 101


def test_the_claim_form_refuses_a_topic_name_over_the_limit(staff_client):
    """A 101-character topic is a form error naming the limit, not a 500 or a silent save."""
    data = {
        "statement": "Trade was shaped by sanctions.",
        "status": "draft",
        "tags": f"sanctions, {LONG_TOPIC}",
        "event_date": "",
        "event_precision": "year",
        "editor_notes": "",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    response = staff_client.post(reverse(admin_urlname(Claim._meta, "add")), data)
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    assert not Claim.objects.exists()
    assert not Tag.objects.filter(name=LONG_TOPIC).exists()


def test_a_topic_name_of_exactly_the_limit_is_accepted(staff_client):
    data = {
        "statement": "Trade was shaped by sanctions.",
        "status": "draft",
        "tags": "y" * 100,
        "event_date": "",
        "event_precision": "year",
        "editor_notes": "",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    response = staff_client.post(reverse(admin_urlname(Claim._meta, "add")), data)
    assert response.status_code == 302
    assert Claim.objects.get().tags.get().name == "y" * 100


def test_the_orm_refuses_a_topic_name_over_the_limit(db, make_claim):
    """``claim.tags.add()`` checks the length too, on SQLite as on PostgreSQL."""
    claim = make_claim(tags=())
    with pytest.raises(ValidationError):
        claim.tags.add(LONG_TOPIC)
    assert not Tag.objects.filter(name=LONG_TOPIC).exists()


# Row 3: query parameters are validated to a 400 or ignored, never a 500.

YEAR_JUNK = ["0", "-1", "0.5", "10000", "99999999999999999999", "1e400", "nan", "inf", "abc", ""]


@pytest.mark.parametrize("param", ["from_year", "to_year"])
@pytest.mark.parametrize("value", YEAR_JUNK)
def test_timeline_year_bounds_never_500(client, make_claim, param, value):
    make_claim(event_date="2020-05-01")
    response = client.get(reverse("briefings:timeline"), {param: value})
    assert response.status_code in {200, 400}, response.status_code


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "greater than or equal to 1"),
        ("10000", "less than or equal to 9999"),
        ("0.5", "Enter a whole number"),
    ],
)
def test_timeline_says_what_is_wrong_with_a_year(client, make_claim, value, message):
    """An impossible year is a form error on the page; the timeline then shows nothing."""
    make_claim(event_date="2020-05-01", statement="An event in 2020.")
    response = client.get(reverse("briefings:timeline"), {"from_year": value})
    text = response.content.decode()
    assert message in text
    assert "An event in 2020." not in text


def test_timeline_year_range_still_filters(client, make_claim):
    make_claim(event_date="2019-05-01", statement="An event in 2019.")
    make_claim(event_date="2021-05-01", statement="An event in 2021.")
    text = client.get(reverse("briefings:timeline"), {"from_year": "2020", "to_year": "9999"})
    assert "An event in 2021." in text.content.decode()
    assert "An event in 2019." not in text.content.decode()


def test_api_refuses_a_bad_filter_value_with_400(client, make_claim):
    """The API's claim list shares the filters; bad values are a 400 naming the parameter."""
    response = client.get(reverse("api:claim-list"), {"support": "7"})
    assert response.status_code == 400
    assert "support" in response.json()


# Every public URL with junk in every query parameter its view reads.

JUNK = [
    "",
    "0",
    "-1",
    "0.5",
    "1e400",
    "99999999999999999999999999",
    "nan",
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "Россия",
    "🚂" * 30,
    "x" * 3000,
    "2020-13-45",
    "0000-00-00",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
]

# Read by Django, DRF or drf-spectacular on any view, whatever the view declares.
GENERIC_PARAMS = {"format"}


@pytest.fixture
def graph(make_source, make_claim, make_briefing):
    """One public item of each kind, with two sources that share material."""
    from sources.services import overlaps_refresh

    shared = " ".join(f"Sentence number {k} tells of railway trade at Khasan." for k in range(12))
    source = make_source(body=shared + " One ending.")
    other = make_source(body=shared + " Another ending.")
    source.tags.add("railways")
    overlaps_refresh()
    claim = make_claim(
        tags=("railways",), source=source, quote="railway trade", event_date="2020-01-01"
    )
    briefing = make_briefing(claims=[claim], tags=("railways",))
    return {
        "briefing": briefing,
        "claim": claim,
        "source": source,
        "other": other,
        "topic": Topic.objects.get(name="railways"),
    }


def public_url_patterns():
    """(name, pattern) for every URL outside the admin, read from the resolver."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    return list(walk(get_resolver().url_patterns))


# How to fill each public URL's path; a new URL fails the sweep until it is listed here.
URL_ARGS = {
    "sitemap": lambda g: [],
    "sitemap_section": lambda g: ["claims"],
    "robots": lambda g: [],
    "favicon": lambda g: [],
    "healthz": lambda g: [],
    "briefings:methodology": lambda g: [],
    "briefings:home": lambda g: [],
    "briefings:briefing_list": lambda g: [],
    "briefings:briefing_detail": lambda g: [g["briefing"].slug],
    "briefings:briefing_bibliography": lambda g: [g["briefing"].slug, "bib"],
    "briefings:briefing_feed_rss": lambda g: [],
    "briefings:briefing_feed_atom": lambda g: [],
    "briefings:topic_list": lambda g: [],
    "briefings:topic_detail": lambda g: [g["topic"].slug],
    "briefings:topic_feed_rss": lambda g: [g["topic"].slug],
    "briefings:topic_feed_atom": lambda g: [g["topic"].slug],
    "briefings:claim_list": lambda g: [],
    "briefings:claim_detail": lambda g: [g["claim"].pk],
    "briefings:timeline": lambda g: [],
    "sources:source_list": lambda g: [],
    "sources:source_detail": lambda g: [g["source"].slug],
    "sources:source_cite": lambda g: [g["source"].slug, "bib"],
    "sources:source_overlap": lambda g: [g["source"].slug, g["other"].slug],
    "search:search": lambda g: [],
    "api:schema": lambda g: [],
    "api:docs": lambda g: [],
    "api:api-root": lambda g: [],
    "api:briefing-list": lambda g: [],
    "api:briefing-detail": lambda g: [g["briefing"].slug],
    "api:claim-list": lambda g: [],
    "api:claim-detail": lambda g: [g["claim"].uid],
    "api:source-list": lambda g: [],
    "api:source-detail": lambda g: [g["source"].slug],
    "api:topic-list": lambda g: [],
    "api:topic-detail": lambda g: [g["topic"].slug],
}


def test_every_public_url_is_in_the_sweep():
    assert sorted(name for name, _ in public_url_patterns()) == sorted(URL_ARGS)


def params_read_by(url):
    """The query parameters the view behind ``url`` reads: filters, pagination, format."""
    from django.urls import resolve

    func = resolve(url).func
    view = getattr(func, "view_class", None) or getattr(func, "cls", None)
    params = set(GENERIC_PARAMS)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        params |= set(filterset_class.base_filters)
    if getattr(view, "paginate_by", None):
        params.add(getattr(view, "page_kwarg", "page"))
    pagination = getattr(view, "pagination_class", None)
    if pagination is not None:
        params |= {pagination.page_query_param, pagination.page_size_query_param} - {None}
    window_form_class = getattr(view, "window_form_class", None)
    if window_form_class is not None:
        params |= set(window_form_class.base_fields)  # e.g. the timeline's year
    if resolve(url).url_name == "sitemap_section":
        params.add("p")  # a sitemap file's own page number
    if view is not None and view.__module__.startswith("drf_spectacular"):
        params.add("lang")
    return sorted(params)


@pytest.mark.parametrize("name", sorted(URL_ARGS))
def test_junk_in_any_query_parameter_never_gives_a_server_error(client, graph, name):
    """Each parameter a page reads, given each junk value alone, gives 2xx, 3xx, 400 or 404."""
    url = reverse(name, args=URL_ARGS[name](graph))
    assert client.get(url).status_code in {200, 302}, url
    failures = []
    for param in params_read_by(url):
        for value in JUNK:
            response = client.get(url, {param: value})
            if response.status_code >= 500 or response.status_code in {401, 403}:
                failures.append((param, value[:20], response.status_code))
        # The parameter repeated, every junk value at once.
        response = client.get(url, {param: JUNK})
        if response.status_code >= 500:
            failures.append((param, "all at once", response.status_code))
    assert not failures, failures


FILTERED_LISTS = [
    "briefings:timeline",
    "briefings:claim_list",
    "briefings:briefing_list",
    "sources:source_list",
    "search:search",
    "api:claim-list",
    "api:briefing-list",
    "api:source-list",
]


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(FILTERED_LISTS),
    query=st.dictionaries(
        st.sampled_from(
            ["topic", "status", "source", "support", "after", "before", "from_year", "to_year"]
            + ["q", "type", "kind", "publisher", "page", "page_size", "format"]
        ),
        st.one_of(
            st.text(max_size=40),
            st.integers().map(str),
            st.floats().map(str),
            st.dates().map(str),
        ),
        max_size=4,
    ),
)
def test_any_combination_of_filter_values_never_gives_a_server_error(client, graph, name, query):
    response = client.get(reverse(name), query)
    assert response.status_code in {200, 400, 404}, (name, query, response.status_code)


# Row 4: a URL stored by a fixture or the ORM is a link only with a safe scheme.

UNSAFE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "http:/nohost",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_an_unsafe_stored_url_is_never_a_link(client, make_source, make_claim, make_briefing, url):
    """Source and reference URLs with an unsafe scheme show as text on every page and export."""
    source = make_source(url=url)
    SourceReference.objects.create(source=source, url=url, title="")
    claim = make_claim(source=source)
    briefing = make_briefing(claims=[claim])
    pages = [source.get_absolute_url(), claim.get_absolute_url(), briefing.get_absolute_url()]
    for page in pages:
        html = client.get(page).content.decode()
        assert not re.search(r"""href=["']?\s*(java|vb|data|//|http:/n)""", html, re.I), page
        ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert all("script:" not in block.lower() and "data:" not in block for block in ld)
    text = client.get(source.get_absolute_url()).content.decode()
    assert "alert(1)" in text or "msgbox" in text or "evil.example" in text or "nohost" in text
    for fmt in ("bib", "ris", "json"):
        export = client.get(reverse("sources:source_cite", args=[source.slug, fmt]))
        assert "script:" not in export.content.decode().lower()
        assert "data:" not in export.content.decode()
    api = client.get(reverse("api:source-detail", args=[source.slug])).json()
    assert api["original_url"] is None
    assert [ref["url"] for ref in api["references"]] == [None]


def test_a_safe_stored_url_is_a_link(client, make_source):
    source = make_source(url="https://example.org/a?b=1&c=2")
    SourceReference.objects.create(source=source, url="http://example.org/ref", title="Ref")
    html = client.get(source.get_absolute_url()).content.decode()
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert 'href="http://example.org/ref"' in html


# Row 5: user-typed text is isolated, so bidi controls cannot reorder the page around it.

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
BIDI_TEXT = f"{RLO}gnp.exe{RLO}"


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col"}
# SVG <text> and <title> are laid out each on its own, so an override ends with them;
# <desc> is never laid out at all; each <option> of a list is drawn on its own. In the
# BibTeX <pre><code> every line is its own bidi paragraph: an override ends with its field.
# A <tspan> with its own x starts a new SVG text chunk, and bidi reordering stays inside a chunk.
ISOLATING = {"bdi", "text", "tspan", "title", "desc", "option", "code"}


def enclosing_tag(before):
    """The start tag of the element the text after ``before`` sits in."""
    open_closings = {}
    for match in reversed(list(TAG.finditer(before))):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if self_closing or name in VOID:
            continue
        if closing:
            open_closings[name] = open_closings.get(name, 0) + 1
        elif open_closings.get(name):
            open_closings[name] -= 1
        else:
            return match
    return None


def bare_occurrences(html, text):
    """Where ``text`` sits in an element that neither is ``<bdi>`` nor has ``dir="auto"``."""
    bare = []
    for found in re.finditer(re.escape(text), html):
        before = html[: found.start()]
        if before.rfind("<") > before.rfind(">"):
            continue  # an attribute's value, not laid out as text
        tag = enclosing_tag(before)
        if tag is None or not (tag.group(2).lower() in ISOLATING or 'dir="auto"' in tag.group(0)):
            bare.append(html[max(0, found.start() - 80) : found.start()])
    return bare


def body_of(response):
    html = response.content.decode()
    # Only the visible page: <title>, <meta> and JSON-LD are not laid out as text.
    return re.sub(r"<head>.*?</head>", "", html, flags=re.S)


def test_bidi_controls_in_typed_text_are_isolated_on_every_page(
    client, make_source, make_claim, make_briefing
):
    """Titles, statements, topic names, publishers and authors render inside dir=auto or <bdi>."""
    source = make_source(
        title=f"{BIDI_TEXT} source", publisher=f"{BIDI_TEXT} pub", authors=f"{BIDI_TEXT} author"
    )
    SourceReference.objects.create(source=source, title=f"{BIDI_TEXT} ref", url="")
    topic = f"{BIDI_TEXT} topic"
    source.tags.add(topic)
    claim = make_claim(
        statement=f"{BIDI_TEXT} claim", source=source, tags=(topic,), event_date="2020-01-01"
    )
    briefing = make_briefing(
        claims=[claim], tags=(topic,), title=f"{BIDI_TEXT} briefing", standfirst=f"{BIDI_TEXT} so"
    )
    Section.objects.filter(briefing=briefing).update(heading=f"{BIDI_TEXT} heading")
    tag = Topic.objects.get(name=topic)
    pages = [
        reverse("briefings:home"),
        reverse("briefings:briefing_list"),
        briefing.get_absolute_url(),
        reverse("briefings:topic_list"),
        reverse("briefings:topic_detail", args=[tag.slug]),
        reverse("briefings:claim_list"),
        claim.get_absolute_url(),
        reverse("briefings:timeline"),
        reverse("sources:source_list"),
        source.get_absolute_url(),
        reverse("search:search") + "?q=gnp",
    ]
    seen = 0
    for page in pages:
        html = body_of(client.get(page))
        seen += html.count(BIDI_TEXT)
        assert not bare_occurrences(html, BIDI_TEXT), (page, bare_occurrences(html, BIDI_TEXT))
    assert seen > 20
