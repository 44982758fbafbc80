"""``kpi``: one big number per column (the mean of a numeric question), with what it is beneath.

A segment's significance mark (the letters of the segments its mean is higher than, or ▲/▼) follows
its number in a smaller size, so that it does not read as part of the value.
"""

from __future__ import annotations

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from ...stats import TOTAL, Table
from ...compose import ValueFormat
from ...compose.marks import cell_marks, mark_text, marked
from ..drawn import Drawn
from ..palette import MARK
from ..placement import Placement
from ..xmlfix import clean_text

#: A significance mark's size, as a fraction of its number's.
MARK_SCALE = 0.45


def draw(shapes, table: Table, place: Placement) -> Drawn:
    """The KPI of *table*'s first row (the mean), captioned with its name in the deck's language."""
    caption = place.row_labels.get(table.rows[0], table.rows[0])
    add_kpi(shapes, table, place.rect, place.locale, place.value_format, caption, place.names(table),
            place.total_label)
    return Drawn(None, marked(table.reordered([0])))  # each column's first row is drawn, with its mark


def add_kpi(shapes, table: Table, rect, locale: str, value_format: ValueFormat, caption: str,
            names: list[str], total_label: str = TOTAL) -> None:
    """Side-by-side boxes, each a large value in accent 1 over its segment's name (or *caption*)."""
    left, top, width, height = rect
    marks = cell_marks(table) or [[""] * len(names)]
    count = len(names)
    box_width = int(width / count)
    size = 72 if count == 1 else 54 if count <= 3 else 40
    for j, name in enumerate(names):
        box = shapes.add_textbox(left + j * box_width, top, box_width, height)
        box.name = f"KPI {j + 1}"
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        value = frame.paragraphs[0]
        value.alignment = PP_ALIGN.CENTER
        run = value.add_run()
        run.text = value_format.text(float(table.props[0, j]), locale)
        run.font.size = Pt(size)
        run.font.bold = True
        run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
        if marks[0][j]:
            run.text += "\u00a0"  # a space as wide as the number's, so the mark does not read as part of its unit
            mark = value.add_run()
            mark.text = mark_text(marks[0][j])
            mark.font.size = Pt(round(size * MARK_SCALE))
            mark.font.bold = True
            mark.font.color.theme_color = MARK
        label = frame.add_paragraph()
        label.alignment = PP_ALIGN.CENTER
        label_run = label.add_run()
        label_run.text = clean_text(caption if name == total_label else name)
        label_run.font.size = Pt(18)
