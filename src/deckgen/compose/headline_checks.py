"""Checks on a chart slide's headline as rendered: does it state as fact what rests on a few answers?

A headline is what a client remembers of a slide. "88 % of county councils use Facebook" said of 16
councils is an anecdote stated as a finding; the chart marks the segment ("Landsting* (n=16)"), the
headline cannot. So a headline that quotes a figure of a low-base column is a build warning.

Only what is certain is checked, and words are never guessed at: a number the headline writes as a
percentage in the deck's locale ("62 %" in Swedish, "62%" in English, "12,5 %" / "12.5%") is matched
against the values the slide shows, rounded as the headline wrote it. A figure that could equally be
a well-based column's is left alone, and so is any other phrasing ("six in ten", "most"). Whether the
figures are right at all is the headline lint's question (:mod:`.claims_check`).
"""

from __future__ import annotations

import math

from ..stats import Table
from ..text import formats
from ..text.claims import quoted_percentages
from .content import column_names


def low_base_quotes(label: str, headline: str, table: Table, locale: str, low: int) -> list[str]:
    """A warning for each percentage in *headline* that is a value of a column whose base is under
    *low* (a segment, or every column when the whole table's base is low), and of no other column."""
    if table.measure != "share" or low <= 0:
        return []
    columns = table.columns
    names = column_names(table, locale)
    if table.total_base < low:
        weak = {j: table.total_base for j in range(len(columns))}
    elif columns.bases is not None:
        weak = {j: columns.bases[j] for j in table.segment_columns() if columns.bases[j] < low}
    else:
        weak = {}
    if not weak:
        return []
    warnings = []
    for written, points, decimals in quoted_percentages(headline, locale):
        holders = {j for i in range(len(table.rows)) for j in range(len(columns))
                   if _shown(table.props[i, j], decimals) == points}
        if holders and holders <= set(weak):
            j = min(holders)
            warnings.append(f"{label}: the headline quotes {written.strip()}, a figure of {names[j]}, "
                            f"n={formats.number(weak[j], locale)}, a low base; "
                            f"say so in the headline, or quote a larger group")
    return warnings


def _shown(prop: float, decimals: int) -> float | None:
    """A share as a slide shows it, in points rounded to *decimals* (None for a gap)."""
    if prop is None or math.isnan(prop):
        return None
    return formats.round_half_up(100 * float(prop), decimals)
