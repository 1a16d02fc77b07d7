"""Pages that do not grow with the corpus: paged topics, a windowed timeline, bounded filters."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from briefings import views
from briefings.models import Claim
from briefings.timeline import chronological_key, window_of, year_windows
from briefings.topics import public_topics, topics_in_use
from briefings.views import few_among_many

JUNK_PAGES = ["0", "-1", "x", "2.5", "9" * 30, "", "%00", "1e3", "999"]


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


def claims_on(make_claim, make_source, n, tag, **kwargs):
    return [make_claim(tags=(tag,), source=make_source(), **kwargs) for _ in range(n)]


# --- Topic pages -----------------------------------------------------------------------------


def test_topic_page_shows_one_page_of_claims_with_links_to_the_others(
    client, make_claim, make_source, monkeypatch
):
    """Five claims at two a page: three pages, each linked, with canonical, prev and next."""
    monkeypatch.setattr(views.TopicDetailView, "paginate_by", 2)
    made = claims_on(make_claim, make_source, 5, "trade")
    url = reverse("briefings:topic_detail", args=["trade"])
    first = client.get(url).content.decode()
    assert "A briefing assembled from the 5 verified claims" in first
    assert "page 1 of 3" in first
    shown = [claim for claim in made if claim.statement in first]
    assert len(shown) == 2
    assert f'<link rel="canonical" href="http://testserver{url}">' in first
    assert f'<link rel="next" href="http://testserver{url}?page=2">' in first
    assert 'rel="prev"' not in first
    assert '<nav class="pagination" aria-label="Pages">' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{url}?page=2">' in second
    assert f'<link rel="prev" href="http://testserver{url}">' in second
    assert not {claim.statement for claim in shown} & set(
        re.findall(r"Claim number \d+ about sanctions\.", second)
    )
    everything = "".join(client.get(url, {"page": n}).content.decode() for n in (1, 2, 3))
    assert all(claim.statement in everything for claim in made)


@pytest.mark.parametrize("page", JUNK_PAGES)
def test_topic_page_turns_junk_page_numbers_into_a_page(client, make_claim, make_source, page):
    """A page number that is not one shows the first page, one past the end the last; never 500."""
    claims_on(make_claim, make_source, 2, "trade")
    response = client.get(reverse("briefings:topic_detail", args=["trade"]), {"page": page})
    assert response.status_code == 200
    assert "verified claims on this topic" in response.content.decode()


def test_topic_page_queries_are_the_same_at_n_and_3n_claims(client, make_claim, make_source):
    """A topic with 3N claims costs as many queries as one with N (a page is shown either way)."""
    claims_on(make_claim, make_source, 10, "small")
    claims_on(make_claim, make_source, 30, "large")
    small = queries(client, reverse("briefings:topic_detail", args=["small"]))
    large = queries(client, reverse("briefings:topic_detail", args=["large"]))
    assert small == large


# --- The timeline ----------------------------------------------------------------------------


def dated(make_claim, make_source, year, n=1, **kwargs):
    return [
        make_claim(
            statement=f"Event {year} #{k}.",
            event_date=date(year, 1 + k % 12, 1),
            event_precision="day",
            source=make_source(),
            **kwargs,
        )
        for k in range(n)
    ]


def test_timeline_shows_a_window_of_years_and_an_index_of_every_year(
    client, make_claim, make_source, monkeypatch
):
    """Years are packed into windows of at most 3 events; the index gives every year's count."""
    monkeypatch.setattr(views, "TIMELINE_WINDOW", 3)
    for year, n in ((1990, 2), (1991, 1), (1995, 2), (2001, 1)):
        dated(make_claim, make_source, year, n)
    url = reverse("briefings:timeline")
    first = client.get(url).content.decode()
    assert "Event 1990 #0." in first and "Event 1991 #0." in first
    assert "Event 1995 #0." not in first
    for year, n in ((1990, 2), (1991, 1), (1995, 2), (2001, 1)):
        assert f'{year} <span class="count">({n}<span class="visually-hidden"> event' in first
    assert 'href="?year=1995#year-1995"' in first
    assert '<a rel="next" href="?year=1995">Later years →</a>' in first
    assert f'<link rel="next" href="http://testserver{url}?year=1995">' in first
    later = client.get(url, {"year": 1995}).content.decode()
    assert "Event 1995 #1." in later and "Event 2001 #0." in later
    assert "Event 1990 #0." not in later
    assert '<a rel="prev" href="?year=1990">← Earlier years</a>' in later
    assert f'<link rel="canonical" href="http://testserver{url}?year=1995">' in later
    # A year without events leads to the window after it.
    assert "Event 1995 #0." in client.get(url, {"year": 1993}).content.decode()


