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

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.util import Pt

from ...stats import Table
from ..charts import (_mark_points, chart_data, legend, native_chart, style_category_axis,
                      style_value_axis, value_scale)
from ..drawn import Drawn
from ..palette import colour_of, line_colour, series_fills
from ..placement import Placement

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
        series.smooth = False
        series.format.line.width = Pt(2.25)
        colour_of(series.format.line.color, line_colour(colour))
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 8
        series.marker.format.fill.solid()
        colour_of(series.marker.format.fill.fore_color, colour.colour)
        colour_of(series.marker.format.line.color, line_colour(colour))
        if labelled:
            labels = series.data_labels
            labels.number_format = place.label_format
            labels.number_format_is_linked = False
            labels.show_value = True
            labels.font.size = Pt(12)
            labels.position = XL_LABEL_POSITION.ABOVE
            if s_data.marks:
                marks += _mark_points(series, s_data.values, s_data.marks, place, on_fill=False)
    values = [v for s in data.series for v in s.values if v is not None]
    style_category_axis(chart, len(data.categories), top_down=False)
    style_value_axis(chart.value_axis, value_scale(values, place.value_format.percent, top=place.axis_max),
                     place.label_format, shown=not labelled)
    legend(chart, show=True)  # even one line: the legend names the answer it follows
    return Drawn(frame, marks)
