"""Template functions on real tables: a grid is read item by answer, never as its first scale point,
and counts print with the locale's digit grouping.

Expected shares are computed with pandas from the example's respondent file.
"""

from __future__ import annotations

import pandas as pd
import pytest

from deckgen.data import open_project, open_survey
from deckgen.errors import InputError, Location
from deckgen.stats.query import TableQuery
from deckgen.stats.tabulator import NumpyTabulator
from deckgen.text import Lookup, TextRenderer

NBSP = "\u00a0"
WHERE = Location("slides.yaml", 10)


@pytest.fixture(scope="module")
def example(root):
    project = open_project(root / "slides.yaml")
    tabulator = NumpyTabulator(open_survey(project))
    lookup = Lookup(lambda q, f, by: tabulator.table(TableQuery(q, by=by, sort="codes"
                                                                if project.codebook.questions[q].type == "grid"
                                                                else "value")), 1510)
    return lookup, pd.read_csv(root / "data" / "responses.csv")


def render(lookup, source: str, locale: str = "en") -> str:
    return TextRenderer(locale).render(source, lookup, WHERE, "slides.0.headline")


def test_a_grid_share_names_item_and_answer(example):
    lookup, df = example
    answered = df.comm_twitter.dropna()
    expected = round(100 * (answered == 2).mean())  # 'Viss dialog' is code 2
    assert render(lookup, "{{ pct('comm', 'Twitter', 'Viss dialog') }}") == f"{expected}%"
    assert render(lookup, "{{ count('comm', 'Twitter', 'Viss dialog') }}") == str(int((answered == 2).sum()))


@pytest.mark.parametrize("source, message", [
    ("{{ pct('comm', 'Twitter') }}", "is a grid: name the item and the answer"),
    ("{{ pct('comm', 'Twitter', 'Lots of dialog') }}", "is not an answer of 'comm'"),
    ("{{ pct('comm', 'Twiter', 'Viss dialog') }}", "'Twiter' is not an item of 'comm' (did you mean 'Twitter'?)"),
    ("{{ top('comm') }}", "top_item('comm'"),
    ("{{ top_item('media', 'Facebook') }}", "is not a grid"),
    ("{{ each('comm', 'Twitter', 'org_type') }}", "'comm' is a grid; each() gives one answer by segment"),
    ("{{ pct('media', 'Facebok') }}", "categories are 'Facebook'"),
])
def test_a_grid_asked_the_wrong_way_is_a_located_error(example, source, message):
    lookup, _ = example
    with pytest.raises(InputError) as caught:
        render(lookup, source)
    assert message in caught.value.message and caught.value.location == WHERE


def test_counts_print_with_the_locales_grouping(example):
    lookup, df = example
    assert render(lookup, "{{ n }} respondents") == "1,510 respondents"
    assert render(lookup, "{{ n }} svar", "sv") == f"1{NBSP}510 svar"
    assert render(lookup, "{{ n + 500 }}") == "2,010"  # sums of counts are counts
    asked = int(df.filter(like="media_").notna().any(axis=1).sum())
    assert render(lookup, "{{ base('media') }} asked") == f"{asked:,} asked"


def test_each_prints_as_the_locale_writes_a_list(example):
    lookup, df = example
    shares = []
    for org in (1, 2):
        asked = df[(df.org_type == org) & df.media_facebook.notna()]
        shares.append(round(100 * (asked.media_facebook == 1).mean()))
    assert render(lookup, "{{ each('media', 'Facebook', 'org_type') }}", "sv") == \
        f"{shares[0]}{NBSP}% och {shares[1]}{NBSP}%"
    assert render(lookup, "{{ each('media', 'Facebook', 'org_type') | min }}") == f"{min(shares)}%"