def test_a_year_larger_than_a_window_is_paged_within(client, make_claim, make_source, monkeypatch):
    """Five events of one year at two a window: three pages of that year, in timeline order."""
    monkeypatch.setattr(views, "TIMELINE_WINDOW", 2)
    dated(make_claim, make_source, 2000, 5)
    url = reverse("briefings:timeline")
    pages = [client.get(url, {"year": 2000, "page": n}).content.decode() for n in (1, 2, 3)]
    assert "part 1 of 3" in pages[0]
    for k, page in zip((0, 2, 4), pages, strict=True):
        assert f"Event 2000 #{k}." in page
    assert 'href="?year=2000&amp;page=2"' in pages[0]


@pytest.mark.parametrize("param", ["year", "page"])
@pytest.mark.parametrize("value", [*JUNK_PAGES, "10000", "1.5"])
def test_timeline_never_fails_on_junk_window_params(client, make_claim, make_source, param, value):
    dated(make_claim, make_source, 1999)
    response = client.get(reverse("briefings:timeline"), {param: value})
    assert response.status_code == 200
    assert "Event 1999 #0." in response.content.decode()


def test_timeline_queries_are_the_same_at_n_and_3n_claims(client, make_claim, make_source):
    """The timeline costs the same with 10 or 30 dated claims over more years."""
    for k in range(10):
        dated(make_claim, make_source, 1950 + k)
    small = queries(client, reverse("briefings:timeline"))
    for k in range(20):
        dated(make_claim, make_source, 1970 + k)
    assert queries(client, reverse("briefings:timeline")) == small


def test_database_order_is_the_timeline_order(make_claim):
    """``in_timeline_order()`` sorts as ``chronological_key`` does, vague dates first."""
    specs = [
        (date(1990, 9, 30), "day"),
        (date(1990, 9, 1), "month"),
        (date(1990, 1, 5), "day"),
        (date(1990, 12, 31), "year"),
        (date(1989, 12, 31), "day"),
        (date(1990, 9, 30), "month"),
        (date(1990, 6, 6), "year"),
    ]
    for when, precision in specs:
        make_claim(event_date=when, event_precision=precision, quote=None)
    ordered = list(Claim.objects.in_timeline_order())
    expected = sorted(
        ordered, key=lambda c: chronological_key(c.event_date, c.event_precision, c.pk)
    )
    assert ordered == expected


def position(when, precision):
    """What ``Claim.timeline_position`` should hold: the timeline's key as one integer."""
    year, flag, month, day_flag, day, _tie = chronological_key(when, precision)
    return year * 10**6 + flag * 10**5 + month * 10**3 + day_flag * 10**2 + day


precisions = st.sampled_from(["year", "month", "day"])
partial_dates = st.tuples(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), precisions
)


@given(st.lists(partial_dates, min_size=2, max_size=20))
def test_one_integer_position_sorts_as_the_timeline_key(specs):
    """The stored position orders partial dates exactly as ``chronological_key`` does."""
    by_position = sorted(range(len(specs)), key=lambda i: (position(*specs[i]), i))
    by_key = sorted(range(len(specs)), key=lambda i: chronological_key(*specs[i], i))
    assert by_position == by_key


@pytest.mark.django_db
@given(st.lists(partial_dates, min_size=1, max_size=6))
def test_the_database_computes_the_timeline_position(specs):
    """Every engine computes the generated column as the key says, years 1 to 9999 included."""
    claims = [
        Claim.objects.create(statement="An event.", event_date=when, event_precision=precision)
        for when, precision in specs
    ]
    stored = dict(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("pk", "timeline_position")
    )
    assert [stored[c.pk] for c in claims] == [position(*spec) for spec in specs]
    Claim.objects.filter(pk__in=[c.pk for c in claims]).delete()


def test_a_changed_date_moves_the_claim_on_the_timeline(make_claim):
    """The position follows every write, a bulk update included (the database computes it)."""
    claim = make_claim(event_date=date(1990, 6, 6), event_precision="year", quote=None)
    Claim.objects.filter(pk=claim.pk).update(event_date=date(1991, 2, 3), event_precision="day")
    claim.refresh_from_db()
    assert claim.timeline_position == position(date(1991, 2, 3), "day")
    assert list(Claim.objects.in_years(1991, 1991)) == [claim]
    assert not Claim.objects.in_years(1990, 1990).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
