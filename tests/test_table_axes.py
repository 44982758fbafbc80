"""Every table names what its axes hold: roles, NETs, residual answers and each label's own base.

Expected bases are counted here with pandas from the example's respondent file; the roles are what
a survey analyst would call each side of the table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from deckgen.data import open_project, open_survey
from deckgen.stats import Axis, Table
from deckgen.stats.ordering import drop_empty_rows
from deckgen.stats.presentation import drop_small_columns, round_largest_remainder
from deckgen.stats.query import TableQuery
from deckgen.stats.tabulator import NumpyTabulator


@pytest.fixture(scope="module")
def example(root):
    project = open_project(root / "slides.yaml")
    return NumpyTabulator(open_survey(project)), pd.read_csv(root / "data" / "responses.csv")


def test_single_choice_by_segment_is_answers_by_segments(example):
    tabulator, df = example
    t = tabulator.table(TableQuery("uses_social", by="org_type"))
    assert (t.rows.role, t.columns.role, t.measure) == ("answer", "segment", "share")
    assert t.by == "org_type" and t.segments is t.columns and t.answers is t.rows
    assert t.rows.exclusive  # one answer each: the shares add to 100%
    assert t.rows.residual == {"Vet ej"}
    answered = df[df.uses_social.notna()]
    assert t.columns.bases == (int((answered.org_type == 1).sum()), int((answered.org_type == 2).sum()))


def test_multiple_response_answers_are_not_exclusive(example):
    tabulator, df = example
    t = tabulator.table(TableQuery("media"))
    assert (t.rows.role, t.columns.role) == ("answer", "total")
    assert not t.rows.exclusive and t.by is None
    media = [c for c in df.columns if c.startswith("media_")]
    assert t.columns.bases == (int(df[media].notna().any(axis=1).sum()),)  # who was asked
    assert "Annat" in t.rows.residual


def test_a_grid_is_items_by_answers_and_each_item_has_its_base(example):
    tabulator, df = example
    t = tabulator.table(TableQuery("comm", sort="codes"))
    assert (t.rows.role, t.columns.role) == ("item", "answer")
    assert t.answers is t.columns and t.segments is None
    items = ["comm_facebook", "comm_youtube", "comm_twitter", "comm_blog"]
    assert t.rows.bases == tuple(int(df[c].notna().sum()) for c in items)


def test_a_numeric_question_is_statistics_and_its_measure_is_a_mean(tmp_path):
    rows = Axis("statistic", ("Mean", "Median"), key="age")
    columns = Axis("total", ("Total",), bases=[3])
    stats = np.array([[2.0], [2.0]])
    t = Table("age", rows, columns, "mean", stats, stats, np.full((2, 1), 3.0), 3)
    assert t.answers is None and t.nets == () and t.residual == frozenset()
    assert drop_empty_rows(t) is t and round_largest_remainder(t) is t  # statistics are not shares


def test_nets_sit_on_the_answer_axis_whichever_side_it_is(root):
    project = open_project(root / "slides.yaml")
    tabulator = NumpyTabulator(open_survey(project))
    net = (("Någon dialog", ("Öppen dialog", "Viss dialog")),)
    grid = tabulator.table(TableQuery("comm", sort="codes", nets=net))
    assert grid.columns.nets == ("Någon dialog",) and grid.nets == ("Någon dialog",)
    single = tabulator.table(TableQuery("purpose", nets=(("Dialog eller nyheter",
                                                          ("Dialog med medborgarna", "Kanal för nyheter")),)))
    assert single.rows.nets == ("Dialog eller nyheter",) and single.rows[0] == "Dialog eller nyheter"


def test_rounding_adds_to_100_along_the_answers_in_both_layouts(example):
    tabulator, _ = example
    for t in (tabulator.table(TableQuery("purpose", by="org_type")), tabulator.table(TableQuery("comm"))):
        rounded = round_largest_remainder(t)
        along = 0 if t.rows.role == "answer" else 1
        members = [i for i, label in enumerate(t.answers) if not t.answers.is_net(label)]
        shares = np.take(rounded.props, members, axis=along)
        totals = np.nansum(np.round(100 * shares), axis=along)
        assert set(totals.tolist()) == {100.0}


def test_dropping_a_segment_keeps_every_fact_in_step(example):
    tabulator, _ = example
    t = tabulator.table(TableQuery("uses_social", by="org_type"))
    small = min(t.columns.bases)
    kept, dropped = drop_small_columns(t, small + 1)
    assert len(kept.columns) == 1 and kept.columns.bases == (max(t.columns.bases),)
    assert dropped == [(t.columns[t.columns.bases.index(small)], small)]
    assert kept.props.shape == (len(t.rows), 1)


def test_an_axis_refuses_an_unknown_role_and_mismatched_bases():
    with pytest.raises(ValueError, match="role"):
        Axis("brand", ("a",))
    with pytest.raises(ValueError, match="bases"):
        Axis("segment", ("a", "b"), bases=[1])
    with pytest.raises(ValueError, match="measure"):
        Table("q", Axis("answer", ("a",)), Axis("total", ("Total",)), "median", np.ones((1, 1)),
              np.ones((1, 1)), np.ones((1, 1)), 1)
