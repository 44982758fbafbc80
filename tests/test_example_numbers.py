"""Every chart in the worked example carries the numbers plain pandas computes from the data."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from deckread import read_deck, workbook_values

RESIDUAL = {"Vet ej", "Annat", "Inga andra"}


def _order(shares: pd.Series) -> pd.Series:
    """Largest first, residual answers last, dropping answers nobody gave."""
    shares = shares[shares > 0]
    main = shares[~shares.index.isin(RESIDUAL)].sort_values(ascending=False, kind="stable")
    rest = shares[shares.index.isin(RESIDUAL)]
    return pd.concat([main, rest])


def single(df, codebook, key, rows=None):
    labels = codebook[key]["labels"]
    answers = (df if rows is None else df[rows])[key].dropna().astype(int).map(labels)
    counts = answers.value_counts()
    shares = counts / counts.sum()
    return _order(shares.reindex(labels.values()).fillna(0))


def multi(df, codebook, key, rows=None):
    options = codebook[key]["options"]
    part = (df if rows is None else df[rows])[list(options)]
    asked = part[part.notna().any(axis=1)]
    shares = (asked == 1).sum() / len(asked)
    shares.index = [options[c] for c in shares.index]
    return _order(shares)


@pytest.fixture(scope="module")
def deck(example_deck):
    return read_deck(example_deck)


@pytest.fixture(scope="module")
def spec(root):
    return yaml.safe_load((root / "slides.yaml").read_text(encoding="utf-8"))


def slide_for(deck, spec, slide_id):
    ids = [s.get("id") for s in spec["slides"]]
    return deck[ids.index(slide_id)]


def assert_series(chart, expected: pd.Series, series_index=0):
    assert chart.categories == list(expected.index)
    assert chart.series[series_index].values == pytest.approx(list(expected.values), abs=1e-9)


@pytest.mark.parametrize("slide_id, key, kind, org", [
    ("medier", "media", "multi", None),
    ("verksamheter-kommun", "departments", "multi", 1),
    ("verksamheter-landsting", "departments", "multi", 2),
    ("syfte", "purpose", "single", None),
    ("orsak", "reasons", "multi", None),
])
def test_one_series_charts_match_pandas(deck, spec, responses, codebook, slide_id, key, kind, org):
    rows = None if org is None else responses.org_type == org
    expected = (multi if kind == "multi" else single)(responses, codebook, key, rows)
    chart = slide_for(deck, spec, slide_id).charts[0]
    assert chart.kind == "barChart" and chart.bar_dir == "bar"
    assert len(chart.series) == 1
    assert_series(chart, expected)


def test_breakdown_by_segment_matches_crosstab(deck, spec, responses, codebook):
    chart = slide_for(deck, spec, "anvander").charts[0]
    labels = codebook["uses_social"]["labels"]
    table = pd.crosstab(responses.uses_social.map(labels), responses.org_type.map(codebook["org_type"]["labels"]),
                        normalize="columns")
    total_order = list(single(responses, codebook, "uses_social").index)
    assert chart.categories == total_order
    assert [s.name for s in chart.series] == ["Kommun", "Landsting* (n=16)"]  # 16 < the deck's low base, 30
    for series in chart.series:
        segment = series.name.split("*")[0]  # "Landsting* (n=16)": a low base, marked on the slide
        assert series.values == pytest.approx([table.loc[c, segment] for c in total_order], abs=1e-9)


def test_grid_is_a_100_percent_stack_per_item(deck, spec, responses, codebook):
    chart = slide_for(deck, spec, "kommunikation").charts[0]
    q = codebook["comm"]
    assert chart.grouping == "percentStacked"
    assert chart.categories == list(q["items"].values())
    assert [s.name for s in chart.series] == list(q["labels"].values())
    for i, column in enumerate(q["items"]):
        shares = responses[column].dropna().astype(int).value_counts(normalize=True)
        for series in chart.series:
            code = next(c for c, label in q["labels"].items() if label == series.name)
            assert series.values[i] == pytest.approx(shares.get(code, 0.0), abs=1e-9)


def test_embedded_workbooks_hold_the_chart_numbers(deck):
    """The editable data behind each chart equals what the chart shows."""
    charts = [c for s in deck for c in s.charts]
    assert len(charts) == 7
    for chart in charts:
        rows = workbook_values(chart.workbook)
        assert [r[0] for r in rows[1:]] == chart.categories
        for j, series in enumerate(chart.series, start=1):
            assert rows[0][j] == series.name
            assert [r[j] for r in rows[1:]] == pytest.approx(series.values, abs=1e-12)


def test_the_data_agrees_with_the_seed_report(responses):
    """The synthetic data reproduces every figure the 2010 summary states."""
    assert len(responses) == 223
    assert responses.org_type.value_counts().to_dict() == {1: 207, 2: 16}
    assert round(100 * (223 + 4) / 310) == 73
    uses = (responses.uses_social == 1).mean() * 100
    assert 60 < uses < 64  # "drygt 60 %"
    by_org = responses.groupby("org_type").uses_social.apply(lambda s: (s == 1).mean())
    assert (by_org > 0.5).all()  # "en majoritet av både kommuner och landsting"
    non_users = responses[responses.uses_social == 2]
    assert (non_users.reason_planning == 1).mean() > 0.5  # "de flesta"
    assert 0.48 <= (non_users.reason_resources == 1).mean() < 0.50  # "knappt hälften"
