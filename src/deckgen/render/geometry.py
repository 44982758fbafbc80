"""Room on the slide: what a template must leave for a chart, and keeping shapes on the slide.

A customer's template decides where the title and the chart go. A template
whose slides are too small, or whose layouts put a placeholder off the
slide, would give a deck with shapes of negative size or outside the page,
which PowerPoint repairs or refuses. Such a template is an error that names
it, found when the template is opened, before any data is read.
"""

from __future__ import annotations

from pptx.util import Emu, Inches

from ..errors import InputError, Location

#: The smallest slide a deck is laid out on: room for a headline, a chart and its footnote.
MIN_SLIDE = (Inches(4), Inches(3))
#: The smallest area a chart or table is drawn in.
MIN_CHART = (Inches(1.5), Inches(1))


def _inches(emu: int) -> str:
    return f"{Emu(emu).inches:.2f}".rstrip("0").rstrip(".")


def check_slide_size(prs, where: Location) -> None:
    """The template's slides are at least :data:`MIN_SLIDE`."""
    width, height = prs.slide_width, prs.slide_height
    if width is None or height is None or width < MIN_SLIDE[0] or height < MIN_SLIDE[1]:
        shown = "undefined" if width is None or height is None else f"{_inches(width)} × {_inches(height)} in"
        raise InputError(f"the template's slides are {shown}, too small for a chart with its headline and "
                         f"footnote; use a template of at least {_inches(MIN_SLIDE[0])} × "
                         f"{_inches(MIN_SLIDE[1])} in", where, "deck.template")


def check_layout_on_slide(prs, layout, where: Location, key: str) -> None:
    """Every placeholder of *layout* lies on the slide (a placeholder off the page is a broken layout)."""
    for ph in layout.placeholders:
        left, top, width, height = ph.left, ph.top, ph.width, ph.height
        if None in (left, top, width, height):
            continue  # inherited from the master, which PowerPoint keeps on the slide
        if left < 0 or top < 0 or width <= 0 or height <= 0 or left + width > prs.slide_width \
                or top + height > prs.slide_height:
            raise InputError(f"layout '{layout.name}' puts its placeholder '{ph.name}' outside the "
                             f"{_inches(prs.slide_width)} × {_inches(prs.slide_height)} in slide; "
                             "fix the layout in PowerPoint (View > Slide Master) or map another one",
                             where, key)


def chart_area(area: tuple[int, int, int, int], slide_width: int, bottom: int, where: Location,
               layout_name: str) -> tuple[int, int, int, int]:
    """*area* (left, top, width, height) kept on the slide and above *bottom*; too small is an error."""
    left, top, width, height = area
    left, top = max(0, left), max(0, top)
    width = min(width, slide_width - left)
    height = min(height, bottom - top)
    if width < MIN_CHART[0] or height < MIN_CHART[1]:
        raise InputError(f"layout '{layout_name}' leaves {_inches(max(width, 0))} × {_inches(max(height, 0))} in "
                         f"for the chart between its title and the footnote; it needs at least "
                         f"{_inches(MIN_CHART[0])} × {_inches(MIN_CHART[1])} in", where, "deck.layouts.chart")
    return left, top, width, height
