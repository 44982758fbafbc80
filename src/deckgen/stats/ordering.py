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
    rows = table.rows
    residual = np.array([rows.is_residual(row) for row in rows])
    net_rank = np.array([rows.nets.index(row) if rows.is_net(row) else len(rows.nets) for row in rows])
    # NETs first (in their defined order), then by value, residual answers last
    order = np.lexsort((-total, residual, net_rank))
    return table.reordered([int(i) for i in order])


def drop_empty_rows(table: Table) -> Table:
    """The table without rows nobody in the base gave (in any column); NETs and statistics stay."""
    if table.measure != "share":
        return table
    keep = [i for i in range(len(table.rows)) if table.counts[i].sum() > 0 or table.rows.is_net(table.rows[i])]
    return table if len(keep) == len(table.rows) or not keep else table.reordered(keep)
