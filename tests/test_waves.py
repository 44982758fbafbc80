"""Trackers (issue 12): waves read from a file per wave or a wave column, trends, tests against the
previous wave, the codebook's drift, and decks without waves left as they were.

Every expected number is computed here from the wave files with pandas and numpy: weighted shares,
Kish's effective bases and the pooled two-proportion z test written out by hand.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from deckread import read_deck

TRACKER = Path(__file__).resolve().parent / "fixtures" / "tracker"
WAVES = ("2023", "2024", "2025")
Z95 = 1.959963984540054  # the two-sided 95 % critical value of the standard normal
UP, DOWN = "\u25b2", "\u25bc"


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """The tracker built from a file per wave and from one file with a wave column."""
    from deckgen.build import build

    out = tmp_path_factory.mktemp("tracker")
    files = build(TRACKER / "slides.yaml", out / "files.pptx")
    column = build(TRACKER / "slides-column.yaml", out / "column.pptx")
    return {"files": (read_deck(out / "files.pptx"), files), "column": (read_deck(out / "column.pptx"), column)}


def waves() -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(TRACKER / f"w{name}.csv") for name in WAVES}


def share(frame: pd.DataFrame, hit: pd.Series) -> tuple[float, float]:
    """(weighted share, Kish effective base) of *hit* among everyone in *frame*."""
    w = frame["w"].to_numpy(float)
    return float((w * hit.to_numpy()).sum() / w.sum()), float(w.sum() ** 2 / (w * w).sum())


def z(p1: float, n1: float, p2: float, n2: float) -> float:
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    return (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def expected_marks(shares: list[tuple[float, float]], versus: int | None = None) -> list[str]:
    """The arrow each wave should carry: against the previous wave (or wave *versus*), at 95 %."""
    marks = []
    for j, (p, n) in enumerate(shares):
        b = (j - 1) if versus is None else versus
        if j == b or b < 0:
            marks.append("")
            continue
        score = z(p, n, *shares[b])
        marks.append(UP if score > Z95 else DOWN if score < -Z95 else "")
    return marks


def trend(deck_slide):
    chart = deck_slide.charts[0]
    return chart, {s.name: s for s in chart.series}


def test_trend_values_bases_and_arrows_match_pandas(decks):
    deck, _ = decks["files"]
    data = waves()
    # slide 2: satisfied, no NET, so its leading answer in the current wave (Ja)
    chart, series = trend(deck[1])
    assert chart.kind == "lineChart" and chart.categories == list(WAVES)
    shares = [share(data[w], data[w]["satisfied"] == 1) for w in WAVES]
    assert list(series) == ["Ja"]
    assert series["Ja"].values == pytest.approx([p for p, _ in shares], abs=1e-9)
    marks = expected_marks(shares)
    assert marks == ["", "", UP]  # as planted: 60 -> 62 (no), 62 -> 70 (yes)
    assert [series["Ja"].point_marks.get(i, "") for i in range(3)] == marks
    # the footnote: every wave's own unweighted base, and what the arrows mean
    foot = " ".join(deck[1].texts)
    for w in WAVES:
        assert f"{w} n={len(data[w])}" in foot
    assert "▲/▼ = signifikant högre/lägre än föregående våg (95\u00a0%)" in foot
    # slide 3: trust, its first NET (top2: 4-5), planted down in 2024 only
    chart, series = trend(deck[2])
    shares = [share(data[w], data[w]["trust"] >= 4) for w in WAVES]
    assert list(series) == ["Stort förtroende"]
    assert series["Stort förtroende"].values == pytest.approx([p for p, _ in shares], abs=1e-9)
    assert [series["Stort förtroende"].point_marks.get(i, "") for i in range(3)] == expected_marks(shares) \
        == ["", DOWN, ""]


def test_trend_as_columns_of_chosen_answers(decks):
    deck, _ = decks["files"]
    data = waves()
    chart, series = trend(deck[3])
    assert chart.kind == "barChart" and chart.bar_dir == "col"
    assert chart.categories == ["Webb", "Telefon"] and list(series) == list(WAVES)
    for column, answer in (("ch_web", 0), ("ch_phone", 1)):
        shares = [share(data[w], data[w][column] == 1) for w in WAVES]
        assert [series[w].values[answer] for w in WAVES] == pytest.approx([p for p, _ in shares], abs=1e-9)
        assert [series[w].point_marks.get(answer, "") for w in WAVES] == expected_marks(shares)
    assert series["2025"].point_marks.get(0) == UP and not series["2025"].point_marks.get(1)


def test_mean_trend_and_welch_against_previous_wave(decks):
    deck, _ = decks["files"]
    data = waves()
    chart, series = trend(deck[4])
    (line,) = series.values()
    means, tests = [], []
    for w in WAVES:
        x, wt = data[w]["age"].to_numpy(float), data[w]["w"].to_numpy(float)
        mean = float((wt * x).sum() / wt.sum())
        sd = math.sqrt(float((wt * (x - mean) ** 2).sum()) / (wt.sum() - (wt * wt).sum() / wt.sum()))
        means.append(mean)
        tests.append((mean, sd, wt.sum() ** 2 / (wt * wt).sum()))
    assert line.values == pytest.approx(means, abs=1e-9)
    t = [(m1 - m0) / math.sqrt(s1 ** 2 / n1 + s0 ** 2 / n0) for (m0, s0, n0), (m1, s1, n1) in zip(tests, tests[1:])]
    assert abs(t[0]) < 1.9 and t[1] > 2.1  # planted: no change, then a rise (far from the threshold either way)
    assert [line.point_marks.get(i, "") for i in range(3)] == ["", "", UP]


def test_versus_a_named_wave(decks):
    deck, _ = decks["files"]
    data = waves()
    _, series = trend(deck[6])
    shares = [share(data[w], data[w]["satisfied"] == 1) for w in WAVES]
    assert [series["Ja"].point_marks.get(i, "") for i in range(3)] == expected_marks(shares, versus=0)
    assert "än 2023 (95\u00a0%)" in " ".join(deck[6].texts)
    assert deck[6].title.endswith("sedan 2023")


def test_current_beside_previous_wave(decks):
    deck, _ = decks["files"]
    data = waves()
    chart = deck[5].charts[0]
    series = {s.name: s for s in chart.series}
    assert list(series) == ["2024", "2025"] and chart.categories == ["Ja", "Nej", "Vet ej"]
    for code, k in ((1, 0), (2, 1), (9, 2)):
        shares = [share(data[w], data[w]["satisfied"] == code) for w in ("2024", "2025")]
        assert [series[w].values[k] for w in ("2024", "2025")] == pytest.approx([p for p, _ in shares], abs=1e-9)
        assert series["2025"].point_marks.get(k, "") == expected_marks(shares)[1]
    # the headline template's change(): the current wave's shown share minus the previous one's, in points
    before, now = (round(100 * share(data[w], data[w]["satisfied"] == 1)[0]) for w in ("2024", "2025"))
    assert deck[5].title == f"Nöjda i år mot i fjol: +{now - before}\u00a0procentenheter"


def test_default_slides_report_the_current_wave_only(decks):
    deck, _ = decks["files"]
    data = waves()["2025"]
    chart = deck[7].charts[0]
    (series,) = chart.series
    assert series.values[chart.categories.index("Ja")] == pytest.approx(share(data, data["satisfied"] == 1)[0])
    assert "n=420" in " ".join(deck[7].texts)


def test_auto_headline_reports_the_significant_change(decks):
    deck, _ = decks["files"]
    data = waves()
    before, now = (100 * share(data[w], data[w]["satisfied"] == 1)[0] for w in ("2024", "2025"))
    assert deck[1].title == f"Nöjd: andelen som svarar Ja har ökat från {round(before)}\u00a0% till " \
                            f"{round(now)}\u00a0% sedan 2024"
    assert deck[2].title == "Hur stort förtroende har du för myndigheten?"  # 2025 vs 2024: no change found


def test_codebook_drift_warnings(decks):
    _, result = decks["files"]
    drift = [w for w in result.warnings if w.startswith("trust: code 2")]
    assert drift and "'Litet' in wave 2023" in drift[0] and "'Ganska litet' in wave 2025" in drift[0]
    missing = [w for w in result.warnings if w.startswith("trust: code 1")]
    assert missing and "waves 2023 and 2025" in missing[0] and "no one in wave 2024" in missing[0]


def test_a_file_per_wave_and_a_wave_column_give_the_same_deck(decks):
    files, _ = decks["files"]
    column, result = decks["column"]
    assert [s.title for s in files] == [s.title for s in column]
    for a, b in zip(files, column):
        assert [(c.categories, [(s.name, s.values, s.point_marks) for s in c.series]) for c in a.charts] == \
               [(c.categories, [(s.name, s.values, s.point_marks) for s in c.series]) for c in b.charts]
        assert a.texts == b.texts
    assert not any(w.startswith("trust: code 2") for w in result.warnings)  # one codebook: nothing to compare


def _write(folder: Path, spec: dict) -> Path:
    for name in ("w2023.csv", "w2024.csv", "w2025.csv", "all.csv", "questions.yaml"):
        shutil.copy(TRACKER / name, folder / name)
    spec["deck"]["template"] = str(Path(__file__).resolve().parents[1] / "templates" / "brand.pptx")
    path = folder / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    ({"data": {"responses": "w2025.csv", "questions": "questions.yaml"}},
     "this slide compares waves, and the data has one"),
    ({"slides": [{"kind": "chart", "question": "satisfied", "chart": "trend", "answers": ["Kanske"]}]},
     "'Kanske' is not an answer or NET of 'satisfied'"),
    ({"slides": [{"kind": "chart", "question": "satisfied", "chart": "trend", "versus": "2022"}]},
     "'2022' is not a wave"),
    ({"slides": [{"kind": "chart", "question": "satisfied", "chart": "pie", "waves": "previous"}]},
     "'waves: previous' draws the two waves as series"),
    ({"slides": [{"kind": "chart", "question": "satisfied", "chart": "bar", "form": "columns"}]},
     "'form' belongs to a trend"),
    ({"data": {"wave": "wave", "waves": [{"name": "a", "responses": "w2023.csv"},
                                                                 {"name": "b", "responses": "w2024.csv"}],
               "questions": "questions.yaml"}}, "with 'waves' each file is a wave already"),
])
def test_bad_wave_keys_are_located_errors(tmp_path, change, message):
    from deckgen.build import build
    from deckgen.errors import InputError

    spec = yaml.safe_load((TRACKER / "slides-column.yaml").read_text(encoding="utf-8"))
    spec.update({k: v for k, v in change.items()})
    path = _write(tmp_path, spec)
    with pytest.raises(InputError) as err:
        build(path, tmp_path / "out.pptx")
    assert message in str(err.value) and "slides.yaml" in str(err.value)


def test_a_deck_without_waves_asks_no_wave_tables(tmp_path):
    """Without waves, every query is the current wave's (waves=()) and the survey has no WaveSet: the
    tracker code is not on the path of an ordinary deck."""
    from deckgen.data import open_project, open_survey

    project = open_project(Path(__file__).resolve().parents[1] / "slides.yaml")
    assert open_survey(project).waves is None
    assert not project.spec.data.tracker


def test_current_wave_slides_are_byte_identical_to_the_current_file_alone(tmp_path):
    """Slides that do not ask for waves report the current wave: the tracker's deck of them is the very deck
    built from the current wave's file alone (so adding earlier waves changes no existing slide)."""
    from deckgen.build import build

    spec = yaml.safe_load((TRACKER / "slides.yaml").read_text(encoding="utf-8"))
    spec["slides"] = [s for s in spec["slides"] if s.get("chart") != "trend" and "waves" not in s]
    spec["data"]["waves"][0].pop("questions")
    tracker = _write(tmp_path, spec)
    single = dict(spec, data={"responses": "w2025.csv", "questions": "questions.yaml", "weight": "w"})
    (tmp_path / "single.yaml").write_text(yaml.safe_dump(single, allow_unicode=True), encoding="utf-8")
    build(tracker, tmp_path / "tracker.pptx")
    build(tmp_path / "single.yaml", tmp_path / "single.pptx")
    assert (tmp_path / "tracker.pptx").read_bytes() == (tmp_path / "single.pptx").read_bytes()


