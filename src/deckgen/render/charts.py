"""What the native chart kinds share: laying a table out as categories and series, colours, labels, axes.

Each kind's own drawing is a module of :mod:`.kinds`; this module holds the parts several kinds use.

The chart's numbers are the table's proportions (0-1), embedded in the chart's
workbook and shown through an explicit percent number format in the deck's
locale. Colours refer to the template theme's accents, so a customer's own
template recolours every chart. Conventions a survey deck expects:

- categories read top to bottom in the table's order (the category axis of a
  horizontal bar chart is reversed, as PowerPoint otherwise draws bottom-up);
- no chart title (the slide headline is the title), a legend only when there
  is more than one series or slice;
- bars and columns in the deck's fixed frame (:mod:`.frame`): one plot rectangle and label column on
  every slide, value axes from 0 to the slide's maximum (100% unless it says otherwise);
- data labels on every bar, at the size its bar holds; on a 100% stack hidden only on a segment too
  short to hold one at 10 pt;
- missing values (an empty segment) are gaps, never zeros.
"""

from __future__ import annotations

import copy
import uuid

import numpy as np
from lxml import etree
from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_MARK
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.text.text import Font
from pptx.util import Pt

from ..compose.marks import cell_marks, mark_text
from ..stats import Table
from .chartdata import ReproducibleChartData
from .labels import distinct, excel_cell_format, unique_labels
from .plotted import ChartData, Series
from .drawn import Drawn
from .marking import MARK, MARK_RAISE, mark_size
from .palette import fill, label_colour, legible, net_fill, point_fills, series_fills, slice_fills
from .placement import Placement
from .frame import ChartFrame, Fit, gap_width
from .xmlfix import (clean_text, fix_axis_ids, hide_point_label, horizontal_tick_labels, series_of,
                     set_plot_layout, size_point_label)


def chart_data(table: Table, names: list[str], whole: bool = False, stacked: bool = False) -> ChartData:
    """Lay a table out for a chart: which labels are categories and which are series.

    Answers are the categories and segments the series, except in a 100% stack
    (*stacked*), which draws one bar per segment with the answers stacked in it.
    Charts of the parts of a *whole* (a stack, a pie, the points of a scale)
    leave NET answers out: they would count respondents twice. A grid's items are
    its categories; its answers (the scale points) are the series, or its NETs
    instead, on bars of a grid with NETs. Statistics (a mean) are one bar per column.
    """
    if table.rows.role == "statistic":  # one bar per column: the first statistic (the mean), with its marks
        marks = cell_marks(table)
        return ChartData(names, [Series(table.rows[0], [
            None if np.isnan(v) else float(v) for v in table.props[0]], marks=marks[0] if marks else None)])
    if table.rows.role == "item" and table.columns.role == "answer":  # items as categories, the scale as series
        scale = table.columns
        props = np.where(np.isnan(table.props), None, table.props).tolist()
        nets = [j for j, label in enumerate(scale) if scale.is_net(label)]
        if whole or not nets:  # the scale, without NETs (they would overlap in a stack)
            shown = [j for j in range(len(scale)) if j not in nets]
        else:  # bars of the NETs per item, e.g. the top-2 box
            shown = nets
        series = [Series(scale[j], [row[j] for row in props], scale.is_residual(scale[j])) for j in shown]
        return ChartData(list(table.rows), series, ordinal=whole or not nets)
    answers = table.rows  # answers (or a grid's statements, by segment) as categories
    if answers.nets and whole:
        table = table.reordered([i for i, row in enumerate(answers) if not answers.is_net(row)])
        answers = table.rows
    props = np.where(np.isnan(table.props), None, table.props).tolist()
    marks = cell_marks(table)
    columns = names  # the columns as the slide names them (Placement.names)
    if stacked:  # one bar per segment, categories stacked to 100%
        series = [Series(row, props[i], answers.is_residual(row), marks[i] if marks else None)
                  for i, row in enumerate(answers)]
        return ChartData(columns, series)
    series = [Series(name, [row[j] for row in props], marks=[m[j] for m in marks] if marks else None)
              for j, name in enumerate(columns)]
    return ChartData(list(answers), series, nets=tuple(i for i, row in enumerate(answers) if answers.is_net(row)),
                     residual=tuple(i for i, row in enumerate(answers) if answers.is_residual(row)))


