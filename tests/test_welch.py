"""Welch's t-test between segments' means: hand-checked statistics, the settings, and the letters of a
weighted deck against an independent NumPy computation (weighted means, the variance, Kish's
effective bases, Welch's degrees of freedom and a t critical value found by integrating the density)."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.compose.marks import cell_marks
from deckgen.stats import Axis, Table
from deckgen.stats.significance import with_tests
from deckgen.stats.welch import pooled, sample_sd, welch_t

LETTERS = "ABCDE"
SEGMENTS = {1: "North", 2: "South", 3: "East", 4: "West", 5: "Central"}


# --- the statistics, by hand ----------------------------------------------------------------------

def test_welch_t_and_df_by_hand():
    # group 1: 4, 6, 8, 10 -> mean 7, squared deviations 9 + 1 + 1 + 9 = 20, s² = 20/3, s²/n = 5/3
    # group 2: 1, 2, 3     -> mean 2, squared deviations 1 + 0 + 1 = 2,    s² = 1,    s²/n = 1/3
    # t  = (7 - 2) / sqrt(5/3 + 1/3) = 5 / sqrt(2) = 3.53553
    # df = (5/3 + 1/3)² / ((5/3)² / 3 + (1/3)² / 2) = 4 / (25/27 + 1/18) = 4 / (53/54) = 216/53 = 4.07547
    one, two = np.array([4.0, 6, 8, 10]), np.array([1.0, 2, 3])
    assert sample_sd(one) == pytest.approx(math.sqrt(20 / 3), rel=1e-12)
    assert sample_sd(two) == pytest.approx(1.0, rel=1e-12)
    t, df = welch_t(7.0, sample_sd(one), 4, 2.0, sample_sd(two), 3)
    assert t == pytest.approx(3.53553, abs=1e-5)
    assert df == pytest.approx(4.07547, abs=1e-5)


def test_welch_p_value_lies_between_the_table_values():
    # t = 3.5355 on 4.08 df: beyond 2.776 (alpha 0.05 at df 4, and less at more df), short of 3.747
    # (alpha 0.02 at df 4) and of 3.365 (alpha 0.02 at df 5): so 0.02 < p < 0.05
    segments = Axis("segment", ("one", "two"), key="s", bases=(4, 3))
    table = Table("q", Axis("statistic", ("Mean", "Median"), key="q"), segments, "mean",
                  np.array([[7.0, 2.0], [7.0, 2.0]]), np.array([[7.0, 2.0], [7.0, 2.0]]),
                  np.array([[4.0, 3.0], [4.0, 3.0]]), 7,
                  spread=np.array([[math.sqrt(20 / 3), 1.0], [np.nan, np.nan]]),
                  weight_sums=np.array([[4.0, 3.0], [4.0, 3.0]]))
    found = with_tests(table, min_base=0).significance.found
    assert [(c.row, c.column, c.against) for c in found] == [("Mean", "one", "two")]
    assert found[0].statistic == pytest.approx(3.53553, abs=1e-5)
    assert 0.02 < found[0].p < 0.05
    assert with_tests(table, level=0.98, min_base=0).significance.found == ()


def test_weighted_sd_by_hand_and_as_numpy_computes_it():
    # x = 1, 2, 4 weighing 1, 1, 2: Σw = 4, mean = (1 + 2 + 8) / 4 = 2.75
    # Σw (x - mean)² = 3.0625 + 0.5625 + 2 x 1.5625 = 6.75; Σw² = 6, so Σw - Σw²/Σw = 4 - 1.5 = 2.5
    # s² = 6.75 / 2.5 = 2.7 (= the weighted population variance 6.75/4 x n/(n - 1), n = 16/6)
    x, w = np.array([1.0, 2, 4]), np.array([1.0, 1, 2])
    assert sample_sd(x, w) ** 2 == pytest.approx(2.7, rel=1e-12)
    assert sample_sd(x, w) ** 2 == pytest.approx(float(np.cov(x, aweights=w)), rel=1e-12)
    assert sample_sd(x, 1000 * w) == pytest.approx(sample_sd(x, w), rel=1e-12)  # the weights' scale is irrelevant
    assert sample_sd(x, np.full(3, 0.4)) == pytest.approx(np.std(x, ddof=1), rel=1e-12)  # equal weights: n - 1
    assert math.isnan(sample_sd(np.array([5.0]))) and math.isnan(sample_sd(np.array([])))


def test_pooled_segments_equal_their_respondents_taken_together():
    rng = np.random.default_rng(3)
    parts = [(rng.normal(m, s, n), rng.uniform(0.2, 3.0, n)) for m, s, n in ((5, 1, 40), (6, 2, 25), (4, 1.5, 1))]
    x, w = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    means = np.array([np.average(v, weights=u) for v, u in parts])
    sds = np.array([sample_sd(v, u) for v, u in parts])  # NaN for the one respondent
    bases = np.array([u.sum() ** 2 / (u ** 2).sum() for _, u in parts])
    mean, sd, base = pooled(means, sds, bases, np.array([u.sum() for _, u in parts]))
    assert mean == pytest.approx(np.average(x, weights=w), rel=1e-12)
    assert sd ** 2 == pytest.approx(float(np.cov(x, aweights=w)), rel=1e-10)
    assert base == pytest.approx(w.sum() ** 2 / (w ** 2).sum(), rel=1e-12)


# --- the settings -------------------------------------------------------------------------------

def mean_table(means, sds, bases, effective=None) -> Table:
    """A mean (and a median row equal to it) in segments A, B, C, ... with the bases given."""
    k = len(means)
    cells = np.array([means, means], dtype=float)
    columns = Axis("segment", tuple(f"segment {j + 1}" for j in range(k)), key="s", bases=bases)
    return Table("q", Axis("statistic", ("Mean", "Median"), key="q"), columns, "mean", cells, cells.copy(),
                 np.array([bases, bases], dtype=float), int(sum(bases)), effective is not None,
                 None if effective is None else np.array([effective, effective], dtype=float),
                 spread=np.array([sds, [np.nan] * k], dtype=float),
                 weight_sums=np.array([bases, bases], dtype=float))


def test_the_effective_base_decides():
    # s = 1.2 in both, means 5.0 and 4.5
    # on 100 respondents each: se = sqrt(1.44/100 x 2) = 0.16971, t = 0.5 / 0.16971 = 2.946, df = 198: > 1.972
    # on effective bases of 30: se = sqrt(1.44/30 x 2) = 0.30984, t = 1.614, df = 58: < 2.002
    plain = mean_table([5.0, 4.5], [1.2, 1.2], [100, 100])
    weighted = mean_table([5.0, 4.5], [1.2, 1.2], [100, 100], effective=[30, 30])
    assert cell_marks(with_tests(plain))[0] == ["B", ""]
    assert with_tests(plain).significance.found[0].statistic == pytest.approx(2.946, abs=1e-3)
    assert cell_marks(with_tests(weighted))[0] == ["", ""]


def test_a_segment_below_min_base_is_neither_tested_nor_lettered():
    # segment 3 has by far the highest mean but an effective base of 20 (of 80 respondents)
    table = mean_table([5.0, 4.0, 9.0], [1.0, 1.0, 1.0], [200, 200, 80], effective=[200, 200, 20])
    marks = cell_marks(with_tests(table, min_base=30))
    assert marks == [["B", "", ""], ["", "", ""]]  # 3 carries no letter, and no one carries "C"
    assert cell_marks(with_tests(table, min_base=10))[0] == ["B", "", "AB"]  # tested when it may be
    assert with_tests(table, min_base=250).significance is None  # nothing left to compare
    rest = cell_marks(with_tests(table, min_base=30, versus="rest"))[0]
    assert rest[2] == ""  # not against the rest either


def test_bonferroni_removes_a_borderline_difference():
    # s = 1 and 2,000 respondents in each of 3 segments: se = sqrt(2/2000) = 0.031623; a difference of
    # 0.0696 is t = 2.20 (df 3998): beyond 1.961 (95%) but short of 2.395 (95% over 3 pairs)
    table = mean_table([5.0696, 5.0, 5.0], [1.0, 1.0, 1.0], [2000, 2000, 2000])
    assert cell_marks(with_tests(table))[0] == ["BC", "", ""]
    assert cell_marks(with_tests(table, correction="bonferroni"))[0] == ["", "", ""]


def test_versus_rest_marks_higher_and_lower_means():
    # segment 1 against 2 + 3 pooled (mean 5, the pooled spread grows by the means' own spread)
    table = mean_table([6.0, 5.0, 5.0], [1.0, 1.0, 1.0], [100, 100, 100])
    assert cell_marks(with_tests(table, versus="rest"))[0] == ["+", "-", "-"]
    found = with_tests(table, versus="rest").significance.found
    assert {c.against for c in found} == {None} and found[0].statistic > 0 > found[1].statistic


def test_only_the_mean_row_is_tested_and_a_table_without_spread_is_not():
    table = mean_table([6.0, 5.0], [1.0, 1.0], [300, 300])
    assert {c.row for c in with_tests(table).significance.found} == {"Mean"}
    assert with_tests(replace(table, spread=None)).significance is None


def test_spread_follows_reordering_and_column_selection():
    table = mean_table([6.0, 5.0, 4.0], [1.0, 2.0, 3.0], [100, 90, 80])
    assert table.with_columns([2, 0]).spread[0].tolist() == [3.0, 1.0]
    assert table.with_columns([2, 0]).weight_sums[0].tolist() == [80.0, 100.0]
    assert np.isnan(table.reordered([1, 0]).spread[0]).all()
    with pytest.raises(ValueError, match="spread"):
        Table("q", table.rows, table.columns, "mean", table.counts, table.props, table.bases, 270,
              spread=np.ones((2, 2)))


# --- a weighted deck, against an independent computation ------------------------------------------

def t_critical(alpha: float, df: float) -> float:
    """Student's t two-sided critical value, independently: Simpson's rule over the density, then bisection."""
    scale = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def two_sided(t: float) -> float:
        x = np.linspace(0.0, t, 4001)
        f = scale * (1 + x * x / df) ** (-(df + 1) / 2)
        area = t / 4000 / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())
        return 1 - 2 * area

    low, high = 0.0, 60.0
    for _ in range(80):
        middle = (low + high) / 2
        low, high = (middle, high) if two_sided(middle) > alpha else (low, middle)
    return (low + high) / 2


def test_independent_critical_values_match_the_tables():
    assert t_critical(0.05, 10) == pytest.approx(2.228, abs=5e-4)
    assert t_critical(0.05, 30) == pytest.approx(2.042, abs=5e-4)


def respondents(seed: int = 28) -> pd.DataFrame:
    """Five regions; West's weights are lopsided (a fifth weigh 5, the rest 0.5), so its effective base
    is far below its 90 respondents."""
    rng = np.random.default_rng(seed)
    region = np.repeat([1, 2, 3, 4, 5], [150, 120, 100, 90, 80])
    means = np.array([0, 6.0, 6.45, 5.7, 6.8, 6.3])[region]
    hours = np.round(np.clip(rng.normal(means, 1.8), 0, 10), 1)
    w = rng.uniform(0.6, 1.6, region.size)
    west = region == 4
    w[west] = np.where(rng.random(west.sum()) < 0.2, 5.0, 0.5)
    return pd.DataFrame({"region": region, "hours": hours, "w": w.round(4)})


def summary(x: pd.Series, w: pd.Series) -> tuple[float, float, float, int]:
    """(weighted mean, s² = Σw(x - m)²/Σw x n/(n - 1), Kish's n = (Σw)²/Σw², respondents)."""
    total = w.sum()
    mean = (w * x).sum() / total
    effective = total ** 2 / (w ** 2).sum()
    return mean, (w * (x - mean) ** 2).sum() / total * effective / (effective - 1), effective, len(x)


def welch(one, two, base=2) -> tuple[float, float]:
    """t and df of *one* against *two*, on the effective bases (base=2) or the respondents (base=3)."""
    v1, v2 = one[1] / one[base], two[1] / two[base]
    return (one[0] - two[0]) / math.sqrt(v1 + v2), (v1 + v2) ** 2 / (v1 ** 2 / (one[base] - 1) + v2 ** 2 / (two[base] - 1))


def write_project(tmp, root, significance: dict, slides: list[dict]):
    df = respondents()
    df.to_csv(tmp / "data.csv", index=False)
    book = {"questions": {
        "region": {"type": "single", "text": "Region", "labels": SEGMENTS},
        "hours": {"type": "numeric", "text": "Hours of streaming a week", "unit": "h"},
    }}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    spec = {"deck": {"title": "Streaming", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx", "significance": significance},
            "data": {"responses": "data.csv", "questions": "questions.yaml", "weight": "w"},
            "slides": slides}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return tmp / "slides.yaml", df


SLIDES = [{"kind": "chart", "id": kind, "question": "hours", "by": "region", "chart": kind}
          for kind in ("bar", "table", "kpi")]


@pytest.fixture(scope="module")
def lettered(tmp_path_factory, root):
    from deckgen.build import build
    from deckread import read_deck

    spec, df = write_project(tmp_path_factory.mktemp("welch"), root, {"level": 0.95}, SLIDES)
    result = build(spec, excel=True)
    return read_deck(result.output), result.output.with_suffix(".xlsx"), df


def expected_letters(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Each region's letters, on effective bases as they must be, and as unweighted bases would make them."""
    stats = [summary(df.hours[df.region == r], df.w[df.region == r]) for r in SEGMENTS]
    letters = {2: [""] * 5, 3: [""] * 5}
    for base in letters:
        for a in range(5):
            for b in range(5):
                if a != b:
                    t, df_ = welch(stats[a], stats[b], base)
                    assert abs(t - t_critical(0.05, df_)) > 0.05  # nowhere near the edge
                    letters[base][a] += LETTERS[b] if t > t_critical(0.05, df_) else ""
    return letters[2], letters[3]


def test_deck_letters_match_an_independent_computation(lettered):
    deck, _, df = lettered
    letters, if_unweighted = expected_letters(df)
    assert any(letters) and letters != if_unweighted  # real differences, and the effective base changes one
    west = list(SEGMENTS.values()).index("West")
    assert "A" in if_unweighted[west] and "A" not in letters[west]  # West beats North only on its respondents

    chart = deck[0].charts[0]
    assert chart.categories == [f"{name} ({letter})" for name, letter in zip(SEGMENTS.values(), LETTERS)]
    expected_means = [np.average(df.hours[df.region == r], weights=df.w[df.region == r]) for r in SEGMENTS]
    assert chart.series[0].values == pytest.approx(expected_means, abs=1e-9)
    assert [chart.series[0].point_marks.get(i, "") for i in range(5)] == letters
    assert set(chart.series[0].point_formats.values()) == {'0.0"\u00a0h"'}  # the value in its unit, then the mark
    assert "Letter = significantly higher than the column with that letter (95%)" in " ".join(deck[0].texts)

    table = deck[1].tables[0]
    mean_row = table[1]
    assert mean_row[0] == "Mean" and table[0][1:] == chart.categories
    assert [re.sub(r"^[\d.]+\u00a0h ?", "", cell) for cell in mean_row[1:]] == letters
    assert all(not re.search(r"[A-E]$", cell) for cell in table[2][1:])  # medians are not tested

    kpis = [t for t in deck[2].texts if "\n" in t and t.split("\n")[1] in chart.categories]
    assert [re.sub(r"^[\d.]+\u00a0h\u00a0?", "", k.split("\n")[0]) for k in kpis] == letters
    notes = deck[2].notes.split("\n")
    mean_line = next(line for line in notes if line.startswith("Mean:"))
    for name, expected in zip(SEGMENTS.values(), letters):
        assert re.search(rf"{name} [\d.]+\u00a0h{' ' + expected if expected else ''}(,|$)", mean_line), mean_line


def test_workbook_carries_the_same_letters(lettered):
    from openpyxl import load_workbook

    _, workbook, df = lettered
    letters, _ = expected_letters(df)
    sheet = load_workbook(workbook, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[5]
    mean_row = next(r for r in rows if r[0] == "Mean")
    sig = [mean_row[j] or "" for j, head in enumerate(header) if isinstance(head, str) and head.endswith("sig.")]
    assert sig == letters


def test_versus_rest_and_min_base_in_a_deck(tmp_path, root):
    """▲/▼ against the other regions pooled; East (100 respondents, effective base 93) is under a
    min_base of 100, so it is not marked although its mean differs significantly from the rest."""
    from deckgen.build import build
    from deckread import read_deck

    spec, df = write_project(tmp_path, root, {"versus": "rest", "min_base": 100},
                             [{"kind": "chart", "question": "hours", "by": "region", "chart": "kpi"}])
    deck = read_deck(build(spec).output)
    arrows, would_be = [], []
    for r in SEGMENTS:
        one = summary(df.hours[df.region == r], df.w[df.region == r])
        rest = summary(df.hours[df.region != r], df.w[df.region != r])
        t, df_ = welch(one, rest)
        mark = "\u25b2" if t > t_critical(0.05, df_) else "\u25bc" if t < -t_critical(0.05, df_) else ""
        would_be.append(mark)
        arrows.append(mark if one[2] >= 100 and rest[2] >= 100 else "")
    east = list(SEGMENTS).index(3)
    assert would_be[east] and not arrows[east]  # significant, but its effective base is under 100
    assert (df.region == 3).sum() == 100  # ... while its respondents are not
    assert any(arrows)
    kpis = [t for t in deck[0].texts if "\n" in t and t.split("\n")[1] in SEGMENTS.values()]
    assert [re.sub(r"^[\d.]+\u00a0h\u00a0?", "", k.split("\n")[0]) for k in kpis] == arrows
    assert "\u25b2/\u25bc = significantly higher/lower than the other columns (95%)" in " ".join(deck[0].texts)
