"""Numeric questions: weighted means and medians per segment, as bars, a KPI and a table."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from deckgen.build import build
from deckgen.stats.tabulate import weighted_median
from deckread import read_deck
from test_chart_kinds import write_project

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("numeric")
    spec_path, df = write_project(tmp, root)
    rng = np.random.default_rng(5)
    df["age"] = rng.integers(18, 80, len(df)).astype(float)
    df.loc[df.index[:7], "age"] = 999  # "no answer" code
    df.to_csv(tmp / "data.csv", index=False)
    book = yaml.safe_load((tmp / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["age"] = {"type": "numeric", "text": "How old are you?", "unit": "år", "missing": [999]}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["deck"]["locale"] = "sv"
    spec["slides"] = [
        {"kind": "chart", "question": "age", "by": "region", "chart": "bar",
         "headline": "Medelåldern är {{ mean(q) }} år"},
        {"kind": "chart", "question": "age", "chart": "kpi"},
        {"kind": "chart", "question": "age", "by": "region", "chart": "table"},
    ]
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return read_deck(build(spec_path).output), df[df.age != 999]


def test_means_by_segment_are_weighted(built):
    deck, answered = built
    chart = deck[0].charts[0]
    assert chart.categories == ["North (A)", "South (B)", "East (C)"]  # lettered: means are tested (test_welch.py)
    expected = [np.average(answered.age[answered.region == r], weights=answered.w[answered.region == r])
                for r in (1, 2, 3)]
    assert chart.series[0].values == pytest.approx(expected, abs=1e-9)
    overall = np.average(answered.age, weights=answered.w)
    assert deck[0].title == f"Medelåldern är {overall:.1f}".replace(".", ",") + " år"


def test_kpi_shows_the_mean_in_the_locale(built):
    deck, answered = built
    overall = np.average(answered.age, weights=answered.w)
    # the caption says how many answers the mean rests on (unweighted, as bases are reported)
    assert f"{overall:.1f}".replace(".", ",") + f"{NBSP}år\nMedelvärde\nn={len(answered)}" in deck[1].texts


def test_table_of_mean_and_median(built):
    deck, answered = built
    table = deck[2].tables[0]
    assert [row[0] for row in table[1:]] == ["Medelvärde", "Median", "Bas (n)"]
    north = answered[answered.region == 1]
    median = weighted_median(north.age.to_numpy(), north.w.to_numpy())
    order = np.argsort(north.age.to_numpy(), kind="stable")
    cumulative = np.cumsum(north.w.to_numpy()[order])
    assert median == north.age.to_numpy()[order][np.argmax(cumulative >= cumulative[-1] / 2)]
    assert table[2][1] == f"{median:.1f}".replace(".", ",") + f"{NBSP}år"
    assert table[3][1] == str(len(north))
