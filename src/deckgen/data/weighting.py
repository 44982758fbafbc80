"""Rim weighting (raking): respondent weights that reproduce marginal targets.

The raking loop is weightipy's (a maintained port of Quantipy's RIM
weighting); this module checks the targets, hands them to weightipy and
reports on the result the way the trade does:

- weights are scaled to mean 1, so they sum to the number of respondents;
- weighting efficiency = 100 (sum w)^2 / (n sum w^2), in percent;
- effective base (Kish) = (sum w)^2 / sum w^2.

Targets are shares per category, as percentages (summing to 100 +- 0.5) or
proportions (summing to 1 +- 0.005); either way they are rescaled to sum
exactly to 1.

Every respondent must be coded on every weighting variable. weightipy would
leave a respondent missing on any variable out of the raking with a weight of
1, which throws every weighted total off its target, so a missing code is an
error: filter those respondents out, or give them a category with a target.

A cap limits the largest weight (in units of the mean weight, e.g. 5.0).
weightipy applies it inside the raking loop, after each pass over the
variables: weights above the cap are cut to it and all weights rescaled to
mean 1, repeated until none is above it. The weights therefore respect the
cap, and meet the targets only as closely as the cap allows:
:attr:`RimResult.max_gap` says how closely.
"""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from ..errors import InputError, did_you_mean

PERCENT_SLACK = 0.5  # percentages must sum to 100 +- this
PROPORTION_SLACK = 0.005  # proportions must sum to 1 +- this
_ANESRAKE_SLACK = 1e-4  # weightipy lets weights reach cap + 0.0001; it is handed cap - 0.0001


@dataclass(frozen=True)
class RimResult:
    """Rim weights and the figures a weighting report gives about them."""

    weights: np.ndarray  # one per respondent, mean 1 (sum = number of respondents)
    efficiency: float  # weighting efficiency, percent: 100 (sum w)^2 / (n sum w^2)
    effective_base: float  # Kish: (sum w)^2 / sum w^2
    iterations: int | None  # raking iterations, as weightipy counts them (None if it does not say)
    max_weight: float
    min_weight: float
    max_gap: float = 0.0  # largest |weighted share - target| over all categories (proportion, 0-1)


def effective_base(weights: np.ndarray) -> float:
    """Kish's effective base: (sum w)^2 / sum w^2; equals n when all weights are equal (0 if none).

    The ratio does not change when every weight is scaled, so the weights are
    divided by the largest first: then no square overflows (1e300) or vanishes
    (1e-300), and the result stays between 1 and n.
    """
    w = np.asarray(weights, dtype=float)
    top = float(w.max()) if w.size else 0.0
    if not top > 0:
        return 0.0
    with np.errstate(under="ignore"):
        w = w / top
    return float(w.sum()) ** 2 / float(np.dot(w, w))


def weighting_efficiency(weights: np.ndarray) -> float:
    """Weighting efficiency in percent: effective base / n x 100 (NaN with no respondents)."""
    w = np.asarray(weights, dtype=float)
    return 100.0 * effective_base(w) / w.size if w.size else math.nan


def _category(name: str, code: int, labels: Mapping[str, Sequence[str]] | None) -> str:
    names = (labels or {}).get(name)
    if names is not None and 0 <= code < len(names):
        return f"category {code} ('{names[code]}') of '{name}'"
    return f"category {code} of '{name}'"


def _shares(name: str, target, labels: Mapping[str, Sequence[str]] | None) -> dict[int, float]:
    """One variable's targets as proportions summing to exactly 1."""
    if not isinstance(target, Mapping) or not target:
        raise InputError(f"targets for '{name}' must map each category to its share, e.g. {{0: 48, 1: 52}}")
    known = (labels or {}).get(name)
    shares: dict[int, float] = {}
    for code, value in target.items():
        if isinstance(code, (bool, np.bool_)) or not isinstance(code, (int, np.integer)) or code < 0 \
                or (known is not None and code >= len(known)):
            span = f"0-{len(known) - 1}" if known else "numbered from 0"
            raise InputError(f"unknown category {code!r} in the targets for '{name}' (its categories are {span})")
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not math.isfinite(value) or value < 0:
            raise InputError(f"target {value!r} for {_category(name, int(code), labels)} is not a share; "
                             f"use a number of 0 or more")
        shares[int(code)] = float(value)
    total = sum(shares.values())
    if abs(total - 1.0) > PROPORTION_SLACK and abs(total - 100.0) > PERCENT_SLACK:
        raise InputError(f"targets for '{name}' sum to {total:g}; they must sum to 100 (percentages) "
                         f"or 1 (proportions)")
    return {code: value / total for code, value in shares.items()}


def _check_sample(name: str, codes: np.ndarray, shares: dict[int, float],
                  labels: Mapping[str, Sequence[str]] | None) -> np.ndarray:
    """Every respondent coded, every coded category targeted, every targeted category present."""
    missing = int(np.count_nonzero(codes < 0))
    if missing:
        raise InputError(f"{missing} respondent(s) have no category on weighting variable '{name}'; "
                         f"filter them out or give them a category with its own target")
    counts = np.bincount(codes, minlength=max(shares) + 1)
    for code in np.flatnonzero(counts):
        if int(code) not in shares:
            raise InputError(f"{counts[code]} respondent(s) are in {_category(name, int(code), labels)}, "
                             f"which has no target; give it one or filter them out")
    for code, share in shares.items():
        if share > 0 and counts[code] == 0:
            raise InputError(f"nobody in the sample is in {_category(name, code, labels)} (target "
                             f"{100 * share:.4g}%); merge it into a neighbouring category and add up their targets")
        if share == 0 and counts[code] > 0:
            raise InputError(f"{_category(name, code, labels)} has a target of 0 but {counts[code]} "
                             f"respondent(s); give it a target above 0 or filter them out")
    return counts