def test_a_timeline_window_reads_its_index_in_order(make_claim):
    """A window walks ``claim_timeline_order`` and stops: no sort of the years' claims."""
    make_claim(event_date=date(1994, 5, 1), event_precision="month", quote=None)
    window = Claim.objects.published().in_years(1990, 1999).in_timeline_order()[:100]
    sql, params = window.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "claim_timeline_order" in plan
    assert "TEMP B-TREE" not in plan


def list_key(claim):
    """The claims list's order in Python: dated first by event date, then by id."""
    return (claim.event_date is None, claim.event_date or date.min, claim.pk)


@pytest.mark.django_db
@given(st.lists(st.one_of(st.none(), st.dates(min_value=date(1, 1, 1))), min_size=1, max_size=8))
def test_the_list_order_is_by_event_date_undated_last(dates):
    """``list_position`` (computed by the database) orders as event date, undated last, does."""
    made = [Claim.objects.create(statement="A claim.", event_date=when) for when in dates]
    ordered = list(Claim.objects.filter(pk__in=[c.pk for c in made]).in_list_order())
    assert ordered == sorted(made, key=list_key)
    gathered = Claim.objects.filter(pk__in=[c.pk for c in made]).in_list_order(gather=True)
    assert list(gathered) == ordered
    Claim.objects.filter(pk__in=[c.pk for c in made]).delete()


@given(st.integers(0, 10**6), st.integers(1, 10**7), st.integers(1, 1000))
def test_a_topic_page_reads_at_most_about_the_square_root(rows, among, needed):
    """Whichever plan ``few_among_many`` picks reads no more than √(needed × among) rows."""
    rows = min(rows, among)
    # Gathered: the topic's rows, sorted; walked: in order until the page is full.
    read = rows if few_among_many(rows, among, needed) else needed * among / max(rows, 1)
    assert read <= (needed * among) ** 0.5 + 1


def test_a_rare_topic_is_gathered_and_a_common_one_walked(client, make_claim, make_source):
    """The topic page picks its plan by the topic's share; both give the same order."""
    common = claims_on(make_claim, make_source, 30, "common", event_date=date(2001, 1, 1))
    rare = claims_on(make_claim, make_source, 2, "rare")
    rare[0].tags.add("common")
    pages = {}
    for slug in ("common", "rare"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("briefings:topic_detail", args=[slug]))
        assert response.status_code == 200
        page = next(
            q["sql"] for q in captured if '."list_position"' in q["sql"].split("ORDER BY")[-1]
        )
        pages[slug] = page, list(response.context["page_obj"])
    assert '"list_position" + ' not in pages["common"][0]  # 31 of 32 claims: walked
    assert '"list_position" + ' in pages["rare"][0]  # 2 of 32 claims: gathered
    assert pages["rare"][1] == sorted(rare, key=list_key)
    assert pages["common"][1] == sorted([*common, rare[0]], key=list_key)[:25]


@pytest.mark.parametrize(
    ("url", "gathered"),
    [
        ("/claims/", False),
        ("/claims/?topic=rare", True),
        ("/api/claims/", False),
        ("/api/claims/?topic=rare", True),
    ],
)
def test_the_claims_lists_gather_a_narrow_filter(client, make_claim, make_source, url, gathered):
    """The claims list and the API pick the plan by how many claims the filter keeps."""
    claims_on(make_claim, make_source, 30, "common")
    claims_on(make_claim, make_source, 2, "rare")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    pages = [q["sql"] for q in captured if '."list_position"' in q["sql"].split("ORDER BY")[-1]]
    assert len(pages) == 1
    assert ('"list_position" + ' in pages[0]) is gathered


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("gather", [False, True])
def test_a_topic_page_plan_walks_or_gathers(make_claim, make_source, gather):
    """Walking reads the verified claims' list index in order; gathering reads the topic."""
    from briefings.charts import topic_claims
    from sources.models import Topic

    claims_on(make_claim, make_source, 3, "trade")
    page = topic_claims(Topic.objects.get(slug="trade")).in_list_order(gather=gather)[:25]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    if gather:
        assert "TEMP B-TREE" in plan
    else:
        assert "claim_status_list_order" in plan
        assert "TEMP B-TREE" not in plan


years = st.dictionaries(
    st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=50), max_size=40
)


@given(counts=years, limit=st.integers(min_value=1, max_value=60))
def test_year_windows_cover_every_year_once_in_order_within_the_limit(counts, limit):
    windows = year_windows(counts, limit)
    covered = [year for first, last in windows for year in sorted(counts) if first <= year <= last]
    assert covered == sorted(counts)
    assert all(a[1] < b[0] for a, b in zip(windows, windows[1:], strict=False))
    for first, last in windows:
        inside = [counts[year] for year in counts if first <= year <= last]
        assert sum(inside) <= limit or len(inside) == 1
    for year in counts:
        first, last = windows[window_of(windows, year)]
        assert first <= year <= last


