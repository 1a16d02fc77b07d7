"""Server-drawn SVG charts: well-formed, escaped, described, fed by public content only."""

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own output in tests
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.charts import claim_years, source_years, sources_chart, topics_chart
from briefings.models import Claim
from briefings.topics import public_topics
from sources.charts import Bar, Link, Node, bar_chart, circle_layout, overlap_map, year_chart
from sources.models import Source, SourceOverlap

SVG = "{http://www.w3.org/2000/svg}"
SMALL, LARGE = 5, 50


def parse(chart):
    """The chart's SVG as an element tree (fails on malformed markup)."""
    return ET.fromstring(str(chart.svg))  # noqa: S314


def texts(root):
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def svgs(content):
    return re.findall(r"<svg .*?</svg>", content, re.S)


def test_bar_chart_is_well_formed_with_title_desc_and_table():
    """One bar per row; the SVG is an image named and described; the table has every figure."""
    chart = bar_chart(
        [Bar("trade", 7, href="/topics/trade/"), Bar("energy", 3)],
        chart_id="c1",
        title="Claims per topic",
        summary="2 topics.",
        headers=("Topic", "Claims"),
    )
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title"
    assert root.get("aria-describedby") == "c1-desc"
    assert root.find(f"{SVG}title").text == "Claims per topic"
    assert root.find(f"{SVG}desc").text == "2 topics."
    assert root.get("viewBox").startswith("0 0 ")
    assert len(root.findall(f"{SVG}rect[@class='bar']")) == 2
    assert chart.headers == ("Topic", "Claims")
    assert [(row[0].text, row[0].href, row[1].text) for row in chart.rows] == [
        ("trade", "/topics/trade/", "7"),
        ("energy", "", "3"),
    ]


def test_labels_are_escaped():
    """A label like <script> is text in the SVG, never markup."""
    chart = bar_chart(
        [Bar("<script>alert(1)</script>", 1)],
        chart_id="c",
        title="A & <b>",
        summary="<i>",
        headers=("Label", "Value"),
    )
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    root = parse(chart)
    assert root.find(f"{SVG}title").text == "A & <b>"
    assert any("<script>" in text for text in texts(root))


def test_labels_are_whole_above_their_bars_and_long_ones_wrap():
    """No label is cut: "military cooperation" is drawn whole; a long one wraps onto lines."""
    short = "military cooperation"
    long = "a very long topic name that would not fit on one line of a narrow chart at all"
    chart = bar_chart(
        [Bar(short, 13), Bar(long, 2)], chart_id="c", title="t", summary="s", headers=("a", "b")
    )
    root = parse(chart)
    labels = [node for node in root.iter(f"{SVG}text") if node.get("class") == "label"]
    drawn = [" ".join(span.text for span in node.iter(f"{SVG}tspan")) for node in labels]
    assert drawn == [short, long]
    assert len(list(labels[1].iter(f"{SVG}tspan"))) == 2
    assert "…" not in chart.svg
    bars = root.findall(f"{SVG}rect[@class='bar']")
    # Each bar sits below its label, and the second row starts below the first bar.
    assert float(bars[0].get("y")) > float(labels[0].get("y"))
    assert float(labels[1].get("y")) > float(bars[0].get("y"))


def test_year_chart_with_only_undated_items_is_not_drawn():
    """A single "undated" column means nothing: no rows, so pages leave the chart out."""
    chart = year_chart(
        {},
        chart_id="u",
        title="t",
        summary="s",
        headers=("Year", "n"),
        unknown=5,
        unknown_label="undated",
    )
    assert chart.rows == ()
    assert "undated" not in chart.svg


def test_year_chart_spans_gaps_and_sets_unknown_apart():
    """Years run continuously; the unknown bucket and estimated parts are drawn and tabled."""
    chart = year_chart(
        {2000: (2, 1), 2010: (1, 0)},
        chart_id="y",
        title="Sources",
        summary="s",
        headers=("Year", "Sources"),
        unknown=3,
        unknown_label="unknown",
        part_label="of which estimated",
    )
    root = parse(chart)
    labels = texts(root)
    assert "2000" in labels and "2010" in labels and "unknown" in labels
    assert root.findall(f"{SVG}rect[@class='unknown']")
    assert root.findall(f"{SVG}rect[@class='bar bar--part']")
    assert "of which estimated" in labels
    assert [[cell.text for cell in row] for row in chart.rows] == [
        ["2000", "2", "1"],
        ["2010", "1", "0"],
        ["unknown", "3", "—"],
    ]


