"""Horizontal bars, one row per labelled quantity."""

from dataclasses import dataclass

from .common import (
    WIDTH,
    Cell,
    build_chart,
    hatched_rect,
    legend_hatch,
    part_column,
    rect,
    text,
    wrap_label,
    wrapped_text,
)

BAR_HEIGHT = 14
LABEL_LINE = 14
LABEL_CHARS = 46  # about what one line of the 320-unit width holds at 12 units
VALUE_ROOM = 30
LEFT = 2


@dataclass(frozen=True)
class Bar:
    """A labelled quantity; ``part`` of it (e.g. estimated dates) is drawn hatched."""

    label: str
    value: int
    part: int = 0
    href: str = ""


def _bar_row(y, lines, bar, top, chart_id):
    """One bar's shapes: its label whole above it, its solid and hatched lengths, its value."""
    plot = WIDTH - LEFT - VALUE_ROOM
    whole = plot * bar.value / top
    solid = plot * (bar.value - bar.part) / top
    bar_y = y + LABEL_LINE * len(lines) + 2
    shapes = [wrapped_text(LEFT, y + 11, lines, LABEL_LINE)]
    shapes.append(rect(LEFT, bar_y, solid, BAR_HEIGHT, "bar"))
    if bar.part:
        shapes.append(hatched_rect(chart_id, LEFT + solid, bar_y, whole - solid, BAR_HEIGHT))
    shapes.append(text(LEFT + whole + 4, bar_y + 11, str(bar.value), css="value"))
    return shapes, bar_y + BAR_HEIGHT + 8


def _bar_shapes(bars, chart_id, legend):
    """Every bar and (if ``legend`` names the hatched part) the legend; and the height."""
    top = max((bar.value for bar in bars), default=0) or 1
    shapes, y = [], 4
    for bar in bars:
        row, y = _bar_row(y, wrap_label(bar.label, LABEL_CHARS), bar, top, chart_id)
        shapes += row
    height = y
    if legend:
        shapes.append(legend_hatch(chart_id, LEFT, height + 8, legend))
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
