"""``column``: vertical bars, the answers left to right, one column per segment."""

from __future__ import annotations

from pptx.enum.chart import XL_CHART_TYPE

from ...stats import Table
from ..charts import add_bars
from ..placement import Placement


def draw(shapes, table: Table, place: Placement):
    return add_bars(shapes, table, place, XL_CHART_TYPE.COLUMN_CLUSTERED, horizontal=False)
