"""The render side of the chart registry: one drawing function per chart kind, each in its own module.

The kinds themselves (what each accepts) are declared in :mod:`deckgen.spec.charts`; a test checks
that this registry draws exactly those. A drawing function takes the slide's shapes, its table and a
:class:`~deckgen.render.placement.Placement`, and places the table as its kind.
"""

from __future__ import annotations

from typing import Callable

from . import bar, column, combo, dot, doughnut, kpi, line, pie, stacked, table, trend

DRAW = {
    "bar": bar.draw,
    "column": column.draw,
    "stacked": stacked.draw,
    "pie": pie.draw,
    "doughnut": doughnut.draw,
    "table": table.draw,
    "kpi": kpi.draw,
    "line": line.draw,
    "dot": dot.draw,
    "combo": combo.draw,
    "trend": trend.draw,
}

#: Kinds that can need more than one slide: ``pages(table, placement)`` gives one drawing per slide.
PAGES = {
    "table": table.pages,
}


def drawings(kind: str, table, place) -> list[Callable]:
    """One drawing per slide that *kind* needs for *table* (each takes the slide's shapes and returns the
    frame it drew, or None); every kind but a long table needs one."""
    if kind in PAGES:
        return PAGES[kind](table, place)
    return [lambda shapes: DRAW[kind](shapes, table, place)]