def native_chart(shapes, chart_type, data: ChartData, place: Placement, categories: list[str] | None = None):
    """A native chart of *chart_type* plotting *data* in *place*, its numbers in the embedded workbook.

    *categories* are the category labels as drawn (wrapped by :mod:`.frame`), else the data's own,
    with the codebook's short labels. No chart title (the slide headline is the title); the chart's
    text at 12 pt.
    """
    cd = ReproducibleChartData(number_format=excel_cell_format(place.value_format))  # the embedded cells
    if categories is None:
        categories = unique_labels([clean_text(place.shorts.get(c, c)) for c in data.categories])
    cd.categories = distinct([clean_text(c) for c in categories])
    for s, name in zip(data.series, unique_labels([clean_text(s.name) for s in data.series])):
        cd.add_series(name, s.values)
    frame = shapes.add_chart(chart_type, *place.rect, cd)
    chart = frame.chart
    fix_axis_ids(chart._chartSpace)
    chart.has_title = False
    chart.font.size = Pt(12)
    return frame


def _value_texts(data: ChartData, place: Placement) -> list[str]:
    """Every data label as it reads: the value in the deck's format and its significance marks."""
    texts = []
    for s in data.series:
        for i, v in enumerate(s.values):
            if v is not None:
                mark = s.marks[i] if s.marks else ""
                texts.append(place.value_format.text(v, place.locale) + (f" {mark_text(mark)}" if mark else ""))
    return texts


def measure(kind: str, table: Table, place: Placement) -> Fit:
    """What of *table*, drawn as *kind* (``bar``, ``column`` or ``stacked``), fits in the deck's frame:
    the category labels as drawn, the data-label size, whether labels sit across, the largest value
    (which is all it tells of a ``line`` or ``dot`` chart, drawn along the bottom like columns).

    A pure estimate (nothing is drawn): the compose stage chooses a slide's form by it, and
    :func:`add_bars` draws by the same numbers.
    """
    names = place.names(table)
    return _fit(kind, chart_data(table, names, whole=kind in ("stacked", "line"), stacked=kind == "stacked"),
                names, place)


def _fit(kind: str, data: ChartData, names: list[str], place: Placement) -> Fit:
    """:func:`measure` of *data*, the table laid out as *kind* draws it (*names*: its columns as shown)."""
    horizontal, stacked = kind in ("bar", "stacked"), kind == "stacked"
    frame = ChartFrame(place.rect)
    labels = [clean_text(place.shorts.get(c, c)) for c in data.categories]  # as XML holds them, then wrapped
    across = True
    if horizontal:  # segment names as categories (a stack, means) keep their letters and marks whole
        size, shown, shortened = frame.bar_labels(labels, whole=data.categories == names)
    else:
        size, shown, across = frame.column_labels(labels)
        shortened = []
    value_size = None if stacked else frame.value_size(horizontal, len(data.categories), len(data.series),
                                                       _value_texts(data, place))
    points = [(category, v) for s in data.series for category, v in zip(data.categories, s.values) if v is not None]
    largest = max(points, key=lambda p: p[1], default=None)
    return Fit(len(data.categories), len(data.series), size, tuple(shown), tuple(shortened), value_size, across,
               largest)


def add_bars(shapes, table: Table, place: Placement, chart_type, horizontal: bool, stacked: bool = False) -> Drawn:
    """Bars (or columns) of *table* in the deck's fixed frame: every bar labelled where the labels fit,
    NETs hatched, a legend for several series."""
    names = place.names(table)
    data = chart_data(table, names, whole=stacked, stacked=stacked)
    fit = _fit("stacked" if stacked else "bar" if horizontal else "column", data, names, place)
    frame = native_chart(shapes, chart_type, data, place, list(fit.shown))
    set_plot_layout(frame.chart, ChartFrame(place.rect).layout(horizontal))
    marks = style_bars(frame.chart, data, place, horizontal, stacked, fit, table)
    legend(frame.chart, show=len(data.series) > 1)
    return Drawn(frame, marks)


