"""``trend``: a tracker's waves left to right, a line per chosen answer; or clustered columns.

The waves are ordered in time, so a line joins them: one line per answer or NET the slide chose,
every point labelled with its value and, where the wave differs significantly from the one it was
tested against, ▲/▼ beside it (set as on every kind, by :mod:`..marking` through the chart's label
marks). With more than three lines the labels would sit on each other, so they are read from a
value axis instead, without marks. ``form: columns`` is drawn by the ``column`` kind (compose chooses
it): one column per wave beside each answer, as it draws segments.
"""

from __future__ import annotations

from dataclasses import replace

from pptx.enum.chart import XL_CHART_TYPE

from ...stats import Table
from ..charts import (mark_points, chart_data, legend, native_chart, style_category_axis,
                      style_value_axis, value_scale)
from ..drawn import Drawn
from ..palette import series_fills
from ..placement import Placement
from .line import label_points, style_line

#: The most lines whose points are each labelled; more are read from the value axis.
LABELLED_LINES = 3


def draw(shapes, table: Table, place: Placement):
    data = chart_data(table, place.names(table), stacked=True)  # the waves as categories, an answer per line
    if table.rows.role == "statistic":  # a mean's line is named in the deck's words ("Medelvärde")
        data = replace(data, series=[replace(s, name=place.row_labels.get(s.name, s.name)) for s in data.series])
    frame = native_chart(shapes, XL_CHART_TYPE.LINE_MARKERS, data, place)
    chart = frame.chart
    labelled = len(data.series) <= LABELLED_LINES
    marks = 0
    for series, s_data, colour in zip(chart.plots[0].series, data.series, series_fills(table, data, place)):
        style_line(series, colour)
        if labelled:
            label_points(series, place)
            if s_data.marks:
                marks += mark_points(series, s_data.values, s_data.marks, place, on_fill=False)
    values = [v for s in data.series for v in s.values if v is not None]
    style_category_axis(chart, len(data.categories), top_down=False)
    style_value_axis(chart.value_axis, value_scale(values, place.value_format.percent, top=place.axis_max),
                     place.label_format, shown=not labelled)
    legend(chart, show=True)  # even one line: the legend names the answer it follows
    return Drawn(frame, marks)
