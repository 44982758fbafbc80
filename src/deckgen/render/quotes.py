"""Setting quotes in a slide's body: each quote a paragraph, its attribution after a line break in a
smaller, muted run, sized together so that every quote fits.

The words are composed (and the quotes chosen) in ``compose.quotes``; this module only measures and
places them. Sizes follow the bullets slide's body: from :data:`LARGEST` down to :data:`SMALLEST`, never
less, as a quote is read from the back of a room.
"""

from __future__ import annotations

from pptx.oxml.ns import qn
from pptx.util import Pt

from ..compose.content import Quote
from .palette import QUIET_TEXT, colour_of
from .textfit import EMU_PER_POINT, LINE_HEIGHT, MARGIN_Y, lines_needed
from .xmlfix import clean_text

LARGEST, SMALLEST = 20.0, 12.0
#: The attribution's size, as a share of the quote's, and never under the deck's smallest text (10 pt).
ATTRIBUTION, ATTRIBUTION_MIN = 0.8, 10.0
#: Space after each quote, as a share of its size.
SPACING = 0.6


def attribution_size(size: float) -> float:
    return max(ATTRIBUTION_MIN, round(size * ATTRIBUTION * 2) / 2)


def _height(quotes: list[Quote], width_pt: float, size: float) -> float:
    """The points *quotes* take in a box *width_pt* wide at *size*."""
    small = attribution_size(size)
    total = 0.0
    for quote in quotes:
        total += lines_needed(clean_text(quote.text), width_pt, size) * size * LINE_HEIGHT + size * SPACING
        if quote.attribution:
            total += lines_needed(clean_text(quote.attribution), width_pt, small) * small * LINE_HEIGHT
    return total


def quote_size(quotes: list[Quote], width_emu: int, height_emu: int) -> tuple[float, bool]:
    """(size, fits): the largest size, in half points, at which every quote fits the box."""
    width_pt, height_pt = width_emu / EMU_PER_POINT, height_emu / EMU_PER_POINT - MARGIN_Y
    size = LARGEST
    while size >= SMALLEST:
        if _height(quotes, width_pt, size) <= height_pt:
            return size, True
        size -= 0.5
    return SMALLEST, False


def set_quotes(frame, quotes: list[Quote], size: float) -> None:
    """Fill *frame* with *quotes* at *size*: plain runs (a quote is text, never a field or a link), no
    bullet and no indent (a quote is not a list item)."""
    frame.word_wrap = True
    frame.text = ""
    small = attribution_size(size)
    for i, quote in enumerate(quotes):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _no_bullet(paragraph)
        paragraph.space_after = Pt(size * SPACING)
        run = paragraph.add_run()
        run.text = clean_text(quote.text)
        run.font.size = Pt(size)
        if quote.attribution:
            paragraph.add_line_break()
            by = paragraph.add_run()
            by.text = clean_text(quote.attribution)
            by.font.size = Pt(small)
            colour_of(by.font.color, QUIET_TEXT)


def _no_bullet(paragraph) -> None:
    """A paragraph without the layout's bullet and hanging indent."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.set("marL", "0")
    pPr.set("indent", "0")
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum"):
        for old in pPr.findall(qn(tag)):
            pPr.remove(old)
    pPr.insert_element_before(pPr.makeelement(qn("a:buNone"), {}), "a:tabLst", "a:defRPr", "a:extLst")
