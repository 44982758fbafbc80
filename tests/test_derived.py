"""Derived questions (bins, recode, conditions): every number equals plain pandas on the same data.

The expected values never come from deckgen: bands are ``pandas.cut`` (``right=False``: the lower
edge is in the band), recodes are ``Series.map``, conditions are boolean masks written out in
pandas. The deck is built with :func:`deckgen.build.build`, weighted, and read back from its charts.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.data import open_project, wanted_columns
from deckgen.errors import InputError
from deckgen.watch import slide_fingerprints
from deckread import read_deck

INCOME = {1: "Under 100k", 2: "100-200k", 3: "200-300k", 4: "300-500k", 5: "500k+", 9: "Refused"}
BANDS = ["18–29", "30–44", "45–64", "65+"]  # the names deckgen promises for bins [18, 30, 45, 65]

CODEBOOK = {"questions": {
    "age": {"type": "numeric", "text": "How old are you?", "missing": [999]},
    "income": {"type": "single", "text": "Household income", "labels": INCOME},
    "area": {"type": "single", "text": "Where do you live?", "labels": {1: "Urban", 2: "Suburban", 3: "Rural"}},
    "age_band": {"type": "single", "text": "Age", "from": "age", "bins": [18, 30, 45, 65]},
    "older": {"type": "single", "text": "Age, two groups", "from": "age_band",
              "recode": {"Under 45": ["18–29", "30–44"], "45 and over": [3, 4]}},
    "score_band": {"type": "single", "text": "Score", "from": "score", "bins": [0, 2.5, 5], "below": 7.5,
                   "labels": {1: "Low", 2: "Middle", 3: "High"}},
    "income3": {"type": "single", "text": "Household income, grouped", "from": "income",
                "recode": {"Low": ["Under 100k", "100-200k"], "Middle": ["200-300k", "300-500k"], "High": ["500k+"]}},
    "segment": {"type": "single", "text": "Segment",
                "conditions": {"Young urban": "age < 30 and area == 'Urban'",
                               "Retired": "age_band == '65+'",
                               "Rural high score": "area == 'Rural' and score >= 5",
                               "Rural": "area == 'Rural'"}},
}}

SLIDES = [
    {"kind": "chart", "id": "bands", "question": "age_band", "sort": "codes",
     "headline": "{{ pct(q, '65+') }} are 65+; {{ each('income3', 'Low', 'segment') | join }}"},
    {"kind": "chart", "id": "closed-bands", "question": "score_band", "sort": "codes"},
    {"kind": "chart", "id": "recode-by-bands", "question": "income3", "by": "age_band", "sort": "codes"},
    {"kind": "chart", "id": "conditions-in-a-band", "question": "segment", "filter": "age_band == '30–44'",
     "sort": "codes"},
    {"kind": "chart", "id": "recode-of-bands", "question": "older", "by": "segment", "sort": "codes",
     "filter": "income3 in ['Low', 'High']"},
]


def make_data(n=800, seed=11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.integers(12, 95, n).astype(float) + rng.choice([0.0, 0.5, 0.9], n)
    edges = rng.random(n) < 0.15  # many respondents exactly on an edge, or just below one
    age[edges] = rng.choice([18, 29.9, 30, 44.9, 45, 64.99, 65, 17.9], int(edges.sum()))
    age[rng.random(n) < 0.05] = 999  # the numeric question's missing code
    age[rng.random(n) < 0.05] = np.nan
    score = rng.uniform(-1, 9, n).round(2)
    on_edge = rng.random(n) < 0.15
    score[on_edge] = rng.choice([0, 2.5, 5, 7.5], int(on_edge.sum()))
    return pd.DataFrame({
        "age": age,
        "income": rng.choice(list(INCOME), n, p=[0.2, 0.25, 0.2, 0.15, 0.1, 0.1]),
        "area": rng.choice([1, 2, 3], n, p=[0.4, 0.3, 0.3]),
        "score": score,
        "w": rng.uniform(0.4, 2.5, n).round(3),
    })


def write_project(tmp_path, root, df: pd.DataFrame):
    df.to_csv(tmp_path / "data.csv", index=False)
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")
    spec = {
        "deck": {"title": "Derived questions", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                 "output": "out/deck.pptx"},
        "data": {"responses": "data.csv", "questions": "questions.yaml", "weight": "w"},
        "slides": SLIDES,
    }
    path = tmp_path / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- the independent side: plain pandas ----------------------------------------------------------


def ages(df) -> pd.Series:
    return df.age.where(df.age != 999)  # the numeric question's missing code is no age


def age_band(df) -> pd.Series:
    return pd.cut(ages(df), [18, 30, 45, 65, np.inf], right=False, labels=BANDS).astype(object)


def score_band(df) -> pd.Series:
    return pd.cut(df.score, [0, 2.5, 5, 7.5], right=False, labels=["Low", "Middle", "High"]).astype(object)


def income3(df) -> pd.Series:
    return df.income.map({1: "Low", 2: "Low", 3: "Middle", 4: "Middle", 5: "High"})  # 9 (Refused): missing


def segment(df) -> pd.Series:
    a = ages(df)
    masks = [(a < 30) & (df.area == 1), a >= 65, (df.area == 3) & (df.score >= 5), df.area == 3]
    return pd.Series(np.select(masks, ["Young urban", "Retired", "Rural high score", "Rural"], default=None),
                     index=df.index).where(np.logical_or.reduce(masks))


def older(df) -> pd.Series:
    a = ages(df)
    return pd.Series(np.where(a < 45, "Under 45", "45 and over"), index=df.index).where((a >= 18) & a.notna())


def shares(answers: pd.Series, w: pd.Series) -> dict:
    """Weighted share of each answer among those with one."""
    given = answers.notna()
    sums = w[given].groupby(answers[given]).sum()
    return (sums / sums.sum()).to_dict()


# -- the deck ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("derived")
    df = make_data()
    spec = write_project(tmp, root, df)
    result = build(spec)
    return spec, result, read_deck(result.output), df


def chart_values(chart, series=0) -> dict:
    return dict(zip(chart.categories, chart.series[series].values))


def segment_name(series_name: str) -> str:
    """The segment a series name shows: without its letter ("18–29 (A)") or low-base mark ("65+* (n=12)")."""
    return re.sub(r" \([A-Z]+\)$", "", re.sub(r"\* \(n=[\d,]+\)$", "", series_name))


def test_data_has_values_on_every_edge(built):
    """Guard: the data really tests the edges (a value on an edge is in the band it starts)."""
    *_, df = built
    for value in (18, 30, 45, 65, 29.9, 64.99, 17.9, 999):
        assert (df.age == value).sum() >= 5, value
    for value in (0, 2.5, 5, 7.5):
        assert (df.score == value).sum() >= 5, value
    assert df.age.isna().sum() >= 5 and (df.score > 7.5).sum() >= 5 and (df.score < 0).sum() >= 5


def test_bins_equal_pandas_cut(built):
    *_, deck, df = built
    chart = deck[0].charts[0]
    assert chart.categories == BANDS  # codes order: the bands as written, "65+" open
    assert chart.series[0].values == pytest.approx([shares(age_band(df), df.w)[b] for b in BANDS], abs=1e-12)
    base = int(age_band(df).notna().sum())  # 999, empty and under 18 are in no band: out of the base
    assert any(f"n={base:,}" in text for text in deck[0].texts)


def test_closed_bins_of_a_raw_column_with_named_bands(built):
    *_, deck, df = built
    expected = shares(score_band(df), df.w)
    chart = deck[1].charts[0]
    assert chart.categories == ["Low", "Middle", "High"]
    assert chart.series[0].values == pytest.approx([expected[c] for c in chart.categories], abs=1e-12)


def test_recode_by_bands_equals_series_map(built):
    *_, deck, df = built
    chart = deck[2].charts[0]
    assert [segment_name(s.name) for s in chart.series] == BANDS
    assert chart.categories == ["Low", "Middle", "High"]
    bands, groups = age_band(df), income3(df)
    for series in chart.series:
        inside = bands == segment_name(series.name)
        expected = shares(groups[inside], df.w[inside])
        assert series.values == pytest.approx([expected[c] for c in chart.categories], abs=1e-12)


def test_conditions_in_a_filter_on_bands_equal_boolean_masks(built):
    *_, deck, df = built
    a = ages(df)
    inside = (a >= 30) & (a < 45)
    expected = shares(segment(df)[inside], df.w[inside])
    assert "Young urban" not in expected and "Retired" not in expected  # the first true condition wins
    values = chart_values(deck[3].charts[0])
    assert values == pytest.approx(expected, abs=1e-12)


def test_recode_of_a_derived_question_by_conditions_filtered_by_a_recode(built):
    *_, deck, df = built
    chart = deck[4].charts[0]
    assert chart.categories == ["Under 45", "45 and over"]
    base = income3(df).isin(["Low", "High"])
    segments, groups = segment(df), older(df)
    assert [segment_name(s.name) for s in chart.series] == [
        s for s in ("Young urban", "Retired", "Rural high score", "Rural") if (base & (segments == s)).any()]
    for series in chart.series:
        inside = base & (segments == segment_name(series.name))
        expected = shares(groups[inside], df.w[inside])
        assert series.values == pytest.approx([expected.get(c, 0.0) for c in chart.categories], abs=1e-12)


def test_templates_read_derived_questions(built):
    *_, deck, df = built
    over_65 = shares(age_band(df), df.w)["65+"]
    low = [shares(income3(df)[segment(df) == s], df.w[segment(df) == s])["Low"]
           for s in ("Young urban", "Retired", "Rural high score", "Rural")]
    words = [f"{int(np.floor(x * 100 + 0.5))}%" for x in low]
    assert deck[0].title == (f"{int(np.floor(over_65 * 100 + 0.5))}% are 65+; "
                             f"{', '.join(words[:-1])} and {words[-1]}")


def test_raw_columns_of_derived_questions_are_loaded(built):
    spec, *_ = built
    wanted = wanted_columns(open_project(spec))
    assert {"score", "age", "income", "area", "w"} <= wanted  # score: only bins' from and a condition read it
    assert not {"older", "score_band", "segment"} & wanted  # no columns of their own (nor named in a slide filter)


def test_watch_fingerprints_follow_a_derived_question_s_sources(built):
    """Changing the numeric question behind the bands re-renders the slides whose numbers use it."""
    spec, *_ = built
    project = open_project(spec)
    before = slide_fingerprints(project, build(spec, write=False, project=project).queries)
    book = spec.parent / "questions.yaml"
    original = book.read_text(encoding="utf-8")
    try:
        book.write_text(original.replace("- 999", "- 998"), encoding="utf-8")
        project = open_project(spec)
        after = slide_fingerprints(project, build(spec, write=False, project=project).queries)
    finally:
        book.write_text(original, encoding="utf-8")
    # every slide reads age through age_band, older or segment, except the closed score bands
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [0, 2, 3, 4]



def project_copy(built, tmp_path, slides: list, **questions):
    """The built project copied to *tmp_path*, with other *slides* and more *questions*."""
    spec, *_ = built
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "data.csv").write_bytes((spec.parent / "data.csv").read_bytes())
    book = {"questions": {**CODEBOOK["questions"], **questions}}
    (folder / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings = {**yaml.safe_load(spec.read_text(encoding="utf-8")), "slides": slides}
    (folder / "slides.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "slides.yaml"


@pytest.mark.parametrize("value, message", [
    ("inf", r"'score' is infinite for 1 respondent\(s\), which is in no band"),
    ("many", r"column 'score' holds text; 'bins' make bands of numbers"),
], ids=["infinite", "text"])
def test_a_number_no_band_can_hold_is_an_error_at_from(built, tmp_path, value, message):
    spec = project_copy(built, tmp_path, [SLIDES[1]])  # score_band only
    data = pd.read_csv(spec.parent / "data.csv")
    data["score"] = data.score.astype(object)
    data.loc[7, "score"] = value
    data.to_csv(spec.parent / "data.csv", index=False)
    book = (spec.parent / "questions.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(book, start=1) if text.strip() == "from: score")
    with pytest.raises(InputError, match=message) as caught:
        build(spec)
    assert (caught.value.location.line, caught.value.key) == (line, "questions.score_band.from")


def test_raking_to_a_derived_question_s_targets(built, tmp_path):
    """A derived question is a weighting target like any single-choice question (here one that everyone answers)."""
    pytest.importorskip("weightipy")
    *_, df = built
    places = {"type": "single", "text": "Place", "from": "area", "recode": {"City": ["Urban"], "Outside": [2, 3]}}
    spec = project_copy(built, tmp_path, [{"kind": "chart", "question": "places"}, SLIDES[0]], places=places)
    settings = yaml.safe_load(spec.read_text(encoding="utf-8"))
    settings["data"] = {**settings["data"], "weight": None, "weighting": {"targets": {"places": {"City": 30,
                                                                                                  "Outside": 70}}}}
    spec.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    deck = read_deck(build(spec).output)
    assert chart_values(deck[0].charts[0]) == pytest.approx({"City": 0.30, "Outside": 0.70}, abs=1e-6)
    # one weighting variable: a city respondent weighs 0.30 / the sample's city share, the others 0.70 / theirs
    city = df.area == 1
    w = pd.Series(np.where(city, 0.30 / city.mean(), 0.70 / (~city).mean()), index=df.index)
    bands = deck[1].charts[0]
    assert bands.series[0].values == pytest.approx([shares(age_band(df), w)[b] for b in BANDS], abs=1e-6)
