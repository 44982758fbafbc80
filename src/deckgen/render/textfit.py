"""Choosing a font size so text fits its box, from the widths of the theme font's characters.

PowerPoint's own autofit only runs when the file is opened in PowerPoint (and
never in LibreOffice or a PDF export), so deckgen sizes text itself. Widths
are Calibri's (Office themes' text font; see :mod:`.metrics`), with a small
margin so text set in a similar face fits too; characters Calibri's table does
not hold count as wide ones (a CJK character as a whole em).
"""

from __future__ import annotations

import math
import unicodedata

from .metrics import WIDTHS

EMU_PER_POINT = 12700
LINE_HEIGHT = 1.2
#: Inner margins of a text frame (0.1 in left/right, 0.05 in top/bottom), in points.
MARGIN_X, MARGIN_Y = 14.4, 7.2
#: Measured widths are stretched this much: renderers differ in kerning and hinting by a few percent,
#: and a text that just fits must not wrap on another machine.
SAFETY = 1.04
#: The width (fraction of the size) of a character the table does not hold: a wide Latin letter.
UNKNOWN = 0.62


def _char_width(ch: str, bold: bool) -> float:
    known = WIDTHS.get(ch)
    if known is not None:
        return known[bold] / 1000
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else UNKNOWN


def lines_needed(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines *text* wraps to in a text box *width_pt* wide (its margins included) at *size* points."""
    return wrapped_lines(text, width_pt - MARGIN_X, size, bold)


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


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width, in points, of *text* set on one line at *size* points (with the :data:`SAFETY` margin)."""
    return sum(_char_width(ch, bold) for ch in text) * size * SAFETY


def widest_word(text: str, size: float, bold: bool = False) -> float:
    """The width, in points, of *text*'s longest word: the narrowest column it wraps into whole words."""
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


def wrap(text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
    """*text* broken at spaces into lines no wider than *width_pt* at *size*, filled greedily; a word wider
    than a line is never broken here, it stands on its own (too wide) line."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def wrapped_lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines *text* takes in a column whose text is *width_pt* wide: its paragraphs wrapped at
    spaces (:func:`wrap`), and a word wider than the column broken over as many lines as it needs. Words
    are measured one by one, so a column as wide as a text's widest word holds that word whole."""
    total = 0
    for paragraph in text.split("\n"):
        for line in wrap(paragraph, width_pt, size, bold):
            total += max(1, math.ceil(text_width(line, size, bold) / width_pt)) if width_pt > 0 else 1
    return total
