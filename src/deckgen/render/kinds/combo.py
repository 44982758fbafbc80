"""``combo``: columns and a line on a second axis, in one native chart.

The columns are the slide's table, one value per category (a share or a mean per segment, or each
answer's share); the line is the composed :class:`~deckgen.compose.content.Line` over the same
categories. python-pptx writes the two series as one clustered column chart, so both sit in the
embedded workbook (the line in the third column, in its own number format); the line's series is then
moved into a line plot on secondary axes (:func:`~deckgen.render.xmlfix.secondary_line`).

Two scales in one chart invite labels on top of labels, so the plot is shared in bands: the columns
fill the lower half (their axis ends at twice the tallest), and the line runs in the band above their
labels, its own labels above its points. Every point carries its value, so neither value axis is drawn;
the legend names both measures. The columns are one colour (accent 1), the line a contrasting one
(accent 2) with labels in its colour, so a reader tells whose value is whose.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Pt

from ...compose.marks import cell_marks
from ...stats import Table
from ..charts import mark_points, legend, native_chart, style_category_axis, style_value_axis
from ..drawn import Drawn
from ..frame import LABEL_HEIGHT, ChartFrame, gap_width
from .line import style_line
from ..palette import colour_of, fill, line_colour, readable, series_fills
from ..placement import Placement
from ..plotted import ChartData, Series
from ..xmlfix import clean_text, secondary_line, series_of, set_plot_layout

#: The share of the plot's height the tallest column reaches; the line runs in the band above.
COLUMNS_BAND = 0.5
#: Room between the columns' labels and the lowest point of the line, and above the line's top labels, as
#: a share of the plot's height.
BAND_GAP, TOP_ROOM = 0.07, 0.03
#: The smallest data label on a combo chart.
SMALLEST = 10.0


def _values(props) -> list[float | None]:
    return [None if np.isnan(v) else float(v) for v in props]


def columns_data(table: Table, place: Placement) -> ChartData:
    """The columns and the line as a chart plots them: categories, then the columns' series and the line's."""
    line = place.line
    marks = cell_marks(table)
    if table.columns.role in ("segment", "total") and len(table.rows) == 1 and table.segments is not None:
        categories, values, own = place.names(table), _values(table.props[0]), marks[0] if marks else None
    else:  # the answers are the categories
        categories = [place.shorts.get(row, row) for row in table.rows]
        values, own = _values(table.props[:, 0]), None
    line_marks = cell_marks(line.table)
    return ChartData(categories, [Series(line.columns, values, marks=own),
                                  Series(line.name, _values(line.table.props[0]),
                                         marks=line_marks[0] if line_marks else None)])


def line_scale(values: list[float], low: float, high: float) -> tuple[float, float]:
    """(min, max) of the line's axis that puts its values between *low* and *high* (fractions of the plot's
    height). The band never stretches the line more than an axis from zero to its largest value would, so
    small differences are not drawn as large ones."""
    values = [v for v in values if v is not None]
    if not values:
        return 0.0, 1.0
    least, most = min(values), max(values)
    per_plot = max((most - least) / (high - low), abs(most), abs(least), 1e-9)
    middle = (least + most) / 2 - (low + high) / 2 * per_plot
    return middle, middle + per_plot


def draw(shapes, table: Table, place: Placement) -> Drawn:
    data = columns_data(table, place)
    bars, line = data.series
    frame_ = ChartFrame(place.rect)
    size, shown, _ = frame_.column_labels([clean_text(c) for c in data.categories])
    line_place = replace(place, value_format=place.line.value_format)
    texts = [place.value_format.text(v, place.locale) for v in bars.values if v is not None] + \
        [line_place.value_format.text(v, place.locale) for v in line.values if v is not None]
    value_size = max(frame_.value_size(False, len(data.categories), 1, texts) or SMALLEST, SMALLEST)

    frame = native_chart(shapes, XL_CHART_TYPE.COLUMN_CLUSTERED, data, place, list(shown))
    chart = frame.chart
    _, _, _, plot_height = frame_.plot(False)
    label = value_size * LABEL_HEIGHT / plot_height  # a label's height, as a share of the plot's
    low = min(COLUMNS_BAND + label + BAND_GAP, 0.8)
    high = max(1 - label - TOP_ROOM, low + 0.05)
    # the columns' axes first: python-pptx's chart.value_axis is the last one, which is the line's once added
    style_category_axis(chart, len(data.categories), top_down=False, size=size)
    tallest = max((v for v in bars.values if v is not None), default=0.0)
    style_value_axis(chart.value_axis, (0.0, tallest / COLUMNS_BAND if tallest > 0 else 1.0), place.label_format,
                     shown=False)
    secondary_line(chart, line_scale(line.values, low, high), line_place.label_format)
    set_plot_layout(chart, frame_.layout(False))

    bar_fill, line_fill = series_fills(table, data, place)
    plot = chart.plots[0]
    plot.gap_width = gap_width(False, 1)
    bar_series = series_of(plot)[0]
    fill(bar_series.format, bar_fill)
    bar_series.invert_if_negative = False
    marks = _label(bar_series, place, value_size, XL_LABEL_POSITION.OUTSIDE_END, bars)

    line_series = series_of(chart.plots[1])[0]
    style_line(line_series, line_fill)
    marks += _label(line_series, line_place, value_size, XL_LABEL_POSITION.ABOVE, line,
                    colour=readable(line_colour(line_fill), place.theme))

    legend(chart, show=True)
    return Drawn(frame, marks)


def _label(series, place: Placement, size: float, position, data: Series, colour: tuple | None = None) -> int:
    """Every point's value at *size*, at *position*, in *place*'s format (and *colour*); significance marks
    after the values that have them. Returns how many marks it shows."""
    labels = series.data_labels
    labels.number_format = place.label_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(size)
    labels.position = position
    if colour is not None:
        colour_of(labels.font.color, colour)
    if not data.marks:
        return 0
    return mark_points(series, data.values, data.marks, place, on_fill=False)

