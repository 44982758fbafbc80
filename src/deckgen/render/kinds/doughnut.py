"""``doughnut``: one column's answers as a ring of slices, labels in white on the ring."""

from __future__ import annotations

from pptx.enum.chart import XL_CHART_TYPE

from ...stats import Table
from ..charts import add_slices
from ..placement import Placement


def draw(shapes, table: Table, place: Placement):
    return add_slices(shapes, table, place, XL_CHART_TYPE.DOUGHNUT, doughnut=True)
