"""Fixes to what python-pptx writes, each handled once here.

- ``c:axId`` values: python-pptx writes fixed negative ids, which the
  OOXML schema (an unsigned int) rejects; they are renumbered positive.
- Characters XML 1.0 cannot hold (most control characters) break the part;
  every text deckgen places goes through :func:`clean_text`.
- Finding a free part name is quadratic in the number of parts (:func:`fast_partnames`).
- python-pptx compiles the XPath that finds a shape's placeholder element anew on each of the
  thousands of times a deck asks for it (:func:`fast_placeholders`).
- Walking a chart's series, or a table's rows, by index is quadratic: python-pptx
  re-reads (and re-sorts) every series or row on each access, and setting a
  row's height re-adds every row's height. :func:`series_of`, :func:`table_cells`
  and :func:`set_row_heights` walk them once.
- A new table carries python-pptx's default style (Medium Style 2, banded, a filled
  header row): :func:`plain_table` sets the plain style and turns its flags off, and
  :func:`set_cell_rules` draws a cell's own rules, in the order the schema wants.
- The plot area's manual layout (:func:`set_plot_layout`) and a point's own data-label size or
  deletion (:func:`size_point_label`, :func:`hide_point_label`) have no python-pptx setting.
- python-pptx writes no combo chart: :func:`secondary_line` moves a bar chart's last series into a line
  plot on secondary axes.
"""

from __future__ import annotations

import copy
import re

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, nsmap, qn
from pptx.oxml.shapes.shared import BaseShapeElement

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """*text* without characters that XML 1.0 forbids (tabs and newlines kept; a carriage return,
    which an XML reader turns into a newline anyway, becomes one here)."""
    return _ILLEGAL_XML.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")


def fix_axis_ids(chart_space) -> None:
    """Renumber every axis id (and cross reference) in a chart to a positive value."""
    mapping: dict[str, str] = {}
    for tag in ("c:axId", "c:crossAx"):
        for el in chart_space.iter(qn(tag)):
            val = el.get("val")
            if val is not None and val.startswith("-"):
                mapping.setdefault(val, str(100000 + len(mapping)))
    if not mapping:
        return
    for tag in ("c:axId", "c:crossAx"):
        for el in chart_space.iter(qn(tag)):
            if el.get("val") in mapping:
                el.set("val", mapping[el.get("val")])


def fast_partnames(package) -> None:
    """Give *package* a ``next_partname`` that does not walk every part on every call.

    python-pptx finds a free part name (``/ppt/charts/chart7.xml``) by walking
    the whole package each time a part is added, which makes a deck of N charts
    cost O(N^2): over a second for a hundred slides. This version walks once,
    then remembers the names it hands out. Call it after the template's own
    slides are removed and before slides are added.
    """
    from pptx.opc.packuri import PackURI

    taken = {str(part.partname) for part in package.iter_parts()}

    def next_partname(tmpl: str) -> PackURI:
        n = 1
        while tmpl % n in taken:
            n += 1
        taken.add(tmpl % n)
        return PackURI(tmpl % n)

    package.next_partname = next_partname


#: A shape's placeholder element (``p:ph``), as python-pptx's ``BaseShapeElement.ph`` finds it.
_PLACEHOLDER = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces=nsmap("p"))


def _placeholder_element(shape):
    """The ``p:ph`` element of *shape*'s non-visual properties, or None: ``BaseShapeElement.ph``."""
    found = _PLACEHOLDER(shape)
    return found[0] if found else None


def fast_placeholders() -> None:
    """Make python-pptx find a shape's placeholder element with an XPath compiled once.

    Every placeholder question python-pptx answers (is this shape a placeholder, of which type and
    index; where does it inherit its position from, searching the layout's shapes) reads
    ``BaseShapeElement.ph``, which compiles its XPath on each call: about 1,600 calls and a sixth of
    the rendering time of the worked example's eleven slides. The compiled expression is the same, so
    every answer is; the property is replaced on python-pptx's class, for the whole process, so it
    must stay exactly what python-pptx computes.
    """
    BaseShapeElement.ph = property(_placeholder_element)


