"""The render side of the chart registry: one drawing function per chart kind, each in its own module.

The kinds themselves (what each accepts) are declared in :mod:`deckgen.spec.charts`; a test checks
that this registry draws exactly those. A drawing function takes the slide's shapes, its table and a
:class:`~deckgen.render.placement.Placement`, and places the table as its kind.
"""

from __future__ import annotations

from . import bar, column, dot, doughnut, kpi, line, pie, stacked, table

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
}