def legend(chart, show: bool) -> None:
    chart.has_legend = show
    if show:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)


def style_bars(chart, data: ChartData, place: Placement, horizontal: bool, stacked: bool, fit: Fit,
               table: Table | None = None) -> int:
    """Colours (see :mod:`.palette`), data labels at the size that fits (else a value axis), categories top
    to bottom on horizontal bars; a stack's labels sized to its bars, each kept only where its segment
    holds it. Returns how many significance marks the labels show."""
    label_format = place.label_format
    plot = chart.plots[0]
    plot.gap_width = gap_width(stacked, len(data.series))
    plot.overlap = 100 if stacked else (-5 if len(data.series) > 1 else 0)
    values = [v for s in data.series for v in s.values if v is not None]
    frame = ChartFrame(place.rect)
    size = frame.stack_size(len(data.categories)) if stacked else fit.value_size
    marks = 0
    fills = series_fills(table, data, place)
    if stacked:  # labels sit on the fill: each fill must let white or dark text reach 4.5:1
        fills = [legible(f, place.theme) for f in fills]
    for i, point_fill in point_fills(table, data, place).items():
        fill(series_of(plot)[0].points[i].format, point_fill)
    thin = []  # per series, the points whose labels a stack hid (a marked one moves beside its bar)
    for s_data, series, colour in zip(data.series, series_of(plot), fills):
        fill(series.format, colour)
        for i in data.nets:
            fill(series.points[i].format, net_fill(colour, place.theme))
        series.invert_if_negative = False
        if size is None:
            continue
        labels = series.data_labels
        labels.number_format = label_format
        labels.number_format_is_linked = False
        labels.show_value = True
        labels.font.size = Pt(size)
        if stacked:
            labels.position = XL_LABEL_POSITION.CENTER
            labels.font.color.theme_color = label_colour(colour.colour, place.theme)
        else:
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
        thin.append(_fit_stack_labels(series, s_data, place, frame, size) if stacked else set())
    sides = _thin_sides(data, thin, place, frame, size) if stacked and size is not None else [{} for _ in thin]
    for s_data, series, moved in zip(data.series, series_of(plot), sides):
        if s_data.marks and size is not None:  # after fitting a stack's labels: a marked point keeps its label
            marks += mark_points(series, s_data.values, s_data.marks, place, on_fill=stacked, thin_sides=moved)
    style_category_axis(chart, len(data.categories), top_down=horizontal, size=fit.category_size)
    style_value_axis(chart.value_axis, value_scale(values, place.value_format.percent, stacked, place.axis_max),
                     label_format, shown=size is None)  # with data labels the axis only repeats them
    return marks


def style_category_axis(chart, n_categories: int, top_down: bool, size: float | None = None) -> None:
    """No tick marks, a light axis line; *top_down*: the first category at the top, as a table reads;
    otherwise labels written across. Labels at *size* (the frame's choice; else by their number)."""
    category_axis = chart.category_axis
    category_axis.major_tick_mark = XL_TICK_MARK.NONE
    category_axis.tick_labels.font.size = Pt(size or (10 if n_categories > 12 else 12))
    category_axis.format.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
    if top_down:
        category_axis.reverse_order = True  # first category at the top...
        # ...and the value axis still at the bottom: it crosses the categories at the last one
        # (python-pptx offers this setting only from the other axis, so it is set in the XML)
        chart.value_axis._element.find(qn("c:crosses")).set("val", "max")
    else:  # categories along the bottom: labels across and wrapped, never turned
        horizontal_tick_labels(category_axis)


