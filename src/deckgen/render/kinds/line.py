"""``line``: the answers of an ordered scale along the x axis, one line per segment.

A line says the categories are ordered, so it is for scales (and, later, waves): the answers run
in codebook order (the kind's declared default) and NETs are left out, as they are no point of the
scale. A residual answer ("Don't know") keeps its marker but is not joined to the scale's line.
With one line every point is labelled; several lines would put labels on top of each other, so
they are read from a value axis with light gridlines instead.
"""

from __future__ import annotations

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.util import Pt

from ...stats import Table
from ..charts import (chart_data, legend, native_chart, style_category_axis, style_value_axis,
                      value_scale)
from ..drawn import Drawn
from ..palette import colour_of, line_colour, series_fills
from ..placement import Placement


def draw(shapes, table: Table, place: Placement):
    data = chart_data(table, place.names(table), whole=True)
    frame = native_chart(shapes, XL_CHART_TYPE.LINE_MARKERS, data, place)
    chart = frame.chart
    labelled = len(data.series) == 1
    residual = [i for i, c in enumerate(data.categories) if table.rows.is_residual(c)]
    for series, colour in zip(chart.plots[0].series, series_fills(table, data, place)):
        style_line(series, colour)
        for i in residual:  # the segment leading to a residual point is not drawn
            series.points[i].format.line.fill.background()
        if labelled:
            label_points(series, place)
    values = [v for s in data.series for v in s.values if v is not None]
    style_category_axis(chart, len(data.categories), top_down=False)
    style_value_axis(chart.value_axis, value_scale(values, place.value_format.percent, top=place.axis_max), place.label_format,
                     shown=not labelled)
    legend(chart, show=len(data.series) > 1)
    return Drawn(frame)  # read from an axis, or one line labelled: no marks


def style_line(series, colour) -> None:
    """A line of 2.25 pt with round markers, seen by its own colour (``trend`` draws its lines so too)."""
    series.smooth = False
    series.format.line.width = Pt(2.25)
    colour_of(series.format.line.color, line_colour(colour))
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 8
    series.marker.format.fill.solid()
    colour_of(series.marker.format.fill.fore_color, colour.colour)
    colour_of(series.marker.format.line.color, line_colour(colour))


def label_points(series, place: Placement) -> None:
    """Every point of *series* labelled with its value above it, at 12 pt, in the deck's format."""
    labels = series.data_labels
    labels.number_format = place.label_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(12)
    labels.position = XL_LABEL_POSITION.ABOVE
