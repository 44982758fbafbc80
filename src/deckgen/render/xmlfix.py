"""Fixes to what python-pptx writes, each handled once here.

- ``c:axId`` values: python-pptx writes fixed negative ids, which the
  OOXML schema (an unsigned int) rejects; they are renumbered positive.
- Characters XML 1.0 cannot hold (most control characters) break the part;
  every text deckgen places goes through :func:`clean_text`.
- Finding a free part name is quadratic in the number of parts (:func:`fast_partnames`).
- Walking a chart's series, or a table's rows, by index is quadratic: python-pptx
  re-reads (and re-sorts) every series or row on each access, and setting a
  row's height re-adds every row's height. :func:`series_of`, :func:`table_cells`
  and :func:`set_row_heights` walk them once.
"""

from __future__ import annotations

import re

from pptx.oxml.ns import qn

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


def set_row_heights(frame, height: int) -> None:
    """Give every row of the table in *frame* *height* EMU, and the frame their sum, in one pass."""
    rows = frame.table._tbl.tr_lst
    for tr in rows:
        tr.h = height
    frame.height = height * len(rows)


def horizontal_tick_labels(axis) -> None:
    """Write *axis*'s tick labels across, wrapping them, instead of letting the reader turn them.

    PowerPoint and LibreOffice turn long category labels of a column, line or dot chart by 45°,
    which leaves the plot a third of the chart's height and pushes the labels under the legend;
    python-pptx has no setting for the labels' rotation, so it is set in the axis's text body.
    """
    body = axis._element.get_or_add_txPr().find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")
