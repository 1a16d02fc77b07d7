"""
Small SVG charts drawn on the server from plain data: no ORM, no JavaScript.

Each function returns a :class:`Chart`: the ``<svg role="img">`` (named by its
``<title>``, described by its ``<desc>``) and the same figures as table rows,
which templates show as the chart's text alternative. Every label goes
through ``format_html``, so a title like ``<script>`` comes out as text.

The viewBoxes are narrow (320 units) so that, scaled to a phone's width or to
half a desktop column, the 12-unit text stays about 12px high.

One module per kind of chart (``bars``, ``years``, ``maps``), drawn with the
shapes in ``common``; import everything from here.
"""

from .bars import BAR_HEIGHT, LABEL_CHARS, Bar, bar_chart
from .common import FONT, WIDTH, Cell, Chart
from .maps import (
    CHAR_WIDTH,
    EDGE_DASHES,
    MAP_LABEL_CHARS,
    MAP_MAX_NODES,
    MAP_RADIUS,
    MAP_WIDTH,
    Link,
    Node,
    circle_layout,
    overlap_map,
)
from .years import (
    LABEL_STEPS,
    UNKNOWN_WIDTH,
    YEAR_BASE,
    YEAR_LEFT,
    YEAR_TOP,
    year_chart,
)

__all__ = [
    "BAR_HEIGHT",
    "CHAR_WIDTH",
    "EDGE_DASHES",
    "FONT",
    "LABEL_CHARS",
    "LABEL_STEPS",
    "MAP_LABEL_CHARS",
    "MAP_MAX_NODES",
    "MAP_RADIUS",
    "MAP_WIDTH",
    "UNKNOWN_WIDTH",
    "WIDTH",
    "YEAR_BASE",
    "YEAR_LEFT",
    "YEAR_TOP",
    "Bar",
    "Cell",
    "Chart",
    "Link",
    "Node",
    "bar_chart",
    "circle_layout",
    "overlap_map",
    "year_chart",
]