def test_year_chart_without_data_is_still_valid():
    """No years and nothing unknown still draws a valid, empty chart."""
    chart = year_chart({}, chart_id="e", title="t", summary="s", headers=("Year", "n"))
    assert parse(chart).get("role") == "img"
    assert chart.rows == ()


def test_circle_layout_is_deterministic_and_starts_at_the_top():
    """The same nodes always land on the same points, the first straight above the centre."""
    nodes = [Node(1, "a"), Node(2, "b"), Node(3, "c"), Node(4, "d")]
    first = circle_layout(nodes, cx=100, cy=100, radius=50)
    assert first == circle_layout(nodes, cx=100, cy=100, radius=50)
    assert first[1] == pytest.approx((100, 50))
    assert first[3] == pytest.approx((100, 150))


def test_overlap_map_draws_nodes_edges_by_kind_and_lists_pairs():
    """Each source a node, each pair a line styled by kind; the table lists every pair."""
    nodes = [Node(1, "<b>One</b>", "/s/one/"), Node(2, "Two", "/s/two/"), Node(3, "Three")]
    links = [
        Link(1, 2, "copy", "verbatim copy", 0.9, "/s/one/shared/two/"),
        Link(2, 3, "paraphrase", "close paraphrase", 0.4),
    ]
    chart = overlap_map(
        nodes, links, chart_id="m", title="Shared", summary="2 pairs.", headers=("a", "b", "c", "d")
    )
    root = parse(chart)
    assert len(root.findall(f"{SVG}circle")) == 3
    edges = root.findall(f"{SVG}line[@class='edge edge--copy']")
    assert len(edges) == 2  # the edge and its legend sample
    assert root.find(f"{SVG}line[@class='edge edge--paraphrase']").get("stroke-dasharray")
    assert "&lt;b&gt;One&lt;/b&gt;" in chart.svg
    assert [[cell.text for cell in row] for row in chart.rows] == [
        ["<b>One</b>", "Two", "verbatim copy", "90%"],
        ["Two", "Three", "close paraphrase", "40%"],
    ]
    assert chart.rows[0][2].href == "/s/one/shared/two/"


def test_overlap_map_with_too_many_sources_leaves_the_picture_to_the_table():
    """Past the node limit the map is not drawn; the pairs are still listed."""
    nodes = [Node(k, f"Source {k}") for k in range(30)]
    links = [Link(k, k + 1, "copy", "verbatim copy", 1.0) for k in range(29)]
    chart = overlap_map(nodes, links, chart_id="m", title="t", summary="s", headers=("a",) * 4)
    assert chart.svg == ""
    assert len(chart.rows) == 29


def test_source_years_counts_estimated_and_unknown(make_source):
    """Known and estimated dates fall in their year, estimated ones counted apart."""
    make_source(published_on=date(2020, 5, 1), date_status="known")
    make_source(published_on=date(2020, 1, 1), published_precision="year", date_status="estimated")
    make_source(published_on=date(2022, 3, 1), date_status="known")
    make_source()
    counts = source_years(Source.objects.published())
    assert counts.years == {2020: (2, 1), 2022: (1, 0)}
    assert counts.unknown == 1 and counts.total == 4 and counts.estimated == 1
    chart = sources_chart(counts, chart_id="s", title="Sources")
    assert "4 sources; dated from 2020 to 2022, most in 2020 (2); 1 date estimated" in chart.summary


def test_claim_years_counts_only_the_given_public_claims(make_claim):
    """Claim counts follow the queryset they are given: drafts out when it is published()."""
    make_claim(event_date=date(2001, 1, 1))
    make_claim(event_date=date(2001, 6, 1), event_precision="month")
    make_claim()
    make_claim(event_date=date(2001, 1, 1), status=Claim.Status.DRAFT)
    counts = claim_years(Claim.objects.published())
    assert counts.years == {2001: (2, 0)} and counts.unknown == 1


def test_topics_chart_counts_only_public_claims(make_claim):
    """Drafts add nothing to a topic's bar; a topic with only drafts has none."""
    make_claim(tags=("trade",))
    make_claim(tags=("trade",))
    make_claim(tags=("trade",), status=Claim.Status.DRAFT)
    make_claim(tags=("hidden",), status=Claim.Status.DRAFT)
    chart = topics_chart(list(public_topics()))
    assert [(row[0].text, row[1].text) for row in chart.rows] == [("trade", "2")]


