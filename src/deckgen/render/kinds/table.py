"""``table``: a stats table as a native PowerPoint table: categories down, columns across, a base row.

A table is sized to what it holds, not to a fixed grid. Its columns are measured first: the label
column gets the room its labels need, each value column fits its widest value (with room for its
significance letters) and the widest word of its header, so headers wrap between words and never
inside one. Each row is then as tall as its wrapped label. The largest size from :data:`LARGEST`
down to :data:`SMALLEST` at which everything fits the area is chosen; a table that does not fit even
at the floor continues on following slides: :func:`pages` splits it at whole rows and gives one
drawing per page, each with the header row and the base row (a reader needs the base on every page).

The house style is plain: no banding or filled header, light rules between rows, a bolder rule
under the header, no vertical rules, cells centred vertically, numbers right-aligned. A column's
significance letters are a smaller run after the number, and every number of the column ends on one
right tab stop that leaves the letters' room, so letters never push a number out of line with the
numbers above and below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from ...compose import ValueFormat
from ...compose.marks import cell_marks, mark_text
from ...stats import Table
from ...text import formats
from ...text.words import word
from ..drawn import Drawn
from ..marking import MARK, MARK_RAISE, mark_size
from ..palette import QUIET_TEXT, colour_of
from ..placement import Placement
from ..textfit import EMU_PER_POINT, text_width, widest_word, wrapped_lines
from ..xmlfix import (clean_text, plain_table, set_cell_rules, set_end_size, set_right_tab, set_row_heights,
                      table_cells)

#: Font sizes (points) tried, largest first; below the floor a table continues on another slide. Body
#: text of a table reads at 10-12 pt beside 18-24 pt headlines; larger tables look like posters.
LARGEST, SMALLEST = 12.0, 10.0
#: A cell's inner margins (points): left/right, top/bottom.
PAD_X, PAD_Y = 5.0, 2.5
#: A wrapped line's height as a multiple of the size (Calibri's own line spacing is 1.22, rounded up).
LINE = 1.25
#: The label column's least share of the width, so long labels are not squeezed to a word a line.
LABEL_SHARE = 0.3
#: A value column grows (beyond what it needs) up to this width while the area has room to spare.
VALUE_ROOM = Inches(1.4)

#: Rules as (width EMU, scheme colour, lumMod, lumOff): light between rows, bolder under the header,
#: a mid grey above the base row.
HEADER_RULE = (Pt(1.25), "tx1", None, None)
ROW_RULE = (Pt(0.75), "tx1", 20000, 80000)
BASE_RULE = (Pt(0.75), "tx1", 50000, 50000)


@dataclass(frozen=True)
class Cells:
    """A table's texts, before any geometry: the header, the body rows and the base row.

    Each body row is its label and, per value column, the value's text and its mark ("" for none).
    """

    header: tuple[str, ...]
    body: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    base: tuple[str, tuple[str, ...]] | None

    @property
    def columns(self) -> int:
        return len(self.header) - 1


@dataclass(frozen=True)
class Layout:
    """Where a table's cells go: its size, column widths, row heights and how rows fall on pages.

    Widths and heights are EMU; *pages* lists the body rows (by index) on each page, in order.
    *fits* is False when even the floor size could not keep a row within the area.
    """

    size: float
    widths: tuple[int, ...]
    header: int
    rows: tuple[int, ...]
    base: int
    pages: tuple[tuple[int, ...], ...]
    fits: bool = True

    def height(self, page: int) -> int:
        return self.header + sum(self.rows[i] for i in self.pages[page]) + self.base


def cells_of(table: Table, names: list[str], locale: str, value_format: ValueFormat = ValueFormat(),
                row_labels: dict | None = None) -> Cells:
    """The texts of *table*: values in the deck's locale, marks worded, the base row named "Base (n)"."""
    base_label = word(locale, "base_n")
    marks = cell_marks(table) or [[""] * len(table.columns) for _ in table.rows]
    header = [""] + list(names)
    body = [[(row_labels or {}).get(row, row),
             [(value_format.text(p, locale), mark_text(m)) for p, m in zip(table.props[i], marks[i])]]
            for i, row in enumerate(table.rows)]
    if table.rows.bases is not None:  # each row (a grid item, a routed option) has its own base: a column
        header.append(base_label)
        for line, base in zip(body, table.rows.bases):
            line[1].append((formats.number(base, locale), ""))
    base = None
    if table.columns.bases is not None:  # the total's or each segment's base: a row of bases
        base = (base_label, tuple([formats.number(b, locale) for b in table.columns.bases]
                                  + [""] * (len(header) - 1 - len(table.columns))))
    return Cells(tuple(clean_text(h) for h in header),
                 tuple((clean_text(label), tuple(values)) for label, values in body), base)


def _pt(emu: float) -> float:
    return emu / EMU_PER_POINT


