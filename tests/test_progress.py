"""Progress per stage: a long build says where its time goes (reading with rows per second, coding,
tabulating, composing, rendering, writing); a short one prints only its summary, as before."""

from __future__ import annotations

import re
from pathlib import Path
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from pptx import Presentation

from conftest import copy_project
from deckgen.build import build
from deckgen.cli import main as cli

ROWS = 200_000
ORDER = ["reading", "coding", "tabulating", "composing", "rendering", "writing"]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The example project with its respondents resampled (with replacement, seeded) to 200,000 rows."""
    spec = copy_project(tmp_path_factory.mktemp("large"))
    csv = spec.parent / "data" / "responses.csv"
    frame = pd.read_csv(csv)
    frame.sample(n=ROWS, replace=True, random_state=7).to_csv(csv, index=False)
    return spec


def test_stages_come_in_order_with_their_counts(large, tmp_path, monkeypatch):
    pacsv = pytest.importorskip("pyarrow.csv")
    parses = []
    read_csv = pacsv.read_csv
    monkeypatch.setattr(pacsv, "read_csv", lambda *args, **kwargs: parses.append(args) or read_csv(*args, **kwargs))
    stages = []
    result = build(large, tmp_path / "deck.pptx", on_stage=stages.append)
    # the file is parsed once, the quotes slide's respondent ids (shown in its notes) with the rest (besides
    # its first megabyte, sampled for the columns' widths)
    assert len([args for args in parses if isinstance(args[0], (str, Path))]) == 1

    assert [s.name for s in stages] == ORDER
    named = {s.name: s for s in stages}
    reading = named["reading"]
    assert (reading.count, reading.unit, reading.subject) == (len(pd.read_csv(large.parent / "data" / "responses.csv")),
                                                              "rows", "responses.csv")
    assert reading.count == ROWS
    spec = yaml.safe_load(large.read_text(encoding="utf-8"))
    questions = yaml.safe_load((large.parent / "data" / "questions.yaml").read_text(encoding="utf-8"))["questions"]
    charts = [s for s in spec["slides"] if s["kind"] == "chart"]
    assert 1 <= named["coding"].count <= len(questions)
    assert named["tabulating"].count >= len({s["question"] for s in charts})  # a chart asks at least its own
    assert named["composing"].count == len(spec["slides"])
    assert named["rendering"].count == len(Presentation(str(tmp_path / "deck.pptx")).slides)
    assert named["writing"].subject == "deck.pptx"
    assert all(s.seconds >= 0 for s in stages)
    assert sum(s.seconds for s in stages) <= result.seconds  # parts of the build, none counted twice
    assert reading.seconds > 0


def test_validate_reports_no_writing(project):
    stages = []
    build(project, write=False, on_stage=stages.append)
    assert [s.name for s in stages] == ORDER[:-1]


def _seconds(text: str) -> tuple[float, float]:
    """The range of seconds a printed time stands for (``1.4 s``: 1.35 to 1.45)."""
    value = float(text)
    half = 0.5 * 10 ** -len(text.partition(".")[2])
    return max(value - half, 1e-9), value + half


def test_a_long_build_prints_each_stage(large, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "STAGES_AFTER", 0.0)  # this build is long, whatever the machine's speed
    assert cli.main(["build", str(large), "-o", str(tmp_path / "deck.pptx")]) == 0
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert [line.split(" ")[0].rstrip(":") for line in lines] == ORDER, err

    reading = re.fullmatch(r"reading responses\.csv: ([\d,]+) rows, ([\d.]+) s \(([\d,]+) rows/s\)", lines[0])
    assert reading, lines[0]
    assert int(reading[1].replace(",", "")) == ROWS
    low, high = _seconds(reading[2])
    rate = int(reading[3].replace(",", ""))
    assert ROWS / high * 0.995 <= rate <= ROWS / low * 1.005  # the rate is the rows over the time, to 3 digits
    slides = len(Presentation(str(tmp_path / "deck.pptx")).slides)
    assert re.fullmatch(r"coding: \d+ questions, [\d.]+ s", lines[1]), lines[1]
    assert re.fullmatch(r"tabulating: \d+ tables, [\d.]+ s", lines[2]), lines[2]
    assert re.fullmatch(rf"rendering: {slides} slides, [\d.]+ s", lines[4]), lines[4]
    assert re.fullmatch(r"writing deck\.pptx: [\d.]+ s", lines[5]), lines[5]
    assert out.startswith(f"wrote {tmp_path / 'deck.pptx'} ({slides} slides")


def test_quiet_prints_no_stage(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "STAGES_AFTER", 0.0)
    assert cli.main(["build", str(project), "-o", str(tmp_path / "deck.pptx"), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_a_short_build_prints_nothing_new(project):
    done = subprocess.run([sys.executable, "-m", "deckgen", "build"], cwd=project.parent, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if not line.startswith("warning:")] == []
    assert len(done.stdout.splitlines()) == 1 and done.stdout.startswith("wrote ")