def value_scale(values: list[float], percent: bool, whole: bool = False, top: float | None = None
                ) -> tuple[float, float | None]:
    """(minimum, maximum) of a value axis: from 0 to *top* when the slide sets it (the compose stage
    decides: 100% for shares unless the deck or slide says otherwise), else fitted with room for labels
    beyond the largest value.

    Percentages stop at 100% (a stack of parts of a *whole* always reaches it); means get 15% headroom.
    """
    if percent and whole:
        return 0.0, 1.0
    if top is not None:
        return 0.0, float(top)
    largest = max(values, default=1.0)
    if percent:
        return 0.0, min(1.0, float(np.ceil(largest * 1.15 * 20) / 20)) or 1.0
    return 0.0, float(largest * 1.15) if largest > 0 else None


def style_value_axis(value_axis, scale: tuple[float, float | None], label_format: str, shown: bool) -> None:
    """The value axis in *scale*, in the deck's number format; *shown* with light gridlines, else hidden."""
    value_axis.has_minor_gridlines = False
    value_axis.tick_labels.number_format = label_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.minimum_scale, value_axis.maximum_scale = scale
    value_axis.visible = shown
    value_axis.has_major_gridlines = shown
    if shown:
        value_axis.major_gridlines.format.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
        value_axis.tick_labels.font.size = Pt(11)


#: How far a thin segment's marked label moves off its bar, as a fraction of the chart's height per bar:
#: half a bar and its gap of the plot area (about 80% of the chart), into the gap beside the bar.
THIN_LIFT = 0.4

#: Space kept between two labels moved into the same gap beside the bars (points): a label's box is wider
#: than its text.
THIN_CLEARANCE = 8.0


def mark_points(series, values: list, marks: list[str], place: Placement, on_fill: bool,
                thin_sides: dict[int, tuple[int, float]] | None = None) -> int:
    """Show each point's significance mark after its value, smaller, raised and coloured; returns how many.

    The point's label becomes rich text: a field of type ``VALUE``, which PowerPoint and LibreOffice
    fill from the chart's data in the label's number format, so the number still follows the data when
    the user edits it; then a run for the mark, at :data:`~.marking.MARK_SCALE` of the number's size and raised
    like a superscript (LibreOffice draws it on the line). On the slide's background the mark is in
    :data:`~.marking.MARK`; on a fill (*on_fill*: a stack's segments) it keeps its label's colour,
    which was chosen to read on that fill, and is told apart by size alone. A marked point always gets
    its label, even where a stack hid thin ones, as a mark must not be lost with its label: a segment
    too thin to hold it (hidden by :func:`_fit_stack_labels`) has it moved by :data:`THIN_LIFT` into the
    gap above or below its bar (*thin_sides*, from :func:`_thin_sides`: the side, -1 or +1, and a sideways
    shift), in the dark text of the slide's background, with the mark in its colour. A point's label repeats the series' label
    settings, which it would otherwise lose.

    PowerPoint 2013 and later also write an extension on such a label (``c15:dlblFieldTable``, empty
    unless a field reads a cell range, and ``c15:showDataLabelsRange`` off); it says nothing here, and
    one ``c:ext`` holding both fails schema validation, so it is left out.
    """
    dLbls = series._element.get_or_add_dLbls()
    shared = [c for c in dLbls if etree.QName(c).localname not in ("dLbl", "numFmt", "txPr", "showLeaderLines",
                                                                       "leaderLines", "extLst")]
    font = dLbls.find(f"{qn('c:txPr')}/{qn('a:p')}/{qn('a:pPr')}/{qn('a:defRPr')}")
    series_index = series._element.idx.val
    shown = 0
    for i, (value, mark) in enumerate(zip(values, marks)):
        if not mark or value is None:
            continue
        dLbl = dLbls.get_or_add_dLbl_for_point(i)
        own = dLbl.find(f"{qn('c:txPr')}/{qn('a:p')}/{qn('a:pPr')}/{qn('a:defRPr')}")
        point_font = font
        if own is not None and own.get("sz") and font is not None:  # a stack's label made smaller to fit
            point_font = copy.deepcopy(font)
            point_font.set("sz", own.get("sz"))
        for child in list(dLbl)[1:]:
            dLbl.remove(child)
        field_id = uuid.uuid5(uuid.NAMESPACE_OID, f"deckgen.mark.{series_index}.{i}")
        thin = i in (thin_sides or {})
        if thin:  # into the gap above or below the bar
            manual = _child(_child(dLbl, "c:layout"), "c:manualLayout")
            side, shift = thin_sides[i]
            _child(manual, "c:x", val=f"{shift:.4f}" if shift else "0")
            _child(manual, "c:y", val=f"{side * THIN_LIFT / len(values):.4f}")
        dLbl.append(_rich_label(place.value_format.text(value, place.locale), mark_text(mark), point_font,
                                on_fill and not thin, field_id, dark=thin))
        dLbl.append(dLbl.makeelement(qn("c:numFmt"), {"formatCode": place.label_format, "sourceLinked": "0"}))
        for child in shared:
            dLbl.append(copy.deepcopy(child))
        shown += 1
    return shown


