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
from functools import lru_cache

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


def _char_units(ch: str, bold: bool) -> int:
    """A character's width in thousandths of the font size (the metrics table's unit: sums stay exact)."""
    known = WIDTHS.get(ch)
    if known is not None:
        return known[bold]
    return 1000 if unicodedata.east_asian_width(ch) in ("W", "F") else round(UNKNOWN * 1000)


@lru_cache(maxsize=1 << 16)
def _units(text: str, bold: bool) -> int:
    """*text*'s width in thousandths of the font size (the same words are measured again and again while a
    size is searched for, so each is measured once)."""
    return sum(_char_units(ch, bold) for ch in text)


def _points(units: int, size: float) -> float:
    return units / 1000 * size * SAFETY


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
    return _points(_units(text, bold), size)


def widest_word(text: str, size: float, bold: bool = False) -> float:
    """The width, in points, of *text*'s longest word: the narrowest column it wraps into whole words."""
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


def wrap(text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
    """*text* broken at spaces into lines no wider than *width_pt* at *size*, filled greedily; a word wider
    than a line is never broken here, it stands on its own (too wide) line."""
    return [line for line, _ in _wrap(text, width_pt, size, bold)]


def _wrap(text: str, width_pt: float, size: float, bold: bool) -> list[tuple[str, int]]:
    """:func:`wrap`'s lines with their widths in units; a line's width is the sum of its words' and spaces'
    (exact, in integer units), so each word is measured once, not once per word after it."""
    space = _char_units(" ", bold)
    lines: list[tuple[str, int]] = []
    for word in text.split():
        units = _units(word, bold)
        if lines and _points(lines[-1][1] + space + units, size) <= width_pt:
            lines[-1] = (f"{lines[-1][0]} {word}", lines[-1][1] + space + units)
        else:
            lines.append((word, units))
    return lines or [("", 0)]


def wrapped_lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines *text* takes in a column whose text is *width_pt* wide: its paragraphs wrapped at
    spaces (:func:`wrap`), and a word wider than the column broken over as many lines as it needs. Words
    are measured one by one, so a column as wide as a text's widest word holds that word whole."""
    total = 0
    for paragraph in text.split("\n"):
        for _, units in _wrap(paragraph, width_pt, size, bold):
            total += max(1, math.ceil(_points(units, size) / width_pt)) if width_pt > 0 else 1
    return total