def _column_widths(cells: Cells, width: int, size: float) -> list[tuple[int, ...]]:
    """Candidate column widths (EMU) at *size*, from the narrowest label column its words allow to the
    widest it needs; none when the columns' least widths exceed *width*.

    Each value column holds its widest value with its letters and its header's widest word, then grows
    towards its header on one line; room still left widens the value columns evenly up to
    :data:`VALUE_ROOM`, and the label column takes the rest.
    """
    pad = 2 * PAD_X
    labels = [label for label, _ in cells.body] + ([cells.base[0]] if cells.base else [])
    label_need = max(text_width(t, size) for t in labels) + pad
    label_floor = max(widest_word(t, size) for t in labels) + pad  # its words stay whole
    least, wanted = [], []
    for j in range(cells.columns):
        values = [values[j][0] for _, values in cells.body] + ([cells.base[1][j]] if cells.base else [])
        header = cells.header[j + 1]
        low = max(max(text_width(v, size) for v in values) + _reserve(cells, j, size),
                  widest_word(header, size, True)) + pad
        least.append(low)
        wanted.append(max(low, text_width(header, size, True) + pad))
    room = _pt(width)
    if label_floor + sum(least) > room:
        return []
    # the label column's share is a preference: many value columns (a long scale with its NETs) may leave less
    label_least = max(label_floor, min(label_need, _pt(width) * LABEL_SHARE, room - sum(least)))
    most = max(label_least, min(label_need, room - sum(least)))
    candidates = []
    for k in range(9):
        label = label_least + (most - label_least) * k / 8
        spare = room - label - sum(least)
        short = sum(w - lo for w, lo in zip(wanted, least))
        columns = [lo + min(spare * (w - lo) / short, w - lo) if short > 0 else lo for w, lo in zip(wanted, least)]
        spare = room - label - sum(columns)
        if spare > 0 and columns:
            columns = [max(c, min(c + spare / len(columns), _pt(VALUE_ROOM))) for c in columns]
        columns = [math.ceil(c * EMU_PER_POINT) for c in columns]  # up: a header's widest word stays whole
        candidates.append(tuple([width - sum(columns)] + columns))
    return list(dict.fromkeys(candidates))


def _reserve(cells: Cells, j: int, size: float) -> float:
    """The room (points) value column *j* keeps right of its numbers for its longest significance mark."""
    longest = max((values[j][1] for _, values in cells.body), key=len, default="")
    return text_width(" " + longest, mark_size(size), bold=True) if longest else 0.0


def _row_height(texts: list[str], widths: tuple[int, ...], size: float, bold: bool = False) -> int:
    lines = max(wrapped_lines(t, _pt(w) - 2 * PAD_X, size, bold) if t else 1 for t, w in zip(texts, widths))
    return int((lines * size * LINE + 2 * PAD_Y) * EMU_PER_POINT)


def _split(rows: tuple[int, ...], room: int) -> list[list[int]]:
    """Rows (their heights) packed in order onto pages of *room*, each page as full as it goes."""
    pages: list[list[int]] = [[]]
    used = 0
    for i, h in enumerate(rows):
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0
        pages[-1].append(i)
        used += h
    return pages


def _balanced(rows: tuple[int, ...], room: int) -> list[list[int]]:
    """The fewest pages :func:`_split` needs, with the rows shared out evenly rather than a last page
    of two rows: the smallest page height that still needs no more pages."""
    count = len(_split(rows, room))
    low, high = max(rows), room
    while low < high:
        mid = (low + high) // 2
        if len(_split(rows, mid)) <= count:
            high = mid
        else:
            low = mid + 1
    return _split(rows, high)


def _layout_at(cells: Cells, width: int, height: int, size: float) -> Layout | None:
    """The layout at *size* whose columns make the table shortest (ties: the wider label column)."""
    best = None
    for widths in _column_widths(cells, width, size):
        header = _row_height(list(cells.header), widths, size, bold=True)
        rows = tuple(_row_height([label] + [v for v, _ in values], widths, size) for label, values in cells.body)
        base = _row_height([cells.base[0]] + list(cells.base[1]), widths, size) if cells.base else 0
        total = header + sum(rows) + base
        if best is None or total <= best[0]:
            best = (total, widths, header, rows, base)
    if best is None:
        return None
    _, widths, header, rows, base = best
    room = height - header - base
    if not rows:
        return Layout(size, widths, header, rows, base, ((),), header + base <= height)
    fits = max(rows) <= room
    pages = _balanced(rows, room) if fits else _split(rows, room)
    return Layout(size, widths, header, rows, base, tuple(tuple(p) for p in pages), fits)


