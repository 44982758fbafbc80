"""Reading a built deck back: chart numbers straight from the chart XML, slide texts, notes.

The chart reader parses the chart parts with lxml rather than through
python-pptx's chart objects, so tests check what PowerPoint will read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass
class ChartSeries:
    name: str
    values: list  # float or None for a gap, by category index
    point_formats: dict  # category index -> number format of that point's own data label
    point_marks: dict  # category index -> the text after the value field of that point's rich label


@dataclass
class ChartRead:
    kind: str  # barChart, pieChart, doughnutChart ...
    categories: list[str]
    series: list[ChartSeries]
    bar_dir: str | None
    grouping: str | None
    workbook: bytes


def _points(element) -> dict[int, str]:
    return {int(pt.get("idx")): pt.find(f"{C}v").text for pt in element.iter(f"{C}pt")}


def read_chart(chart_part) -> ChartRead:
    root = etree.fromstring(chart_part.blob)
    plot = root.find(f"{C}chart/{C}plotArea")
    chart_el = next(el for el in plot if el.tag.endswith("Chart"))
    series = []
    categories: list[str] = []
    for ser in chart_el.findall(f"{C}ser"):
        name = ser.find(f"{C}tx").find(f".//{C}v").text
        cats = _points(ser.find(f"{C}cat"))
        categories = [cats[i] for i in sorted(cats)]
        vals = _points(ser.find(f"{C}val"))
        formats = {int(d.find(f"{C}idx").get("val")): d.find(f"{C}numFmt").get("formatCode")
                   for d in ser.iter(f"{C}dLbl") if d.find(f"{C}numFmt") is not None}
        marks = {int(d.find(f"{C}idx").get("val")): "".join(r.findtext(f"{A}t") for r in d.iter(f"{A}r")).strip()
                 for d in ser.iter(f"{C}dLbl") if d.find(f".//{A}fld[@type='VALUE']") is not None}
        series.append(ChartSeries(name, [float(vals[i]) if i in vals else None for i in range(len(categories))],
                                  formats, marks))
    bar_dir = chart_el.find(f"{C}barDir")
    grouping = chart_el.find(f"{C}grouping")
    workbook = chart_part.chart_workbook.xlsx_part.blob if chart_part.chart_workbook.xlsx_part else b""
    return ChartRead(etree.QName(chart_el).localname, categories, series,
                     bar_dir.get("val") if bar_dir is not None else None,
                     grouping.get("val") if grouping is not None else None, workbook)


@dataclass
class SlideRead:
    title: str
    texts: list[str]
    notes: str
    charts: list[ChartRead]
    tables: list[list[list[str]]]


def _is_slide_number(shape) -> bool:
    return bool(shape._element.xpath(".//a:fld[@type='slidenum']"))


def read_deck(path) -> list[SlideRead]:
    prs = Presentation(str(path))
    slides = []
    for slide in prs.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        # the slide number is a field PowerPoint fills in, not the slide's content
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and not _is_slide_number(sh)]
        charts = [read_chart(sh.chart.part) for sh in slide.shapes if sh.has_chart]
        # a value cell may start with a tab: its number ends on the column's tab stop (layout, not text)
        tables = [[[cell.text.lstrip("\t") for cell in row.cells] for row in sh.table.rows]
                  for sh in slide.shapes if sh.has_table]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append(SlideRead(title, texts, notes, charts, tables))
    return slides


def workbook_values(blob: bytes) -> list[list]:
    """The cell values of a chart's embedded workbook (first sheet), row by row."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(blob), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
