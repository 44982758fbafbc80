"""``stacked``: 100% stacked bars, one per segment (or per grid item), the answers as its parts."""

from __future__ import annotations

from pptx.enum.chart import XL_CHART_TYPE

from ...stats import Table
from ..charts import add_bars
from ..placement import Placement


def draw(shapes, table: Table, place: Placement):
    return add_bars(shapes, table, place, XL_CHART_TYPE.BAR_STACKED_100, horizontal=True, stacked=True)