# --- Counts, filters and lists -----------------------------------------------------------------


def test_topic_counts_take_one_query_and_leave_out_drafts(
    make_claim, make_source, make_briefing, django_assert_num_queries
):
    """Every topic's public claim and briefing counts come from one grouped query."""
    claims_on(make_claim, make_source, 3, "trade")
    claims_on(make_claim, make_source, 2, "energy")
    make_claim(tags=("trade", "secret"), status=Claim.Status.DRAFT)
    make_briefing(tags=("energy",))
    make_briefing(tags=("secret",), status="draft")
    with django_assert_num_queries(1):
        counts = {t.slug: (t.claim_count, t.briefing_count) for t in public_topics()}
    assert counts == {"trade": (3, 0), "energy": (2, 1)}
    assert sorted(t.slug for t in topics_in_use()) == ["energy", "trade"]


def test_claim_list_source_filter_is_a_text_box_not_every_source(client, make_claim, make_source):
    """The source is typed by its slug; no list of sources is sent; a wrong slug says why."""
    wanted = make_source(title="Wanted ledger")
    make_claim(statement="Cites the ledger.", source=wanted)
    make_claim(statement="Cites another.", source=make_source(title="Other ledger"))
    url = reverse("briefings:claim_list")
    page = client.get(url).content.decode()
    assert '<input type="text" name="source"' in page
    assert "Other ledger" not in page and '<option value="' + wanted.slug not in page
    filtered = client.get(url, {"source": wanted.slug}).content.decode()
    assert "Cites the ledger." in filtered and "Cites another." not in filtered
    wrong = client.get(url, {"source": "no-such-source"})
    assert wrong.status_code == 200
    assert "No source has the address “no-such-source”" in wrong.content.decode()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("briefings:claim_list", {"support": "2"}),
        ("briefings:claim_list", {"support": "1", "topic": "t1"}),
        ("api:claim-list", {"support": "2"}),
        ("briefings:home", {}),
        ("briefings:topic_list", {}),
        ("api:topic-list", {}),
        ("sources:source_list", {}),
    ],
)
def test_lists_cost_the_same_at_n_and_3n_claims(client, make_claim, make_source, name, params):
    """Support filters, counts and lists run as many queries with 3N claims as with N."""
    url = reverse(name)

    def grow(n):
        for k in range(n):
            claim = make_claim(tags=(f"t{k % 4}",), source=make_source())
            if k % 2:
                claim.citations.create(source=make_source(), quote="Labour migration")

    grow(10)
    small = queries(client, url, params)
    grow(20)
    assert queries(client, url, params) == small


# --- Indexes -----------------------------------------------------------------------------------

PUBLIC_INDEXES = {
    "briefings_claim": {
        "claim_event_order",
        "claim_support",
        "claim_updated",
        "claim_timeline_order",
        "claim_list_order",
        "claim_status_list_order",
    },
    "sources_source": {"source_title_order", "source_updated"},
}


@pytest.mark.django_db
def test_the_indexes_of_the_public_queries_exist():
    """The orderings and filters of the public lists have their indexes in the schema."""
    with connection.cursor() as cursor:
        for table, names in PUBLIC_INDEXES.items():
            constraints = connection.introspection.get_constraints(cursor, table)
            assert names <= set(constraints), table
    with connection.cursor() as cursor:
        claim = connection.introspection.get_constraints(cursor, "briefings_claim")
    assert claim["claim_event_order"]["columns"] == ["event_date", "id"]


def test_lists_never_load_the_sources_full_texts(make_claim, make_source):
    """Claims' citations, the sources index and the map of shared material leave texts behind."""
    from sources.models import Source, SourceOverlap

    left, right = make_source(), make_source()
    make_claim(source=left)
    SourceOverlap.objects.create(left=left, right=right, kind="copy", score=0.9)
    claim = Claim.objects.for_list().get()
    assert "body" in claim.citations.all()[0].source.get_deferred_fields()
    assert all("body" in s.get_deferred_fields() for s in Source.objects.for_list())
    pair = SourceOverlap.objects.for_map().get()
    assert {"passages"} <= pair.get_deferred_fields()
    assert "body" in pair.left.get_deferred_fields()


def test_citations_have_no_default_ordering_that_joins_claims():
    """Ordering by claim joined and sorted the claims on every citation query."""
    from briefings.models import Citation

    assert not Citation._meta.ordering
    assert "ORDER BY" not in str(Citation.objects.filter(claim_id=1).query)
    assert '"position"' in str(Citation.objects.for_claims().query).split("ORDER BY")[1]
