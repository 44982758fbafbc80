"""``deckgen draft DATA``: the column inference, the command's options, and drafts of real public files.

The public files are ones no one here wrote: PSPP's example .sav files (the Debian ``pspp`` package,
which ``.ci/run`` installs) and the Redbook marriage survey that statsmodels ships as ``fair.csv``. For
each, the expected question types are written below from the file's documentation, never from deckgen:
the draft must build at once (the conftest fixture runs openxml-audit on every deck built here) and read
every column as documented.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from deckgen.build import build
from deckgen.cli.main import main as cli_main
from deckgen.draft import read_data
from deckgen.draft.infer import Drafted, infer, read_weight
from deckgen.draft.writer import by_code, chart_kind, is_scale
from deckread import read_deck

PSPP = Path("/usr/share/pspp/examples")


def _kinds(inferred) -> dict[str, str]:
    return {q.key: q.type for q in inferred.questions}


def _draft(data: Path, out: Path, *options: str) -> tuple[dict, dict]:
    """Run ``deckgen draft``; return (slides.yaml, questions.yaml) as read plainly with PyYAML."""
    assert cli_main(["draft", str(data), "-o", str(out), *options]) == 0
    spec = yaml.safe_load((out / "slides.yaml").read_text(encoding="utf-8"))
    codebook = yaml.safe_load((out / "data" / "questions.yaml").read_text(encoding="utf-8"))
    return spec, codebook


def _charts(spec: dict) -> list[dict]:
    return [s for s in spec["slides"] if s["kind"] == "chart"]


# -- inference on small hand-made columns -----------------------------------------------------------------

N = 40


def _numbers(values) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def _text(values) -> np.ndarray:
    return np.array(values, dtype=object)


def _only(columns: dict, key: str, kind: str):
    """The one question *columns* are read as, after checking its key and type."""
    inferred = infer(columns)
    assert _kinds(inferred) == {key: kind}
    return inferred.questions[0]


def test_numbered_0_1_columns_are_multiple_response():
    rng = np.random.default_rng(3)
    q5 = _only({f"q5_{i}": _numbers(rng.integers(0, 2, N)) for i in range(1, 5)}, "q5", "multi")
    assert q5.entry["options"] == {"q5_1": "1", "q5_2": "2", "q5_3": "3", "q5_4": "4"}
    assert "asked" not in q5.entry  # 0 is an answer: blank stays "not asked"
    assert any("labels" in todo for todo in q5.todo)


def test_numbered_1_or_blank_columns_are_asked_of_those_who_chose_any():
    """1/blank: without 'asked', each option's base would be those who chose it (100 % each)."""
    columns = {"ch1": _numbers([1, np.nan] * (N // 2)), "ch2": _numbers([np.nan, 1] * (N // 2)),
               "ch3": _numbers([1, 1, np.nan, np.nan] * (N // 4))}
    ch = _only(columns, "ch", "multi")
    assert ch.entry["asked"] == "ch1 is not missing or ch2 is not missing or ch3 is not missing"


def test_numbered_columns_sharing_a_value_set_are_a_grid():
    rng = np.random.default_rng(4)
    q7 = _only({f"q7_{i}": _numbers(rng.integers(1, 6, N)) for i in range(1, 6)}, "q7", "grid")
    assert list(q7.entry["items"]) == [f"q7_{i}" for i in range(1, 6)]
    assert q7.entry["labels"] == {1: "1", 2: "2", 3: "3", 4: "4", 5: "5"}


def test_numbered_columns_of_numbers_stay_separate():
    rng = np.random.default_rng(5)
    columns = {f"spend_{i}": _numbers(rng.normal(100, 30, N)) for i in range(1, 3)}
    assert _kinds(infer(columns)) == {"spend_1": "numeric", "spend_2": "numeric"}


def test_ids_and_names_are_skipped_and_listed_and_free_text_is_a_text_question():
    columns = {
        "respid": _numbers(range(1001, 1001 + N)),
        "token": _text([f"R{i:04d}" for i in range(N)]),
        "comment": _text([f"The staff were helpful, and the room number {i} was quiet" for i in range(N)]),
        "name": _text([f"Name{i % 30}" for i in range(N)]),
        "region": _text(["North", "South"] * (N // 2)),
    }
    inferred = infer(columns)
    assert _kinds(inferred) == {"region": "single", "comment": "text"}
    why = {s.column: s.why for s in inferred.skipped}
    assert set(why) == {"respid", "token", "name"}
    assert why["respid"].startswith("ID-like") and why["token"].startswith("ID-like")
    comment = next(q for q in inferred.questions if q.key == "comment")
    assert comment.why.startswith("free text")


def test_many_numbers_are_numeric_and_few_whole_numbers_single():
    rng = np.random.default_rng(6)
    columns = {"age": _numbers(rng.integers(18, 90, N)), "rating": _numbers(rng.integers(1, 5, N)),
               "score": _numbers(rng.normal(5, 1, N))}
    inferred = infer(columns)
    assert _kinds(inferred) == {"age": "numeric", "rating": "single", "score": "numeric"}
    rating = inferred.questions[1]
    assert rating.entry["labels"] == {c: str(c) for c in sorted(set(columns["rating"].astype(int).tolist()))}
    assert rating.why.startswith("single: 4 distinct whole numbers 1-4")


def test_text_answers_in_order_of_their_leading_numbers_else_alphabetical():
    columns = {"sat": _text(["10 Best", "2 Poor", "1 Worst", "3 Fair"] * (N // 4)),
               "region": _text(["south", "North", "east"] * 13 + ["North"])}
    inferred = infer(columns)
    sat, region = inferred.questions
    assert list(sat.entry["labels"]) == ["1 Worst", "2 Poor", "3 Fair", "10 Best"]
    assert "leading numbers" in sat.why
    assert list(region.entry["labels"]) == ["east", "North", "south"]
    assert "alphabetical" in region.why


def test_a_weight_is_applied_only_when_its_name_and_values_agree():
    rng = np.random.default_rng(7)
    good = _numbers(rng.uniform(0.5, 1.5, N))
    assert read_weight("wt", good).applied
    assert read_weight("vikt", good).applied
    assert read_weight("score", good) is None  # averages 1, but not named as a weight
    kilos = read_weight("weight", _numbers(rng.normal(72, 9, N)))
    assert not kilos.applied and "averages" in kilos.why
    gaps = good.copy()
    gaps[3] = np.nan
    assert not read_weight("weight", gaps).applied
    inferred = infer({"weight": _numbers(rng.normal(72, 9, N)), "sex": _numbers([1, 2] * (N // 2))})
    assert not inferred.weight.applied
    assert _kinds(inferred) == {"weight": "numeric", "sex": "single"}  # kilos: a question, not a weight
    inferred = infer({"wt": good, "sex": _numbers([1, 2] * (N // 2))})
    assert inferred.weight.applied and _kinds(inferred) == {"sex": "single"}


def test_dates_give_the_field_dates_but_birth_dates_do_not():
    columns = {"interview_date": _text([f"2024-03-{1 + i % 20:02d}" for i in range(N)]),
               "date_of_birth": _text([f"19{50 + i % 40}-01-01" for i in range(N)]),
               "sex": _numbers([1, 2] * (N // 2))}
    inferred = infer(columns)
    assert inferred.field_dates == ("interview_date", "2024-03-01", "2024-03-20")
    assert [s.column for s in inferred.skipped] == ["date_of_birth"]


# -- the command ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def survey_csv(tmp_path_factory) -> Path:
    """A small hand-made survey: a segment, a multiple-response family, a grid family, a number, an ID, a
    weight, field dates and a free-text column."""
    rng = np.random.default_rng(11)
    n = 240
    columns = {"respid": np.arange(1, n + 1), "region": rng.choice(["North", "South", "East"], n),
               "date": [f"2024-05-{d:02d}" for d in rng.integers(2, 19, n)]}
    for i in range(1, 5):
        columns[f"q5_{i}"] = (rng.random(n) < 0.2 + 0.15 * i).astype(int)
    for i in range(1, 4):
        columns[f"q7_{i}"] = rng.integers(1, 6, n)
    columns["sat"] = rng.integers(1, 6, n)
    columns["age"] = rng.integers(18, 85, n)
    columns["wt"] = rng.uniform(0.6, 1.4, n)
    columns["comment"] = [f"Answer number {i}: the service was {'quick' if i % 3 else 'slow'} today" for i in range(n)]
    path = tmp_path_factory.mktemp("csv") / "survey.csv"
    pd.DataFrame(columns).to_csv(path, index=False)
    return path


def test_draft_of_a_csv_builds_with_one_slide_per_question(survey_csv, tmp_path, capsys):
    spec, codebook = _draft(survey_csv, tmp_path / "p")
    said = capsys.readouterr().out
    questions = codebook["questions"]
    assert {k: q["type"] for k, q in questions.items()} == {"region": "single", "q5": "multi", "q7": "grid",
                                                           "sat": "single", "age": "numeric", "comment": "text"}
    assert "1 column skipped: respid" in said
    assert "q5 (q5_1...q5_4) read as multiple response: give the options labels" in said
    assert spec["data"]["weight"] == "wt"
    responses = spec["data"]["responses"]  # referenced, relative to the project
    assert not Path(responses).is_absolute() and (tmp_path / "p" / responses).resolve() == survey_csv.resolve()
    assert [s["question"] for s in _charts(spec)] == ["region", "q5", "q7", "sat", "age"]
    assert {s["question"]: s["chart"] for s in _charts(spec)} == {"region": "bar", "q5": "bar", "q7": "stacked",
                                                                 "sat": "bar", "age": "kpi"}
    assert all(s["headline"] == "auto" for s in _charts(spec))
    assert [s["question"] for s in spec["slides"] if s["kind"] == "quotes"] == ["comment"]
    method = next(s for s in spec["slides"] if s.get("id") == "method")
    assert "Field dates: 2024-05-02 to 2024-05-18." in method["bullets"]
    text = (tmp_path / "p" / "slides.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=slides.schema.json\n")
    assert (tmp_path / "p" / "slides.schema.json").exists() and (tmp_path / "p" / "templates" / "brand.pptx").exists()

    result = build(tmp_path / "p" / "slides.yaml")
    deck = read_deck(result.output)
    assert len(deck) == 3 + 5 + 1  # title, method, summary; 5 charts; the quotes
    frame = pd.read_csv(survey_csv)
    weighted = frame.groupby("region")["wt"].sum() / frame["wt"].sum() * 100
    region = deck[3].charts[0]
    shown = dict(zip(region.categories, region.series[0].values))
    for label, share in weighted.items():  # the weight is applied: weighted shares, by hand
        assert shown[label] == pytest.approx(share / 100, abs=0.006)


def test_by_breaks_every_slide_down_but_itself(survey_csv, tmp_path):
    spec, _ = _draft(survey_csv, tmp_path / "p", "--by", "region")
    by = {s["question"]: s.get("by") for s in _charts(spec)}
    assert by == {"region": None, "q5": "region", "q7": None, "sat": "region", "age": "region"}
    sat = next(s for s in _charts(spec) if s["question"] == "sat")
    assert (sat["chart"], sat["sort"]) == ("bar", "codes")  # codes 1-5 without labels: no scale is assumed
    build(tmp_path / "p" / "slides.yaml")


def test_a_labelled_scale_is_stacked_by_segment_and_plain_codes_are_not():
    scale = {1: "Very dissatisfied", 2: "Dissatisfied", 3: "Neither", 4: "Satisfied", 5: "Very satisfied"}
    sat = Drafted("sat", "single", None, "single: the file's 5 value labels", columns=("sat",))
    assert is_scale(sat, scale) and chart_kind(sat, True, "region") == ("stacked", "region")
    assert chart_kind(sat, True, None) == ("bar", None)
    jobs = Drafted("job", "single", {"type": "single", "text": "job", "labels": {c: str(c) for c in range(1, 7)}},
                   "single: 6 distinct whole numbers 1-6", columns=("job",))
    assert not is_scale(jobs, None) and by_code(jobs)
    assert chart_kind(jobs, False, "region") == ("bar", "region")


@pytest.mark.parametrize("by, words", [("age", "read as numeric"), ("regoin", "did you mean 'region'"),
                                       ("comment", "read as text")])
def test_by_must_be_a_single_choice_question(survey_csv, tmp_path, capsys, by, words):
    assert cli_main(["draft", str(survey_csv), "-o", str(tmp_path / "p"), "--by", by]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not (tmp_path / "p").exists()


def test_questions_selects_and_orders_the_slides(survey_csv, tmp_path, capsys):
    spec, _ = _draft(survey_csv, tmp_path / "p", "--questions", "sat,q5")
    assert [s["question"] for s in _charts(spec)] == ["sat", "q5"]
    assert cli_main(["draft", str(survey_csv), "-o", str(tmp_path / "q"), "--questions", "sat,q_5"]) == 2
    err = capsys.readouterr().err
    assert "'q_5'" in err and "did you mean 'q5'" in err
    assert not (tmp_path / "q").exists()


def test_never_overwrites(survey_csv, tmp_path, capsys):
    folder = tmp_path / "p"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "questions.yaml").write_text("mine\n", encoding="utf-8")
    assert cli_main(["draft", str(survey_csv), "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "questions.yaml already exists" in err and "never overwrites" in err and err.count("\n") == 1
    assert (folder / "data" / "questions.yaml").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["data", "data/questions.yaml"]


def test_a_file_it_cannot_read_is_one_line(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("a,b\n", encoding="utf-8")
    assert cli_main(["draft", str(tmp_path / "notes.txt"), "-o", str(tmp_path / "p")]) == 2
    assert "cannot read '.txt' files" in capsys.readouterr().err


# -- real public files ----------------------------------------------------------------------------------

needs_pspp = pytest.mark.skipif(not PSPP.exists(), reason=f"{PSPP} is not here (apt-get install pspp)")

#: Expected types, from each file's documentation. PSPP's example files are documented by their own
#: dictionaries (variable labels, value labels and formats, as ``pspp``'s DISPLAY DICTIONARY shows them)
#: and by the PSPP manual's examples that use them.
SAV_FILES = {
    # hotel.sav: "17 guests rating five statements about their stay" on one labelled 5-point agreement
    # scale (Strongly Disagree ... Strongly Agree), variables v1-v5: one grid of five statements.
    "hotel": ({"v": "grid"}, set(), None),
    # personnel.sav: names (A20 strings), sex (labelled 0 Male, 1 Female), dob ("Date of birth", SDATE10),
    # occupation (A20 text, a category), salary ("Annual salary before tax", DOLLAR12).
    "personnel": ({"sex": "single", "occupation": "single", "salary": "numeric"},
                  {"firstname", "lastname", "dob"}, None),
    # physiology.sav: sex (labelled), and height (mm), weight (kg) and temperature (°C) measurements; the
    # weight is a body weight, not a survey weight, so it is a number and never applied.
    "physiology": ({"sex": "single", "height": "numeric", "weight": "numeric", "temperature": "numeric"},
                   set(), False),
    # repairs.sav: mtbf (months), mttr (hours) and duty_cycle (a ratio) are measurements; factory
    # ("Manufacturing facility", two facilities coded 0/1) and environment (labelled Temperate/Tropical)
    # are categories.
    "repairs": ({"mtbf": "numeric", "mttr": "numeric", "duty_cycle": "numeric", "factory": "single",
                 "environment": "single"}, set(), None),
}


@needs_pspp
@pytest.mark.parametrize("name", sorted(SAV_FILES))
def test_draft_of_a_pspp_example_reads_its_documented_structure(name, tmp_path, capsys):
    pyreadstat = pytest.importorskip("pyreadstat")
    expected, skipped, weight_applied = SAV_FILES[name]
    sav = PSPP / f"{name}.sav"
    spec, codebook = _draft(sav, tmp_path / name)
    said = capsys.readouterr().out
    inferred = infer(*read_data(sav))
    assert _kinds(inferred) == expected
    assert {s.column for s in inferred.skipped} == skipped
    if weight_applied is not None:
        assert inferred.weight.applied is weight_applied and "weight:" not in spec["data"]
    assert [s["question"] for s in _charts(spec)] == list(expected)
    for column in skipped:
        assert column in said

    result = build(tmp_path / name / "slides.yaml")
    deck = read_deck(result.output)
    assert len(deck) == 3 + len(expected)  # title, method, summary
    frame, meta = pyreadstat.read_sav(str(sav))
    method = deck[1]
    assert any(f"{len(frame)} respondents" in text for text in method.texts)
    for slide, question in zip(deck[3:], expected):
        if expected[question] != "single" or question not in meta.variable_value_labels:
            continue  # the file's own labels: compare its shares with pandas
        chart = slide.charts[0]
        labels = meta.variable_value_labels[question]
        shares = frame[question].map(labels).value_counts(normalize=True)
        shown = dict(zip(chart.categories, chart.series[0].values))
        assert set(shown) == set(shares.index)
        for label, share in shares.items():
            assert shown[label] == pytest.approx(share, abs=0.006)


_STATSMODELS = importlib.util.find_spec("statsmodels")
#: The file as statsmodels ships it (found without importing statsmodels, which pulls in SciPy).
FAIR = Path(_STATSMODELS.submodule_search_locations[0]) / "datasets" / "fair" / "fair.csv" if _STATSMODELS else None

#: statsmodels.datasets.fair (Fair's 1978 Redbook survey of women's marriages), as its NOTE documents it:
#: rate_marriage (1 very poor ... 5 very good), religious (1 not ... 4 strongly), educ (coded levels
#: 9 grade school ... 20 advanced degree), occupation and occupation_husb (coded 1-6) are coded answers;
#: age, yrs_married ("interval approximations"), children ("No. children") and affairs (time spent) are
#: numbers.
FAIR_TYPES = {"rate_marriage": "single", "age": "numeric", "yrs_married": "numeric", "children": "numeric",
              "religious": "single", "educ": "single", "occupation": "single", "occupation_husb": "single",
              "affairs": "numeric"}


@pytest.mark.skipif(FAIR is None, reason="statsmodels is not installed (it is in the test extra)")
def test_draft_of_statsmodels_fair_csv_reads_its_documented_structure(tmp_path):
    spec, codebook = _draft(FAIR, tmp_path / "fair", "--by", "religious")
    assert {k: q["type"] for k, q in codebook["questions"].items()} == FAIR_TYPES
    frame = pd.read_csv(FAIR)
    assert list(codebook["questions"]["educ"]["labels"]) == sorted(frame["educ"].unique().astype(int).tolist())
    result = build(tmp_path / "fair" / "slides.yaml")
    deck = read_deck(result.output)
    assert len(deck) == 3 + len(FAIR_TYPES)  # title, method, summary
    by_question = dict(zip([s["question"] for s in _charts(spec)], deck[3:]))
    kpi = by_question["age"]  # the mean age per religious group, by hand
    means = frame.groupby("religious")["age"].mean()
    texts = " ".join(kpi.texts)
    for mean in means:
        assert f"{mean:.1f}" in texts


def test_free_text_becomes_a_text_question_on_a_quotes_slide_after_the_summary():
    from deckgen.draft import writer

    columns = {"comment": _text([f"Room {i} was clean, and the breakfast was fine overall" for i in range(N)]),
               "sex": _numbers([1, 2] * (N // 2))}
    inferred = infer(columns)
    assert _kinds(inferred) == {"comment": "text", "sex": "single"}
    by_key = {q.key: q for q in inferred.questions}
    charts = [(by_key["sex"], "bar", None), (by_key["comment"], "quotes", "sex")]
    slides = yaml.safe_load(writer.spec_text(inferred, title="t", responses="d.csv", source="d.csv",
                                             charts=charts, by="sex"))["slides"]
    assert [s["kind"] for s in slides] == ["title", "bullets", "summary", "chart", "quotes"]
    assert slides[-1] == {"kind": "quotes", "id": "comment", "question": "comment", "attribution": ["sex"]}
