"""Answer roles read from labels as a reader reads them: typographic apostrophes and interviewer
instructions do not hide a "Don't know", so it leaves the base when asked and never joins a top-2.

Expected values are computed with pandas from the respondent file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.spec.roles import dont_know_labels, other_label, residual_labels
from deckread import read_deck

SCALE = {1: "Disagree", 2: "Neutral", 3: "Agree", 9: "(DO NOT READ) Don't know/Refused"}
SINGLE = {1: "Yes", 2: "No", 3: "Don’t know"}


@pytest.mark.parametrize("label", ["Don’t know", "DON'T  KNOW", "(DO NOT READ) Don't know/Refused",
                                   "[READ OUT] Vet ej", "Don\u02bct know"])
def test_dont_know_in_any_dress_is_dont_know_and_residual(label):
    assert dont_know_labels(["Yes", label]) == [label]
    assert residual_labels(["Yes", label]) == {label}


def test_other_is_told_from_dont_know_and_none():
    assert other_label(["Yes", "Don't know", "None of these", "[READ OUT] Something else"]) == \
        "[READ OUT] Something else"
    assert other_label(["Yes", "Knowledge", "Otherwise fine"]) is None  # words, not prefixes


@pytest.fixture(scope="module")
def deck(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("roles")
    rng = np.random.default_rng(8)
    n = 600
    df = pd.DataFrame({"q": rng.choice([1, 2, 3], n, p=[0.5, 0.3, 0.2]),
                       "g1": rng.choice([1, 2, 3, 9], n, p=[0.2, 0.3, 0.2, 0.3])})
    df.to_csv(tmp / "data.csv", index=False)
    book = {"questions": {"q": {"type": "single", "text": "Q", "labels": SINGLE},
                          "g": {"type": "grid", "text": "G", "items": {"g1": "Item"}, "labels": SCALE,
                                "top2": "Top 2"}}}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    spec = {"deck": {"title": "Roles", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": "data.csv", "questions": "questions.yaml"},
            "slides": [{"kind": "chart", "question": "q", "chart": "bar", "dont_know": "exclude"},
                       {"kind": "chart", "question": "g", "chart": "bar"}]}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return read_deck(build(tmp / "slides.yaml").output), df


def test_dont_know_exclude_takes_a_typographic_dont_know_out_of_the_base(deck):
    slides, df = deck
    chart = slides[0].charts[0]
    known = df.q[df.q != 3].map(SINGLE)
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(
        known.value_counts(normalize=True).to_dict(), abs=1e-12)


def test_top2_of_a_scale_skips_an_instructed_dont_know(deck):
    slides, df = deck
    chart = slides[1].charts[0]
    assert [s.name for s in chart.series] == ["Top 2"]
    assert chart.series[0].values == pytest.approx([float(df.g1.isin([2, 3]).mean())], abs=1e-12)  # Neutral + Agree
