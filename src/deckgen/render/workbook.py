"""The slides' tables as an Excel workbook, for the colleague who checks the numbers.

One sheet per chart slide, written from the very ``Table`` values the chart
shows (never recomputed): the headline, question, base and filter, then each
row's percentage, weighted count and significance letters per column, and the
unweighted (and, when weighted, effective) bases.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..stats import Table
from ..text.words import word
from .labels import ValueFormat, segment_names
from .package import FIXED_DATETIME, write_atomic
from .xmlfix import clean_text


@dataclass(frozen=True)
class ExportedSlide:
    number: int
    name: str
    headline: str
    question: str
    base: str
    filter: str | None
    table: Table
    value_format: ValueFormat


def _sheet_name(slide: ExportedSlide, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", f"{slide.number:02d} {slide.name}")[:31]
    while name in taken:
        name = name[:28] + f"~{len(taken) % 100:02d}"
    taken.add(name)
    return name


def write_tables(slides: list[ExportedSlide], path: str | Path, locale: str) -> Path:
    """Write one sheet per slide to *path* (atomically, reproducibly)."""
    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": FIXED_DATETIME, "author": "deckgen"})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    taken: set[str] = set()
    for slide in slides:
        sheet = book.add_worksheet(_sheet_name(slide, taken))
        table = slide.table
        sheet.write(0, 0, clean_text(slide.headline), title)
        sheet.write(1, 0, clean_text(slide.question))
        sheet.write(2, 0, clean_text(slide.base))
        if slide.filter:
            sheet.write(3, 0, f"{word(locale, 'filter')}: {slide.filter}")
        percent = book.add_format({"num_format": "0" + ("." + "0" * slide.value_format.decimals
                                                         if slide.value_format.decimals else "")
                                   + ("%" if slide.value_format.percent else "")})
        count = book.add_format({"num_format": "0"})
        header_row, first = 5, 6
        names = segment_names(table, word(locale, "total"))
        value_head = "%" if slide.value_format.percent else (slide.value_format.unit or "")
        for j, name in enumerate(names):
            sheet.write(header_row, 1 + 3 * j, clean_text(f"{name} {value_head}".strip()), bold)
            sheet.write(header_row, 2 + 3 * j, clean_text(f"{name} n"), bold)
            sheet.write(header_row, 3 + 3 * j, clean_text(f"{name} sig."), bold)
        for i, row in enumerate(table.rows):
            label = word(locale, row) if table.kind == "numeric" else row
            sheet.write(first + i, 0, clean_text(label), bold if row in table.nets else None)
            for j in range(len(table.columns)):
                value = table.props[i, j]
                if value == value:  # not NaN
                    sheet.write_number(first + i, 1 + 3 * j, float(value), percent)
                if table.kind != "numeric":
                    sheet.write_number(first + i, 2 + 3 * j, float(table.counts[i, j]), count)
                if table.tests and table.tests[i][j]:
                    sheet.write(first + i, 3 + 3 * j, table.tests[i][j])
        base_row = first + len(table.rows) + 1
        bases = table.bases.max(axis=0)
        sheet.write(base_row, 0, f"{word(locale, 'base')} (n)", bold)
        for j in range(len(table.columns)):
            sheet.write_number(base_row, 2 + 3 * j, float(bases[j]), count)
        if table.weighted:
            sheet.write(base_row + 1, 0, f"{word(locale, 'base')} ({word(locale, 'effective')})", bold)
            for j, value in enumerate(table.effective_bases.max(axis=0)):
                sheet.write_number(base_row + 1, 2 + 3 * j, round(float(value), 1))
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, 3 * len(table.columns), 12)
    book.close()
    return write_atomic(buffer.getvalue(), path)