def layout(cells: Cells, width: int, height: int) -> Layout:
    """Where *cells* go in an area *width* × *height* (EMU): a pure function of texts and geometry.

    The largest size at which the table fits on one page; when none does, the largest size that
    needs no more pages than the floor size does, so a continued table is still read at the largest
    size its pages allow.
    """
    sizes = [LARGEST - 0.5 * k for k in range(int((LARGEST - SMALLEST) * 2) + 1)]
    tried = [(s, _layout_at(cells, width, height, s)) for s in sizes]
    usable = [lay for _, lay in tried if lay is not None and lay.fits]
    if not usable:  # not even the floor keeps the columns or a row in the area: the floor, as well as it goes
        floor = next((lay for _, lay in reversed(tried) if lay is not None), None)
        if floor is None:  # columns too many for the width: equal columns at the floor
            n = cells.columns + 1
            widths = tuple([int(width / n)] * n)
            header = _row_height(list(cells.header), widths, SMALLEST, bold=True)
            rows = tuple(_row_height([label] + [v for v, _ in values], widths, SMALLEST)
                         for label, values in cells.body)
            base = _row_height([cells.base[0]] + list(cells.base[1]), widths, SMALLEST) if cells.base else 0
            pages = _split(rows, max(height - header - base, 1)) if rows else [[]]
            return Layout(SMALLEST, widths, header, rows, base, tuple(tuple(p) for p in pages), False)
        return Layout(floor.size, floor.widths, floor.header, floor.rows, floor.base, floor.pages, False)
    fewest = min(len(lay.pages) for lay in usable)
    return next(lay for lay in usable if len(lay.pages) == fewest)


def pages(table: Table, place: Placement) -> list[Callable]:
    """One drawing per page of *table*: each takes a slide's shapes and returns what it drew (the page's
    frame, and the marks on its rows: a table shows every mark).

    A table that fits its area is one page. The deck places each page on its own slide.
    """
    cells = cells_of(table, place.names(table), place.locale, place.value_format, place.row_labels)
    left, top, width, height = place.rect
    lay = layout(cells, width, height)
    return [lambda shapes, rows=rows: Drawn(_draw_page(shapes, cells, lay, rows, (left, top)),
                                            sum(bool(mark) for i in rows for _, mark in cells.body[i][1]))
            for rows in lay.pages]


def draw(shapes, table: Table, place: Placement) -> Drawn:
    """The table's first page (the whole table when it fits); the deck draws every page through :func:`pages`."""
    return pages(table, place)[0](shapes)


def _runs(paragraph, text: str, size: float, bold: bool = False, italic: bool = False,
          grey: bool = False) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    colour_of(run.font.color, QUIET_TEXT if grey else (MSO_THEME_COLOR.TEXT_1, 0.0))


def _draw_page(shapes, cells: Cells, lay: Layout, rows: tuple[int, ...], origin: tuple[int, int]):
    """One page of the table: the header, *rows* of the body, and the base row."""
    left, top = origin
    lines = [(cells.header[0], [(h, "") for h in cells.header[1:]], "header")]
    lines += [(cells.body[i][0], list(cells.body[i][1]), "body") for i in rows]
    if cells.base is not None:
        lines.append((cells.base[0], [(b, "") for b in cells.base[1]], "base"))
    heights = [lay.header] + [lay.rows[i] for i in rows] + ([lay.base] if cells.base is not None else [])
    frame = shapes.add_table(len(lines), len(lay.widths), left, top, sum(lay.widths), sum(heights))
    plain_table(frame)
    grid = frame.table
    for column, w in zip(grid.columns, lay.widths):
        column.width = w
    set_row_heights(frame, heights)
    size, small = lay.size, mark_size(lay.size)
    reserve = [_reserve(cells, j, size) for j in range(cells.columns)]
    widths_emu = lay.widths
    for i, ((label, values, role), row) in enumerate(zip(lines, table_cells(grid))):
        last_body = role == "body" and (i == len(lines) - 1 or lines[i + 1][2] != "body")
        for j, cell in enumerate(row):
            cell.margin_left = cell.margin_right = Pt(PAD_X)
            cell.margin_top = cell.margin_bottom = Pt(PAD_Y)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.background()
            if role == "header":
                set_cell_rules(cell, bottom=HEADER_RULE)
            elif role == "base":
                set_cell_rules(cell, top=BASE_RULE)
            else:
                set_cell_rules(cell, bottom=None if last_body and cells.base is not None else ROW_RULE)
            cell.text_frame.word_wrap = True
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.RIGHT
            text, mark = (label, "") if j == 0 else values[j - 1]
            set_end_size(paragraph, size)  # an empty cell's line is as tall as the others, not 18 pt
            if text:
                _runs(paragraph, text, size, bold=role == "header", italic=role == "base", grey=role == "base")
            if j and reserve[j - 1] and role != "header":  # the column's numbers end at one tab stop; letters after
                set_right_tab(paragraph, widths_emu[j] - Pt(2 * PAD_X + reserve[j - 1]))
                paragraph.alignment = PP_ALIGN.LEFT
                first = paragraph.runs[0] if paragraph.runs else None
                if first is not None:
                    first.text = "\t" + first.text
                if mark:
                    run = paragraph.add_run()
                    run.text = " " + mark
                    run.font.size = Pt(small)
                    run.font.bold = True
                    run.font.color.theme_color = MARK
                    run.font._rPr.set("baseline", str(MARK_RAISE))
    return frame
