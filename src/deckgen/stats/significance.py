"""Significance of differences between segments, the way tabulation software marks them.

Column-proportions z-tests: every pair of segment columns is compared within
each row; a cell gets the letter of each column it is significantly *higher*
than (segments are lettered A, B, C, ... in order). With weights the test uses
each column's effective base (Kish), not the weighted or unweighted count.

    z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)),  p = (p1 n1 + p2 n2) / (n1 + n2)

Significance is two-sided at the chosen level (default 95%). With the
Bonferroni correction the level is tightened for the number of pairs
compared in a row, k (k - 1) / 2.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from ..data.weighting import effective_base  # noqa: F401  (re-exported: the base a test rests on)


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


def column_tests(props: np.ndarray, bases: np.ndarray, level: float = 0.95,
                 correction: str = "none", min_base: float = 0.0) -> list[list[str]]:
    """Letters per cell: the columns each cell is significantly higher than.

    *props* and *bases* are rows x columns (bases effective when weighted).
    Columns whose base is below *min_base* are neither tested nor lettered.
    """
    rows, cols = props.shape
    pairs = cols * (cols - 1) // 2
    z_crit = critical_z(level, pairs if correction == "bonferroni" else 1)
    letters = column_letters(cols)
    out = [["" for _ in range(cols)] for _ in range(rows)]
    for a in range(cols):
        for b in range(cols):
            if a == b:
                continue
            z = z_scores(props[:, a], bases[:, a], props[:, b], bases[:, b])
            for r in range(rows):
                if bases[r, a] >= min_base and bases[r, b] >= min_base and z[r] > z_crit:
                    out[r][a] += letters[b]
    return out


def versus_rest(props: np.ndarray, counts_base: np.ndarray, level: float = 0.95) -> list[list[str]]:
    """'+' or '-' per cell where a column differs significantly from all other columns together.

    *counts_base* is rows x columns of (effective) bases; the rest of a column
    is the pooled other columns.
    """
    rows, cols = props.shape
    z_crit = critical_z(level)
    hits = props * counts_base
    out = [["" for _ in range(cols)] for _ in range(rows)]
    for c in range(cols):
        rest_n = counts_base.sum(axis=1) - counts_base[:, c]
        with np.errstate(invalid="ignore", divide="ignore"):
            rest_p = (hits.sum(axis=1) - hits[:, c]) / rest_n
        z = z_scores(props[:, c], counts_base[:, c], rest_p, rest_n)
        for r in range(rows):
            if z[r] > z_crit:
                out[r][c] = "+"
            elif z[r] < -z_crit:
                out[r][c] = "-"
    return out


def with_tests(table, level: float = 0.95, correction: str = "none", versus: str = "columns",
               min_base: float = 0.0):
    """*table* with significance marks between its segment columns (unchanged without a breakdown)."""
    from dataclasses import replace

    if table.by is None or len(table.columns) < 2 or table.kind == "numeric":  # proportions only
        return table
    props = np.nan_to_num(table.props)
    bases = table.effective_bases.astype(float)
    if np.count_nonzero(bases.max(axis=0) >= min_base) < 2:  # nothing can be compared
        return table
    if versus == "rest":
        tests = versus_rest(props, bases, level)
    else:
        tests = column_tests(props, bases, level, correction, min_base)
    return replace(table, tests=tests)
