"""``total: true``: a Total of everyone in the base beside the segments, as every tabulation prints it.

The Total counts respondents whatever their segment (also those with none), is never tested, lettered
or hidden for a low base, and is not listed among the segments. Expected values come from pandas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.errors import InputError
from deckread import read_deck

ANSWERS = {1: "Yes", 2: "No", 3: "Maybe"}
REGIONS = {1: "North", 2: "South", 3: "Islands"}


def project(tmp, root, slides, deck=None):
    rng = np.random.default_rng(4)
    n = 900
    df = pd.DataFrame({"q": rng.choice([1, 2, 3], n, p=[0.5, 0.3, 0.2]),
                       "region": rng.choice([1, 2, 3], n, p=[0.55, 0.42, 0.03]).astype(float),
                       "w": rng.uniform(0.5, 1.5, n).round(3)})
    df.loc[rng.random(n) < 0.05, "region"] = np.nan  # some respondents have no region
    df.loc[df.region == 1, "q"] = rng.choice([1, 2, 3], int((df.region == 1).sum()), p=[0.7, 0.2, 0.1])
    df.to_csv(tmp / "data.csv", index=False)
    book = {"questions": {"q": {"type": "single", "text": "Q", "labels": ANSWERS},
                          "region": {"type": "single", "text": "Region", "labels": REGIONS}}}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    spec = {"deck": {"title": "Total", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx", **(deck or {})},
            "data": {"responses": "data.csv", "questions": "questions.yaml", "weight": "w"}, "slides": slides}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return tmp / "slides.yaml", df


def weighted(df: pd.DataFrame) -> dict:
    sums = df.w.groupby(df.q.map(ANSWERS)).sum()
    return (sums / sums.sum()).to_dict()


@pytest.fixture(scope="module")
def deck(tmp_path_factory, root):
    slides = [{"kind": "chart", "question": "q", "chart": "bar", "by": "region", "total": True},
              {"kind": "chart", "question": "q", "chart": "table", "by": "region", "total": True}]
    spec, df = project(tmp_path_factory.mktemp("total"), root, slides, {"suppress_low_base": True})
    return read_deck(build(spec).output), df


def test_the_total_is_everyone_first_and_the_segments_follow(deck):
    slides, df = deck
    chart = slides[0].charts[0]
    assert chart.series[0].name == "Total"
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(weighted(df), abs=1e-12)
    north = df[df.region == 1]
    assert chart.series[1].name.startswith("North")
    assert dict(zip(chart.categories, chart.series[1].values)) == pytest.approx(weighted(north), abs=1e-12)


def test_the_total_is_never_lettered_hidden_or_listed_as_a_segment(deck):
    slides, df = deck
    header = slides[1].tables[0][0]
    assert header[1] == "Total" and header[2] == "North (A)" and header[3] == "South (B)"
    assert "Islands" not in " ".join(header)  # a low base segment is hidden, the Total never
    rows = {row[0]: row[1] for row in slides[1].tables[0][1:]}
    assert all(value.endswith("%") for label, value in rows.items() if label != "Base (n)")  # no letter after a Total
    base = next(t for t in slides[1].texts if t.startswith("Question")).splitlines()[-1]
    answered_with_region = int(df.region.notna().sum())
    assert f"n={len(df):,} (North n={int((df.region == 1).sum())}" in base  # n: everyone in the Total
    assert "Total n=" not in base and answered_with_region < len(df)


def test_total_without_by_is_a_located_error(tmp_path, root):
    spec, _ = project(tmp_path, root, [{"kind": "chart", "question": "q", "chart": "bar", "total": True}])
    with pytest.raises(InputError) as caught:
        build(spec)
    assert caught.value.key == "slides.0.total" and "no 'by'" in caught.value.message


def test_a_low_base_segment_is_marked_on_the_slide_not_by_colour_alone(tmp_path, root):
    spec, df = project(tmp_path, root, [{"kind": "chart", "question": "q", "chart": "bar", "by": "region"}])
    slide = read_deck(build(spec).output)[0]
    islands = int(((df.region == 3) & df.q.notna()).sum())
    assert islands < 30  # the deck's default low base
    names = [s.name for s in slide.charts[0].series]
    assert names[-1] == f"Islands (C)* (n={islands})" and names[0] == "North (A)"  # big enough: no mark
    base = next(t for t in slide.texts if t.startswith("Question")).splitlines()[-1]
    assert f"Islands* n={islands}" in base and "* low base (n < 30)" in base

