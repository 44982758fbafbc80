"""Which waves a tracker's chart slide shows, and which answers a trend draws over them.

A slide reports the current wave unless it asks for more: a trend draws every wave, and
``waves: previous`` sets the current wave beside the one before it (or beside ``versus``).
"""

from __future__ import annotations

from ..stats import Table
from ..stats.table import MEAN


def shown_waves(names: tuple[str, ...], slide) -> tuple[str, ...]:
    """The waves *slide* shows, oldest first; () for the current wave alone (every slide's default)."""
    if not names:
        return ()
    if slide.chart == "trend":
        return tuple(names)
    if slide.waves == "previous":
        before = slide.versus if slide.versus is not None and slide.versus != names[-1] else names[-2]
        return (before, names[-1])
    return ()


def trend_rows(table: Table, slide) -> Table:
    """The rows a trend draws: the slide's ``answers`` in their order; else the question's first NET, else its
    leading answer in the current wave (a residual answer is never the one chosen); a mean's trend is its Mean."""
    rows = table.rows
    if rows.role == "statistic":
        return table.reordered([rows.index(MEAN)])
    if slide.answers is not None:
        return table.reordered([rows.index(answer) for answer in slide.answers])
    if rows.nets:
        return table.reordered([rows.index(rows.nets[0])])
    leading = table.ranked(len(table.columns) - 1)
    return table.reordered([rows.index(leading[0])] if leading else [])
