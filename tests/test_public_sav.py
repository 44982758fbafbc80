"""A deck from a real, public .sav file: PSPP's example hotel survey, with a partial override.

``hotel.sav`` ships with PSPP (the Debian ``pspp`` package; ``.ci/run`` installs it): 17 guests rating
five statements about their stay on a labelled five-point agreement scale, each with its statement as
the variable label. It is the one example file with a realistic questionnaire; none of PSPP's example
files declares user-missing values, so the independent side below applies whatever missing values the
file declares, which keeps it right should a later PSPP add some.

The project overrides the file's dictionary by giving only what it changes: v1 relabels one code and
declares an ordinal scale with a top-2 NET, v3 declares "No Opinion" missing, and a new key groups
v1, v2 and v4 into a grid. The expected numbers come from the same file read with pyreadstat and
counted with pandas, never from deckgen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

SAV = Path("/usr/share/pspp/examples/hotel.sav")
if not SAV.exists():
    pytest.skip(f"{SAV} is not here (it comes with PSPP: apt-get install pspp)", allow_module_level=True)
pyreadstat = pytest.importorskip("pyreadstat")

from deckgen.build import build  # noqa: E402
from deckread import read_deck  # noqa: E402

NEUTRAL = "Neither agree nor disagree"  # v1's code 3, relabelled by the override
QUESTIONS = f"""\
questions:
  v1:                      # the file's text and other labels stay
    labels: {{3: {NEUTRAL}}}
    scale: ordinal
    top2: Agree (top 2)
  v3:
    missing: [3]           # "No Opinion" is no answer: out of the base
  stay:                    # a new key: a grid of the file's variables, items named by their labels
    type: grid
    text: How much do you agree with each statement about your stay?
    items: [v1, v2, v4]
    labels: {{3: {NEUTRAL}}}
    scale: ordinal
"""
SLIDES = [("v1", "bar"), ("v3", "bar"), ("stay", "stacked"), ("v5", "bar")]


@pytest.fixture(scope="module")
def hotel() -> tuple[pd.DataFrame, object]:
    """The file as pyreadstat reads it, with each variable's user-missing values made missing by hand."""
    frame, meta = pyreadstat.read_sav(str(SAV), user_missing=True)
    for column, rules in (meta.missing_ranges or {}).items():
        for rule in rules:
            frame.loc[frame[column].between(rule["lo"], rule["hi"]), column] = float("nan")
    return frame, meta


@pytest.fixture(scope="module")
def deck(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("hotel")
    (tmp / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    spec = {"deck": {"title": "Hotel guests", "locale": "en", "template": str(root / "templates" / "brand.pptx")},
            "data": {"responses": str(SAV), "questions": "questions.yaml"},
            "slides": [{"kind": "chart", "id": key, "question": key, "chart": chart} for key, chart in SLIDES]}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return read_deck(build(tmp / "slides.yaml").output)


def labels_of(meta, column: str) -> dict[int, str]:
    return {int(code): label for code, label in meta.variable_value_labels[column].items()}


def shares(values: pd.Series, codes) -> dict[int, float]:
    """Share of each code among the answers in *values* (NaN: no answer)."""
    answered = values.dropna()
    return {code: float((answered == code).mean()) for code in codes}


def footnote(slide) -> str:
    return next(text for text in slide.texts if text.startswith("Question:"))


def test_the_relabelled_question_keeps_the_files_text_and_other_labels(deck, hotel):
    frame, meta = hotel
    slide = deck[0]
    labels = labels_of(meta, "v1")
    assert labels[3] == "No Opinion"  # what the file says, before the override
    expected = {labels[code] if code != 3 else NEUTRAL: share
                for code, share in shares(frame["v1"], labels).items()}
    top2 = float(frame["v1"].dropna().isin(sorted(labels)[-2:]).mean())  # the scale's positive end: highest codes
    chart = deck[0].charts[0]
    assert chart.categories == ["Agree (top 2)"] + list(expected)  # the NET first, then the scale in code order
    assert chart.series[0].values == pytest.approx([top2] + list(expected.values()), abs=1e-12)
    text = meta.column_names_to_labels["v1"]
    # the headline is written from the numbers (headline: auto), its subject the file's text
    assert slide.title.startswith(f"{text}: ") and f"Question: {text}\n" in footnote(slide)
    assert re.search(rf"\bn={frame['v1'].notna().sum()}\b", footnote(slide))


def test_a_code_declared_missing_leaves_the_base(deck, hotel):
    frame, meta = hotel
    labels = labels_of(meta, "v3")
    answered = frame["v3"].where(frame["v3"] != 3)
    expected = {labels[code]: share for code, share in shares(answered, labels).items() if code != 3}
    chart = deck[1].charts[0]
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(expected, abs=1e-12)
    assert "No Opinion" not in chart.categories
    assert re.search(rf"\bn={answered.notna().sum()}\b", footnote(deck[1]))
    assert answered.notna().sum() < frame["v3"].notna().sum()  # the override changed the base


def test_a_grid_of_the_files_variables(deck, hotel):
    frame, meta = hotel
    items = ["v1", "v2", "v4"]
    scale = labels_of(meta, "v1")
    assert all(labels_of(meta, item) == scale for item in items)  # the items share one scale in the file
    chart = deck[2].charts[0]
    assert [" ".join(c.split()) for c in chart.categories] == [meta.column_names_to_labels[item] for item in items]
    assert [s.name for s in chart.series] == [NEUTRAL if code == 3 else label for code, label in scale.items()]
    for series, code in zip(chart.series, scale):
        expected = [shares(frame[item], [code])[code] for item in items]
        assert series.values == pytest.approx(expected, abs=1e-12), series.name


def test_a_question_the_codebook_does_not_name_is_the_files(deck, hotel):
    frame, meta = hotel
    labels = labels_of(meta, "v5")
    expected = {labels[code]: share for code, share in shares(frame["v5"], labels).items()}
    chart = deck[3].charts[0]
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(expected, abs=1e-12)
    assert deck[3].title.startswith(meta.column_names_to_labels["v5"] + ": ")  # the subject of its auto headline


def test_respondents_without_an_answer_leave_the_base_in_pspps_personnel_file(tmp_path, root):
    """personnel.sav (also from PSPP) leaves two employees' sex blank: the base is the 54 who have one."""
    path = SAV.parent / "personnel.sav"
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    spec = {"deck": {"title": "Personnel", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": str(path)},
            "slides": [{"kind": "chart", "question": "sex", "chart": "bar"}]}
    (tmp_path / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    slide = read_deck(build(tmp_path / "slides.yaml").output)[0]
    answered = frame["sex"].dropna().map({float(k): v for k, v in meta.variable_value_labels["sex"].items()})
    chart = slide.charts[0]
    assert dict(zip(chart.categories, chart.series[0].values)) == pytest.approx(
        answered.value_counts(normalize=True).to_dict(), abs=1e-12)
    assert frame["sex"].isna().sum() > 0  # the file really has blanks
    assert f"n={len(answered)}" in next(t for t in slide.texts if t.startswith("Question"))
