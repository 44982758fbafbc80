"""The t distribution deckgen computes itself (no SciPy): published critical values and closed forms."""

from __future__ import annotations

import math

import pytest

from deckgen.stats.tdist import regularized_beta, t_two_sided_p

# Two-sided critical values as printed in t tables (three decimals): P(|T| >= value) = alpha.
PUBLISHED = [  # (alpha, df, value)
    (0.05, 1, 12.706), (0.05, 2, 4.303), (0.05, 5, 2.571), (0.05, 10, 2.228), (0.05, 20, 2.086),
    (0.05, 30, 2.042), (0.05, 60, 2.000), (0.05, 120, 1.980), (0.05, math.inf, 1.960),
    (0.10, 10, 1.812), (0.10, 30, 1.697), (0.01, 10, 3.169), (0.01, 30, 2.750), (0.01, math.inf, 2.576),
    (0.001, 10, 4.587),
]


@pytest.mark.parametrize("alpha, df, value", PUBLISHED)
def test_published_critical_values(alpha, df, value):
    # A table's 2.228 means the exact value lies in [2.2275, 2.2285): the p-value crosses alpha in there.
    assert t_two_sided_p(value - 0.0005, df) > alpha > t_two_sided_p(value + 0.0005, df)


@pytest.mark.parametrize("t", [0.0, 1e-8, 0.3, 1.0, 2.5, 12.706, 400.0])
def test_closed_forms_for_one_and_two_degrees_of_freedom(t):
    # df = 1 is the Cauchy distribution: P(|T| >= t) = 1 - (2 / pi) atan t
    assert t_two_sided_p(t, 1) == pytest.approx(1 - 2 / math.pi * math.atan(t), rel=1e-12, abs=1e-15)
    # df = 2: the CDF is 1/2 + t / (2 sqrt(2 + t^2)), so P(|T| >= t) = 1 - t / sqrt(2 + t^2)
    assert t_two_sided_p(t, 2) == pytest.approx(1 - t / math.sqrt(2 + t * t), rel=1e-12, abs=1e-15)
    # infinitely many degrees of freedom: the normal distribution
    assert t_two_sided_p(t, math.inf) == pytest.approx(math.erfc(t / math.sqrt(2)), rel=1e-15)


def test_symmetric_and_at_the_edges():
    assert t_two_sided_p(-2.5, 7.3) == t_two_sided_p(2.5, 7.3)
    assert t_two_sided_p(0.0, 12) == 1.0
    assert t_two_sided_p(math.inf, 12) == 0.0
    assert math.isnan(t_two_sided_p(math.nan, 12)) and math.isnan(t_two_sided_p(2.0, math.nan))
    with pytest.raises(ValueError):
        t_two_sided_p(2.0, 0)


def test_more_degrees_of_freedom_approach_the_normal():
    # between df = 30 and infinity the p-value of 1.96 falls monotonically towards 0.05
    values = [t_two_sided_p(1.959964, df) for df in (30, 100, 1_000, 100_000, 10_000_000)]
    assert values == sorted(values, reverse=True)
    assert values[0] > 0.05 and abs(values[-1] - 0.05) < 1e-7


@pytest.mark.parametrize("x, a", [(0.2, 0.5), (0.7, 3.0), (0.999, 250.0)])
def test_regularized_beta_closed_forms(x, a):
    assert regularized_beta(x, a, 1.0) == pytest.approx(x ** a, rel=1e-12)  # I_x(a, 1) = x^a
    assert regularized_beta(x, 1.0, a) == pytest.approx(1 - (1 - x) ** a, rel=1e-12)  # I_x(1, b) = 1 - (1-x)^b
    assert regularized_beta(0.5, a, a) == pytest.approx(0.5, rel=1e-12)  # symmetric around 1/2
    assert regularized_beta(x, a, 2.5) == pytest.approx(1 - regularized_beta(1 - x, 2.5, a), rel=1e-10)


def test_agrees_with_scipy_when_it_is_installed():
    """An optional cross-check (SciPy is not a dependency): fractional and large degrees of freedom."""
    stats = pytest.importorskip("scipy.stats")
    for df in (0.7, 1.5, 3.3, 9.87, 29.5, 61.2, 250.0, 4_321.5, 1e6):
        for t in (0.05, 0.8, 1.6, 2.1, 3.3, 6.0, 15.0):
            assert t_two_sided_p(t, df) == pytest.approx(2 * stats.t.sf(t, df), rel=1e-9), (t, df)