def set_alt_text(shape, text: str) -> None:
    """Give *shape* its alternative text (``descr``), what a screen reader says for a chart or table."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", clean_text(text))


def series_of(plot) -> list:
    """The series of *plot* in order, each read once (``plot.series[i]`` sorts all of them each time)."""
    from pptx.chart.series import _SeriesFactory

    return [_SeriesFactory(ser) for ser in plot._element.sers]


def table_cells(table) -> list[list]:
    """The cells of *table*, row by row (``table.cell(i, j)`` walks every row to find row i)."""
    from pptx.table import _Cell

    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def set_row_heights(frame, heights) -> None:
    """Give the rows of the table in *frame* their *heights* (EMU; one number for all), and the frame
    their sum, in one pass."""
    rows = frame.table._tbl.tr_lst
    heights = [heights] * len(rows) if isinstance(heights, int) else list(heights)
    for tr, height in zip(rows, heights):
        tr.h = int(height)
    frame.height = sum(int(h) for h in heights)


def horizontal_tick_labels(axis) -> None:
    """Write *axis*'s tick labels across, wrapping them, instead of letting the reader turn them.

    PowerPoint and LibreOffice turn long category labels of a column, line or dot chart by 45°,
    which leaves the plot a third of the chart's height and pushes the labels under the legend;
    python-pptx has no setting for the labels' rotation, so it is set in the axis's text body.
    """
    body = axis._element.get_or_add_txPr().find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")


#: PowerPoint's built-in "No Style, No Grid": no fills and no borders of its own, so the cells' own
#: properties are all a reader sees, in PowerPoint and LibreOffice alike.
PLAIN_TABLE_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
_TABLE_FLAGS = ("firstRow", "firstCol", "lastRow", "lastCol", "bandRow", "bandCol")


def plain_table(frame) -> None:
    """The table in *frame* without a banded style: the plain style id and every style flag off."""
    tbl_pr = frame.table._tbl.tblPr
    for flag in _TABLE_FLAGS:
        if flag in tbl_pr.attrib:
            del tbl_pr.attrib[flag]
    style = tbl_pr.find(qn("a:tableStyleId"))
    if style is None:
        style = tbl_pr.makeelement(qn("a:tableStyleId"), {})
        tbl_pr.append(style)
    style.text = PLAIN_TABLE_STYLE


def _line(tag: str, rule):
    """An ``a:lnX`` element: *rule* is None (no line) or (width EMU, scheme colour, lumMod, lumOff)."""
    if rule is None:
        return parse_xml(f'<a:{tag} {nsdecls("a")} w="0"><a:noFill/></a:{tag}>')
    width, scheme, lum_mod, lum_off = rule
    mods = (f'<a:lumMod val="{lum_mod}"/>' if lum_mod is not None else "") + \
        (f'<a:lumOff val="{lum_off}"/>' if lum_off is not None else "")
    return parse_xml(f'<a:{tag} {nsdecls("a")} w="{int(width)}" cap="flat" cmpd="sng" algn="ctr">'
                     f'<a:solidFill><a:schemeClr val="{scheme}">{mods}</a:schemeClr></a:solidFill>'
                     f'<a:prstDash val="solid"/></a:{tag}>')


def set_cell_rules(cell, top=None, bottom=None) -> None:
    """Give *cell* its own rules: *top* and *bottom* as in :func:`_line`, never a vertical one.

    The schema orders a cell's properties lnL, lnR, lnT, lnB, ..., then its fill; python-pptx has no
    setter for cell borders, so the four are written here first, before any fill.
    """
    tc_pr = cell._tc.get_or_add_tcPr()
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        for old in tc_pr.findall(qn(tag)):
            tc_pr.remove(old)
    for k, (tag, rule) in enumerate((("lnL", None), ("lnR", None), ("lnT", top), ("lnB", bottom))):
        tc_pr.insert(k, _line(tag, rule))


def set_end_size(paragraph, size: float) -> None:
    """The size (points) of *paragraph*'s end mark: an empty table cell otherwise gets a line of the
    default 18 pt, and LibreOffice makes its row that tall."""
    end = paragraph._p.get_or_add_endParaRPr()
    end.set("sz", str(int(round(size * 100))))


def set_right_tab(paragraph, position: int) -> None:
    """Give *paragraph* one right-aligned tab stop *position* EMU from its left edge (python-pptx has no
    setter for tab stops): text after a tab ends there, whatever follows it."""
    p_pr = paragraph._p.get_or_add_pPr()
    for old in p_pr.findall(qn("a:tabLst")):
        p_pr.remove(old)
    tabs = parse_xml(f'<a:tabLst {nsdecls("a")}><a:tab pos="{max(0, int(position))}" algn="r"/></a:tabLst>')
    successors = [child for child in p_pr if child.tag in (qn("a:defRPr"), qn("a:extLst"))]
    if successors:
        successors[0].addprevious(tabs)
    else:
        p_pr.append(tabs)
def set_plot_layout(chart, layout: tuple[float, float, float, float]) -> None:
    """Fix the plot area's inner rectangle (x, y, w, h as fractions of the chart) instead of PowerPoint's
    automatic layout, which moves the plot with the length of the labels.

    ``inner`` places the axes' box itself (the labels go outside it), so the bars of every chart in a
    deck start and end at the same place; python-pptx offers no setting for it.
    """
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    old = plot_area.find(qn("c:layout"))
    if old is not None:
        plot_area.remove(old)
    layout_el = plot_area.makeelement(qn("c:layout"), {})
    manual = layout_el.makeelement(qn("c:manualLayout"), {})
    layout_el.append(manual)
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge")):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": value}))
    for tag, value in zip(("x", "y", "w", "h"), layout):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": f"{value:.4f}"}))
    plot_area.insert(0, layout_el)


_SHARED_SKIP = ("dLbl", "showLeaderLines", "leaderLines", "extLst")


def _point_label(dLbls, idx: int):
    """Point *idx*'s own data label; a new one repeats the series' label settings, which a point label
    would otherwise lose (PowerPoint does not inherit them)."""
    existing = next((d for d in dLbls.findall(qn("c:dLbl")) if d.find(qn("c:idx")).get("val") == str(idx)), None)
    if existing is not None:
        return existing
    shared = [c for c in dLbls if etree.QName(c).localname not in _SHARED_SKIP]
    dLbl = dLbls.get_or_add_dLbl_for_point(idx)
    for child in list(dLbl)[1:]:
        dLbl.remove(child)
    for child in shared:
        dLbl.append(copy.deepcopy(child))
    return dLbl


def size_point_label(dLbls, idx: int, size: float) -> None:
    """Give point *idx*'s data label its own font *size* (pt), its other settings the series'."""
    dLbl = _point_label(dLbls, idx)
    for rPr in dLbl.iter(qn("a:defRPr")):
        rPr.set("sz", str(int(round(size * 100))))


def hide_point_label(dLbls, idx: int) -> None:
    """Delete point *idx*'s data label (a segment too short to hold it)."""
    dLbl = dLbls.get_or_add_dLbl_for_point(idx)
    for child in list(dLbl)[1:]:
        dLbl.remove(child)
    dLbl.append(dLbl.makeelement(qn("c:delete"), {"val": "1"}))


