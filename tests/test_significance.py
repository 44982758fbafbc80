"""Column-proportions tests: hand-checked statistics, and the letters in a weighted deck against pandas."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from statistics import NormalDist

from deckgen.compose.marks import cell_marks, column_letters
from deckgen.stats import Axis, Table
from deckgen.stats.significance import critical_z, effective_base, with_tests, z_scores


def segment_table(props, bases) -> Table:
    """Shares of answers (rows) in three or two segments (columns), with the cell bases given."""
    props, bases = np.asarray(props, float), np.asarray(bases, float)
    rows = Axis("answer", tuple(f"answer {i + 1}" for i in range(props.shape[0])), key="q")
    columns = Axis("segment", tuple(f"segment {j + 1}" for j in range(props.shape[1])), key="s",
                   bases=bases.max(axis=0))
    return Table("q", rows, columns, "share", props * bases, props, bases, int(bases[0].sum()))


def column_tests(props, bases, **options):
    return cell_marks(with_tests(segment_table(props, bases), **options))


def versus_rest(props, bases):
    return cell_marks(with_tests(segment_table(props, bases), versus="rest"))


def test_z_statistic_by_hand():
    # p = (120 + 67.5) / 350 = 0.535714; se = sqrt(p (1-p) (1/200 + 1/150)) = 0.053868; z = 0.15 / se
    z = z_scores(np.array([0.60]), np.array([200.0]), np.array([0.45]), np.array([150.0]))[0]
    assert z == pytest.approx(2.7846, abs=1e-4)


def test_critical_values():
    assert critical_z(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert critical_z(0.90) == pytest.approx(1.644854, abs=1e-6)
    assert critical_z(0.95, 3) == pytest.approx(2.393980, abs=1e-6)  # Bonferroni over 3 pairs


def test_effective_base_is_kish():
    assert effective_base(np.array([1.0, 1.0, 2.0, 2.0])) == pytest.approx(36 / 10)
    assert effective_base(np.ones(7)) == pytest.approx(7)


def test_comparisons_name_the_cells_the_statistic_and_its_p_value():
    props = np.array([[0.60, 0.45, 0.58], [0.40, 0.55, 0.42]])
    bases = np.array([[200.0, 150.0, 40.0]] * 2)
    tested = with_tests(segment_table(props, bases))
    assert tested.significance.level == 0.95 and tested.significance.versus == "columns"
    found = [(c.row, c.column, c.against) for c in tested.significance.found]
    assert found == [("answer 1", "segment 1", "segment 2"), ("answer 2", "segment 2", "segment 1")]
    first = tested.significance.found[0]
    assert first.statistic == pytest.approx(2.7846, abs=1e-4)  # the hand-checked z above
    assert first.p == pytest.approx(2 * (1 - NormalDist().cdf(2.7846)), abs=1e-5)  # about 0.0054
    assert first.higher


def test_means_without_their_spread_and_single_columns_are_not_tested():
    # a mean is tested by Welch's t (test_welch.py) only when the tabulator gave its standard deviation
    table = segment_table([[0.5, 0.9]], [[300.0, 300.0]])
    mean = Table("q", Axis("statistic", ("Mean", "Median")), table.columns, "mean",
                 np.ones((2, 2)), np.ones((2, 2)), np.full((2, 2), 300.0), 600)
    assert with_tests(mean).significance is None
    assert with_tests(table.with_columns([0])).significance is None


def test_letters_mark_the_higher_column():
    assert column_letters(3) == ["A", "B", "C"]
    assert column_letters(28)[-2:] == ["AA", "AB"]
    props = np.array([[0.60, 0.45, 0.58], [0.40, 0.55, 0.42]])
    bases = np.array([[200.0, 150.0, 40.0]] * 2)
    # row 1: A vs B z=2.78 -> A gets B; C vs B: z=1.42 -> nothing; A vs C: tiny
    # row 2 mirrors it: B is higher than A
    assert column_tests(props, bases) == [["B", "", ""], ["", "A", ""]]


def test_bonferroni_removes_a_borderline_difference():
    # z = 2.2 lies between 1.96 (no correction) and 2.39 (Bonferroni over 3 pairs)
    n = 400.0
    p2 = 0.5
    p1 = next(p / 1000 for p in range(500, 700)
              if z_scores(np.array([p / 1000]), np.array([n]), np.array([p2]), np.array([n]))[0] > 2.2)
    props = np.array([[p1, p2, p2]])
    bases = np.full((1, 3), n)
    assert column_tests(props, bases)[0][0] == "BC"
    assert column_tests(props, bases, correction="bonferroni")[0][0] == ""


def test_small_columns_are_not_tested():
    props = np.array([[0.9, 0.1]])
    assert column_tests(props, np.array([[20.0, 20.0]]), min_base=30) is None  # nothing could be compared
    assert column_tests(props, np.array([[40.0, 40.0]]), min_base=30) == [["B", ""]]


def test_versus_rest_marks_higher_and_lower():
    props = np.array([[0.70, 0.50, 0.30]])
    bases = np.full((1, 3), 300.0)
    assert versus_rest(props, bases) == [["+", "", "-"]]


def test_weighted_deck_letters_match_an_independent_computation(tmp_path, root):
    """The letters on the chart come from effective bases, as computed here with pandas."""
    from deckgen.build import build
    from deckread import read_deck
    from test_chart_kinds import CODEBOOK, write_project

    spec, df = write_project(tmp_path, root)
    deck = read_deck(build(spec).output)
    chart = deck[6].charts[0]  # 'seen' by region, filtered to brand Alpha or Beta, weighted
    base = df[df.brand.isin([1, 2]) & df[["seen_tv", "seen_web", "seen_print"]].notna().any(axis=1)]
    regions = {1: "A", 2: "B", 3: "C"}
    columns = {"TV": "seen_tv", "Web": "seen_web", "Print": "seen_print"}
    z_crit = 1.959964
    expected_marks = 0
    for ci, category in enumerate(chart.categories):
        col = columns[category]
        stats = {}
        for region in regions:
            part = base[base.region == region]
            w = part.w
            stats[region] = ((w * (part[col] == 1)).sum() / w.sum(), w.sum() ** 2 / (w ** 2).sum())
        for a, series in zip(regions, chart.series):
            letters = ""
            for b in regions:
                if a == b:
                    continue
                (p1, n1), (p2, n2) = stats[a], stats[b]
                pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
                z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
                letters += regions[b] if z > z_crit else ""
            assert series.point_marks.get(ci, "") == letters, (category, series.name)
            expected_marks += bool(letters)
    assert expected_marks > 0  # the data has real differences, so the test can fail
    footnote = next(t for t in deck[6].texts if t.startswith("Question:"))
    assert "Letter = significantly higher than the column with that letter (95%)" in footnote
