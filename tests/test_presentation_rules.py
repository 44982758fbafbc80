"""Presentation rules: Don't know out of the base, low bases hidden, top-N folded, largest remainder."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from deckgen.build import build
from deckgen.stats.presentation import largest_remainder
from deckread import read_deck
from test_chart_kinds import write_project


def project_with(tmp_path, root, deck=None, slide=None, weight=False):
    spec_path, df = write_project(tmp_path, root, weight=weight)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["deck"].update(deck or {})
    spec["slides"] = [{"kind": "chart", "question": "brand", "chart": "bar", **(slide or {})}]
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return spec_path, df


def test_dont_know_out_of_the_base(tmp_path, root):
    spec, df = project_with(tmp_path, root, deck={"dont_know": "exclude"})
    slide = read_deck(build(spec).output)[0]
    chart = slide.charts[0]
    assert "Don't know" not in chart.categories
    known = df[df.brand != 4]
    expected = known.brand.value_counts(normalize=True).rename({1: "Alpha", 2: "Beta", 3: "Gamma"})
    assert chart.series[0].values == pytest.approx([expected[c] for c in chart.categories], abs=1e-12)
    assert f"n={len(known)}" in next(t for t in slide.texts if t.startswith("Question:"))


def test_low_base_segments_are_hidden_but_named(tmp_path, root):
    spec, df = project_with(tmp_path, root, deck={"suppress_low_base": True, "low_base": 120},
                            slide={"by": "region"})
    slide = read_deck(build(spec).output)[0]
    east = int((df.region == 3).sum())
    assert east < 120 < int((df.region == 2).sum())
    assert [s.name.split(" (")[0] for s in slide.charts[0].series] == ["North", "South"]
    footnote = next(t for t in slide.texts if t.startswith("Question:"))
    assert f"East n={east}, low base, not shown" in footnote


def test_top_n_folds_the_rest_into_other_counted_on_respondents(tmp_path, root):
    spec, df = project_with(tmp_path, root, slide={"question": "seen", "top": 1})
    chart = read_deck(build(spec).output)[0].charts[0]
    asked = df[["seen_tv", "seen_web", "seen_print"]].notna().any(axis=1)
    part = df[asked]
    shares = {"TV": (part.seen_tv == 1).mean(), "Web": (part.seen_web == 1).mean()}
    top = max(shares, key=shares.get)
    other = ((part.seen_web == 1) | (part.seen_print == 1)).mean() if top == "TV" else \
        ((part.seen_tv == 1) | (part.seen_print == 1)).mean()
    assert chart.categories == [top, "Other"]
    assert chart.series[0].values == pytest.approx([shares[top], other], abs=1e-12)


@pytest.mark.parametrize("props, decimals, expected", [
    ([1 / 3, 1 / 3, 1 / 3], 0, [0.34, 0.33, 0.33]),  # 33+33+33 would show 99; a tie goes to the first
    ([0.4149, 0.3151, 0.2700], 1, [0.415, 0.315, 0.270]),
    ([0.666, 0.167, 0.167], 0, [0.66, 0.17, 0.17]),  # 67+17+17 would show 101
])
def test_largest_remainder_by_hand(props, decimals, expected):
    rounded = largest_remainder(np.array(props), decimals)
    assert rounded == pytest.approx(expected, abs=1e-12)
    assert round(rounded.sum() * 10 ** (decimals + 2)) == 10 ** (decimals + 2)


def test_largest_remainder_deck_columns_show_100(tmp_path, root):
    spec, _ = project_with(tmp_path, root, deck={"rounding": "largest_remainder"}, slide={"by": "region"},
                           weight=True)
    chart = read_deck(build(spec).output)[0].charts[0]
    for series in chart.series:
        shown = [round(v * 100, 6) for v in series.values]
        assert all(float(v).is_integer() for v in shown)
        assert sum(shown) == 100
