"""The order rows are shown in.

NETs come first, in the order the codebook defines them. Then, sorted by
value, the largest share comes first, except residual answers
("Other", "Don't know", "None of these" and their Swedish forms), which a
reader expects at the end whatever their size. ``codes`` keeps the codebook's
order (the right choice for scales).
"""

from __future__ import annotations

import numpy as np

from .table import Table


def sort_rows(table: Table, sort: str) -> Table:
    """Rows by descending total share (residuals last), or in codebook order."""
    if sort == "codes" or len(table.rows) < 2:
        return table
    weighted_base = table.counts.sum()
    total = table.counts.sum(axis=1) / weighted_base if weighted_base else np.zeros(len(table.rows))
    residual = np.array([row in table.residual for row in table.rows])
    net_rank = np.array([table.nets.index(row) if row in table.nets else len(table.nets) for row in table.rows])
    # NETs first (in their defined order), then by value, residual answers last
    order = np.lexsort((-total, residual, net_rank))
    return table.reordered([int(i) for i in order])


def drop_empty_rows(table: Table) -> Table:
    """The table without rows nobody in the base gave (in any column); NETs and statistics stay."""
    if table.kind == "numeric":
        return table
    keep = [i for i in range(len(table.rows)) if table.counts[i].sum() > 0 or table.rows[i] in table.nets]
    return table if len(keep) == len(table.rows) or not keep else table.reordered(keep)
