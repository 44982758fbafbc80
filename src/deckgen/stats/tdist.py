"""Student's t distribution: the two-sided p-value a t-test between segments' means needs.

deckgen does not depend on SciPy, and NumPy has no t distribution, so the p-value is computed here
from the regularized incomplete beta function, by its continued fraction (the modified Lentz
method, as in Numerical Recipes §6.4 and Cephes' ``incbet``). A Welch test has a fractional number
of degrees of freedom, so *df* is any real above 0, not only an integer.

    P(|T| >= t) = I_x(df / 2, 1 / 2),  x = df / (df + t²)

With infinitely many degrees of freedom T is standard normal.
"""

from __future__ import annotations

import math

#: The continued fraction stops when a step changes it by less than this (relative).
_EPSILON = 1e-15
#: A fraction needs at most about sqrt(max(a, b)) steps: far fewer than this for any test on survey data.
_MAX_STEPS = 100_000
#: Lentz's guard against dividing by zero.
_TINY = 1e-300
#: From here up, log Γ is taken from Stirling's series (error below 3e-14), so that log B(a, b) keeps its
#: precision when a is large: log Γ(a) and log Γ(a + b) are then huge and nearly cancel.
_STIRLING_FROM = 15.0


def _stirling_rest(x: float) -> float:
    """log Γ(x) - ((x - 1/2) log x - x + log(2π)/2): the tail of Stirling's series, for x >= 15."""
    inverse, square = 1.0 / x, 1.0 / (x * x)
    return inverse * (1 / 12 - square * (1 / 360 - square * (1 / 1260 - square / 1680)))


def log_beta(a: float, b: float) -> float:
    """log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b), precise however large one argument is."""
    large, small = max(a, b), min(a, b)
    if large < _STIRLING_FROM:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    # log Γ(large) - log Γ(large + small), by Stirling's series, without subtracting huge numbers
    difference = (-(large - 0.5) * math.log1p(small / large) - small * math.log(large + small) + small
                  + _stirling_rest(large) - _stirling_rest(large + small))
    return math.lgamma(small) + difference


def _beta_fraction(x: float, y: float, a: float, b: float) -> float:
    """The continued fraction of I_x(a, b) (*y* = 1 - x), converging fast for x < (a + 1) / (a + b + 2).

    Its first term, 1 - (a + b) x / (a + 1), is written with *y* as (1 - b + (a + b) y) / (a + 1) when
    b <= 1, a sum of terms >= 0: with x close to 1 and a large (a t-test on a large sample) the
    subtraction would lose most digits.
    """
    c, d = 1.0, (1.0 - b + (a + b) * y) / (a + 1) if b <= 1 else 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    fraction = d
    for m in range(1, _MAX_STEPS):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),  # the even step
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):  # the odd step
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            fraction *= c * d
        if abs(c * d - 1.0) < _EPSILON:
            return fraction
    raise ArithmeticError(f"the incomplete beta fraction did not converge (x={x}, a={a}, b={b})")


def regularized_beta(x: float, a: float, b: float, complement: float | None = None) -> float:
    """I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1 and a, b > 0.

    *complement* is 1 - x when the caller knows it more precisely than the subtraction would give
    (x close to 1).
    """
    y = 1.0 - x if complement is None else complement
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 and a > 0 and b > 0):
        raise ValueError(f"regularized_beta needs 0 <= x <= 1 and a, b > 0, not x={x}, a={a}, b={b}")
    if x == 0.0:
        return 0.0
    if y == 0.0:
        return 1.0
    log_x = math.log1p(-y) if y < 0.5 else math.log(x)  # x close to 1: its logarithm from 1 - x
    log_y = math.log1p(-x) if x < 0.5 else math.log(y)
    log_front = a * log_x + b * log_y - log_beta(a, b)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(x, y, a, b) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(y, x, b, a) / b  # I_x(a, b) = 1 - I_(1-x)(b, a)


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for T with Student's t distribution on *df* degrees of freedom (``math.inf``: normal).

    NaN when *t* or *df* is NaN, so an undefined test is never significant.
    """
    if math.isnan(t) or math.isnan(df):
        return math.nan
    if not df > 0:
        raise ValueError(f"a t distribution needs degrees of freedom above 0, not {df}")
    if math.isinf(t):
        return 0.0
    if math.isinf(df):
        return math.erfc(abs(t) / math.sqrt(2))
    square = t * t
    return regularized_beta(df / (df + square), df / 2, 0.5, complement=square / (df + square))
