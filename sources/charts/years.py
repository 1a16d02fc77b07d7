"""Columns on a continuous year axis, with a column apart for undated items."""

from .common import (
    WIDTH,
    Cell,
    build_chart,
    hatched_rect,
    legend_hatch,
    line,
    part_column,
    rect,
    text,
)

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
        shapes.append(rect(x, YEAR_BASE - solid_h, width, solid_h, "bar"))
        if part:
            shapes.append(hatched_rect(chart_id, x, YEAR_BASE - solid_h - part_h, width, part_h))
        if show_values:
            top = YEAR_BASE - solid_h - part_h - 3
            shapes.append(text(x + width / 2, top, str(total), anchor="middle", css="value"))
    return shapes


def _year_axis(first, last, column):
    step = _year_step(last - first + 1, column)
    labelled = [year for year in range(first, last + 1) if year % step == 0] or [first]
    shapes = [
        line(YEAR_LEFT, YEAR_BASE, YEAR_LEFT + (last - first + 1) * column, YEAR_BASE, "axis")
    ]
    for year in labelled:
        x = YEAR_LEFT + (year - first + 0.5) * column
        shapes.append(line(x, YEAR_BASE, x, YEAR_BASE + 4, "tick"))
        shapes.append(text(x, YEAR_BASE + 16, str(year), anchor="middle"))
    return shapes


def _value_scale(top, right):
    """The value axis: ``0`` at the base, ``top`` by a grid line across the plot."""
    return [
        text(YEAR_LEFT - 4, YEAR_BASE, "0", anchor="end", css="value"),
        text(YEAR_LEFT - 4, YEAR_TOP + 4, str(top), anchor="end", css="value"),
        line(YEAR_LEFT, YEAR_TOP, right, YEAR_TOP, "grid"),
    ]


def _unknown_column(unknown, scale, label):
    x = WIDTH - UNKNOWN_WIDTH + 14
    height = unknown * scale
    return [
        rect(x, YEAR_BASE - height, 22, height, "unknown"),
        text(x + 11, YEAR_BASE - height - 3, str(unknown), anchor="middle"),
        text(x + 11, YEAR_BASE + 16, label, anchor="middle"),
    ]


def _year_shapes(counts, unknown, unknown_label, chart_id):
    """The columns with their year axis, the value scale and the undated column."""
    right = WIDTH - (UNKNOWN_WIDTH if unknown else 4)
    top = max([total for total, _ in counts.values()] + [unknown, 1])
    scale = (YEAR_BASE - YEAR_TOP) / top
    shapes = []
    if counts:
        first, last = min(counts), max(counts)
        column = (right - YEAR_LEFT) / (last - first + 1)
        shapes += _year_columns(counts, first, column, scale, chart_id)
        shapes += _year_axis(first, last, column)
    shapes += _value_scale(top, right)
    if unknown:
        shapes += _unknown_column(unknown, scale, unknown_label)
    return shapes


def _year_rows(counts, unknown, unknown_label, has_part):
    rows = [
        (Cell(str(year)), Cell(str(total))) + part_column(has_part, Cell(str(part)))
        for year, (total, part) in sorted(counts.items())
    ]
    if unknown:
        rows.append((Cell(unknown_label), Cell(str(unknown))) + part_column(has_part, Cell("—")))
    return rows


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
    if not counts:
        # A lone "undated" column says nothing about years: no chart rather than one bar.
        unknown = 0
    has_part = bool(part_label) and any(part for _, part in counts.values())
    shapes = _year_shapes(counts, unknown, unknown_label, chart_id)
    height = YEAR_BASE + 24
    if has_part:
        shapes.append(legend_hatch(chart_id, YEAR_LEFT, height + 6, part_label))
        height += 16
    return build_chart(
        chart_id=chart_id,
        kind="years",
        title=title,
        summary=summary,
        width=WIDTH,
        height=height,
        shapes=shapes,
        headers=tuple(headers) + part_column(has_part, part_label),
        rows=_year_rows(counts, unknown, unknown_label, has_part),
    )
