"""Rim weighting from the spec: the deck's weighted shares hit the targets; efficiency is reported."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

pytest.importorskip("weightipy")

from deckgen.build import build  # noqa: E402
from deckgen.errors import InputError  # noqa: E402
from deckread import read_deck  # noqa: E402
from test_chart_kinds import write_project  # noqa: E402

TARGETS = {"region": {"North": 40, "South": 35, "East": 25}}


def raked_spec(tmp_path, root, targets=TARGETS):
    spec_path, df = write_project(tmp_path, root, weight=False)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["data"]["weighting"] = {"targets": targets}
    spec["slides"] = [
        {"kind": "bullets", "title": "Method", "bullets": ["Weighting efficiency {{ weighting_efficiency }}"]},
        {"kind": "chart", "question": "region", "chart": "bar"},
        {"kind": "chart", "question": "brand", "chart": "bar"},
    ]
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return spec_path, df


def test_weighted_region_shares_equal_the_targets(tmp_path, root):
    spec, df = raked_spec(tmp_path, root)
    result = build(spec)
    deck = read_deck(result.output)
    chart = deck[1].charts[0]
    shares = dict(zip(chart.categories, chart.series[0].values))
    assert shares == pytest.approx({"North": 0.40, "South": 0.35, "East": 0.25}, abs=1e-6)
    # weighting on one variable: each region's weight is target / sample share; efficiency by Kish
    sample = df.region.value_counts(normalize=True)
    w = df.region.map({1: 0.40, 2: 0.35, 3: 0.25}) / df.region.map(sample)
    efficiency = 100 * w.sum() ** 2 / (len(w) * (w ** 2).sum())
    assert result.weighting_efficiency == pytest.approx(efficiency, abs=1e-6)
    assert deck[0].texts[1] == f"Weighting efficiency {efficiency:.1f}%"
    brand = deck[2].charts[0]
    expected = (w.groupby(df.brand).sum() / w.sum()).rename({1: "Alpha", 2: "Beta", 3: "Gamma", 4: "Don't know"})
    assert brand.series[0].values == pytest.approx([expected[c] for c in brand.categories], abs=1e-6)


@pytest.mark.parametrize("targets, message", [
    ({"region": {"North": 40, "South": 35, "Est": 25}}, "did you mean 'East'"),
    ({"region": {"North": 40, "South": 35, "East": 35}}, "sum"),
    ({"brand_x": {"Alpha": 100}}, "unknown question 'brand_x'"),
])
def test_bad_targets_are_input_errors(tmp_path, root, targets, message):
    spec, _ = raked_spec(tmp_path, root, targets)
    with pytest.raises(InputError, match=message):
        build(spec)
