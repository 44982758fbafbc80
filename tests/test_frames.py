"""Consistent frames and no number lost: one plot rectangle per deck, 0-100% axes, labels wrapped before
they are shortened, short labels from the codebook, and a change of form where labels would not fit.

Projects here are written by the test: a small synthetic survey on the example's brand template, with
labels as long or as many as each rule needs. Expected values come from the test's own data (the labels
it wrote, its answers counted with pandas), never from deckgen's code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from lxml import etree
from pptx import Presentation

from deckread import read_deck, workbook_values
from deckgen.build import build

ROOT = Path(__file__).resolve().parents[1]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SEGMENTS = {1: "North", 2: "South", 3: "East", 4: "West", 5: "Islands"}
#: 120 characters of words: fits three lines of the 16:9 template's label column at 10 pt.
LONG = ("The information I was given was clear, complete and easy to act on without calling back or "
        "writing to the offices again.")


def write_project(folder: Path, answers: dict, slides: list[dict], deck: dict | None = None, n: int = 400,
                  seed: int = 3) -> Path:
    """A project in *folder*: question ``q`` with *answers* (code -> label, or {text, short}), a breakdown
    ``seg`` of five segments, *n* respondents; returns the spec's path."""
    rng = np.random.default_rng(seed)
    codes = list(answers)
    weights = np.arange(len(codes), 0, -1, dtype=float)
    frame = pd.DataFrame({"id": np.arange(1, n + 1),
                          "q": rng.choice(codes, n, p=weights / weights.sum()),
                          "seg": rng.choice(list(SEGMENTS), n, p=[0.3, 0.25, 0.2, 0.15, 0.1])})
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "responses.csv", index=False)
    (folder / "templates").mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "templates" / "brand.pptx", folder / "templates" / "brand.pptx")
    book = {"questions": {"q": {"type": "single", "text": "Which answer?", "labels": answers},
                          "seg": {"type": "single", "text": "Region", "labels": SEGMENTS}}}
    (folder / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8")
    spec = {"deck": {"title": "Frames", "locale": "en", "low_base": 10, **(deck or {})},
            "data": {"responses": "responses.csv", "questions": "questions.yaml"},
            "slides": [{"kind": "chart", **s} for s in slides]}
    path = folder / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def chart_roots(deck: Path) -> list:
    """Each slide's chart XML (None on a slide without a chart), parsed from the part as PowerPoint reads it."""
    roots = []
    for slide in Presentation(str(deck)).slides:
        charts = [sh.chart.part.blob for sh in slide.shapes if sh.has_chart]
        roots.append(etree.fromstring(charts[0]) if charts else None)
    return roots


def plot_layout(root) -> dict:
    manual = root.find(f"{C}chart/{C}plotArea/{C}layout/{C}manualLayout")
    assert manual is not None, "the plot area has no manual layout"
    return {etree.QName(el).localname: el.get("val") for el in manual}


def axis_max(root) -> float | None:
    found = root.find(f".//{C}valAx/{C}scaling/{C}max")
    return None if found is None else float(found.get("val"))


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- a fixed frame --------------------------------------------------------------------------------


def test_bars_with_short_and_very_long_labels_share_one_plot_rectangle(tmp_path):
    short = {1: "Yes", 2: "No", 3: "Maybe"}
    long = {1: LONG, 2: "No, not at all, and I would not want to be asked about it again in any later survey",
            3: "Maybe"}
    decks = []
    for name, answers in (("short", short), ("long", long)):
        spec = write_project(tmp_path / name, answers, [{"question": "q", "chart": "bar"}])
        decks.append(build(spec, tmp_path / f"{name}.pptx").output)
    layouts = [plot_layout(chart_roots(deck)[0]) for deck in decks]
    assert max(map(len, long.values())) - max(map(len, short.values())) > 100  # very different labels
    assert layouts[0]["layoutTarget"] == "inner"  # the plot itself, the labels outside it
    assert layouts[0] == layouts[1]
    x, w = float(layouts[0]["x"]), float(layouts[0]["w"])
    assert 0.2 < x < 0.45 and x + w < 1  # a label column on the left, room for values on the right


def test_every_bar_chart_of_a_deck_has_the_same_frame_with_or_without_a_legend(tmp_path):
    spec = write_project(tmp_path / "p", {1: "Yes", 2: "No"}, [
        {"question": "q", "chart": "bar"}, {"question": "q", "chart": "bar", "by": "seg"},
        {"question": "q", "chart": "stacked", "by": "seg"}])
    roots = chart_roots(build(spec, tmp_path / "d.pptx").output)
    layouts = [plot_layout(root) for root in roots]
    assert layouts[0] == layouts[1] == layouts[2]


# -- value axes -----------------------------------------------------------------------------------


def test_share_axes_run_to_100_percent_unless_the_deck_or_slide_says_otherwise(tmp_path):
    answers = {1: "Yes", 2: "No", 3: "Maybe"}
    slides = [{"question": "q", "chart": "bar"}, {"question": "q", "chart": "column"},
              {"question": "q", "chart": "bar", "axis": {"max": 60}}, {"question": "q", "chart": "bar", "axis": "fit"}]
    spec = write_project(tmp_path / "p", answers, slides)
    roots = chart_roots(build(spec, tmp_path / "d.pptx").output)
    shares = pd.read_csv(tmp_path / "p" / "responses.csv")["q"].value_counts(normalize=True)
    assert shares.max() < 0.6  # the data leave room under 60%
    assert [axis_max(r) for r in roots[:3]] == [1.0, 1.0, 0.6]
    assert shares.max() <= axis_max(roots[3]) < 1.0  # fitted: beyond the largest bar, short of 100%

    deck_wide = write_project(tmp_path / "q", answers, slides[:3], deck={"axis": {"max": 80}})
    roots = chart_roots(build(deck_wide, tmp_path / "e.pptx").output)
    assert [axis_max(r) for r in roots] == [0.8, 0.8, 0.6]  # the slide wins over the deck


# -- labels ---------------------------------------------------------------------------------------


def test_a_120_character_label_is_kept_whole_wrapped_on_the_chart_and_in_its_workbook(tmp_path):
    assert len(LONG) == 120
    spec = write_project(tmp_path / "p", {1: LONG, 2: "No", 3: "Maybe"}, [{"question": "q", "chart": "bar"}])
    result = build(spec, tmp_path / "d.pptx")
    chart = read_deck(result.output)[0].charts[0]
    shown = next(c for c in chart.categories if c.startswith("The information"))
    assert "\n" in shown and "…" not in shown  # wrapped, not cut
    assert len(shown.splitlines()) <= 3 and one_line(shown) == LONG
    cells = [one_line(str(row[0])) for row in workbook_values(chart.workbook) if row and row[0]]
    assert LONG in cells
    assert not [w for w in result.warnings if "shortened" in w]


def test_a_short_label_is_shown_on_the_chart_and_the_full_one_in_notes_and_alt_text(tmp_path):
    answers = {1: {"text": LONG, "short": "Clear information"}, 2: "No", 3: "Maybe"}
    spec = write_project(tmp_path / "p", answers, [{"question": "q", "chart": "bar"}])
    out = build(spec, tmp_path / "d.pptx", excel=True).output
    slide = read_deck(out)[0]
    assert "Clear information" in slide.charts[0].categories
    assert not any(c.startswith("The information") for c in slide.charts[0].categories)
    assert LONG in slide.notes
    frame = next(sh for sh in Presentation(str(out)).slides[0].shapes if sh.has_chart)
    assert LONG in frame._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
    sheet = pd.read_excel(out.with_suffix(".xlsx"), sheet_name=0, header=None)
    assert LONG in set(sheet[0].astype(str))


def test_a_label_too_long_for_three_lines_is_shortened_at_a_word_with_a_warning_naming_short(tmp_path):
    endless = " ".join(["averylongword"] * 40)
    spec = write_project(tmp_path / "p", {1: endless, 2: "No"}, [{"question": "q", "chart": "bar", "id": "long"}])
    result = build(spec, tmp_path / "d.pptx")
    shown = next(c for c in read_deck(result.output)[0].charts[0].categories if c.startswith("averylongword"))
    assert shown.endswith("…") and len(shown.splitlines()) <= 3
    assert set(one_line(shown).rstrip("…").split()) == {"averylongword"}  # cut between words
    assert [w for w in result.warnings if w.startswith("long:") and "short" in w]


# -- no number lost -------------------------------------------------------------------------------


def test_a_column_chart_whose_labels_cannot_sit_across_is_drawn_as_bars_with_a_warning(tmp_path):
    answers = {i: f"Option {i}: a long description of what the answer means to the one who gave it"
               for i in range(1, 9)}
    spec = write_project(tmp_path / "p", answers, [{"question": "q", "chart": "column", "id": "cols"}])
    result = build(spec, tmp_path / "d.pptx")
    chart = read_deck(result.output)[0].charts[0]
    assert chart.bar_dir == "bar"  # horizontal bars, not columns
    assert [w for w in result.warnings if w.startswith("cols:") and "horizontal bars" in w]
    root = chart_roots(result.output)[0]
    assert any(el.get("val") == "1" for el in root.iter(f"{C}showVal"))  # one series: every bar labelled


def test_a_column_chart_with_short_labels_stays_columns_without_a_warning(tmp_path):
    spec = write_project(tmp_path / "p", {1: "Yes", 2: "No", 3: "Maybe"}, [{"question": "q", "chart": "column"}])
    result = build(spec, tmp_path / "d.pptx")
    assert read_deck(result.output)[0].charts[0].bar_dir == "col"
    assert not [w for w in result.warnings if "drawn as" in w]


def test_bars_too_thin_for_their_values_are_drawn_as_a_table_with_every_number(tmp_path):
    answers = {i: f"Answer {i}" for i in range(1, 13)}
    spec = write_project(tmp_path / "p", answers, [{"question": "q", "chart": "bar", "by": "seg", "id": "crowded",
                                                     "test": False}], n=2000)
    result = build(spec, tmp_path / "d.pptx")
    slide = read_deck(result.output)[0]
    assert slide.charts == [] and len(slide.tables) == 1
    assert [w for w in result.warnings if w.startswith("crowded:") and "table" in w and "top:" in w]
    data = pd.read_csv(tmp_path / "p" / "responses.csv")
    shares = pd.crosstab(data["q"], data["seg"], normalize="columns")
    body = {row[0]: row[1:6] for row in slide.tables[0][1:]}
    for code, label in answers.items():  # 12 answers x 5 segments: every one shown
        expected = [f"{int(np.floor(100 * shares.loc[code, seg] + 0.5))}%" for seg in SEGMENTS]  # half up
        assert body[label] == expected


def test_a_stack_label_is_hidden_only_where_even_9_pt_does_not_fit(tmp_path):
    answers = {1: "Most", 2: "Some", 3: "Few"}
    spec = write_project(tmp_path / "p", answers, [{"question": "q", "chart": "stacked", "by": "seg", "test": False}])
    root = chart_roots(build(spec, tmp_path / "d.pptx").output)[0]
    labels = [el for el in root.iter(f"{C}dLbls", f"{C}dLbl")]
    sizes = {int(r.get("sz")) for el in labels
             for r in el.findall("{*}txPr//{http://schemas.openxmlformats.org/drawingml/2006/main}defRPr")}
    assert sizes and min(sizes) >= 900
    data = pd.read_csv(tmp_path / "p" / "responses.csv")
    shares = pd.crosstab(data["q"], data["seg"], normalize="columns")
    for ser, code in zip(root.iter(f"{C}ser"), answers):
        hidden = {int(d.find(f"{C}idx").get("val")) for d in ser.iter(f"{C}dLbl") if d.find(f"{C}delete") is not None}
        for j, seg in enumerate(SEGMENTS):
            if shares.loc[code, seg] >= 0.10:  # a tenth of a bar holds "12%" at 10 pt on any chart this wide
                assert j not in hidden


# -- bad axis settings ------------------------------------------------------------------------------


def run_cli(spec: Path) -> subprocess.CompletedProcess:
    import os

    import deckgen

    env = {**os.environ, "PYTHONPATH": str(Path(deckgen.__file__).parents[1]), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "deckgen", "build", spec.name], cwd=spec.parent, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def line_of(path: Path, marker: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert text.count(marker) == 1, marker
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize("deck, slide, marker, key, hints", [
    (None, {"axis": {"max": 0}}, "max: 0", "slides.0.axis.max", ("above 0",)),
    ({"axis": {"max": -5}}, {}, "max: -5", "deck.axis.max", ("above 0",)),
    (None, {"axis": "fitt"}, "axis: fitt", "slides.0.axis", ("did you mean 'fit'",)),
    (None, {"axis": {"max": 5}}, "max: 5", "slides.0.axis.max", ("share-slide", "'Yes'", "cut")),
    ({"axis": {"max": 5}}, {}, "max: 5", "deck.axis.max", ("share-slide", "'Yes'", "cut")),
    (None, {"axis": {"max": 150}}, "max: 150", "slides.0.axis.max", ("100",)),
    (None, {"axis": {"max": 60}, "chart": "table"}, "axis:", "slides.0.axis", ("'table'", "none")),
])
def test_a_bad_axis_is_one_located_error_with_exit_code_2(tmp_path, deck, slide, marker, key, hints):
    spec = write_project(tmp_path / "p", {1: "Yes", 2: "No"},
                         [{"question": "q", "chart": "bar", "id": "share-slide", **slide}], deck=deck)
    result = run_cli(spec)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"error: slides.yaml:{line_of(spec, marker)}:")
    assert f": {key}: " in lines[0]
    for hint in hints:
        assert hint in lines[0], lines[0]


def test_a_stack_label_is_no_taller_than_its_bar_is_thick():
    """Sixteen bars in a 4.9-inch chart are thinner than a 12 pt label: the labels shrink with them."""
    from pptx.util import Emu, Inches

    from deckgen.render.kinds import DRAW
    from deckgen.render.placement import Placement
    from deckgen.stats import Axis, Table

    rng = np.random.default_rng(5)
    counts = rng.integers(5, 50, size=(3, 16)).astype(float)
    table = Table("q", Axis("answer", ("A", "B", "C"), key="q", exclusive=True),
                  Axis("segment", tuple(f"S{j}" for j in range(16)), key="s", bases=[100] * 16), "share", counts,
                  counts / counts.sum(axis=0), np.full(counts.shape, 100.0), 1600)
    prs = Presentation()
    rect = (Inches(0.5), Inches(1.5), Inches(9), Inches(4.9))
    frame = DRAW["stacked"](prs.slides.add_slide(prs.slide_layouts[6]).shapes, table, Placement(rect)).frame
    root = etree.fromstring(frame.chart.part.blob)
    plot_h = float(plot_layout(root)["h"]) * Emu(rect[3]).pt
    gap = int(root.find(f".//{C}gapWidth").get("val")) / 100
    thickness = plot_h / (16 * (1 + gap))  # pt
    size = int(root.find(f".//{C}ser/{C}dLbls/{C}txPr").find(".//{*}defRPr").get("sz")) / 100
    assert thickness < 12 * 1.2  # a fixed 12 pt would not fit
    assert 10 <= size <= thickness
