"""The slides' tables as an Excel workbook, for the colleague who checks the numbers.

One sheet per chart slide, written from the very ``Table`` values the chart
shows (never recomputed): the headline, question, base and filter, then each
row's percentage, weighted count and significance letters per column, and the
unweighted (and, when weighted, effective) bases.

Every text cell is written as a plain string (never a formula or a link, see
:data:`~deckgen.render.package.PLAIN_CELLS`), and every sheet name is one
Excel accepts, whatever the slide's id.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from ..compose import ChartContent
from ..compose.marks import cell_marks
from ..text.words import word
from .labels import excel_cell_format, segment_names
from .package import new_workbook, write_atomic
from .xmlfix import clean_text


#: Excel's longest sheet name, in UTF-16 code units (an emoji outside the BMP counts twice).
SHEET_NAME_UNITS = 31
#: Characters Excel forbids in a sheet name.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _utf16_units(text: str) -> int:
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def _cut(text: str, units: int) -> str:
    """*text* shortened to at most *units* UTF-16 code units, never splitting a character."""
    out, used = [], 0
    for ch in text:
        used += _utf16_units(ch)
        if used > units:
            break
        out.append(ch)
    return "".join(out)


def _clean_sheet_name(text: str, units: int = SHEET_NAME_UNITS) -> str:
    """*text* made a name Excel accepts: no ``[]:*?/\\`` or control characters, at most *units* long,
    no apostrophe at either end, and not the reserved name "History"."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in clean_text(text))
    text = _cut(" ".join(_SHEET_FORBIDDEN.sub("-", text).split()), units).strip().strip("'").strip()
    if not text or text.casefold() == "history":
        text = f"Sheet {text}".strip()
    return text


def _sheet_name(slide: ChartContent, taken: set[str]) -> str:
    """A valid sheet name for *slide* ("02 brand-awareness"), unique ignoring case among *taken*."""
    name = base = _clean_sheet_name(f"{slide.number:02d} {slide.name}")
    count = 1
    while name.casefold() in taken:
        count += 1
        suffix = f"~{count}"
        name = _clean_sheet_name(base, SHEET_NAME_UNITS - len(suffix)) + suffix
    taken.add(name.casefold())
    return name


def _text(sheet, row: int, col: int, text: str, cell_format=None) -> None:
    """Write *text* as a plain string cell (XML-safe), whatever it looks like."""
    text = clean_text(text)
    if text:
        sheet.write_string(row, col, text, cell_format)


def write_tables(slides: list[ChartContent], path: str | Path, locale: str) -> Path:
    """Write one sheet per slide to *path* (atomically, reproducibly)."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    taken: set[str] = set()
    for slide in slides:
        sheet = book.add_worksheet(_sheet_name(slide, taken))
        table = slide.table
        _text(sheet, 0, 0, slide.text.headline, title)
        _text(sheet, 1, 0, slide.text.question)
        _text(sheet, 2, 0, " · ".join(part for part in (slide.text.base, slide.text.significance) if part))
        if slide.filter:
            _text(sheet, 3, 0, f"{word(locale, 'filter')}: {slide.filter}")
        percent = book.add_format({"num_format": excel_cell_format(slide.value_format)})
        count = book.add_format({"num_format": "0"})
        header_row, first = 5, 6
        names = segment_names(table, word(locale, "total"))
        value_head = "%" if slide.value_format.percent else (slide.value_format.unit or "")
        count_head = f"n ({word(locale, 'weighted')})" if table.weighted else "n"
        own_bases = table.rows.bases is not None  # routed options, grid items: a base per row
        stride = 4 if own_bases else 3
        for j, name in enumerate(names):
            heads = [f"{name} {value_head}".strip(), f"{name} {count_head}"]
            heads += [f"{name} {word(locale, 'base').lower()} (n)"] if own_bases else []
            for k, head in enumerate(heads + [f"{name} sig."]):
                _text(sheet, header_row, 1 + stride * j + k, head, bold)
        marks = cell_marks(table)
        statistics = table.rows.role == "statistic"
        for i, row in enumerate(table.rows):
            label = word(locale, row) if statistics else row
            _text(sheet, first + i, 0, label, bold if table.rows.is_net(row) else None)
            for j in range(len(table.columns)):
                at = 1 + stride * j
                value = table.props[i, j]
                if value == value:  # not NaN
                    sheet.write_number(first + i, at, float(value), percent)
                if table.measure == "share":  # a mean has no count of its own
                    sheet.write_number(first + i, at + 1, float(table.counts[i, j]), count)
                if own_bases:
                    sheet.write_number(first + i, at + 2, float(table.bases[i, j]), count)
                if marks and marks[i][j]:
                    _text(sheet, first + i, at + stride - 1, marks[i][j])
        base_row = first + len(table.rows) + 1
        bases = table.bases.max(axis=0)
        _text(sheet, base_row, 0, f"{word(locale, 'base')} (n)", bold)
        for j in range(len(table.columns)):
            sheet.write_number(base_row, 2 + stride * j, float(bases[j]), count)
        if table.weighted:
            _text(sheet, base_row + 1, 0, f"{word(locale, 'base')} ({word(locale, 'effective')})", bold)
            for j, value in enumerate(table.effective_bases.max(axis=0)):
                sheet.write_number(base_row + 1, 2 + stride * j, round(float(value), 1))
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, stride * len(table.columns), 12)
    book.close()
    return write_atomic(buffer.getvalue(), path)
