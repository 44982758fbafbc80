"""Tabulating coded answers: frequencies, multiple response and grids, by segment.

Pure functions from coded arrays to a :class:`~deckgen.stats.table.Table`.

Bases follow the trade's conventions:

- single choice: respondents in the filter who answered the question;
- multiple response: respondents in the filter who were asked (any option
  column filled); percentages are of respondents, so they may sum past 100;
- grid: per item, respondents who answered that item.

With a weight, counts and proportions are weighted; bases stay unweighted
(they are what the footnote reports).
"""

from __future__ import annotations

import numpy as np

from ..data.coded import GridCoded, MultiCoded, SingleCoded
from .ordering import residual_rows, sort_rows
from .table import Table

TOTAL = "Total"


def _divide(counts: np.ndarray, bases: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bases > 0, counts / np.where(bases > 0, bases, 1), np.nan)


def _segments(mask: np.ndarray, by: SingleCoded | None) -> tuple[list[str], np.ndarray]:
    """Column labels and each respondent's column (``-1`` = outside the base)."""
    if by is None:
        return [TOTAL], np.where(mask, 0, -1)
    return list(by.labels), np.where(mask & (by.index >= 0), by.index, -1)


def _bincount2(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int, w) -> np.ndarray:
    """Weighted counts of (row, column) pairs; negative indices are skipped."""
    keep = (rows >= 0) & (cols >= 0)
    flat = rows[keep].astype(np.int64) * n_cols + cols[keep]
    weights = None if w is None else w[keep]
    return np.bincount(flat, weights=weights, minlength=n_rows * n_cols).reshape(n_rows, n_cols).astype(float)


def frequencies(question: str, coded: SingleCoded, mask: np.ndarray, weights=None,
                by: SingleCoded | None = None, by_key: str | None = None, sort: str = "value") -> Table:
    """Single-choice frequencies: percent of those who answered, per column."""
    columns, col = _segments(mask, by)
    k = len(coded.labels)
    counts = _bincount2(coded.index, col, k, len(columns), weights)
    n_answered = _bincount2(np.where(coded.index >= 0, 0, -1), col, 1, len(columns), None)[0]
    weighted_base = counts.sum(axis=0)
    table = Table(question, "single", list(coded.labels), columns, counts, _divide(counts, weighted_base),
                  np.broadcast_to(n_answered, counts.shape).copy(), int(n_answered.sum()), by_key,
                  weights is not None, residual_rows(coded.labels))
    return sort_rows(table, sort)


def multi_response(question: str, coded: MultiCoded, mask: np.ndarray, weights=None,
                   by: SingleCoded | None = None, by_key: str | None = None, sort: str = "value") -> Table:
    """Multiple response: percent of respondents asked who mentioned each option."""
    columns, col = _segments(mask & coded.asked, by)
    k = len(coded.labels)
    counts = np.zeros((k, len(columns)))
    n_asked = np.zeros(len(columns))
    weighted_base = np.zeros(len(columns))
    for j in range(len(columns)):
        members = col == j
        n_asked[j] = members.sum()
        if weights is None:
            counts[:, j] = coded.mentioned[members].sum(axis=0)
            weighted_base[j] = n_asked[j]
        else:
            w = weights[members]
            counts[:, j] = w @ coded.mentioned[members]
            weighted_base[j] = w.sum()
    table = Table(question, "multi", list(coded.labels), columns, counts, _divide(counts, weighted_base),
                  np.broadcast_to(n_asked, counts.shape).copy(), int(n_asked.sum()), by_key,
                  weights is not None, residual_rows(coded.labels))
    return sort_rows(table, sort)


def grid(question: str, coded: GridCoded, mask: np.ndarray, weights=None, sort: str = "codes") -> Table:
    """A grid: for each item (row), the distribution over the shared scale (columns)."""
    n_items, k = len(coded.items), len(coded.labels)
    counts = np.zeros((n_items, k))
    bases = np.zeros((n_items, k))
    for i in range(n_items):
        idx = np.where(mask, coded.index[:, i], -1)
        answered = idx >= 0
        counts[i] = np.bincount(idx[answered], weights=None if weights is None else weights[answered],
                                minlength=k)[:k]
        bases[i] = answered.sum()
    props = _divide(counts, counts.sum(axis=1, keepdims=True))
    answered_any = (np.where(mask[:, None], coded.index, -1) >= 0).any(axis=1)
    table = Table(question, "grid", list(coded.items), list(coded.labels), counts, props, bases,
                  int(answered_any.sum()), None, weights is not None, frozenset())
    return sort_rows(table, sort)


def tabulate(question: str, coded, mask: np.ndarray, weights=None, by: SingleCoded | None = None,
             by_key: str | None = None, sort: str | None = None) -> Table:
    """Tabulate any coded question (dispatching on its type)."""
    if isinstance(coded, SingleCoded):
        return frequencies(question, coded, mask, weights, by, by_key, sort or "value")
    if isinstance(coded, MultiCoded):
        return multi_response(question, coded, mask, weights, by, by_key, sort or "value")
    if by is not None:
        raise ValueError("grids cannot be broken down by segment")
    return grid(question, coded, mask, weights, sort or "codes")
