"""A node-link map of overlapping sources, nodes evenly on a circle."""

import math
from dataclasses import dataclass

from django.utils.html import format_html

from .common import Cell, build_chart, num, short_text, text

MAP_WIDTH = 400
MAP_RADIUS = 84
MAP_LABEL_CHARS = 16
CHAR_WIDTH = 6.8
# Beyond this many sources the labels would collide; the table alone says it better.
MAP_MAX_NODES = 16
EDGE_DASHES = {"copy": "", "syndicated": "7 4", "paraphrase": "2 3"}


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


def _dash_attr(kind):
    """The ``stroke-dasharray`` that tells a link's kind apart, if it has one."""
    dash = EDGE_DASHES.get(kind, "")
    return format_html(' stroke-dasharray="{}"', dash) if dash else ""


def _node_label(node, x, y, cx, cy):
    dx, dy = x - cx, y - cy
    distance = math.hypot(dx, dy) or 1
    lx, ly = x + dx / distance * 10, y + dy / distance * 10 + 4
    anchor = "start" if dx > 8 else "end" if dx < -8 else "middle"
    if anchor == "middle":
        ly += 6 if dy > 0 else -4
    return short_text(lx, ly, node.label, MAP_LABEL_CHARS, anchor=anchor)


def _nodes(nodes, points, cx, cy):
    """A dot per node, its label outside the circle."""
    shapes = []
    for node in nodes:
        x, y = points[node.key]
        shapes.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" class="node"><title>{}</title></circle>',
                num(x),
                num(y),
                node.label,
            )
        )
        shapes.append(_node_label(node, x, y, cx, cy))
    return shapes


def _edge(link, points, labels):
    (x1, y1), (x2, y2) = points[link.left], points[link.right]
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="edge edge--{}" stroke-width="{}"{}>'
        "<title>{} ~ {}: {} ({})</title></line>",
        num(x1),
        num(y1),
        num(x2),
        num(y2),
        link.kind,
        num(1.5 + 2.5 * link.score),
        _dash_attr(link.kind),
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
        shapes.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="edge edge--{}" '
                'stroke-width="2.5"{}/>',
                x,
                y - 4,
                x + 24,
                y - 4,
                kind,
                _dash_attr(kind),
            )
        )
        shapes.append(text(x + 30, y, label, css="legend"))
        x += 46 + CHAR_WIDTH * len(label)
    return shapes, y


def _pair_rows(nodes, links):
    """A table row per link: both nodes, its kind and its score."""
    labels = {node.key: node.label for node in nodes}
    hrefs = {node.key: node.href for node in nodes}
    return [
        (
            Cell(labels[link.left], hrefs[link.left]),
            Cell(labels[link.right], hrefs[link.right]),
            Cell(link.kind_label, link.href),
            Cell(f"{link.score:.0%}"),
        )
        for link in links
    ]


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
    links = [link for link in links if link.left in points and link.right in points]
    labels = {node.key: node.label for node in nodes}
    shapes = [_edge(link, points, labels) for link in links] + _nodes(nodes, points, cx, cy)
    legend, height = _map_legend(links, cy + MAP_RADIUS + 34)
    return build_chart(
        chart_id=chart_id,
        kind="map",
        title=title,
        summary=summary,
        width=MAP_WIDTH,
        height=height + 10,
        shapes=shapes + legend,
        headers=headers,
        rows=_pair_rows(nodes, links),
        drawn=len(nodes) <= MAP_MAX_NODES,
    )
