"""Multiple response stored as mention columns; percent of respondents or of responses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckread import read_deck
from test_chart_kinds import write_project

BRANDS = {1: "Alpha", 2: "Beta", 3: "Gamma", 4: "Delta"}


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("mentions")
    spec_path, df = write_project(tmp, root, weight=False)
    rng = np.random.default_rng(9)
    firsts, seconds = [], []
    for _ in range(len(df)):
        picks = rng.choice(list(BRANDS), size=rng.integers(0, 3), replace=False, p=[0.4, 0.3, 0.2, 0.1])
        firsts.append(picks[0] if len(picks) > 0 else np.nan)
        seconds.append(picks[1] if len(picks) > 1 else np.nan)
    df["aware1"], df["aware2"] = firsts, seconds
    df.to_csv(tmp / "data.csv", index=False)
    book = yaml.safe_load((tmp / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["aware"] = {"type": "mentions", "text": "Which brands do you know?",
                                  "columns": ["aware1", "aware2"], "labels": BRANDS}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["slides"] = [{"kind": "chart", "question": "aware", "chart": "bar"},
                      {"kind": "chart", "question": "aware", "chart": "bar", "percent_of": "responses"}]
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return read_deck(build(spec_path).output), df


def test_percent_of_respondents_counts_each_respondent_once(built):
    deck, df = built
    asked = df[df.aware1.notna() | df.aware2.notna()]
    mentioned = {label: ((asked.aware1 == code) | (asked.aware2 == code)).mean() for code, label in BRANDS.items()}
    chart = deck[0].charts[0]
    assert chart.series[0].values == pytest.approx([mentioned[c] for c in chart.categories], abs=1e-12)


def test_percent_of_responses_sums_to_100(built):
    deck, df = built
    answers = pd.concat([df.aware1, df.aware2]).dropna().map(BRANDS).value_counts(normalize=True)
    chart = deck[1].charts[0]
    assert chart.series[0].values == pytest.approx([answers[c] for c in chart.categories], abs=1e-12)
    assert sum(chart.series[0].values) == pytest.approx(1.0)