def _rich_label(number: str, mark: str, font, on_fill: bool, field_id, dark: bool = False) -> etree._Element:
    """A data label's ``c:tx``: the value as a field (*number*, formatted now, is only its cached text)
    and *mark* after it, in runs that carry the series' label font (*font*, an ``a:defRPr`` or None)."""
    base = font if font is not None else OxmlElement("a:defRPr")
    tx = _child(None, "c:tx")
    rich = _child(tx, "c:rich")
    _child(rich, "a:bodyPr")
    _child(rich, "a:lstStyle")
    paragraph = _child(rich, "a:p")
    _child(paragraph, "a:pPr").append(copy.deepcopy(base))
    field = _child(paragraph, "a:fld", id=f"{{{str(field_id).upper()}}}", type="VALUE")
    field.append(_run_properties(base))
    if dark:
        Font(field[0]).color.theme_color = MSO_THEME_COLOR.TEXT_1
    _child(field, "a:t").text = number
    run = _child(paragraph, "a:r")
    properties = _run_properties(base)
    style = Font(properties)
    style.size = Pt(mark_size((style.size or Pt(12)).pt))  # the chart's text is 12 pt
    properties.set("baseline", str(MARK_RAISE))
    if not on_fill:
        style.color.theme_color = MARK
    run.append(properties)
    _child(run, "a:t").text = "\u2009" + mark  # a thin space: the mark belongs to the number before it
    return tx


