"""What a chart kind's drawing gives back: its shape, and how many significance marks it shows.

The footnote explains a notation only when the slide shows it, and only the drawing knows which
marks it could show: a crowded chart without data labels shows none, a table shows every one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Drawn:
    """*frame*: the chart or table drawn (its alt text is set on it), or None for shapes that are
    text already (KPI boxes); *marks*: the values drawn with a significance mark beside them."""

    frame: object | None
    marks: int = 0
