"""The ``line`` and ``dot`` chart kinds: valid decks whose numbers equal plain pandas, and one-line errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.errors import InputError
from deckread import read_deck
from test_chart_kinds import weighted_shares, write_project

LIKELY = {1: "Very unlikely", 2: "Unlikely", 3: "Neither", 4: "Likely", 5: "Very likely", 9: "Don't know"}
CHANNELS = {f"ch_{i}": name for i, name in enumerate(
    ["Television", "Radio", "Newspapers", "Search", "Social media", "Podcasts", "Billboards", "Friends"])}
REGIONS = {1: "North", 2: "South", 3: "East"}  # the segments, unlettered: these kinds show no letters


def project(tmp, root, slides: list[dict]) -> tuple:
    """The chart-kinds project with a 5-point scale, an 8-option multi and a numeric question added."""
    spec_path, df = write_project(tmp, root)
    rng = np.random.default_rng(11)
    df["likely"] = rng.choice(list(LIKELY), len(df), p=[0.1, 0.15, 0.2, 0.3, 0.15, 0.1])
    for i, col in enumerate(CHANNELS):
        df[col] = (rng.random(len(df)) < 0.15 + 0.08 * i).astype(float)
    df["age"] = rng.integers(18, 80, len(df)).astype(float)
    df.to_csv(tmp / "data.csv", index=False)
    book = yaml.safe_load((tmp / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["likely"] = {"type": "single", "text": "How likely are you to recommend us?",
                                   "labels": LIKELY}
    book["questions"]["channels"] = {"type": "multi", "text": "Where have you heard of us?", "options": CHANNELS}
    book["questions"]["age"] = {"type": "numeric", "text": "How old are you?"}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["slides"] = slides
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return spec_path, df


LINE_SLIDES = [
    {"kind": "chart", "id": "line-by", "question": "likely", "chart": "line", "by": "region"},
    {"kind": "chart", "id": "line", "question": "likely", "chart": "line"},
    {"kind": "chart", "id": "line-means", "question": "age", "chart": "line", "by": "region"},
]


def built(tmp_path_factory, root, name: str, slides: list[dict]):
    """(the deck read back, the respondents) of a project with *slides*, built in a folder *name*."""
    spec, df = project(tmp_path_factory.mktemp(name), root, slides)
    return read_deck(build(spec).output), df


@pytest.fixture(scope="module")
def lines(tmp_path_factory, root):
    return built(tmp_path_factory, root, "line", LINE_SLIDES)


def test_line_runs_along_the_scale_one_line_per_segment(lines):
    deck, df = lines
    chart = deck[0].charts[0]
    assert chart.kind == "lineChart"
    assert chart.categories == list(LIKELY.values())  # codebook order, not largest first
    assert [s.name for s in chart.series] == list(REGIONS.values())
    for series, region in zip(chart.series, REGIONS):
        part = df[df.region == region]
        expected = weighted_shares(part.likely, part.w, LIKELY)
        assert series.values == pytest.approx([expected.get(c, 0.0) for c in chart.categories], abs=1e-9)


def test_line_of_everyone_is_one_labelled_line(lines):
    deck, df = lines
    chart = deck[1].charts[0]
    expected = weighted_shares(df.likely, df.w, LIKELY)
    assert chart.categories == list(LIKELY.values())
    assert len(chart.series) == 1
    assert chart.series[0].values == pytest.approx([expected[c] for c in chart.categories], abs=1e-9)


def test_line_of_means_by_segment(lines):
    deck, df = lines
    chart = deck[2].charts[0]
    assert chart.categories == ["North", "South", "East"]
    expected = [np.average(df.age[df.region == r], weights=df.w[df.region == r]) for r in REGIONS]
    assert chart.series[0].values == pytest.approx(expected, abs=1e-9)


def one_line_error(tmp, root, slide: dict) -> str:
    spec, _ = project(tmp, root, [{"kind": "title"}, slide])
    with pytest.raises(InputError) as caught:
        build(spec)
    message = str(caught.value)
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"{spec}:") or "slides.yaml:" in message, message
    return message


def test_line_of_a_multi_question_is_a_located_one_line_error(tmp_path, root):
    message = one_line_error(tmp_path, root, {"kind": "chart", "question": "channels", "chart": "line"})
    assert "slides.1.chart" in message and "multi" in message and "'line'" in message and "'bar'" in message


DOT_SLIDES = [
    {"kind": "chart", "id": "dot", "question": "channels", "chart": "dot", "by": "region"},
    {"kind": "chart", "id": "dot-single", "question": "likely", "chart": "dot", "by": "region"},
]


@pytest.fixture(scope="module")
def dots(tmp_path_factory, root):
    return built(tmp_path_factory, root, "dot", DOT_SLIDES)


def test_dot_plot_of_a_multi_question_by_segment(dots):
    deck, df = dots
    chart = deck[0].charts[0]
    assert chart.kind == "lineChart"
    assert [s.name for s in chart.series] == list(REGIONS.values())
    expected = pd.DataFrame({name: [(df.w[df.region == r] * df.loc[df.region == r, col]).sum()
                                    / df.w[df.region == r].sum() for col in CHANNELS]
                             for r, name in REGIONS.items()}, index=list(CHANNELS.values()))
    total = pd.Series({label: (df.w * df[col]).sum() / df.w.sum() for col, label in CHANNELS.items()})
    assert chart.categories == list(total.sort_values(ascending=False, kind="stable").index)  # largest first
    for series in chart.series:
        assert series.values == pytest.approx(list(expected.loc[chart.categories, series.name]), abs=1e-9)


def test_dot_plot_of_a_single_question(dots):
    deck, df = dots
    chart = deck[1].charts[0]
    for series, region in zip(chart.series, REGIONS):
        part = df[df.region == region]
        expected = weighted_shares(part.likely, part.w, LIKELY)
        assert series.values == pytest.approx([expected[c] for c in chart.categories], abs=1e-9)


def test_dot_without_by_is_a_located_one_line_error(tmp_path, root):
    message = one_line_error(tmp_path, root, {"kind": "chart", "question": "channels", "chart": "dot"})
    assert "slides.1.chart" in message and "'dot'" in message and "needs 'by'" in message


def test_dots_and_lines_by_segment_promise_no_letters_they_cannot_show(dots, lines):
    """A dot plot and several lines are read from the axis, with no labels to carry significance
    letters: the segments keep their names and the footnote says nothing of letters."""
    for deck in (dots[0], lines[0]):
        slide = deck[0]
        assert [s.name for s in slide.charts[0].series] == list(REGIONS.values())
        assert not any("significantly" in text or "Letter" in text for text in slide.texts)
