"""How a significance mark is set beside its number, on every kind: smaller, raised, in its own colour.

A mark ("B", "▲") is a note on a number, not part of it: a reader must see at a glance which is the
value. Charts, tables and KPIs set it alike, from here.
"""

from __future__ import annotations

from pptx.enum.dml import MSO_THEME_COLOR

#: The mark's colour on the slide's background: the theme's second text colour ("Dark 2"), made for
#: text on the light background (7:1 or more on white in the brand, Office 2007 and Office 2013
#: themes), and not the first, which the numbers use, so a mark never reads as a digit.
MARK = MSO_THEME_COLOR.TEXT_2
#: The mark's size as a fraction of its number's.
MARK_SCALE = 0.7
#: How far a mark is raised above the line, in thousandths of a percent of the font size (PowerPoint's
#: own superscript is 30%).
MARK_RAISE = 30000
#: The smallest mark (points): a letter under 8 pt is not read from across a room.
MARK_SMALLEST = 8.0


def mark_size(size: float, scale: float = MARK_SCALE) -> float:
    """The size (half points) of a mark beside a number of *size* points."""
    return max(MARK_SMALLEST, round(size * scale * 2) / 2)