def rim_weights(variables: dict[str, np.ndarray], targets: dict[str, dict[int, float]],
                max_iterations: int = 1000, tolerance: float = 1e-6, cap: float | None = None,
                labels: Mapping[str, Sequence[str]] | None = None) -> RimResult:
    """Rake respondents to marginal targets.

    *variables*: name -> category index per respondent (int, -1 = missing);
    *targets*: name -> {category index: target share} (proportions summing to
    1, or percentages summing to 100). A category nobody is in may have a
    target of 0. *tolerance* is the largest gap allowed between a weighted
    share and its target (as a proportion); raking that ends further off is an
    error, unless the *cap* is what holds the weights back. (weightipy 0.4.2
    takes no convergence criterion: it rakes until a pass stops shrinking the
    change in the weights, in practice to float precision, so *tolerance* is
    checked on its result.) *labels* (name -> category labels) only make error
    messages name categories.

    Raises :class:`InputError` for targets that do not fit the sample.
    """
    if not targets:
        raise InputError("no weighting targets; give each weighting variable its target shares")
    for name in targets:
        if name not in variables:
            raise InputError(f"no data for weighting variable '{name}'{did_you_mean(name, variables)}")
    for name in variables:
        if name not in targets:
            raise InputError(f"no targets for weighting variable '{name}'")
    if cap is not None and not (math.isfinite(cap) and cap > 1):
        raise InputError(f"weight cap {cap!r} must be a number above 1 (weights average 1)")
    if max_iterations < 1:
        raise InputError(f"max_iterations must be at least 1, not {max_iterations}")

    names = list(targets)
    columns: dict[str, np.ndarray] = {}
    for name in names:
        codes = np.asarray(variables[name])
        if codes.ndim != 1 or codes.dtype.kind not in "iu":
            raise TypeError(f"weighting variable '{name}' must be a 1-D array of integer category indices")
        columns[name] = codes.astype(np.int64, copy=False)
    n = len(columns[names[0]])
    if any(len(c) != n for c in columns.values()):
        raise ValueError("weighting variables differ in length: " +
                         ", ".join(f"'{k}' {len(c)}" for k, c in columns.items()))
    if n == 0:
        raise InputError("no respondents to weight")
    shares = {name: _shares(name, targets[name], labels) for name in names}
    for name in names:
        _check_sample(name, columns[name], shares[name], labels)

    import pandas as pd
    import weightipy

    # weightipy keys columns by name and adds its own; plain positional names avoid any clash.
    frame = pd.DataFrame({f"v{i}": columns[name] for i, name in enumerate(names)})
    scheme_targets = {f"v{i}": {code: 100.0 * share for code, share in shares[name].items() if share > 0}
                      for i, name in enumerate(names)}
    lib_cap = 0 if cap is None else cap - min(_ANESRAKE_SLACK, (cap - 1) / 2)
    scheme = weightipy.scheme_from_dict(scheme_targets, name="deckgen",
                                        rim_params={"max_iterations": int(max_iterations), "cap": lib_cap})
    with contextlib.redirect_stdout(io.StringIO()):  # weightipy prints its convergence notes
        raw = weightipy.weight(frame, scheme)
    iterations = next(iter(scheme.groups.values())).get("iterations")

    weights = np.array(raw.to_numpy(), dtype=float)  # a copy: pandas may hand out a read-only view
    if len(weights) != n or not np.all(np.isfinite(weights)) or np.any(weights <= 0):
        raise RuntimeError("weightipy returned missing or non-positive weights")
    weights *= n / weights.sum()

    gap, worst = 0.0, None
    for name in names:
        share = np.zeros(max(int(columns[name].max()), max(shares[name])) + 1)
        for code, value in shares[name].items():
            share[code] = value
        off = np.abs(np.bincount(columns[name], weights=weights, minlength=len(share)) / n - share)
        if off.max() > gap:
            gap, worst = float(off.max()), (name, int(off.argmax()))
    capped = cap is not None and weights.max() >= lib_cap * (1 - 1e-9)
    if gap > tolerance and not capped:
        name, code = worst
        where = f"{_category(name, code, labels)} {100 * gap:.3g} points off its target"
        if iterations == 2 and max_iterations > 2:
            # weightipy 0.4.2 compares the first pass's total weight change with a fixed 999,999 and
            # stops there when it is larger, which only happens with around a million respondents or more.
            raise InputError(f"weightipy stopped raking {n:,} respondents after one pass ({where}): its "
                             f"convergence test breaks down on samples this large; weight fewer respondents "
                             f"at a time")
        raise InputError(f"rim weighting stopped after {iterations} iterations with {where}; the targets may "
                         f"conflict (check how the variables overlap in the sample) or raise max_iterations")
    iterations = None if iterations is None else int(iterations)
    return RimResult(weights, weighting_efficiency(weights), effective_base(weights), iterations,
                     float(weights.max()), float(weights.min()), gap)