def _child(parent, tag: str, **attributes) -> etree._Element:
    """A new *tag* element with *attributes*, appended to *parent* (when given)."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(name, value)
    if parent is not None:
        parent.append(element)
    return element


def _run_properties(font) -> etree._Element:
    """The ``a:rPr`` of a run set in *font* (an ``a:defRPr``: the same properties, by another name)."""
    properties = _child(None, "a:rPr", **dict(font.attrib))
    properties.extend(copy.deepcopy(child) for child in font)
    return properties


def _thin_sides(data: ChartData, thin: list[set[int]], place: Placement, frame: ChartFrame,
                size: float) -> list[dict[int, tuple[int, float]]]:
    """Per series, point -> (-1: above its bar or +1: below, sideways shift as a share of the chart's width)
    for each marked label too long for its segment.

    Each gap between two bars is shared by the labels moved down from the bar above it and up from the bar
    below, so the bars are taken top to bottom, left to right, and each label goes where it is clear (by
    :data:`THIN_CLEARANCE`) of the labels already in that gap: above first for every other series (two thin
    neighbours then part), else below; where neither is clear, to the side it overlaps less, moved right
    past the labels there (left when that would leave the plot)."""
    taken: dict[int, list[tuple[float, float]]] = {}  # gap (0: above the first bar) -> the spans in it
    sides: list[dict[int, tuple[int, float]]] = [{} for _ in data.series]
    right = frame.plot(True)[2]
    for i in range(len(data.categories)):
        start = 0.0
        for s, s_data in enumerate(data.series):
            value = s_data.values[i] or 0.0
            if i in thin[s] and s_data.marks and s_data.marks[i] and s_data.values[i] is not None:
                text = place.value_format.text(value, place.locale) + " " + mark_text(s_data.marks[i])
                x0, x1 = frame.segment_span(start, value, text, size)
                x0, x1 = x0 - THIN_CLEARANCE / 2, x1 + THIN_CLEARANCE / 2
                options = [(-1, i), (1, i + 1)] if s % 2 == 0 else [(1, i + 1), (-1, i)]
                overlap = [sum(max(0.0, min(x1, b) - max(x0, a)) for a, b in taken.get(gap, [])) for _, gap in options]
                side, gap = options[overlap.index(min(overlap))]
                shift = 0.0
                if min(overlap) > 0:
                    spans = taken[gap]
                    shift = max(b for a, b in spans) - x0  # past every label in the gap
                    if x1 + shift > right:
                        shift = min(a for a, b in spans) - x1
                taken.setdefault(gap, []).append((x0 + shift, x1 + shift))
                sides[s][i] = (side, shift / frame.width)
            start += value
    return sides


def _fit_stack_labels(series, s_data, place: Placement, frame: ChartFrame, size: float) -> set[int]:
    """Keep each label of a 100% stack where its segment holds it: at the chart's *size*, smaller (to 10 pt)
    where the segment is short, and hidden only where even 10 pt would run into the next segment's
    label ("6%5%"). A hidden value is still on the slide's notes and in its alt text, which carry every
    value. Returns the points whose labels it hid."""
    hidden = set()
    dLbls = series._element.get_or_add_dLbls()
    for i, v in enumerate(s_data.values):
        mark = s_data.marks[i] if s_data.marks else ""
        text = "" if v is None else place.value_format.text(v, place.locale) + (f" {mark_text(mark)}" if mark else "")
        fitted = None if v is None or v <= 0 else frame.segment_size(v, text, size)
        if fitted is None:
            hide_point_label(dLbls, i)
            hidden.add(i)
        elif fitted < size:
            size_point_label(dLbls, i, fitted)
    return hidden


def add_slices(shapes, table: Table, place: Placement, chart_type, doughnut: bool) -> Drawn:
    """A pie or doughnut of *table*'s one column: the answers as slices, with a legend (one series: no marks)."""
    data = chart_data(table, place.names(table), whole=True)
    frame = native_chart(shapes, chart_type, data, place)
    _style_slices(frame.chart, data, place, doughnut, table)
    legend(frame.chart, show=True)
    return Drawn(frame)


def _style_slices(chart, data: ChartData, place: Placement, doughnut: bool, table: Table) -> None:
    """Slices in accent colours, a scale's in its own (residual answers grey); labels outside a pie, inside
    a doughnut's ring in white or dark text, whichever its slice lets reach 4.5:1."""
    label_format = place.label_format
    plot = chart.plots[0]
    plot.vary_by_categories = True
    series = plot.series[0]
    fills = slice_fills(table, data, place)
    if doughnut:  # labels sit on the ring
        fills = [legible(f, place.theme) for f in fills]
    for point, colour in zip(series.points, fills):
        fill(point.format, colour)
    labels = series.data_labels
    labels.number_format = label_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(12)
    if doughnut:  # there is no outside position: each label in the colour its slice lets reach 4.5:1
        labels.font.bold = True
        _point_label_colours(series, [label_colour(f.colour, place.theme) for f in fills])
    else:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END



def _point_label_colours(series, colours: list) -> None:
    """Give each point's data label its own text colour, keeping the series' label settings (number
    format, size), which a point label would otherwise lose."""
    dLbls = series._element.get_or_add_dLbls()
    shared = [c for c in dLbls if etree.QName(c).localname not in ("dLbl", "showLeaderLines", "leaderLines",
                                                                       "extLst")]
    for i, colour in enumerate(colours):
        dLbl = dLbls.get_or_add_dLbl_for_point(i)
        for child in list(dLbl)[1:]:
            dLbl.remove(child)
        for child in shared:
            dLbl.append(copy.deepcopy(child))
        series.points[i].data_label.font.color.theme_color = colour