def test_current_beside_previous_wave_as_stacked_bars_and_big_numbers(tmp_path):
    """'waves: previous' on a stacked chart (one bar per wave, no 'by' needed) and on KPIs (one mean per
    wave), against pandas; and no headline claims a change of an answer nobody gave in one of the waves
    (the planted code 1 of 'trust', missing in 2024: it may not have been offered there)."""
    from deckgen.build import build

    for name in ("w2023.csv", "w2024.csv", "w2025.csv", "questions.yaml", "questions-2023.yaml"):
        shutil.copy(TRACKER / name, tmp_path / name)
    spec = yaml.safe_load((TRACKER / "slides.yaml").read_text(encoding="utf-8"))
    spec["deck"]["template"] = str(Path(__file__).resolve().parents[1] / "templates" / "brand.pptx")
    spec["slides"] = [{"kind": "chart", "question": "trust", "chart": "stacked", "waves": "previous"},
                      {"kind": "chart", "question": "age", "chart": "kpi", "waves": "previous"}]
    (tmp_path / "slides.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    deck = read_deck(build(tmp_path / "slides.yaml", tmp_path / "out.pptx").output)
    data = waves()
    labels = {1: "Mycket litet", 2: "Ganska litet", 3: "Varken eller", 4: "Ganska stort", 5: "Mycket stort"}
    chart = deck[0].charts[0]
    series = {s.name: s for s in chart.series}
    assert chart.categories == ["2024", "2025"]
    for code, label in labels.items():
        expected = [share(data[w], data[w]["trust"] == code)[0] for w in ("2024", "2025")]
        assert series[label].values == pytest.approx(expected, abs=1e-9)
    assert (data["2024"]["trust"] == 1).sum() == 0 and (data["2025"]["trust"] == 1).sum() > 0
    assert "Mycket litet" not in deck[0].title
    texts = " ".join(deck[1].texts)
    for w in ("2024", "2025"):
        frame = data[w]
        mean = (frame["age"] * frame["w"]).sum() / frame["w"].sum()
        assert f"{mean:.1f}".replace(".", ",") in texts and w in texts