def test_home_page_charts_show_public_figures(client, make_claim, make_source):
    """Home draws claims per topic and sources per year, each SVG well-formed and described."""
    make_claim(
        tags=("<script>x</script>",),
        source=make_source(published_on=date(2019, 1, 1), date_status="known"),
    )
    make_claim(tags=("secret",), status=Claim.Status.DRAFT)
    content = client.get(reverse("briefings:home")).content.decode()
    drawn = svgs(content)
    assert len(drawn) == 2
    for svg in drawn:
        ET.fromstring(svg)  # noqa: S314
        assert 'role="img"' in svg and "<desc" in svg
    assert "<script>x</script>" not in content
    assert "&lt;script&gt;x&lt;/script&gt;" in content
    assert "secret" not in content
    assert "The figures as a table" in content


def test_topic_page_charts_cover_that_topic_only(client, make_claim, make_source):
    """A topic page charts its own claims per year and the sources they cite."""
    cited = make_source(published_on=date(2015, 1, 1), date_status="known")
    other = make_source(published_on=date(1999, 1, 1), date_status="known")
    make_claim(tags=("energy",), event_date=date(2016, 1, 1), source=cited)
    make_claim(tags=("trade",), event_date=date(1998, 1, 1), source=other)
    response = client.get(reverse("briefings:topic_detail", args=["energy"]))
    content = response.content.decode()
    claims_chart, sources_chart_ = (
        response.context["claims_chart"],
        response.context["sources_chart"],
    )
    assert [row[0].text for row in claims_chart.rows] == ["2016"]
    assert [row[0].text for row in sources_chart_.rows] == ["2015"]
    for svg in svgs(content):
        ET.fromstring(svg)  # noqa: S314


def test_sources_index_maps_shared_material(client, make_source):
    """The sources index draws each overlapping pair and lists it with a comparison link."""
    left, right = sorted(
        [make_source(title="Original <i>"), make_source(title="Copy")], key=lambda s: s.pk
    )
    SourceOverlap.objects.create(left=left, right=right, kind="copy", score=0.8)
    content = client.get(reverse("sources:source_list")).content.decode()
    (svg,) = svgs(content)
    ET.fromstring(svg)  # noqa: S314
    assert "Original &lt;i&gt;" in content
    compare = reverse("sources:source_overlap", kwargs={"slug": left.slug, "other": right.slug})
    assert f'href="{compare}"' in content


def test_sources_index_without_overlaps_says_so(client, make_source):
    """No overlaps: no map, a sentence instead."""
    make_source()
    content = client.get(reverse("sources:source_list")).content.decode()
    assert "No two sources are known to share material." in content
    assert "<svg" not in content


# Query counts: the charts aggregate, so pages cost the same at 5 and at 50 items. ---------


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def dated_claims(make_claim, make_source, n, tag):
    for k in range(n):
        source = make_source(published_on=date(1990 + k % 30, 1, 1), date_status="known")
        make_claim(tags=(tag,), source=source, event_date=date(1950 + k, 1, 1))


def test_timeline_queries_do_not_grow_with_claims(client, make_claim, make_source):
    """The timeline with 50 events costs as many queries as with 5."""
    dated_claims(make_claim, make_source, SMALL, "small")
    dated_claims(make_claim, make_source, LARGE, "large")
    url = reverse("briefings:timeline")
    assert count_queries(client, url, topic="small") == count_queries(client, url, topic="large")


def test_chart_pages_queries_do_not_grow_with_content(client, make_claim, make_source):
    """Home, a topic page and the sources index keep their query count from 5 to 50 items."""

    def overlaps(sources):
        for left, right in zip(sources, sources[1:], strict=False):
            SourceOverlap.objects.create(left=left, right=right, kind="syndicated", score=0.5)

    dated_claims(make_claim, make_source, SMALL, "small")
    overlaps(list(Source.objects.order_by("pk")))
    urls = [
        reverse("briefings:home"),
        reverse("briefings:topic_detail", args=["small"]),
        reverse("sources:source_list"),
    ]
    before = [count_queries(client, url) for url in urls]
    dated_claims(make_claim, make_source, LARGE - SMALL, "small")
    SourceOverlap.objects.all().delete()
    overlaps(list(Source.objects.order_by("pk")))
    after = [count_queries(client, url) for url in urls]
    assert before == after
