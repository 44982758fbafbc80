"""Significance of differences between segments, the way tabulation software marks them.

Column-proportions z-tests: every pair of segment columns is compared within
each row, and each cell significantly *higher* than another column's becomes a
:class:`~.table.Comparison` (render letters it: the segments are A, B, C, ... in
order). Against the rest, each segment is compared with all the others pooled,
higher or lower. With weights the test uses each column's effective base
(Kish), not the weighted or unweighted count.

    z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)),  p = (p1 n1 + p2 n2) / (n1 + n2)

Significance is two-sided at the chosen level (default 95%). With the
Bonferroni correction the level is tightened for the number of pairs
compared in a row, k (k - 1) / 2.

Means are compared by Welch's t-test instead (:mod:`.welch`), with the same settings.
"""

from __future__ import annotations

import math
from dataclasses import replace
from statistics import NormalDist

import numpy as np

from ..data.weighting import effective_base  # noqa: F401  (re-exported: the base a test rests on)
from .table import Comparison, Significance, Table
from .welch import mean_tests


def critical_z(level: float, comparisons: int = 1) -> float:
    """Two-sided critical value at confidence *level*, Bonferroni-adjusted for *comparisons*."""
    alpha = (1 - level) / max(comparisons, 1)
    return NormalDist().inv_cdf(1 - alpha / 2)


def z_scores(p1: np.ndarray, n1: np.ndarray, p2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Pooled two-proportion z statistics (NaN where a base is empty or p is 0 or 1 in both)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        return np.where(se > 0, (p1 - p2) / se, np.nan)


def p_value(z: float) -> float:
    """The two-sided p-value of a standard normal statistic *z*."""
    return math.erfc(abs(z) / math.sqrt(2))


#: One significant difference by position: (row, column, against column or None for the rest, z).
Hit = tuple[int, int, "int | None", float]


def column_tests(props: np.ndarray, bases: np.ndarray, level: float = 0.95,
                 correction: str = "none", min_base: float = 0.0) -> list[Hit]:
    """Every cell significantly *higher* than the same row in another column.

    *props* and *bases* are rows x columns (bases effective when weighted). Columns whose base is
    below *min_base* are neither tested nor tested against. Hits come column by column, and within a
    cell in the order of the columns it beats (so its letters read A, B, C...).
    """
    rows, cols = props.shape
    pairs = cols * (cols - 1) // 2
    z_crit = critical_z(level, pairs if correction == "bonferroni" else 1)
    hits: list[Hit] = []
    for a in range(cols):
        for b in range(cols):
            if a == b:
                continue
            z = z_scores(props[:, a], bases[:, a], props[:, b], bases[:, b])
            hits += [(r, a, b, float(z[r])) for r in range(rows)
                     if bases[r, a] >= min_base and bases[r, b] >= min_base and z[r] > z_crit]
    return sorted(hits, key=lambda hit: (hit[0], hit[1]))


def versus_rest(props: np.ndarray, counts_base: np.ndarray, level: float = 0.95) -> list[Hit]:
    """Every cell significantly higher or lower than all the other columns together.

    *counts_base* is rows x columns of (effective) bases; the rest of a column
    is the pooled other columns.
    """
    rows, cols = props.shape
    z_crit = critical_z(level)
    hits_ = props * counts_base
    hits: list[Hit] = []
    for c in range(cols):
        rest_n = counts_base.sum(axis=1) - counts_base[:, c]
        with np.errstate(invalid="ignore", divide="ignore"):
            rest_p = (hits_.sum(axis=1) - hits_[:, c]) / rest_n
        z = z_scores(props[:, c], counts_base[:, c], rest_p, rest_n)
        hits += [(r, c, None, float(z[r])) for r in range(rows) if abs(z[r]) > z_crit]
    return sorted(hits, key=lambda hit: (hit[0], hit[1]))


def with_tests(table: Table, level: float = 0.95, correction: str = "none", versus: str = "columns",
               min_base: float = 0.0) -> Table:
    """*table* with its segments tested against each other (unchanged unless it has two segments or more).

    Shares by the z-tests above; a mean's difference needs its variance, so means by Welch's t-test
    (:func:`~.welch.mean_tests`), with the same settings.
    """
    if table.measure == "mean":
        return mean_tests(table, level, correction, versus, min_base)
    segments = table.columns
    tested = table.segment_columns()  # a Total beside the segments is not one of them
    if segments.role != "segment" or len(tested) < 2 or table.measure != "share":
        return table
    props = np.nan_to_num(table.props[:, tested])
    bases = table.effective_bases[:, tested].astype(float)
    if np.count_nonzero(bases.max(axis=0) >= min_base) < 2:  # nothing can be compared
        return table
    if versus == "rest":
        hits = versus_rest(props, bases, level)
    else:
        hits = column_tests(props, bases, level, correction, min_base)
    label = [segments[j] for j in tested]
    found = tuple(Comparison(table.rows[r], label[c], None if b is None else label[b], z, p_value(z))
                  for r, c, b, z in hits)
    return replace(table, significance=Significance(level, versus, correction, found))
