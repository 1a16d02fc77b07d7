"""Horizontal bars, one row per labelled quantity."""

from dataclasses import dataclass

from .common import (
    WIDTH,
    Cell,
    build_chart,
    hatched_rect,
    legend_hatch,
    line,
    part_column,
    rect,
    short_text,
    text,
)

BAR_ROW = 22
BAR_HEIGHT = 14
LABEL_WIDTH = 126
LABEL_CHARS = 17


@dataclass(frozen=True)
class Bar:
    """A labelled quantity; ``part`` of it (e.g. estimated dates) is drawn hatched."""

    label: str
    value: int
    part: int = 0
    href: str = ""


def _bar_row(row, bar, top, chart_id):
    """One bar's shapes: its label, its solid and hatched lengths, its value."""
    plot = WIDTH - LABEL_WIDTH - 34
    y = 4 + row * BAR_ROW
    whole = plot * bar.value / top
    solid = plot * (bar.value - bar.part) / top
    shapes = [
        short_text(LABEL_WIDTH - 6, y + 11, bar.label, LABEL_CHARS, anchor="end"),
        rect(LABEL_WIDTH, y, solid, BAR_HEIGHT, "bar"),
    ]
    if bar.part:
        shapes.append(hatched_rect(chart_id, LABEL_WIDTH + solid, y, whole - solid, BAR_HEIGHT))
    shapes.append(text(LABEL_WIDTH + whole + 4, y + 11, str(bar.value), css="value"))
    return shapes


def _bar_shapes(bars, chart_id, legend):
    """Every bar, the axis and (if ``legend`` names the hatched part) the legend; and the height."""
    top = max((bar.value for bar in bars), default=0) or 1
    shapes = [shape for row, bar in enumerate(bars) for shape in _bar_row(row, bar, top, chart_id)]
    height = 8 + len(bars) * BAR_ROW
    shapes.append(line(LABEL_WIDTH, 2, LABEL_WIDTH, height - 4, "axis"))
    if legend:
        shapes.append(legend_hatch(chart_id, LABEL_WIDTH, height + 8, legend))
        height += 18
    return shapes, height


def bar_chart(bars, *, chart_id, title, summary, headers, part_label=""):
    """
    Horizontal bars, one row per :class:`Bar`, longest scaled to the full width.

    ``headers`` name the table's label and value columns; ``part_label`` names
    the hatched part of each bar (and adds a column and a legend) when any bar has one.
    """
    bars = list(bars)
    has_part = bool(part_label) and any(bar.part for bar in bars)
    shapes, height = _bar_shapes(bars, chart_id, part_label if has_part else "")
    rows = [
        (Cell(bar.label, bar.href), Cell(str(bar.value)))
        + part_column(has_part, Cell(str(bar.part)))
        for bar in bars
    ]
    return build_chart(
        chart_id=chart_id,
        kind="bars",
        title=title,
        summary=summary,
        width=WIDTH,
        height=height,
        shapes=shapes,
        headers=tuple(headers) + part_column(has_part, part_label),
        rows=rows,
    )
