"""``table``: a stats table as a native PowerPoint table: categories down, columns across, a base row."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN
from pptx.util import Pt

from ...stats import Table
from ...text import formats
from ...compose import ValueFormat
from ...compose.marks import cell_marks, mark_text, marked
from ..drawn import Drawn
from ..placement import Placement
from ..textfit import fit_size
from ..xmlfix import clean_text, set_row_heights, table_cells


def draw(shapes, table: Table, place: Placement) -> Drawn:
    frame = add_table(shapes, table, place.rect, place.names(table), place.locale, place.value_format,
                      row_labels=place.row_labels)
    return Drawn(frame, marked(table))  # every cell is drawn, with its mark


def add_table(shapes, table: Table, rect, names: list[str], locale: str, value_format: ValueFormat = ValueFormat(),
              base_label: str = "n", row_labels: dict | None = None):
    """Add *table* as a native table in *rect*; values in the deck's locale (*row_labels* renames rows)."""
    left, top, width, height = rect
    headers = [""] + names  # the columns as the slide names them (Placement.names)
    marks = cell_marks(table) or [[""] * len(table.columns) for _ in table.rows]
    body = [[(row_labels or {}).get(row, row)] + [value_format.text(p, locale) + (f" {mark_text(m)}" if m else "")
                                                  for p, m in zip(table.props[i], marks[i])]
            for i, row in enumerate(table.rows)]
    if table.rows.bases is not None:  # each row (a grid item, a routed option) has its own base: a column
        headers.append(base_label)
        for line, base in zip(body, table.rows.bases):
            line.append(formats.number(base, locale))
    if table.columns.bases is not None:  # the total's or each segment's base: a row of bases
        body.append([base_label] + [formats.number(b, locale) for b in table.columns.bases]
                    + [""] * (len(headers) - 1 - len(table.columns)))
    n_rows, n_cols = len(body) + 1, len(headers)
    row_height = min(int(height / n_rows), int(Pt(30)))
    frame = shapes.add_table(n_rows, n_cols, left, top, width, row_height * n_rows)
    grid = frame.table
    first = int(width * (0.45 if n_cols <= 3 else 0.32))
    grid.columns[0].width = first
    for j in range(1, n_cols):
        grid.columns[j].width = int((width - first) / (n_cols - 1))
    size = fit_size(["X"], width, row_height, 14, 8)[0]
    set_row_heights(frame, row_height)
    for i, (line, cells) in enumerate(zip([headers] + body, table_cells(grid))):
        for j, (value, cell) in enumerate(zip(line, cells)):
            cell.text = clean_text(value)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = i == 0
    return frame
