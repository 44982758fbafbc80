"""``kpi``: one big number per column (the mean of a numeric question), with what it is beneath.

A segment's significance mark (the letters of the segments its mean is higher than, or ▲/▼) follows
its number in a smaller size, so that it does not read as part of the value. The number and its unit
are one line, never broken ("245 EU/R"): every box's number gets the largest size at which the widest
of them fits its box. Under the segment's name, its n says how many answers the number rests on.
"""

from __future__ import annotations

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from ...stats import TOTAL, Table
from ...compose import ValueFormat
from ...compose.marks import cell_marks, mark_text, marked
from ...text import formats
from ..drawn import Drawn
from ..marking import MARK, mark_size
from ..palette import colour_of, readable
from ..placement import Placement
from ..textfit import EMU_PER_POINT, MARGIN_X, lines_needed
from ..xmlfix import clean_text

#: A significance mark's size, as a fraction of its number's.
MARK_SCALE = 0.45
#: Advance of a character of a KPI's number as a fraction of its size: wider than body text's average
#: (bold digits and capitals of a unit, "EUR", run 0.5–0.65 em), so the number never breaks.
NUMBER_WIDTH = 0.62
#: The number's largest size by how many boxes share the slide, and its smallest; the caption's sizes.
NUMBER_SIZES = {1: 72, 3: 54}, 40
SMALLEST = 16
CAPTION_SIZE, BASE_SIZE = 18, 12
#: Room above the caption, as a fraction of the number's size: a line of big digits sets its next line
#: close under their baseline, and a renderer's line box can then reach into the caption.
LABEL_GAP = 0.15
#: A line's height as a fraction of its text's size (single spacing).
LINE = 1.2


def number_size(texts: list[tuple[str, str]], box_width: int, largest: float) -> float:
    """The largest size (half points, at most *largest*) at which every (value, mark) fits one line of a
    box *box_width* EMU wide: the value at that size, a space and the mark at :data:`MARK_SCALE` of it."""
    room = box_width / EMU_PER_POINT - MARGIN_X
    widest = max(len(value) + ((1 + MARK_SCALE * len(mark)) if mark else 0) for value, mark in texts)
    size = float(largest)
    while size > SMALLEST and size * NUMBER_WIDTH * widest > room:
        size -= 0.5
    return size


def draw(shapes, table: Table, place: Placement) -> Drawn:
    """The KPI of *table*'s first row (the mean), captioned with its name in the deck's language."""
    caption = place.row_labels.get(table.rows[0], table.rows[0])
    add_kpi(shapes, table, place.rect, place.locale, place.value_format, caption, place.names(table),
            place.total_label, readable((MSO_THEME_COLOR.ACCENT_1, 0.0), place.theme))
    return Drawn(None, marked(table.reordered([0])))  # each column's first row is drawn, with its mark


def add_kpi(shapes, table: Table, rect, locale: str, value_format: ValueFormat, caption: str,
            names: list[str], total_label: str = TOTAL, colour: tuple = (MSO_THEME_COLOR.ACCENT_1, 0.0)) -> None:
    """Side-by-side boxes, each a large value in *colour* (accent 1, darkened where it would not read) over
    its segment's name (or *caption*) and n."""
    left, top, width, height = rect
    marks = cell_marks(table) or [[""] * len(names)]
    count = len(names)
    box_width = int(width / count)
    by_count, fewest = NUMBER_SIZES
    largest = next((size for most, size in sorted(by_count.items()) if count <= most), fewest)
    values = [value_format.text(float(table.props[0, j]), locale) for j in range(count)]
    shown_marks = [mark_text(marks[0][j]) if marks[0][j] else "" for j in range(count)]
    size = number_size(list(zip(values, shown_marks)), box_width, largest)
    bases = [formats.number(int(table.bases[0, j]), locale) for j in range(count)]
    # a low-base segment's name already carries its n ("Islands* (n=21)"): said once, on its own line
    captions = [clean_text(caption if name == total_label else name.removesuffix(f" (n={n})"))
                for name, n in zip(names, bases)]
    offset = _top_offset(captions, box_width, height, size)
    for j, name in enumerate(names):
        box = shapes.add_textbox(left + j * box_width, top + offset, box_width, height - offset)
        box.name = f"KPI {j + 1}"
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        value = frame.paragraphs[0]
        value.alignment = PP_ALIGN.CENTER
        run = value.add_run()
        run.text = values[j]
        run.font.size = Pt(size)
        run.font.bold = True
        colour_of(run.font.color, colour)
        if marks[0][j]:
            run.text += "\u00a0"  # a space as wide as the number's, so the mark does not read as part of its unit
            mark = value.add_run()
            mark.text = shown_marks[j]
            mark.font.size = Pt(mark_size(size, MARK_SCALE))
            mark.font.bold = True
            mark.font.color.theme_color = MARK
        label = frame.add_paragraph()
        label.alignment = PP_ALIGN.CENTER
        label.space_before = Pt(round(size * LABEL_GAP))  # clear of the big digits' descent
        label_run = label.add_run()
        label_run.text = captions[j]
        label_run.font.size = Pt(CAPTION_SIZE)
        base = frame.add_paragraph()
        base.alignment = PP_ALIGN.CENTER
        base_run = base.add_run()
        base_run.text = f"n={bases[j]}"
        base_run.font.size = Pt(BASE_SIZE)


def _top_offset(captions: list[str], box_width: int, height: int, size: float) -> int:
    """How far below the area's top every box starts (EMU), so that the tallest box's number, caption and
    n sit in the middle and every number stands on one line with the others, whatever its caption wraps to
    (a box centred on its own would lift a number whose caption takes two lines)."""
    lines = max(lines_needed(text, box_width / EMU_PER_POINT - MARGIN_X, CAPTION_SIZE) for text in captions)
    block = LINE * (size + lines * CAPTION_SIZE + BASE_SIZE) + size * LABEL_GAP  # points
    return max(0, int((height / EMU_PER_POINT - block) / 2 * EMU_PER_POINT))
