"""
What every chart shares: the :class:`Chart` it returns, the ``<svg>`` around it,
and the escaped shapes it is drawn with (text, rectangles, lines, the hatched
legend). Private to the package; callers import from :mod:`sources.charts`.
"""

import textwrap
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


def num(value):
    """A coordinate short enough to read, exact enough to draw."""
    return f"{value:.1f}".removesuffix(".0")


def join(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def svg(chart_id, kind, width, height, title, summary, body):
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
        w=num(width),
        h=num(height),
        id=chart_id,
        font=FONT,
        title=title,
        summary=summary,
        body=body,
    )


def build_chart(
    *, chart_id, kind, title, summary, width, height, shapes, headers, rows, drawn=True
):
    """The :class:`Chart` for ``shapes``; with ``drawn`` false, only its table (``svg`` empty)."""
    return Chart(
        chart_id=chart_id,
        kind=kind,
        title=title,
        summary=summary,
        svg=svg(chart_id, kind, width, height, title, summary, join(shapes)) if drawn else "",
        headers=tuple(headers),
        rows=tuple(rows),
    )


def part_column(has_part, value):
    """The extra table column for a chart's hatched part: ``(value,)`` if it has one."""
    return (value,) if has_part else ()


def text(x, y, text, *, anchor="start", css="label", full=None):
    """A text label; when shortened, the full text is its tooltip."""
    tooltip = format_html("<title>{}</title>", full) if full and full != text else ""
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" class="{}">{}{}</text>',
        num(x),
        num(y),
        anchor,
        css,
        tooltip,
        text,
    )


def short_text(x, y, label, chars, *, anchor):
    """``label`` cut to ``chars`` characters, the full label as its tooltip."""
    return text(x, y, Truncator(label).chars(chars), anchor=anchor, full=label)


def wrap_label(label, chars):
    """``label`` broken at spaces into lines of at most ``chars`` characters (never cut)."""
    return textwrap.wrap(label, chars, break_long_words=False, break_on_hyphens=False) or [""]


def wrapped_text(x, y, lines, leading, *, css="label"):
    """A text label of several lines, each a ``<tspan>`` ``leading`` units below the last."""
    spans = join(
        format_html('<tspan x="{}" dy="{}">{}</tspan>', num(x), 0 if i == 0 else num(leading), ln)
        for i, ln in enumerate(lines)
    )
    return format_html('<text x="{}" y="{}" class="{}">{}</text>', num(x), num(y), css, spans)


def rect(x, y, width, height, css, fill=""):
    fill_attr = format_html(' fill="{}"', fill) if fill else ""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"{}/>',
        num(x),
        num(y),
        num(max(width, 0)),
        num(max(height, 0)),
        css,
        fill_attr,
    )


def hatched_rect(chart_id, x, y, width, height):
    """A bar's hatched part, filled with the chart's own pattern."""
    return rect(x, y, width, height, "bar bar--part", f"url(#{chart_id}-hatch)")


def line(x1, y1, x2, y2, css):
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}"/>',
        num(x1),
        num(y1),
        num(x2),
        num(y2),
        css,
    )


def legend_hatch(chart_id, x, y, label):
    return join([hatched_rect(chart_id, x, y - 9, 12, 10), text(x + 17, y, label, css="legend")])
