"""A grid broken down by segment, as reports show it: the top-2 box (or any answer) of every statement
with one bar per segment and significance letters, or one statement's answers stacked by segment.

Expected shares and letters are computed here with pandas and the textbook z-test on effective bases.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.errors import InputError
from deckread import read_deck

SCALE = {1: "Disagree", 2: "Neutral", 3: "Agree", 4: "Strongly agree"}
ITEMS = {"g1": "Friendly staff", "g2": "Short wait", "g3": "Clear information"}
REGIONS = {1: "North", 2: "South"}


def make_data(n: int = 700, seed: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"region": rng.choice([1, 2], n), "w": rng.uniform(0.4, 1.8, n).round(3)})
    for i, col in enumerate(ITEMS):
        p_north, p_south = [0.1, 0.2, 0.4, 0.3], [0.25, 0.3, 0.3, 0.15 + 0.0 * i]
        df[col] = np.where(df.region == 1, rng.choice([1, 2, 3, 4], n, p=p_north), rng.choice([1, 2, 3, 4], n, p=p_south))
        df.loc[rng.random(n) < 0.1 * (i + 1), col] = np.nan  # each statement skipped by some
    return df


def write(tmp, root, slides, top2=True):
    df = make_data()
    df.to_csv(tmp / "data.csv", index=False)
    grid = {"type": "grid", "text": "How much do you agree?", "items": ITEMS, "labels": SCALE}
    if top2:
        grid["top2"] = "Agree (top 2)"
    book = {"questions": {"g": grid, "region": {"type": "single", "text": "Region", "labels": REGIONS}}}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    spec = {"deck": {"title": "Grid by", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": "data.csv", "questions": "questions.yaml", "weight": "w"}, "slides": slides}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return tmp / "slides.yaml", df


SLIDES = [{"kind": "chart", "question": "g", "chart": "bar", "by": "region"},
          {"kind": "chart", "question": "g", "chart": "column", "by": "region", "answer": "Neutral"},
          {"kind": "chart", "question": "g", "chart": "stacked", "by": "region", "item": "Short wait"}]


@pytest.fixture(scope="module")
def deck(tmp_path_factory, root):
    spec, df = write(tmp_path_factory.mktemp("gridby"), root, SLIDES)
    return read_deck(build(spec).output), df


def kish(w: pd.Series) -> float:
    return w.sum() ** 2 / (w ** 2).sum()


def share_and_base(df: pd.DataFrame, col: str, codes: list[int]) -> tuple[float, float]:
    """Weighted share of the item's answerers giving one of *codes*, and their effective base."""
    answered = df[df[col].notna()]
    return float(answered.w[answered[col].isin(codes)].sum() / answered.w.sum()), kish(answered.w)


def test_top2_of_every_statement_by_segment_with_letters(deck):
    slides, df = deck
    chart = slides[0].charts[0]
    assert chart.categories == list(ITEMS.values())  # the statements in codebook order
    assert [s.name for s in chart.series] == ["North (A)", "South (B)"]
    marks = 0
    for i, col in enumerate(ITEMS):
        stats = {r: share_and_base(df[df.region == r], col, [3, 4]) for r in REGIONS}
        for j, r in enumerate(REGIONS):
            assert chart.series[j].values[i] == pytest.approx(stats[r][0], abs=1e-12)
        (p1, n1), (p2, n2) = stats[1], stats[2]
        pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        expected = {"North": "B" if z > 1.959964 else "", "South": "A" if z < -1.959964 else ""}
        for series in chart.series:
            assert series.point_marks.get(i, "") == expected[series.name.split(" (")[0]], col
            marks += bool(expected[series.name.split(" (")[0]])
    assert marks > 0  # the data differ enough for letters to show
    assert "– Agree (top 2)" in next(t for t in slides[0].texts if t.startswith("Question"))


def test_any_answer_of_every_statement(deck):
    slides, df = deck
    chart = slides[1].charts[0]
    for i, col in enumerate(ITEMS):
        for j, r in enumerate(REGIONS):
            assert chart.series[j].values[i] == pytest.approx(share_and_base(df[df.region == r], col, [2])[0],
                                                               abs=1e-12)


def test_one_statement_stacked_by_segment(deck):
    slides, df = deck
    chart = slides[2].charts[0]
    assert [s.name for s in chart.series] == list(SCALE.values())  # the scale, in its order
    for j, r in enumerate(REGIONS):
        part = df[(df.region == r) & df.g2.notna()]
        expected = part.w.groupby(part.g2).sum() / part.w.sum()
        assert [s.values[j] for s in chart.series] == pytest.approx([expected.get(c, 0.0) for c in SCALE],
                                                                     abs=1e-12)


@pytest.mark.parametrize("slide, key, words", [
    ({"question": "g", "chart": "bar", "by": "region"}, "slides.0.by", "give 'answer'"),
    ({"question": "g", "chart": "bar", "by": "region", "answer": "Agre"}, "slides.0.answer", "did you mean 'Agree'"),
    ({"question": "g", "chart": "stacked", "item": "Short wai", "by": "region"}, "slides.0.item",
     "did you mean 'Short wait'"),
    ({"question": "region", "chart": "bar", "item": "North"}, "slides.0.item", "is single"),
    ({"question": "g", "chart": "stacked", "by": "region", "answer": "Agree"}, "slides.0.chart", "grid by segment"),
])
def test_a_grid_by_segment_asked_the_wrong_way_is_a_located_error(tmp_path, root, slide, key, words):
    spec, _ = write(tmp_path, root, [{"kind": "chart", **slide}], top2=False)
    with pytest.raises(InputError) as caught:
        build(spec)
    assert caught.value.key == key and words in caught.value.message
