"""Significance of differences between segments' means: Welch's two-sided t-test.

A survey report letters means as it letters shares: a segment's mean carries the letter of each
segment whose mean it is significantly higher than, or ▲/▼ against all the other segments pooled.
The segments' variances are not assumed equal (young and old respondents rarely spread alike), so
the test is Welch's, with the Welch–Satterthwaite degrees of freedom:

    t = (m1 - m2) / sqrt(s1²/n1 + s2²/n2)
    df = (s1²/n1 + s2²/n2)² / ((s1²/n1)² / (n1 - 1) + (s2²/n2)² / (n2 - 1))

and the p-value from Student's t distribution (:mod:`.tdist`). Only the Mean row is tested: a
median's sampling error is not s²/n, and no tabulation convention letters medians.

Weighted, m is the weighted mean, n is Kish's effective base (Σw)² / Σw², and s² is the
frequency-weight variance of weights rescaled to sum to that effective base:

    s² = Σw (x - m)² / Σw · n / (n - 1)  =  Σw (x - m)² / (Σw - Σw²/Σw)

(the "reliability weights" unbiased form, as ``numpy.cov(aweights=...)`` computes it). With weights
fixed and values independent, the weighted mean's variance is exactly σ² Σw²/(Σw)² = σ²/n, and this
s² is the unbiased estimate of σ²; so s²/n, the square of the standard error above, rests on the
same effective base as the test's degrees of freedom, and nothing changes when all weights are
scaled. Unweighted, it is the ordinary sample variance (n - 1) and n the number of respondents.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .table import MEAN, Comparison, Significance, Table
from .tdist import t_two_sided_p


def sample_sd(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """The standard deviation a t-test of the (weighted) mean of *values* rests on; NaN below two respondents.

    s² = Σw (x - m)² / (Σw - Σw²/Σw), with the weights first divided by the largest (the ratio does
    not change, and no square overflows or vanishes).
    """
    x = np.asarray(values, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    top = float(w.max()) if w.size else 0.0
    if x.size < 2 or not top > 0:
        return math.nan
    with np.errstate(under="ignore"):
        w = w / top
    total = float(w.sum())
    spread_weight = total - float(np.dot(w, w)) / total  # Σw (1 - 1/n): Σw - Σw²/Σw
    if not spread_weight > 0:
        return math.nan
    mean = float(np.dot(w, x)) / total
    return math.sqrt(float(np.dot(w, (x - mean) ** 2)) / spread_weight)


def welch_t(m1: float, s1: float, n1: float, m2: float, s2: float, n2: float) -> tuple[float, float]:
    """Welch's t of mean *m1* against *m2* (standard deviations *s*, bases *n*) and its degrees of freedom.

    (NaN, NaN) when the test is undefined: a base of one or less, an unknown spread, or no spread on
    either side (two constant groups have no sampling error to compare their difference with).
    """
    if not (n1 > 1 and n2 > 1) or any(math.isnan(v) for v in (m1, s1, m2, s2)):
        return math.nan, math.nan
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    if not v1 + v2 > 0:
        return math.nan, math.nan
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    return (m1 - m2) / math.sqrt(v1 + v2), df


def pooled(means: np.ndarray, sds: np.ndarray, bases: np.ndarray, weight_sums: np.ndarray
           ) -> tuple[float, float, float]:
    """(mean, standard deviation, effective base) of several segments' respondents taken together.

    Exact, from each segment's summary: the means weigh by their sums of weights W; a segment's sum of
    squared weights is W²/n; its sum of squared deviations is s² (W - W/n) (none for one respondent);
    between the segments the squared deviations of their means from the pooled mean add W (m - M)².
    """
    keep = (weight_sums > 0) & ~np.isnan(means)
    means, sds, bases, sums = means[keep], sds[keep], bases[keep], weight_sums[keep]
    total = float(sums.sum())
    if not total > 0:
        return math.nan, math.nan, 0.0
    squares = float((sums * sums / bases).sum())
    mean = float((sums * means).sum()) / total
    within = np.where(bases > 1, np.nan_to_num(sds) ** 2 * (sums - sums / bases), 0.0)
    deviations = float(within.sum() + (sums * (means - mean) ** 2).sum())
    spread_weight = total - squares / total
    sd = math.sqrt(deviations / spread_weight) if spread_weight > 0 else math.nan
    return mean, sd, total * total / squares


def mean_tests(table: Table, level: float = 0.95, correction: str = "none", versus: str = "columns",
               min_base: float = 0.0) -> Table:
    """*table* (a mean by segment) with its segments' means tested against each other by Welch's t.

    The deck's significance settings mean what they mean for shares: *level* is the two-sided
    confidence level; ``bonferroni`` divides 1 - level by the k (k - 1) / 2 pairs of k segments when
    ``versus: columns`` (against the rest, as for shares, each segment is one test and nothing is
    divided); a segment whose effective base is below *min_base* is neither tested nor tested
    against, and against the rest the pooled others must reach it too (their pool includes every
    other segment, small ones as well: they are respondents of the rest). Returned untested when
    fewer than two segments reach *min_base*, or when the tabulator gave no ``spread`` or
    ``weight_sums``: a mean is never lettered without its own variance.
    """
    segments = table.columns
    proper = np.zeros(len(segments), dtype=bool)
    proper[table.segment_columns()] = True  # a Total beside the segments is not one of them
    if (segments.role != "segment" or proper.sum() < 2 or MEAN not in table.rows or table.spread is None
            or table.weight_sums is None):
        return table
    row = table.rows.index(MEAN)
    means, sds = table.props[row].astype(float), table.spread[row].astype(float)
    bases, sums = table.effective_bases[row].astype(float), table.weight_sums[row].astype(float)
    tested = (bases >= min_base) & proper
    if np.count_nonzero(tested) < 2:  # nothing can be compared
        return table
    k = int(proper.sum())
    alpha = (1 - level) / (k * (k - 1) // 2 if correction == "bonferroni" and versus != "rest" else 1)
    found = []
    for a in np.flatnonzero(tested):
        if versus == "rest":
            others = proper & (np.arange(len(segments)) != a)
            rest = pooled(means[others], sds[others], bases[others], sums[others])
            if rest[2] < min_base:
                continue
            against = [(None, rest)]
        else:
            against = [(segments[b], (means[b], sds[b], bases[b])) for b in np.flatnonzero(tested) if b != a]
        for name, (mean, sd, base) in against:
            t, df = welch_t(means[a], sds[a], bases[a], mean, sd, base)
            p = t_two_sided_p(t, df)
            if p < alpha and (t > 0 or name is None):
                found.append(Comparison(MEAN, segments[a], name, t, p))
    return replace(table, significance=Significance(level, versus, correction, tuple(found)))
