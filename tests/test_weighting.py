"""Rim weighting: weightipy's raking checked against targets, the Kish formulas and a plain IPF loop."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from deckgen.errors import InputError
from deckgen.data.weighting import RimResult, effective_base, rim_weights, weighting_efficiency

AGE = {0: 20, 1: 30, 2: 30, 3: 20}
SEX = {0: 48, 1: 52}
REGION = {0: 40, 1: 35, 2: 25}


@pytest.fixture(scope="module")
def sample() -> dict[str, np.ndarray]:
    """A skewed sample: too young, too male, too much region 0 (against the targets above)."""
    rng = np.random.default_rng(7)
    n = 2_000
    return {"age": rng.choice(4, n, p=[0.35, 0.30, 0.20, 0.15]),
            "sex": rng.choice(2, n, p=[0.60, 0.40]),
            "region": rng.choice(3, n, p=[0.55, 0.30, 0.15])}


def plain_ipf(variables: dict[str, np.ndarray], targets: dict[str, dict[int, float]]) -> np.ndarray:
    """Iterative proportional fitting written out: the independent side of the check."""
    n = len(next(iter(variables.values())))
    w = np.ones(n)
    for _ in range(10_000):
        before = w.copy()
        for name, codes in variables.items():
            wanted = np.array([targets[name][c] for c in sorted(targets[name])], dtype=float)
            wanted = wanted / wanted.sum() * n
            w = w * (wanted / np.bincount(codes, weights=w, minlength=len(wanted)))[codes]
        if np.abs(w - before).max() < 1e-14:
            break
    return w


def weighted_shares(codes: np.ndarray, weights: np.ndarray) -> dict[int, float]:
    shares = pd.Series(weights).groupby(codes).sum() / weights.sum()
    return {int(k): float(v) for k, v in shares.items()}


def test_weighted_marginals_equal_targets(sample):
    targets = {"age": AGE, "sex": SEX, "region": REGION}
    result = rim_weights(sample, targets)
    assert isinstance(result, RimResult)
    assert result.weights.shape == (2_000,)
    assert result.weights.sum() == pytest.approx(2_000, abs=1e-9)
    for name, target in targets.items():
        got = weighted_shares(sample[name], result.weights)
        assert got.keys() == target.keys()
        for code, pct in target.items():
            assert got[code] == pytest.approx(pct / 100, abs=1e-6), (name, code)
    assert result.max_gap < 1e-6
    assert isinstance(result.iterations, int) and result.iterations >= 1
    assert result.max_weight == result.weights.max() and result.min_weight == result.weights.min()
    assert result.efficiency == pytest.approx(weighting_efficiency(result.weights))
    assert result.effective_base == pytest.approx(effective_base(result.weights))
    assert 0 < result.efficiency < 100


def test_kish_by_hand():
    w = np.array([1.0, 1.0, 2.0, 2.0])  # (1+1+2+2)^2 / (1+1+4+4) = 36 / 10
    assert effective_base(w) == pytest.approx(3.6)
    assert weighting_efficiency(w) == pytest.approx(90.0)
    assert effective_base(np.full(5, 0.7)) == pytest.approx(5.0)
    assert weighting_efficiency(np.full(5, 0.7)) == pytest.approx(100.0)
    assert effective_base(np.array([])) == 0.0


def test_two_variable_rake_matches_plain_ipf(sample):
    variables = {"age": sample["age"], "sex": sample["sex"]}
    targets = {"age": AGE, "sex": SEX}
    result = rim_weights(variables, targets)
    expected = plain_ipf(variables, targets)
    assert np.abs(result.weights - expected).max() < 1e-6


def test_three_variable_rake_matches_plain_ipf(sample):
    targets = {"age": AGE, "sex": SEX, "region": REGION}
    assert np.abs(rim_weights(sample, targets).weights - plain_ipf(sample, targets)).max() < 1e-6


def test_percentages_and_proportions_give_the_same_weights(sample):
    percent = rim_weights(sample, {"age": AGE, "sex": SEX, "region": REGION})
    proportion = rim_weights(sample, {"age": {k: v / 100 for k, v in AGE.items()},
                                      "sex": {0: 0.48, 1: 0.52},
                                      "region": {0: 0.4, 1: 0.35, 2: 0.25}})
    assert np.abs(percent.weights - proportion.weights).max() < 1e-9


def test_targets_a_little_off_are_normalised(sample):
    """Rounded published targets (99.7%, 1.003) are rescaled to sum exactly to 1."""
    exact = rim_weights(sample, {"age": AGE, "sex": SEX, "region": REGION})
    rounded = rim_weights(sample, {"age": {k: v * 0.997 for k, v in AGE.items()},
                                   "sex": {0: 0.48 * 1.003, 1: 0.52 * 1.003},
                                   "region": REGION})
    assert np.abs(exact.weights - rounded.weights).max() < 1e-9


def test_single_variable_is_cell_weighting():
    codes = np.array([0, 0, 0, 1])
    result = rim_weights({"sex": codes}, {"sex": {0: 50, 1: 50}})
    assert result.weights == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2.0])
    assert result.effective_base == pytest.approx(16 / (3 * 4 / 9 + 4))


@pytest.mark.parametrize("targets, fragment", [
    ({"age": {0: 20, 1: 30, 2: 30, 3: 10}, "sex": SEX}, "targets for 'age' sum to 90; they must sum to 100"),
    ({"age": AGE, "sex": {0: 0.5, 1: 0.6}}, "targets for 'sex' sum to 1.1"),
    ({"age": AGE, "sex": {0: 48, "f": 52}}, "unknown category 'f' in the targets for 'sex'"),
    ({"age": AGE, "sex": {0: 48, -1: 52}}, "unknown category -1 in the targets for 'sex'"),
    ({"age": AGE, "sex": {0: 48, 1: 42, 2: 10}}, "nobody in the sample is in category 2 of 'sex' (target 10%)"),
    ({"age": {0: 20, 1: 30, 2: 50}, "sex": SEX}, "in category 3 of 'age', which has no target"),
    ({"age": AGE, "sex": {0: 100, 1: 0}}, "category 1 of 'sex' has a target of 0 but"),
    ({"age": AGE, "sex": {0: 148, 1: -48}}, "target -48 for category 1 of 'sex' is not a share"),
    ({"age": AGE, "sex": {}}, "targets for 'sex' must map each category to its share"),
    ({"age": AGE, "sexx": SEX}, "no data for weighting variable 'sexx' (did you mean 'sex'?)"),
    ({}, "no weighting targets"),
])
def test_bad_targets_are_input_errors(sample, targets, fragment):
    variables = {"age": sample["age"], "sex": sample["sex"]}
    with pytest.raises(InputError) as caught:
        rim_weights(variables, targets)
    assert fragment in caught.value.message
    assert "\n" not in caught.value.message


def test_zero_target_for_an_empty_category_is_fine(sample):
    result = rim_weights({"sex": sample["sex"]}, {"sex": {0: 48, 1: 52, 2: 0}})
    assert weighted_shares(sample["sex"], result.weights)[0] == pytest.approx(0.48, abs=1e-9)


def test_labels_name_the_category(sample):
    with pytest.raises(InputError, match=r"category 2 \('Other'\) of 'sex'"):
        rim_weights({"sex": sample["sex"]}, {"sex": {0: 45, 1: 45, 2: 10}},
                    labels={"sex": ["Man", "Woman", "Other"]})
    with pytest.raises(InputError, match=r"unknown category 3 in the targets for 'sex' \(its categories are 0-2\)"):
        rim_weights({"sex": sample["sex"]}, {"sex": {0: 45, 1: 45, 3: 10}},
                    labels={"sex": ["Man", "Woman", "Other"]})


def test_a_variable_without_targets_is_an_error(sample):
    with pytest.raises(InputError, match="no targets for weighting variable 'region'"):
        rim_weights(sample, {"age": AGE, "sex": SEX})


def test_missing_respondents_are_an_error(sample):
    sex = sample["sex"].copy()
    sex[[3, 10, 11]] = -1
    with pytest.raises(InputError, match=r"3 respondent\(s\) have no category on weighting variable 'sex'"):
        rim_weights({"age": sample["age"], "sex": sex}, {"age": AGE, "sex": SEX})


def test_conflicting_targets_are_reported():
    """Two variables coding the same split cannot be raked to different targets."""
    codes = np.array([0, 0, 1, 1, 1, 0, 1, 0])
    with pytest.raises(InputError, match="the targets may conflict"):
        rim_weights({"a": codes, "b": codes.copy()}, {"a": {0: 50, 1: 50}, "b": {0: 30, 1: 70}})


def test_cap_is_respected(sample):
    targets = {"age": AGE, "sex": SEX, "region": REGION}
    free = rim_weights(sample, targets)
    assert free.max_weight > 2.0  # so the cap below has work to do
    capped = rim_weights(sample, targets, cap=2.0)
    assert capped.max_weight <= 2.0 + 1e-9
    assert capped.weights.mean() == pytest.approx(1.0, abs=1e-12)
    assert capped.efficiency > free.efficiency
    assert capped.max_gap < 1e-6  # this cap still lets the targets be met
    loose = rim_weights(sample, targets, cap=free.max_weight + 1)  # a cap that never binds changes nothing
    assert np.abs(loose.weights - free.weights).max() < 1e-9


def test_tight_cap_reports_how_far_off_the_targets_stay(sample):
    result = rim_weights(sample, {"age": AGE, "sex": SEX, "region": REGION}, cap=1.6)
    assert result.max_weight <= 1.6 + 1e-9
    gaps = [abs(share - target[code] / 100)
            for name, target in {"age": AGE, "sex": SEX, "region": REGION}.items()
            for code, share in weighted_shares(sample[name], result.weights).items()]
    assert result.max_gap == pytest.approx(max(gaps), abs=1e-12)
    assert result.max_gap > 1e-3  # no error: with a cap the targets are met only as far as it allows


@pytest.mark.parametrize("cap", [1.0, 0.5, float("nan")])
def test_cap_must_be_above_one(sample, cap):
    with pytest.raises(InputError, match="must be a number above 1"):
        rim_weights({"sex": sample["sex"]}, {"sex": SEX}, cap=cap)
