"""
Small SVG charts drawn on the server from plain data: no ORM, no JavaScript.

Each function returns a :class:`Chart`: the ``<svg role="img">`` (named by its
``<title>``, described by its ``<desc>``) and the same figures as table rows,
which templates show as the chart's text alternative. Every label goes
through ``format_html``, so a title like ``<script>`` comes out as text.

The viewBoxes are narrow (320 units) so that, scaled to a phone's width or to
half a desktop column, the 12-unit text stays about 12px high.
"""

import math
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

WIDTH = 320
FONT = 12


@dataclass(frozen=True)
class Cell:
    """One cell of a chart's data table; a label may link somewhere."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class Chart:
    chart_id: str
    kind: str
    title: str
    summary: str
    svg: str
    headers: tuple
    rows: tuple


@dataclass(frozen=True)
class Bar:
    """A labelled quantity; ``part`` of it (e.g. estimated dates) is drawn hatched."""

    label: str
    value: int
    part: int = 0
    href: str = ""


@dataclass(frozen=True)
class Node:
    key: object
    label: str
    href: str = ""


@dataclass(frozen=True)
class Link:
    """An undirected edge between two nodes, styled by ``kind``."""

    left: object
    right: object
    kind: str
    kind_label: str
    score: float = 0.0
    href: str = ""


def _num(value):
    """A coordinate short enough to read, exact enough to draw."""
    return f"{value:.1f}".removesuffix(".0")


def _join(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def _svg(chart_id, kind, width, height, title, summary, body):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-svg--{kind}" '
        'viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" font-size="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{summary}</desc>'
        '<defs><pattern id="{id}-hatch" class="hatch" width="4" height="4" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="4" height="4" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#1d4e7a" stroke-width="2"/>'
        "</pattern></defs>{body}</svg>",
        kind=kind,
        w=_num(width),
        h=_num(height),
        id=chart_id,
        font=FONT,
        title=title,
        summary=summary,
        body=body,
    )


def _text(x, y, text, *, anchor="start", css="label", full=None):
    """A text label; when shortened, the full text is its tooltip."""
    tooltip = format_html("<title>{}</title>", full) if full and full != text else ""
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" class="{}">{}{}</text>',
        _num(x),
        _num(y),
        anchor,
        css,
        tooltip,
        text,
    )


def _rect(x, y, width, height, css, fill=""):
    fill_attr = format_html(' fill="{}"', fill) if fill else ""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"{}/>',
        _num(x),
        _num(y),
        _num(max(width, 0)),
        _num(max(height, 0)),
        css,
        fill_attr,
    )


def _legend_hatch(chart_id, x, y, label):
    return _join(
        [
            _rect(x, y - 9, 12, 10, "bar bar--part", f"url(#{chart_id}-hatch)"),
            _text(x + 17, y, label, css="legend"),
        ]
    )


# Horizontal bars ----------------------------------------------------------------------------

BAR_ROW = 22
BAR_HEIGHT = 14
LABEL_WIDTH = 126
LABEL_CHARS = 17


def bar_chart(bars, *, chart_id, title, summary, headers, part_label=""):
    """
    Horizontal bars, one row per :class:`Bar`, longest scaled to the full width.

    ``headers`` name the table's label and value columns; ``part_label`` names
    the hatched part of each bar (and adds a column and a legend) when any bar has one.
    """
    bars = list(bars)
    has_part = bool(part_label) and any(bar.part for bar in bars)
    top = max((bar.value for bar in bars), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 34
    shapes = []
    for row, bar in enumerate(bars):
        y = 4 + row * BAR_ROW
        whole = plot * bar.value / top
        solid = plot * (bar.value - bar.part) / top
        label = Truncator(bar.label).chars(LABEL_CHARS)
        shapes.append(
            _text(LABEL_WIDTH - 6, y + 11, label, anchor="end", full=bar.label),
        )
        shapes.append(_rect(LABEL_WIDTH, y, solid, BAR_HEIGHT, "bar"))
        if bar.part:
            shapes.append(
                _rect(
                    LABEL_WIDTH + solid,
                    y,
                    whole - solid,
                    BAR_HEIGHT,
                    "bar bar--part",
                    f"url(#{chart_id}-hatch)",
                )
            )
        shapes.append(_text(LABEL_WIDTH + whole + 4, y + 11, str(bar.value), css="value"))
    height = 8 + len(bars) * BAR_ROW
    shapes.append(
        format_html(
            '<line x1="{x}" y1="2" x2="{x}" y2="{y}" class="axis"/>',
            x=LABEL_WIDTH,
            y=_num(height - 4),
        )
    )
    if has_part:
        shapes.append(_legend_hatch(chart_id, LABEL_WIDTH, height + 8, part_label))
        height += 18
    rows = tuple(
        (Cell(bar.label, bar.href), Cell(str(bar.value)))
        + ((Cell(str(bar.part)),) if has_part else ())
        for bar in bars
    )
    return Chart(
        chart_id=chart_id,
        kind="bars",
        title=title,
        summary=summary,
        svg=_svg(chart_id, "bars", WIDTH, height, title, summary, _join(shapes)),
        headers=tuple(headers) + ((part_label,) if has_part else ()),
        rows=rows,
    )


# Columns on a year axis ---------------------------------------------------------------------

YEAR_TOP = 16
YEAR_BASE = 112
YEAR_LEFT = 24
UNKNOWN_WIDTH = 50
LABEL_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def _year_step(span, column):
    """The smallest round step that keeps year labels at least 34 units apart."""
    return next((step for step in LABEL_STEPS if step * column >= 34), LABEL_STEPS[-1])


def _year_columns(counts, first, column, scale, chart_id):
    shapes = []
    show_values = column >= 14
    for year, (total, part) in sorted(counts.items()):
        if not total:
            continue
        x = YEAR_LEFT + (year - first) * column + column * 0.15
        width = max(column * 0.7, 1.5)
        solid_h = (total - part) * scale
        part_h = part * scale
        shapes.append(_rect(x, YEAR_BASE - solid_h, width, solid_h, "bar"))
        if part:
            shapes.append(
                _rect(
                    x,
                    YEAR_BASE - solid_h - part_h,
                    width,
                    part_h,
                    "bar bar--part",
                    f"url(#{chart_id}-hatch)",
                )
            )
        if show_values:
            top = YEAR_BASE - solid_h - part_h - 3
            shapes.append(_text(x + width / 2, top, str(total), anchor="middle", css="value"))
    return shapes


def _year_axis(first, last, column):
    step = _year_step(last - first + 1, column)
    labelled = [year for year in range(first, last + 1) if year % step == 0] or [first]
    shapes = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>',
            YEAR_LEFT,
            YEAR_BASE,
            _num(YEAR_LEFT + (last - first + 1) * column),
            YEAR_BASE,
        )
    ]
    for year in labelled:
        x = YEAR_LEFT + (year - first + 0.5) * column
        shapes.append(
            format_html(
                '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" class="tick"/>',
                x=_num(x),
                y1=YEAR_BASE,
                y2=YEAR_BASE + 4,
            )
        )
        shapes.append(_text(x, YEAR_BASE + 16, str(year), anchor="middle"))
    return shapes


def year_chart(
    counts,
    *,
    chart_id,
    title,
    summary,
    headers,
    unknown=0,
    unknown_label="no date",
    part_label="",
):
    """
    Columns on a continuous year axis, gaps included, so a quiet decade looks quiet.

    ``counts`` maps a year to ``(total, part)``, ``part`` (e.g. estimated dates)
    drawn hatched; ``unknown`` items without a year get their own column, set apart.
    """
    counts = {year: tuple(value) for year, value in counts.items() if value[0]}
    has_part = bool(part_label) and any(part for _, part in counts.values())
    right = WIDTH - (UNKNOWN_WIDTH if unknown else 4)
    shapes = []
    top = max([total for total, _ in counts.values()] + [unknown, 1])
    scale = (YEAR_BASE - YEAR_TOP) / top
    if counts:
        first, last = min(counts), max(counts)
        column = (right - YEAR_LEFT) / (last - first + 1)
        shapes += _year_columns(counts, first, column, scale, chart_id)
        shapes += _year_axis(first, last, column)
    shapes.append(_text(YEAR_LEFT - 4, YEAR_BASE, "0", anchor="end", css="value"))
    shapes.append(_text(YEAR_LEFT - 4, YEAR_TOP + 4, str(top), anchor="end", css="value"))
    shapes.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>',
            YEAR_LEFT,
            YEAR_TOP,
            _num(right),
            YEAR_TOP,
        )
    )
    if unknown:
        x = WIDTH - UNKNOWN_WIDTH + 14
        shapes.append(_rect(x, YEAR_BASE - unknown * scale, 22, unknown * scale, "unknown"))
        shapes.append(_text(x + 11, YEAR_BASE - unknown * scale - 3, str(unknown), anchor="middle"))
        shapes.append(_text(x + 11, YEAR_BASE + 16, unknown_label, anchor="middle"))
    height = YEAR_BASE + 24
    if has_part:
        shapes.append(_legend_hatch(chart_id, YEAR_LEFT, height + 6, part_label))
        height += 16
    rows = [
        (Cell(str(year)), Cell(str(total))) + ((Cell(str(part)),) if has_part else ())
        for year, (total, part) in sorted(counts.items())
    ]
    if unknown:
        rows.append((Cell(unknown_label), Cell(str(unknown))) + ((Cell("—"),) if has_part else ()))
    return Chart(
        chart_id=chart_id,
        kind="years",
        title=title,
        summary=summary,
        svg=_svg(chart_id, "years", WIDTH, height, title, summary, _join(shapes)),
        headers=tuple(headers) + ((part_label,) if has_part else ()),
        rows=tuple(rows),
    )


# Node-link map on a circle ------------------------------------------------------------------

MAP_WIDTH = 400
MAP_RADIUS = 84
MAP_LABEL_CHARS = 16
CHAR_WIDTH = 6.8
# Beyond this many sources the labels would collide; the table alone says it better.
MAP_MAX_NODES = 16
EDGE_DASHES = {"copy": "", "syndicated": "7 4", "paraphrase": "2 3"}


def circle_layout(nodes, *, cx, cy, radius):
    """Place ``nodes`` evenly on a circle, in the order given, the first at the top."""
    count = max(len(nodes), 1)
    return {
        node.key: (
            cx + radius * math.cos(-math.pi / 2 + 2 * math.pi * i / count),
            cy + radius * math.sin(-math.pi / 2 + 2 * math.pi * i / count),
        )
        for i, node in enumerate(nodes)
    }


def _node_label(node, x, y, cx, cy):
    dx, dy = x - cx, y - cy
    distance = math.hypot(dx, dy) or 1
    lx, ly = x + dx / distance * 10, y + dy / distance * 10 + 4
    anchor = "start" if dx > 8 else "end" if dx < -8 else "middle"
    if anchor == "middle":
        ly += 6 if dy > 0 else -4
    label = Truncator(node.label).chars(MAP_LABEL_CHARS)
    return _text(lx, ly, label, anchor=anchor, full=node.label)


def _edge(link, points, labels):
    (x1, y1), (x2, y2) = points[link.left], points[link.right]
    dash = EDGE_DASHES.get(link.kind, "")
    dash_attr = format_html(' stroke-dasharray="{}"', dash) if dash else ""
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="edge edge--{}" stroke-width="{}"{}>'
        "<title>{} ~ {}: {} ({})</title></line>",
        _num(x1),
        _num(y1),
        _num(x2),
        _num(y2),
        link.kind,
        _num(1.5 + 2.5 * link.score),
        dash_attr,
        labels[link.left],
        labels[link.right],
        link.kind_label,
        f"{link.score:.0%}",
    )


def _map_legend(links, y):
    """One sample line per kind present, wrapping to a new row; returns shapes and the last y."""
    kinds = {}
    for link in links:
        kinds.setdefault(link.kind, link.kind_label)
    shapes = []
    x = 8
    for kind, label in kinds.items():
        if x > 8 and x + 34 + CHAR_WIDTH * len(label) > MAP_WIDTH:
            x, y = 8, y + 18
        dash = EDGE_DASHES.get(kind, "")
        dash_attr = format_html(' stroke-dasharray="{}"', dash) if dash else ""
        shapes.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="edge edge--{}" '
                'stroke-width="2.5"{}/>',
                x,
                y - 4,
                x + 24,
                y - 4,
                kind,
                dash_attr,
            )
        )
        shapes.append(_text(x + 30, y, label, css="legend"))
        x += 46 + CHAR_WIDTH * len(label)
    return shapes, y


def overlap_map(nodes, links, *, chart_id, title, summary, headers):
    """
    A node-link diagram: ``nodes`` evenly on a circle, ``links`` as lines dashed by kind.

    The layout is deterministic (the order of ``nodes``), so the same data always
    draws the same picture; the table lists every pair. With more than
    ``MAP_MAX_NODES`` nodes no picture is drawn (``svg`` is empty).
    """
    nodes = list(nodes)
    links = [link for link in links if link.left != link.right]
    cx, cy = MAP_WIDTH / 2, MAP_RADIUS + 28
    points = circle_layout(nodes, cx=cx, cy=cy, radius=MAP_RADIUS)
    labels = {node.key: node.label for node in nodes}
    links = [link for link in links if link.left in points and link.right in points]
    shapes = [_edge(link, points, labels) for link in links]
    for node in nodes:
        x, y = points[node.key]
        shapes.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" class="node"><title>{}</title></circle>',
                _num(x),
                _num(y),
                node.label,
            )
        )
        shapes.append(_node_label(node, x, y, cx, cy))
    height = cy + MAP_RADIUS + 34
    legend, height = _map_legend(links, height)
    shapes += legend
    height += 10
    hrefs = {node.key: node.href for node in nodes}
    rows = tuple(
        (
            Cell(labels[link.left], hrefs[link.left]),
            Cell(labels[link.right], hrefs[link.right]),
            Cell(link.kind_label, link.href),
            Cell(f"{link.score:.0%}"),
        )
        for link in links
    )
    drawn = len(nodes) <= MAP_MAX_NODES
    return Chart(
        chart_id=chart_id,
        kind="map",
        title=title,
        summary=summary,
        svg=_svg(chart_id, "map", MAP_WIDTH, height, title, summary, _join(shapes))
        if drawn
        else "",
        headers=tuple(headers),
        rows=rows,
    )
