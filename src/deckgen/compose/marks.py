"""How significance reads beside a number: letters for segments tested against each other, arrows
for a segment tested against the rest.

Stats finds the differences (:class:`~deckgen.stats.table.Comparison`); this module words them the
way tabulation software does, for the chart, the table, the speaker notes and the workbook alike.
"""

from __future__ import annotations

from ..stats import Table

ARROWS = {"+": "\u25b2", "-": "\u25bc"}  # ▲ higher, ▼ lower than the other segments together


def column_letters(n: int) -> list[str]:
    """A, B, ..., Z, AA, AB, ... for *n* columns."""
    letters = []
    for i in range(n):
        name, i = "", i + 1
        while i:
            i, rem = divmod(i - 1, 26)
            name = chr(65 + rem) + name
        letters.append(name)
    return letters


def lettering(table: Table) -> dict[str, str]:
    """The letter of each segment column (A, B, ...); a Total beside the segments has none."""
    segments = [table.columns[j] for j in table.segment_columns()]
    return dict(zip(segments, column_letters(len(segments))))


def lettered(table: Table) -> bool:
    """Whether the table's segments carry letters: they were tested against each other."""
    return table.significance is not None and table.significance.versus == "columns"


def cell_marks(table: Table) -> list[list[str]] | None:
    """Per cell, its mark: the letters of the columns it is significantly higher than, or ``+``/``-``
    against the rest; ``None`` when the table was not tested."""
    if table.significance is None:
        return None
    rows, columns = list(table.rows), list(table.columns)
    letters = lettering(table)
    marks = [["" for _ in columns] for _ in rows]
    for found in table.significance.found:
        i, j = rows.index(found.row), columns.index(found.column)
        if found.against is None or table.significance.versus == "wave":  # against the rest, or a wave: ▲/▼
            marks[i][j] = "+" if found.higher else "-"
        elif found.higher:
            marks[i][j] += letters[found.against]
    return marks


def marked(table: Table) -> int:
    """How many cells of *table* carry a significance mark (0 when it was not tested)."""
    return sum(bool(mark) for row in cell_marks(table) or [] for mark in row)


def mark_text(mark: str) -> str:
    """A cell's significance mark as shown: letters as they are, +/- as arrows."""
    return "".join(ARROWS.get(m, m) for m in mark)
