"""Choosing a font size so text fits its box, without measuring fonts.

PowerPoint's own autofit only runs when the file is opened in PowerPoint (and
never in LibreOffice or a PDF export), so deckgen sizes text itself. Widths
are estimated from an average glyph width of a Calibri-like sans serif; the
estimate errs on the wide side so text fits on any machine.
"""

from __future__ import annotations

EMU_PER_POINT = 12700
#: Average advance of a glyph as a fraction of the font size (regular, bold).
AVG_WIDTH = {False: 0.50, True: 0.54}
LINE_HEIGHT = 1.2
#: Inner margins of a text frame (0.1 in left/right, 0.05 in top/bottom), in points.
MARGIN_X, MARGIN_Y = 14.4, 7.2


def lines_needed(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines *text* wraps to in a box *width_pt* wide at *size* points."""
    per_line = max(1, int((width_pt - MARGIN_X) / (size * AVG_WIDTH[bold])))
    total = 0
    for paragraph in text.split("\n"):
        line, count = 0, 1
        for word in paragraph.split():
            if line and line + 1 + len(word) <= per_line:
                line += 1 + len(word)
            else:
                count += 1 if line else 0
                line = len(word)
            while line > per_line:  # a word longer than a line breaks anywhere
                count += 1
                line -= per_line
        total += count
    return total


def _height_needed(texts: list[str], width_pt: float, size: float, bold: bool, spacing: float) -> float:
    lines = sum(lines_needed(t, width_pt, size, bold) for t in texts)
    return lines * size * LINE_HEIGHT + len(texts) * size * spacing


def fit_size(texts: list[str], width_emu: int, height_emu: int, largest: float, smallest: float,
             bold: bool = False, spacing: float = 0.0) -> tuple[float, bool]:
    """(size, fits): the largest size, in half points, at which all *texts*, as paragraphs, fit the box.

    *spacing* is extra space after each paragraph, as a fraction of the size.
    When even *smallest* is too big, returns it with ``fits`` False.
    """
    width_pt, height_pt = width_emu / EMU_PER_POINT, height_emu / EMU_PER_POINT - MARGIN_Y
    size = largest
    while size >= smallest:
        if _height_needed(texts, width_pt, size, bold, spacing) <= height_pt:
            return size, True
        size -= 0.5
    return smallest, False


#: Advance widths of a Calibri-like sans serif as fractions of the size, by kind of character, each
#: rounded up: a column sized by them holds its widest value or word on any machine.
_NARROW, _WIDE = set("fijlrtI!.,:;'|()[] "), set("mwMW%@")
_DIGIT, _UPPER, _LOWER, _OTHER = 0.52, 0.64, 0.52, 0.62
_BOLD = 1.06


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width, in points, of *text* set on one line at *size* points (an estimate that errs wide)."""
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.32
        elif ch in _WIDE:
            total += 0.86
        elif ch.isdigit() or ch in "\u2007":
            total += _DIGIT
        elif ch.isupper():
            total += _UPPER
        elif ch.islower():
            total += _LOWER
        else:
            total += _OTHER
    return total * size * (_BOLD if bold else 1.0)


def widest_word(text: str, size: float, bold: bool = False) -> float:
    """The width, in points, of *text*'s longest word: the narrowest column it wraps into whole words."""
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


def wrapped_lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines *text* takes in a column whose text is *width_pt* wide, wrapping at spaces.

    Unlike :func:`lines_needed` it measures words one by one (:func:`text_width`), so a column made as
    wide as a text's widest word is known to hold that word whole.
    """
    space = text_width(" ", size, bold)
    total = 0
    for paragraph in text.split("\n"):
        line, count = 0.0, 1
        for word in paragraph.split():
            w = text_width(word, size, bold)
            if line and line + space + w <= width_pt:
                line += space + w
            else:
                count += 1 if line else 0
                line = w
            while line > width_pt > 0:  # a word wider than the column breaks inside it
                count += 1
                line -= width_pt
        total += count
    return total