def secondary_line(chart, scale: tuple[float, float], number_format: str) -> None:
    """Move *chart*'s last bar series into a line plot on secondary axes: a combo chart, which python-pptx
    cannot write.

    The series keeps its ``c:cat`` and ``c:val`` references, so the line still reads its column of the
    embedded workbook and "Edit Data" in PowerPoint edits it. Its bar-only elements go; a line series
    ends with ``c:smooth``. The new ``c:lineChart`` sits after the bar plot (a plot area holds its plots
    before its axes); its category axis is the columns' own categories again, deleted so it is not drawn
    twice, and its value axis, from *scale* (min, max) in *number_format*, crosses at the maximum, on the
    right. That axis is deleted too (hidden): every point carries its value, and a scale fitted to keep the
    line above the columns need not start at zero. PowerPoint and LibreOffice still scale the line by it.
    """
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    bar = plot_area.find(qn("c:barChart"))
    ser = bar.findall(qn("c:ser"))[-1]
    bar.remove(ser)
    for tag in ("c:invertIfNegative", "c:pictureOptions", "c:shape"):
        for element in ser.findall(qn(tag)):
            ser.remove(element)
    ser.find(qn("c:val")).addnext(parse_xml(f'<c:smooth {nsdecls("c")} val="0"/>'))
    taken = [int(el.get("val")) for el in plot_area.iter(qn("c:axId"))]
    cat_id, val_id = max(taken) + 1, max(taken) + 2
    line = parse_xml(f'<c:lineChart {nsdecls("c")}><c:grouping val="standard"/><c:varyColors val="0"/>'
                     f'</c:lineChart>')
    line.append(ser)
    for element in (f'<c:marker {nsdecls("c")} val="1"/>', f'<c:axId {nsdecls("c")} val="{cat_id}"/>',
                    f'<c:axId {nsdecls("c")} val="{val_id}"/>'):
        line.append(parse_xml(element))
    bar.addnext(line)
    low, high = (float(v) for v in scale)
    fmt = number_format.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    cat_ax = parse_xml(
        f'<c:catAx {nsdecls("c")}><c:axId val="{cat_id}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="1"/><c:axPos val="b"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/><c:crossAx val="{val_id}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        f'<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="1"/></c:catAx>')
    val_ax = parse_xml(
        f'<c:valAx {nsdecls("c", "a")}><c:axId val="{val_id}"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{high!r}"/><c:min val="{low!r}"/></c:scaling><c:delete val="0"/><c:axPos val="r"/>'
        f'<c:numFmt formatCode="{fmt}" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="none"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr>'
        f'<c:crossAx val="{cat_id}"/>'
        f'<c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>')
    last_axis = [el for el in plot_area if etree.QName(el).localname in ("catAx", "valAx", "dateAx", "serAx")][-1]
    last_axis.addnext(cat_ax)
    cat_ax.addnext(val_ax)
