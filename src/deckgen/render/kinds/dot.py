"""``dot``: a dot plot, one marker per segment on each answer, the answers side by side.

Comparing segments over many answers, a dot plot shows the gap between segments where clustered
bars would show a thicket of bars. It is drawn as a native line chart with the lines left out, so
it stays editable (its numbers are the embedded workbook's) and renders alike in PowerPoint and
LibreOffice. (A bar chart with an XY scatter over it would put the answers top to bottom, but
LibreOffice cannot draw that combination: every dot lands on one spot.)

Dots are read against the value axis and its gridlines: labels on markers a few points apart would
cover each other. The legend names the segments by their marker colour.
"""

from __future__ import annotations

from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE
from pptx.enum.dml import MSO_THEME_COLOR

from ...stats import Table
from ..charts import (chart_data, legend, native_chart, style_category_axis, style_value_axis,
                      value_scale)
from ..drawn import Drawn
from ..palette import colour_of, series_fills
from ..placement import Placement
from ..xmlfix import series_of


def draw(shapes, table: Table, place: Placement):
    data = chart_data(table, place.names(table))
    frame = native_chart(shapes, XL_CHART_TYPE.LINE_MARKERS, data, place)
    chart = frame.chart
    for series, colour in zip(series_of(chart.plots[0]), series_fills(table, data, place)):
        series.smooth = False
        series.format.line.fill.background()  # dots, not a line: the answers are not a sequence
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 12
        series.marker.format.fill.solid()
        colour_of(series.marker.format.fill.fore_color, colour.colour)
        if colour.outline is not None:  # a light (or low-base, muted) dot: ringed in its own darker hue
            colour_of(series.marker.format.line.color, colour.outline)
        else:
            series.marker.format.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    values = [v for s in data.series for v in s.values if v is not None]
    style_category_axis(chart, len(data.categories), top_down=False)
    chart.category_axis.has_major_gridlines = True  # a faint line through each answer's dots
    chart.category_axis.major_gridlines.format.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
    style_value_axis(chart.value_axis, value_scale(values, place.value_format.percent, top=place.axis_max), place.label_format,
                     shown=True)
    legend(chart, show=True)
    return Drawn(frame)  # read from an axis, or one line labelled: no marks
