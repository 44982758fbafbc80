"""``top: N`` when the codebook already has an "Other": the tail folds into it, and a single-choice
column still adds up to 100%, on every chart kind that draws single choice.

Expected values come from plain pandas over the respondent file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.spec.charts import KINDS
from deckread import read_deck

LABELS = {1: "Alpha", 2: "Beta", 3: "Gamma", 4: "Delta", 5: "Epsilon", 6: "Zeta", 7: "Other", 8: "Don’t know"}
REGIONS = {1: "North", 2: "South"}
SINGLE_KINDS = [name for name, kind in KINDS.items()  # a combo refuses "top" (tests/test_combo.py)
                if "single" in kind.questions and name != "combo" and not kind.waves]


def make_data(n: int = 1000, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    p = np.array([30, 22, 15, 9, 6, 4, 8, 6], dtype=float)
    return pd.DataFrame({"q": rng.choice(list(LABELS), n, p=p / p.sum()), "region": rng.choice([1, 2], n),
                         "w": rng.uniform(0.5, 2, n).round(3)})


@pytest.fixture(scope="module")
def decks(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("top")
    df = make_data()
    df.to_csv(tmp / "data.csv", index=False)
    book = {"questions": {"q": {"type": "single", "text": "Which brand?", "labels": LABELS},
                          "region": {"type": "single", "text": "Region", "labels": REGIONS}}}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    slides = []
    for kind in SINGLE_KINDS:
        by = {"by": "region"} if KINDS[kind].needs_by("single") else {}
        slides.append({"kind": "chart", "id": kind, "question": "q", "chart": kind, "top": 3, **by})
    spec = {"deck": {"title": "Top", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": "data.csv", "questions": "questions.yaml", "weight": "w"},
            "slides": slides}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return read_deck(build(tmp / "slides.yaml").output), df


def expected(df: pd.DataFrame) -> dict[str, float]:
    """The three largest brands, one Other (the codebook's Other plus the tail) and Don't know."""
    shares = df.w.groupby(df.q.map(LABELS)).sum() / df.w.sum()
    brands = shares.drop(["Other", "Don’t know"]).sort_values(ascending=False)
    top = brands.iloc[:3]
    return {**top.to_dict(), "Other": float(brands.iloc[3:].sum() + shares["Other"]),
            "Don’t know": float(shares["Don’t know"])}


@pytest.mark.parametrize("kind", SINGLE_KINDS)
def test_the_tail_folds_into_the_existing_other_and_the_column_adds_to_100(decks, kind):
    deck, df = decks
    slide = deck[SINGLE_KINDS.index(kind)]
    if slide.charts:
        chart = slide.charts[0]
        if chart.grouping == "percentStacked":  # one bar per segment, the answers stacked
            names, columns = [s.name for s in chart.series], [[s.values[j] for s in chart.series]
                                                               for j in range(len(chart.categories))]
        else:
            names, columns = chart.categories, [s.values for s in chart.series]
        assert sorted(names) == sorted(expected(df))  # one Other, Don't know kept apart
        assert names.count("Other") == 1
        for values in columns:
            assert sum(values) == pytest.approx(1.0, abs=1e-12)
        if len(columns) == 1:
            assert dict(zip(names, columns[0])) == pytest.approx(expected(df), abs=1e-12)
    else:  # the native table: rounded percentages add to 100 (largest remainder)
        rows = {row[0]: row[1] for row in slide.tables[0][1:] if row[0] != "Base (n)"}
        assert sorted(rows) == sorted(expected(df))
        assert sum(int(v.rstrip("%")) for v in rows.values()) == 100
