"""How segment columns and significance marks read on a chart or table."""

from __future__ import annotations

from ..stats import TOTAL, Table
from ..stats.significance import column_letters

ARROWS = {"+": "\u25b2", "-": "\u25bc"}  # ▲ higher, ▼ lower than the other segments together


def segment_names(table: Table, total_label: str = TOTAL) -> list[str]:
    """Column names as shown: 'Total' in the deck's language; segments lettered when tested by letter."""
    names = [total_label if c == TOTAL else c for c in table.columns]
    if table.tests is not None and not any(m in ARROWS for row in table.tests for m in row):
        names = [f"{name} ({letter})" for name, letter in zip(names, column_letters(len(names)))]
    return names


def mark_text(mark: str) -> str:
    """A cell's significance mark as shown: letters as they are, +/- as arrows."""
    return "".join(ARROWS.get(m, m) for m in mark)
